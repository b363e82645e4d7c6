"""The delegation page's forms of the assembly: a member's mandate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assembly import selectors, services
from events.models import Delegate
from events.selectors import organizations_managed_by
from plenary.errors import ServiceError


@login_required
@require_POST
def delegation_mandate(request, organization_id, event_id):
    """Set the mandate from the ordered ``delegate`` fields (blank ones are skipped)."""
    organization = organizations_managed_by(request.user).filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    back = redirect(reverse("delegation", args=[organization.pk]) + "#statutes")
    events = {event.pk: event for event in selectors.statutory_events_upcoming(user=request.user)}
    event = events.get(event_id)
    if event is None:
        raise Http404
    chosen = [value for value in request.POST.getlist("delegate") if value.strip()]
    if not all(value.isdigit() and len(value) < 12 for value in chosen):
        messages.error(request, _("Choose the delegates from the list."))
        return back
    found = Delegate.objects.select_related("user").in_bulk([int(value) for value in chosen])
    if len(found) != len(set(chosen)):
        messages.error(request, _("Choose the delegates from the list."))
        return back
    delegates = [found[int(value)] for value in chosen]
    try:
        services.mandate_set(
            actor=request.user, event=event, organization=organization, delegates=delegates
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return back
    if delegates:
        messages.success(
            request,
            _("%(name)s casts the ballot of %(organization)s at %(event)s.")
            % {
                "name": delegates[0].display_name,
                "organization": organization.name,
                "event": event.title,
            },
        )
    else:
        messages.success(request, _("The mandate is cleared."))
    return back
