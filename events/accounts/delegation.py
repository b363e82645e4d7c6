"""The delegation pages of focal points (and of the secretariat, for any organization):
who is in the delegation, their accreditations within the quota, invitations."""

import zoneinfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events import selectors
from events import services as event_services
from events.accounts import services
from events.models import Invitation
from events.validators import validate_language_code
from plenary.errors import ServiceError


class InviteForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    languages = forms.CharField(
        label=gettext_lazy("Languages"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Language codes, preferred first: fr, en"),
    )
    time_zone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        initial="UTC",
        help_text=gettext_lazy("For example Africa/Dakar or America/Bogota"),
    )

    def clean_languages(self) -> list[str]:
        codes = [
            code.strip().lower()
            for code in self.cleaned_data["languages"].replace(";", ",").split(",")
            if code.strip()
        ]
        for code in codes:
            validate_language_code(code)
        return codes

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data["time_zone"].strip()
        if zone not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("%(zone)s is not a time zone.") % {"zone": zone})
        return zone


def _organization(request, organization_id):
    organization = selectors.organizations_managed_by(request.user).filter(pk=organization_id)
    found = organization.first()
    if found is None:
        raise Http404
    return found


def _back(organization, anchor=""):
    return redirect(f"/delegation/{organization.pk}/{anchor}")


def _refused(request, organization, error: ServiceError, anchor=""):
    messages.error(request, error.message)
    return _back(organization, anchor)


@login_required
def delegation_index(request):
    organizations = list(selectors.organizations_managed_by(request.user)[:2])
    if len(organizations) == 1:
        return _back(organizations[0])
    if not organizations:
        raise Http404
    return render(
        request,
        "accounts/delegation_index.html",
        {"organizations": selectors.organizations_managed_by(request.user)},
    )


def _registrable_events(user):
    return [
        event for event in selectors.event_list_upcoming(user=user) if event.status == "published"
    ]


@login_required
def delegation_detail(request, organization_id):
    organization = _organization(request, organization_id)
    delegates = list(selectors.delegation_delegates(organization))
    events = _registrable_events(request.user)
    rows = []
    for delegate in delegates:
        by_event = {a.event_id: a for a in delegate.accreditations.all()}
        rows.append(
            {"delegate": delegate, "cells": [(event, by_event.get(event.pk)) for event in events]}
        )
    quotas = [
        {
            "event": event,
            "used": selectors.delegation_quota_used(organization=organization, event=event),
            "open": event.registration_is_open(),
        }
        for event in events
    ]
    invitations = selectors.invitation_list(user=request.user).filter(
        organization=organization, status=Invitation.Status.PENDING
    )
    return render(
        request,
        "accounts/delegation.html",
        {
            "organization": organization,
            "rows": rows,
            "events": events,
            "quotas": quotas,
            "invitations": invitations,
            "form": InviteForm(),
        },
    )


@login_required
@require_POST
def delegation_invite(request, organization_id):
    organization = _organization(request, organization_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
        return _back(organization, "#invite")
    try:
        invitation = services.invitation_create(
            actor=request.user, organization=organization, **form.cleaned_data
        )
    except ServiceError as error:
        return _refused(request, organization, error, "#invite")
    messages.success(
        request,
        _("Invitation sent to %(email)s.") % {"email": invitation.email},
    )
    return _back(organization, "#invitations")


@login_required
@require_POST
def delegation_invitation_action(request, organization_id, invitation_id, verb):
    organization = _organization(request, organization_id)
    invitation = get_object_or_404(
        selectors.invitation_list(user=request.user), pk=invitation_id, organization=organization
    )
    change = {"resend": services.invitation_resend, "revoke": services.invitation_revoke}.get(verb)
    if change is None:
        raise Http404
    try:
        change(actor=request.user, invitation=invitation)
    except ServiceError as error:
        return _refused(request, organization, error, "#invitations")
    done = {
        "resend": _("A new link was sent to %(email)s; the previous one no longer works."),
        "revoke": _("The invitation of %(email)s is withdrawn."),
    }[verb]
    messages.success(request, done % {"email": invitation.email})
    return _back(organization, "#invitations")


@login_required
@require_POST
def delegation_accredit(request, organization_id):
    organization = _organization(request, organization_id)
    delegate = get_object_or_404(
        selectors.delegation_delegates(organization), pk=request.POST.get("delegate") or 0
    )
    event = get_object_or_404(
        selectors.event_list_visible(user=request.user), pk=request.POST.get("event") or 0
    )
    try:
        accreditation = event_services.accreditation_request(
            actor=request.user, event=event, delegate=delegate
        )
    except ServiceError as error:
        return _refused(request, organization, error, "#delegates")
    messages.success(
        request,
        _("%(name)s is registered for %(event)s (%(status)s).")
        % {
            "name": delegate.display_name,
            "event": event.title,
            "status": accreditation.get_status_display().lower(),
        },
    )
    return _back(organization, "#delegates")


def me_section(request, **_objects) -> str:
    """On /me/: the delegations one registers, and the account's security pages."""
    organizations = (
        selectors.organizations_managed_by(request.user) if request.user.is_authenticated else []
    )
    return render_to_string(
        "accounts/me_section.html", {"delegations": organizations}, request=request
    )
