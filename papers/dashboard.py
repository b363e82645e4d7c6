"""The papers' panel of the back office's dashboard: how many papers are in each state."""

from django.template.loader import render_to_string
from django.urls import reverse

from papers.models import PositionPaper
from papers.selectors import paper_counts_by_status
from plenary.backoffice import may_view


def papers_panel(request, **_objects) -> str:
    if not may_view(request, PositionPaper):
        return ""
    url = reverse("admin:papers_positionpaper_changelist")
    rows = [
        (label, count, f"{url}?status__exact={status}")
        for status, label, count in paper_counts_by_status()
    ]
    return render_to_string("papers/admin_dashboard.html", {"rows": rows}, request=request)
