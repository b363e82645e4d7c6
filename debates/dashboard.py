"""The debates' panel of the back office's dashboard: today's debates and their rooms."""

from django.template.loader import render_to_string

from debates.models import Debate
from debates.selectors import debates_today
from plenary.backoffice import may_view
from plenary.localtime import wall_time_label


def debates_panel(request, **_objects) -> str:
    if not may_view(request, Debate):
        return ""
    rows = [
        {
            "debate": debate,
            "starts": wall_time_label(
                debate.scheduled_start,
                debate.forum.event.time_zone,
                place=debate.forum.event.host_city,
                fmt="TIME_FORMAT",
            ),
        }
        for debate in debates_today()
    ]
    return render_to_string("debates/admin_dashboard.html", {"rows": rows}, request=request)
