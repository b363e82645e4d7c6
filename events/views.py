from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import selectors, services
from events.models import Accreditation
from plenary.errors import ServiceError


def home(request):
    phases = selectors.event_list_by_phase(user=request.user)
    return render(request, "events/home.html", {"phases": phases})


def _refused(request, event, error: ServiceError):
    """Back to the event page with the reason shown beside the registration form."""
    messages.error(request, error.message, extra_tags="inline registration")
    return redirect(f"{event.get_absolute_url()}#registration")


@login_required
@require_POST
def accreditation_request_view(request, event_slug):
    event = get_object_or_404(selectors.event_list_visible(user=request.user), slug=event_slug)
    try:
        accreditation = services.accreditation_request(actor=request.user, event=event)
    except ServiceError as error:
        return _refused(request, event, error)
    if accreditation.status == Accreditation.Status.APPROVED:
        messages.success(
            request, _("You are accredited for this event."), extra_tags="inline registration"
        )
    else:
        messages.success(
            request,
            _("Your request is with the secretariat. You will hear by email."),
            extra_tags="inline registration",
        )
    return redirect(event)


@login_required
@require_POST
def accreditation_cancel_view(request, event_slug):
    event = get_object_or_404(selectors.event_list_visible(user=request.user), slug=event_slug)
    delegate = selectors.delegate_for_user(request.user)
    accreditation = selectors.accreditation_for(delegate=delegate, event=event)
    if accreditation is None:
        return _refused(request, event, ServiceError(_("You are not registered for this event.")))
    try:
        services.accreditation_cancel(actor=request.user, accreditation=accreditation)
    except ServiceError as error:
        return _refused(request, event, error)
    messages.success(
        request,
        _("Your accreditation is cancelled; your seats were released."),
        extra_tags="inline registration",
    )
    return redirect(event)
