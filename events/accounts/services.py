"""Invitations and focal points: every write, one transaction each.

Two state machines, each with one table and one ``<entity>_transition``:

- invitation: pending → accepted (Plenary, once the link or the SSO address checks out),
  pending → revoked (a focal point of the organization, the secretariat). Sending again
  keeps it pending with a new link (the old one stops working) and a new expiry.
- focal point: active ↔ revoked (the secretariat).
"""

import datetime
import re

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from events.models import Delegate, FocalPoint, Invitation, Organization
from events.notifications import notify_address
from events.selectors import delegation_managed_by
from plenary.access import SYSTEM, is_secretariat
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
from plenary.transitions import SYSTEM_ROLE, TransitionTable

InvitationStatus = Invitation.Status
TOKEN_SALT = "plenary.invitation"  # noqa: S105 (a signing salt, not a secret)

INVITATION_TRANSITIONS = TransitionTable(
    {
        (InvitationStatus.PENDING, InvitationStatus.ACCEPTED): {SYSTEM_ROLE},
        (InvitationStatus.PENDING, InvitationStatus.REVOKED): {"focal_point", "secretariat"},
    }
)

FocalPointStatus = FocalPoint.Status

FOCAL_POINT_TRANSITIONS = TransitionTable(
    {
        (FocalPointStatus.ACTIVE, FocalPointStatus.REVOKED): {"secretariat"},
        (FocalPointStatus.REVOKED, FocalPointStatus.ACTIVE): {"secretariat"},
    }
)


class InvitationUnusable(ServiceError):
    """A link that cannot be used (any more): says why, with a code."""

    status_code = 410
    default_code = "invitation_unusable"


# --- Invitations ------------------------------------------------------------------------


def _invitation_roles(invitation: Invitation, actor, managed: set[int] | None = None) -> set[str]:
    if actor is SYSTEM:
        return {SYSTEM_ROLE}
    roles = set()
    if is_secretariat(actor):
        roles.update({"secretariat", "focal_point"})
    elif (
        invitation.organization_id in managed
        if managed is not None
        else delegation_managed_by(actor, invitation.organization)
    ):
        roles.add("focal_point")
    return roles


def invitation_allowed_transitions(
    *, invitation: Invitation, actor, managed: set[int] | None = None
) -> list[str]:
    """The states ``actor`` may move the invitation to; ``managed`` (the ids of
    ``organizations_managed_by(actor)``) spares a query per invitation in lists."""
    return INVITATION_TRANSITIONS.allowed(
        invitation.status, _invitation_roles(invitation, actor, managed)
    )


def invitation_transition(*, invitation: Invitation, to: str, actor) -> Invitation:
    """The one place where an invitation changes state (the caller holds its row lock)."""
    if not INVITATION_TRANSITIONS.exists(invitation.status, to):
        raise Conflict(
            _("This invitation is %(status)s and cannot become %(target)s.")
            % {
                "status": invitation.get_status_display().lower(),
                "target": InvitationStatus(to).label.lower(),
            },
            code="invalid_transition",
        )
    if not INVITATION_TRANSITIONS.permits(
        invitation.status, to, _invitation_roles(invitation, actor)
    ):
        raise NotAllowed(
            _("Only the organization's focal points and the secretariat manage its invitations."),
            code="not_focal_point",
        )
    invitation.status = to
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    return invitation


def _expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)


def invitation_token(invitation: Invitation) -> str:
    """The signed part of the invitation's current link."""
    return signing.dumps([invitation.pk, invitation.nonce], salt=TOKEN_SALT)


def invitation_url(invitation: Invitation) -> str:
    path = reverse("invitation-accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def _send_invitation(invitation: Invitation, *, inviter) -> None:
    notify_address(
        address=invitation.email,
        language=invitation.language,
        template="invitation",
        context={
            "invitation": invitation,
            "organization": invitation.organization,
            "url": invitation_url(invitation),
            "inviter": (inviter.get_full_name() or inviter.get_username())
            if getattr(inviter, "is_authenticated", False)
            else "",
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


def _email_in_use(email: str) -> bool:
    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def invitation_check(*, actor, organization: Organization, email: str) -> None:
    """The refusals of an invitation, before anything is written (the CSV import's
    preview asks the same)."""
    if not delegation_managed_by(actor, organization):
        raise NotAllowed(
            _("You may invite delegates of your own organization only."), code="not_focal_point"
        )
    if _email_in_use(email):
        raise Conflict(
            _("%(email)s already belongs to an account.") % {"email": email}, code="email_in_use"
        )
    if Invitation.objects.filter(email__iexact=email, status=InvitationStatus.PENDING).exists():
        raise Conflict(
            _("%(email)s already has an invitation waiting; send it again instead.")
            % {"email": email},
            code="already_invited",
        )


def _validated(invitation: Invitation) -> None:
    try:
        invitation.full_clean(exclude=["organization", "invited_by", "delegate"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(f"{field}: {messages[0]}", code="invalid") from None


def invitation_create(
    *,
    actor,
    organization: Organization,
    email: str,
    first_name: str,
    last_name: str,
    title: str = "",
    languages: list[str] | None = None,
    time_zone: str = "UTC",
) -> Invitation:
    """Invite someone to be a delegate of ``organization``; the email goes after commit."""
    email = (email or "").strip()
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation_check(actor=actor, organization=organization, email=email)
            invitation = Invitation(
                organization=organization,
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                title=title.strip(),
                languages=list(languages or []),
                time_zone=time_zone or "UTC",
                invited_by=actor if getattr(actor, "is_authenticated", False) else None,
                sent_at=now,
                expires_at=_expiry(now),
            )
            _validated(invitation)
            invitation.save()
            _send_invitation(invitation, inviter=actor)
            return invitation
    except IntegrityError:  # a simultaneous invitation of the same address
        raise Conflict(
            _("%(email)s already has an invitation waiting; send it again instead.")
            % {"email": email},
            code="already_invited",
        ) from None


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation) -> Invitation:
    """Send a new link (also after the old one expired); the previous link stops working."""
    invitation = _locked(invitation)
    if not delegation_managed_by(actor, invitation.organization):
        raise NotAllowed(
            _("Only the organization's focal points and the secretariat manage its invitations."),
            code="not_focal_point",
        )
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(
            _("This invitation is %(status)s; there is nothing to send again.")
            % {"status": invitation.get_status_display().lower()},
            code="invalid_transition",
        )
    now = timezone.now()
    invitation.nonce = Invitation._meta.get_field("nonce").get_default()
    invitation.sent_at = now
    invitation.expires_at = _expiry(now)
    invitation.send_count += 1
    invitation.save(update_fields=["nonce", "sent_at", "expires_at", "send_count"])
    _send_invitation(invitation, inviter=actor)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    return invitation_transition(
        invitation=_locked(invitation), to=InvitationStatus.REVOKED, actor=actor
    )


def _unusable(invitation: Invitation) -> InvitationUnusable | None:
    if invitation.status == InvitationStatus.ACCEPTED:
        return InvitationUnusable(
            _("This invitation has already been used. Sign in with your account instead."),
            code="invitation_used",
        )
    if invitation.status == InvitationStatus.REVOKED:
        return InvitationUnusable(
            _("This invitation was withdrawn. Ask your focal point for a new one."),
            code="invitation_revoked",
        )
    if invitation.is_expired():
        return InvitationUnusable(
            _("This invitation has expired. Ask your focal point to send it again."),
            code="invitation_expired",
        )
    return None


def invitation_from_token(token: str, *, lock: bool = False) -> Invitation:
    """The invitation a link names, if the link is still the one to use; otherwise a
    refusal that says why (tampered, replaced by a newer link, used, withdrawn, expired)."""
    try:
        pk, nonce = signing.loads(token, salt=TOKEN_SALT)
        pk = int(pk)
    except (signing.BadSignature, TypeError, ValueError):
        raise ServiceError(
            _("This invitation link is not valid. Check that you copied all of it."),
            code="invitation_invalid",
        ) from None
    invitations = Invitation.objects.select_related("organization")
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.filter(pk=pk).first()
    if invitation is None:
        raise NotFound(_("This invitation no longer exists."), code="invitation_invalid")
    refusal = _unusable(invitation)
    if refusal is not None:
        raise refusal
    if not constant_time_compare(str(nonce), invitation.nonce):
        raise InvitationUnusable(
            _("A newer invitation was sent to you: use the link in the latest email."),
            code="invitation_replaced",
        )
    return invitation


def _unique_username(invitation: Invitation) -> str:
    users = get_user_model().objects
    local = invitation.email.split("@")[0].lower()
    base = re.sub(r"[^a-z0-9._-]+", "", local)[:30] or "delegate"
    username, n = base, 1
    while users.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


def _accept(invitation: Invitation, *, password: str | None) -> Delegate:
    if _email_in_use(invitation.email):
        raise Conflict(
            _("%(email)s already belongs to an account.") % {"email": invitation.email},
            code="email_in_use",
        )
    user_model = get_user_model()
    user = user_model(
        username=_unique_username(invitation),
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            password_validation.validate_password(password, user=user)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages), code="password_invalid") from None
        user.set_password(password)
    user.save()
    # The invitee opened the link sent to this address (or the provider vouched for it).
    EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    delegate = Delegate(
        user=user,
        organization=invitation.organization,
        title=invitation.title,
        languages=invitation.languages or ["en"],
        time_zone=invitation.time_zone,
    )
    delegate.full_clean()
    delegate.save()
    invitation.delegate = delegate
    invitation.save(update_fields=["delegate"])
    invitation_transition(invitation=invitation, to=InvitationStatus.ACCEPTED, actor=SYSTEM)
    return delegate


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> Delegate:
    """Accept an invitation from its link: the account (with ``password``) and the
    delegate profile are created, and the link is spent."""
    invitation = invitation_from_token(token, lock=True)
    return _accept(invitation, password=password)


@transaction.atomic
def invitation_accept_by_email(*, email: str) -> Delegate | None:
    """Accept the pending invitation of an address that a single sign-on provider has
    verified (the account has no password: it signs in through the provider)."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organization")
        .filter(email__iexact=email, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        return None
    refusal = _unusable(invitation)
    if refusal is not None:
        raise refusal
    return _accept(invitation, password=None)


# --- Focal points ------------------------------------------------------------------------


def _focal_point_roles(focal_point: FocalPoint, actor) -> set[str]:
    return {"secretariat"} if is_secretariat(actor) else set()


def focal_point_allowed_transitions(*, focal_point: FocalPoint, actor) -> list[str]:
    return FOCAL_POINT_TRANSITIONS.allowed(
        focal_point.status, _focal_point_roles(focal_point, actor)
    )


def focal_point_transition(*, focal_point: FocalPoint, to: str, actor) -> FocalPoint:
    """The one place where a focal point's role changes state."""
    if not FOCAL_POINT_TRANSITIONS.exists(focal_point.status, to):
        raise Conflict(
            _("This focal point is %(status)s already.")
            % {"status": focal_point.get_status_display().lower()},
            code="invalid_transition",
        )
    if not FOCAL_POINT_TRANSITIONS.permits(
        focal_point.status, to, _focal_point_roles(focal_point, actor)
    ):
        raise NotAllowed(_("Only the secretariat appoints and revokes focal points."))
    focal_point.status = to
    focal_point.changed_at = timezone.now()
    focal_point.save(update_fields=["status", "changed_at"])
    return focal_point


@transaction.atomic
def focal_point_appoint(*, actor, user, organization: Organization) -> FocalPoint:
    """The secretariat makes ``user`` a focal point of ``organization`` (again)."""
    if not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat appoints and revokes focal points."))
    existing = (
        FocalPoint.objects.select_for_update().filter(user=user, organization=organization).first()
    )
    if existing is not None:
        if existing.status == FocalPointStatus.ACTIVE:
            raise Conflict(
                _("%(name)s is already a focal point of %(organization)s.")
                % {
                    "name": user.get_full_name() or user.get_username(),
                    "organization": organization,
                },
                code="already_focal_point",
            )
        return focal_point_transition(focal_point=existing, to=FocalPointStatus.ACTIVE, actor=actor)
    return FocalPoint.objects.create(
        user=user, organization=organization, appointed_by=actor if actor.pk else None
    )


@transaction.atomic
def focal_point_change(*, actor, focal_point: FocalPoint, to: str) -> FocalPoint:
    locked = FocalPoint.objects.select_for_update().get(pk=focal_point.pk)
    return focal_point_transition(focal_point=locked, to=to, actor=actor)
