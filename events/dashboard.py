"""The events' panel of the back office's dashboard: accreditations waiting for a decision."""

from django.template.loader import render_to_string
from django.urls import reverse

from events.models import Accreditation
from events.selectors import pending_accreditations_by_event
from plenary.backoffice import may_view


def accreditations_panel(request, **_objects) -> str:
    if not may_view(request, Accreditation):
        return ""
    pending = Accreditation.Status.PENDING
    url = f"{reverse('admin:events_accreditation_changelist')}?status__exact={pending}"
    events = pending_accreditations_by_event()
    context = {
        "events": [(event, f"{url}&event__id__exact={event.pk}") for event in events],
        "total": sum(event.pending for event in events),
        "url": url,
    }
    return render_to_string("events/admin_dashboard.html", context, request=request)
