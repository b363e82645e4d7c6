from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import selectors, services
from events.forms import ProfileForm
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


@login_required
def profile_view(request):
    """A delegate's own profile: name as badges show it, title, languages, time zone."""
    delegate = selectors.delegate_for_user(request.user)
    if delegate is None:
        # The header links everyone's name here: an account without a delegate profile
        # (the secretariat, door staff) is told where its own settings are.
        return render(request, "events/profile.html", {"delegate": None})
    form = ProfileForm(request.POST or None, delegate=delegate)
    if request.method == "POST":
        if form.is_valid():
            try:
                delegate = services.delegate_update_profile(
                    actor=request.user, delegate=delegate, **form.cleaned_data
                )
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    form.add_error(form.field_of(field), field_errors)
            except ServiceError as error:
                form.add_error(None, error.message)
        else:
            # Say at once what the service would refuse in the fields that did parse.
            parsed = {f: v for f, v in form.cleaned_data.items() if f in services.PROFILE_FIELDS}
            for field, field_errors in services.profile_errors(parsed).items():
                if form.field_of(field) not in form.errors:
                    form.add_error(form.field_of(field), field_errors)
        if form.is_valid():
            with translation.override(delegate.preferred_language):
                messages.success(request, _("Your profile is saved."))
            return _remember_language(redirect("profile"), delegate.preferred_language)
    status = 400 if form.errors else 200
    return render(
        request, "events/profile.html", {"delegate": delegate, "form": form}, status=status
    )


def _remember_language(response, language: str):
    """Choosing a language in the profile is choosing it for this browser too (as the
    language switch does), so that it wins over one chosen before."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
    )
    return response
