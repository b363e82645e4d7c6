import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Accreditation, Delegate, Event, Organization, new_calendar_token
from events.notifications import notify_address, notify_delegate
from events.selectors import delegate_for_user, delegation_managed_by, focal_points_of
from plenary.access import SYSTEM, is_secretariat, roles_of
from plenary.errors import Conflict, NotAllowed, ServiceError
from plenary.languages import is_known_language
from plenary.transitions import SYSTEM_ROLE, TransitionTable


@transaction.atomic
def delegate_create(
    *,
    username: str,
    password: str | None,
    organization: Organization,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    title: str = "",
    languages: list[str] | None = None,
    time_zone: str = "UTC",
    secretariat: bool = False,
) -> Delegate:
    """Create a user and their delegate profile together; with ``secretariat``, the user
    works for the secretariat (a superuser, with the back office)."""
    users = get_user_model().objects
    create = users.create_superuser if secretariat else users.create_user
    user = create(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    delegate = Delegate(
        user=user,
        organization=organization,
        title=title,
        languages=languages or ["en"],
        time_zone=time_zone,
    )
    delegate.full_clean()
    delegate.save()
    return delegate


@transaction.atomic
def delegate_rotate_calendar_token(*, delegate: Delegate) -> str:
    """Give the delegate a new private calendar token; the old feed URL stops working at once."""
    delegate.calendar_token = new_calendar_token()
    delegate.save(update_fields=["calendar_token"])
    return delegate.calendar_token


PROFILE_FIELDS = ("name", "title", "languages", "language", "time_zone")


@transaction.atomic
def delegate_update_profile(*, actor, delegate: Delegate, **changes) -> Delegate:
    """Change what a delegate says of themselves: ``name`` (as badges show it), ``title``,
    ``languages`` (codes, preferred first), ``language`` (of the site and of emails) and
    ``time_zone``. Only the delegate and the secretariat may. Bad values are refused
    together, as a ``ValidationError`` naming each field, and nothing is saved."""
    if actor is not SYSTEM and not is_secretariat(actor) and actor.pk != delegate.user_id:
        raise NotAllowed(_("Only you and the secretariat may change your profile."))
    unknown = sorted(set(changes) - set(PROFILE_FIELDS))
    if unknown:
        raise TypeError(f"Not a profile field: {', '.join(unknown)}")
    errors = profile_errors(changes)
    if errors:
        raise ValidationError(errors)
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    for field, value in changes.items():
        setattr(delegate, field, value.strip() if isinstance(value, str) else value)
    delegate.save(update_fields=list(changes))
    return delegate


def profile_errors(changes: dict) -> dict[str, list[str]]:
    """What is wrong with each of the profile ``changes`` (an empty dict when nothing)."""
    errors: dict[str, list[str]] = {}
    if "name" in changes and not changes["name"].strip():
        errors["name"] = [_("Enter your name as badges should show it.")]
    for field in ("name", "title"):
        if len(changes.get(field, "").strip()) > 200:
            errors[field] = [_("At most 200 characters.")]
    if "languages" in changes:
        unknown = [code for code in changes["languages"] if not is_known_language(code)]
        if unknown:
            errors["languages"] = [
                _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)}
            ]
        elif len(set(changes["languages"])) != len(changes["languages"]):
            errors["languages"] = [_("Each language once.")]
    if "language" in changes and changes["language"] not in dict(settings.LANGUAGES):
        errors["language"] = [
            _("%(code)s is not a language of the site; choose one of %(choices)s.")
            % {"code": changes["language"], "choices": ", ".join(dict(settings.LANGUAGES))}
        ]
    if "time_zone" in changes and changes["time_zone"] not in zoneinfo.available_timezones():
        errors["time_zone"] = [
            _("%(value)s is not a time zone (for example Europe/Madrid).")
            % {"value": changes["time_zone"]}
        ]
    return errors


def delegate_of(user) -> Delegate:
    """The caller's delegate profile, or a refusal that says why there is none."""
    delegate = delegate_for_user(user)
    if delegate is None:
        raise NotAllowed(
            _("Only delegates of member organizations can register."), code="not_a_delegate"
        )
    return delegate


def require_published(event: Event) -> None:
    """Refuse what only a published event takes (accreditation, seats, papers): a
    cancelled event says so; a draft is not open yet. Every caller (page, API, admin)
    gets the same refusal."""
    status = Event.objects.filter(pk=event.pk).values_list("status", flat=True).first()
    if status == Event.Status.CANCELLED:
        raise Conflict(
            _("%(event)s is cancelled: it takes no registrations or papers.")
            % {"event": event.title},
            code="event_cancelled",
        )
    if status != Event.Status.PUBLISHED:
        raise Conflict(
            _("%(event)s is not published yet.") % {"event": event.title},
            code="event_not_published",
        )


# --- Accreditation -------------------------------------------------------------------

Status = Accreditation.Status

# Who may make each change: the delegate ("owner"), a focal point of the delegate's
# organization, the secretariat, or Plenary itself ("system": an event that needs no
# approval approves by itself).
ACCREDITATION_TRANSITIONS = TransitionTable(
    {
        (Status.PENDING, Status.APPROVED): {"secretariat", SYSTEM_ROLE},
        (Status.PENDING, Status.REJECTED): {"secretariat"},
        (Status.PENDING, Status.CANCELLED): {"owner", "focal_point", "secretariat"},
        (Status.APPROVED, Status.CANCELLED): {"owner", "focal_point", "secretariat"},
        (Status.CANCELLED, Status.PENDING): {"owner", "focal_point"},
    }
)

# Called inside the transaction when an accreditation stops being approved, so that
# other apps (forums: seats) can release what depended on it.
_accreditation_ended_handlers: list[Callable[..., None]] = []


def on_accreditation_ended(handler: Callable[..., None]) -> Callable[..., None]:
    """Register ``handler(accreditation=..., actor=...)``; the forums app releases seats."""
    if handler not in _accreditation_ended_handlers:
        _accreditation_ended_handlers.append(handler)
    return handler


def _accreditation_roles(accreditation: Accreditation, actor) -> set[str]:
    roles = roles_of(actor, owner_id=accreditation.delegate.user_id)
    if actor is not SYSTEM and delegation_managed_by(actor, accreditation.delegate.organization):
        roles.add("focal_point")
    return roles


def _notify_focal_points(accreditation: Accreditation) -> None:
    """The organization's focal points hear of the secretariat's decision too."""
    for focal_point in focal_points_of(accreditation.delegate.organization):
        user = focal_point.user
        if user.pk == accreditation.delegate.user_id:
            continue
        profile = delegate_for_user(user)
        notify_address(
            address=user.email,
            language=profile.preferred_language if profile else "en",
            template="accreditation_decided_focal_point",
            context={
                "accreditation": accreditation,
                "event": accreditation.event,
                "recipient": user.get_full_name() or user.get_username(),
                "delegate": accreditation.delegate,
                "organization": accreditation.delegate.organization,
            },
        )


def accreditation_allowed_transitions(*, accreditation: Accreditation, actor) -> list[str]:
    """The states ``actor`` may move the accreditation to now."""
    return ACCREDITATION_TRANSITIONS.allowed(
        accreditation.status, _accreditation_roles(accreditation, actor)
    )


def accreditation_transition(
    *, accreditation: Accreditation, to: str, actor, note: str = ""
) -> Accreditation:
    """The one place where an accreditation changes state.

    The caller holds a lock on the accreditation row (and, when it newly counts against
    the quota, on the event). Checks that the move exists and that ``actor`` may make it,
    records who decided, runs the ended-handlers and queues the delegate's email.
    """
    if not ACCREDITATION_TRANSITIONS.exists(accreditation.status, to):
        raise Conflict(
            _("This accreditation is %(status)s and cannot become %(target)s.")
            % {"status": accreditation.get_status_display().lower(), "target": Status(to).label},
            code="invalid_transition",
        )
    roles = _accreditation_roles(accreditation, actor)
    if not ACCREDITATION_TRANSITIONS.permits(accreditation.status, to, roles):
        raise NotAllowed(_("You may not change this accreditation."))

    previous = accreditation.status
    now = timezone.now()
    accreditation.status = to
    if to in (Status.APPROVED, Status.REJECTED):
        accreditation.decided_at = now
        # An event that needs no approval approves by itself: nobody decided.
        accreditation.decided_by = actor if "secretariat" in roles else None
        accreditation.note = note
    elif to == Status.PENDING:
        accreditation.requested_at = now
        accreditation.decided_at = None
        accreditation.decided_by = None
        accreditation.note = ""
    accreditation.save()

    if previous == Status.APPROVED:
        for handler in _accreditation_ended_handlers:
            handler(accreditation=accreditation, actor=actor)
    if to in (Status.APPROVED, Status.REJECTED):
        notify_delegate(
            delegate=accreditation.delegate,
            template=f"accreditation_{to}",
            context={"accreditation": accreditation, "event": accreditation.event},
        )
        _notify_focal_points(accreditation)
    return accreditation


def _check_quota(*, event: Event, organization: Organization) -> None:
    if event.delegation_quota is None:
        return
    holding = Accreditation.objects.filter(
        event=event, organization=organization, status__in=Accreditation.HOLDING
    ).count()
    if holding >= event.delegation_quota:
        raise ServiceError(
            _(
                "%(organization)s has already registered %(count)d of its %(quota)d "
                "delegates for this event."
            )
            % {
                "organization": organization.short_name or organization.name,
                "count": holding,
                "quota": event.delegation_quota,
            },
            code="quota_reached",
        )


def accreditation_request(
    *, actor, event: Event, delegate: Delegate | None = None
) -> Accreditation:
    """Ask for the caller's accreditation to ``event`` (or, for a focal point of their
    organization or the secretariat, ``delegate``'s).

    Refused outside the registration window, when the organization's quota (pending
    plus approved) is used up, when the delegate already holds one, or after a
    rejection. Events that need no approval approve at once (a move Plenary makes).
    Quotas are decided under a lock on the event row (on SQLite, by the immediate
    transaction).
    """
    if delegate is None:
        delegate = delegate_of(actor)
    elif delegate.user_id != actor.pk and not delegation_managed_by(actor, delegate.organization):
        raise NotAllowed(
            _("You may register delegates of your own organization only."),
            code="not_focal_point",
        )
    try:
        with transaction.atomic():
            event = Event.objects.select_for_update(no_key=True).get(pk=event.pk)
            require_published(event)
            if not event.registration_is_open():
                raise ServiceError(
                    _("Registration for %(event)s is not open.") % {"event": event.title},
                    code="registration_closed",
                )
            existing = (
                Accreditation.objects.select_for_update()
                .select_related("delegate__user", "event")
                .filter(delegate=delegate, event=event)
                .first()
            )
            if existing is not None and existing.status in Accreditation.HOLDING:
                raise Conflict(
                    _("You are already registered for this event.")
                    if delegate.user_id == actor.pk
                    else _("%(name)s is already registered for this event.")
                    % {"name": delegate.display_name},
                    code="already_registered",
                )
            if existing is not None and existing.status == Status.REJECTED:
                raise NotAllowed(
                    _("Your accreditation for this event was refused by the secretariat."),
                    code="rejected",
                )
            _check_quota(event=event, organization=delegate.organization)
            if existing is not None:
                existing.organization = delegate.organization
                accreditation = accreditation_transition(
                    accreditation=existing, to=Status.PENDING, actor=actor
                )
            else:
                accreditation = Accreditation.objects.create(
                    delegate=delegate,
                    event=event,
                    organization=delegate.organization,
                    status=Status.PENDING,
                )
            if not event.accreditation_requires_approval:
                accreditation_transition(
                    accreditation=accreditation, to=Status.APPROVED, actor=SYSTEM
                )
            return accreditation
    except IntegrityError:
        # A simultaneous request by the same delegate won the race.
        raise Conflict(
            _("You are already registered for this event."), code="already_registered"
        ) from None


@transaction.atomic
def accreditation_decide(
    *, actor, accreditation: Accreditation, approve: bool, note: str = ""
) -> Accreditation:
    """The secretariat approves or rejects a pending accreditation, with an optional note."""
    if not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat decides on accreditations."))
    locked = (
        Accreditation.objects.select_for_update()
        .select_related("delegate__user", "event")
        .get(pk=accreditation.pk)
    )
    return accreditation_transition(
        accreditation=locked,
        to=Status.APPROVED if approve else Status.REJECTED,
        actor=actor,
        note=note,
    )


@transaction.atomic
def accreditation_cancel(*, actor, accreditation: Accreditation) -> Accreditation:
    """The delegate (or the secretariat) withdraws an accreditation; seats are released."""
    locked = (
        Accreditation.objects.select_for_update()
        .select_related("delegate__user", "event")
        .get(pk=accreditation.pk)
    )
    return accreditation_transition(accreditation=locked, to=Status.CANCELLED, actor=actor)
