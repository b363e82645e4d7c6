"""The badge signs you in on your phone: its QR code is a link (``{SITE_URL}/b/PL:...``)
that the phone's camera opens, and a valid badge opens a short session of its owner.

A badge session is bound to the badge that opened it (``SESSION_KEY``: accreditation,
version, when). It lasts until the badge expires or ``LONGEST`` has passed, whichever
comes first, and ends as soon as the badge is no longer current: reprinted (the version
before is revoked), expired, or its accreditation no longer approved.
``BadgeSessionMiddleware`` looks on every request, the debate room's sockets whenever
their rights are looked at again (a reprint tells them, ``badge_issue``) and before each
command. A badge is worn in view of everyone, so a badge session may not change the
account: its password, email addresses, second factor, sessions, linked sign-in
providers or calendar address ask for the password first (allauth's reauthentication,
after which the session is an ordinary one). Accounts of the secretariat and those with
two-factor authentication (or whose role requires it) never sign in by badge.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import login
from django.utils import timezone
from django.utils.translation import gettext_lazy

from events.accounts.two_factor import has_two_factor, two_factor_required
from events.models import Accreditation
from onsite import credentials
from onsite.credentials import CredentialError
from onsite.models import Badge, SigningKey
from plenary.access import is_secretariat

SESSION_KEY = "badge_accreditation"
LONGEST = datetime.timedelta(hours=12)

# Why a badge's link did not sign anyone in: what the phone shows, and its status.
REASONS = {
    "malformed": (gettext_lazy("This is not the link of a badge."), 400),
    "bad_signature": (
        gettext_lazy("This badge's code is damaged or forged: its signature is wrong."),
        400,
    ),
    "unknown": (gettext_lazy("No badge has this code."), 404),
    "foreign_event": (gettext_lazy("No badge has this code."), 404),
    "expired": (gettext_lazy("This badge has expired."), 410),
    "revoked": (
        gettext_lazy("This badge was replaced by a reprint: scan the new one."),
        410,
    ),
    "not_accredited": (
        gettext_lazy("The accreditation of this badge is no longer approved."),
        403,
    ),
    "password_only": (
        gettext_lazy(
            "This account signs in with its password (and second factor), not with a badge."
        ),
        403,
    ),
}

# Where a badge sign-in leads: the first handler that names a page (the debates app
# registers the event's open room), else the event's page.
_landings: list[Callable[..., str | None]] = []


def register_landing(handler: Callable[..., str | None]) -> Callable[..., str | None]:
    """Register ``handler(user=..., event=...)``, a page's path or None."""
    if handler not in _landings:
        _landings.append(handler)
    return handler


def landing_url(*, user, event) -> str:
    for handler in _landings:
        url = handler(user=user, event=event)
        if url:
            return url
    from django.urls import reverse

    return reverse("event-detail", args=[event.slug])


def may_sign_in_by_badge(user) -> bool:
    """Delegates may; the secretariat and accounts with a second factor (or whose role
    requires one) sign in with their password."""
    return bool(
        user.is_active
        and not user.is_superuser
        and not is_secretariat(user)
        and not has_two_factor(user)
        and not two_factor_required(user)
    )


def _current(badge: Badge, *, now) -> str | None:
    """Why ``badge`` signs nobody in now, or None."""
    if badge.revoked_at is not None:
        return "revoked"
    if badge.expires_at <= now:
        return "expired"
    if badge.accreditation.status != Accreditation.Status.APPROVED:
        return "not_accredited"
    if not may_sign_in_by_badge(badge.accreditation.delegate.user):
        return "password_only"
    return None


def badge_for_signin(code: str, *, now: datetime.datetime) -> Badge:
    """The badge whose credential ``code`` is, if it signs its owner in now. Raises
    ``CredentialError`` with a reason of ``REASONS``. The key is the event's the code
    names; a code signed with another event's key is refused as forged."""
    event_id = credentials.claimed_event(code)
    key = SigningKey.objects.filter(event_id=event_id).first()
    if key is None:
        raise CredentialError("unknown")
    credential = credentials.read(
        code, event_id=event_id, public_key=bytes(key.public_key), now=now
    )
    badge = (
        Badge.objects.select_related("accreditation__delegate__user", "accreditation__event")
        .filter(
            accreditation_id=credential.accreditation_id,
            accreditation__event_id=event_id,
            version=credential.version,
        )
        .first()
    )
    if badge is None:
        raise CredentialError("unknown")
    reason = _current(badge, now=now)
    if reason is not None:
        raise CredentialError(reason)
    return badge


def badge_session_begin(*, request, badge: Badge) -> None:
    """Sign the badge's owner in on this browser, for a session bound to the badge."""
    now = timezone.now()
    login(request, badge.accreditation.delegate.user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[SESSION_KEY] = [badge.accreditation_id, badge.version, now.timestamp()]
    request.session.set_expiry(min(badge.expires_at, now + LONGEST))


def binding(session) -> list | None:
    """(accreditation, version, signed in at) of a badge session, or None."""
    if session is None:
        return None
    value = session.get(SESSION_KEY)
    if isinstance(value, list) and len(value) == 3:
        return value
    return [0, 0, 0.0] if value is not None else None


def badge_session_current(*, user, bound: list | None) -> bool:
    """Whether a session bound to ``bound`` (``binding``) may go on as ``user``: True for
    a session no badge opened."""
    if bound is None:
        return True
    accreditation_id, version, _at = bound
    badge = (
        Badge.objects.select_related("accreditation__delegate__user")
        .filter(accreditation_id=accreditation_id, version=version)
        .first()
    )
    return (
        badge is not None
        and getattr(user, "pk", None) == badge.accreditation.delegate.user_id
        and _current(badge, now=timezone.now()) is None
    )


def password_given_since(request, bound: list) -> bool:
    """Whether the password was typed in this session after the badge opened it
    (allauth records each authentication of a session)."""
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "password" and record.get("at", 0) >= bound[2]
        for record in get_authentication_records(request, request.user)
    )


def badge_session_upgrade(*, request) -> None:
    """The session is an ordinary one from now on (its owner gave the password)."""
    request.session.pop(SESSION_KEY, None)
    request.session.set_expiry(None)
    request.session.cycle_key()
