"""The forums' panel of the back office's dashboard: seats taken in each forum."""

from django.template.loader import render_to_string
from django.urls import reverse

from forums.models import Seat
from forums.selectors import forum_occupancy
from plenary.backoffice import may_view


def seats_panel(request, **_objects) -> str:
    if not may_view(request, Seat):
        return ""
    url = reverse("admin:forums_seat_changelist")
    rows = [
        {
            "forum": forum,
            "url": f"{url}?forum__id__exact={forum.pk}&status__exact={Seat.Status.CONFIRMED}",
            "waiting_url": f"{url}?forum__id__exact={forum.pk}"
            f"&status__exact={Seat.Status.WAITLISTED}",
            "full": forum.confirmed >= forum.seat_capacity,
        }
        for forum in forum_occupancy()
    ]
    return render_to_string("forums/admin_dashboard.html", {"rows": rows}, request=request)
