"""Every write to forums and seats.

Capacity is exact under any number of simultaneous requests: a seat is confirmed by a
conditional ``UPDATE forum SET seats_taken = seats_taken + 1 WHERE seats_taken <
seat_capacity`` (which also locks the forum row until commit); when that matches no
row, the forum row is locked and the decision is taken again under the lock. Every
other change of seats (cancel, promotion, capacity) holds the same lock. On SQLite the
immediate transaction mode serializes writers. Database constraints back it up: one
active seat per delegate and forum, ``seats_taken <= seat_capacity``.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from config.errors import Conflict, NotAllowed, ServiceError
from events.models import Accreditation, Delegate
from events.notifications import notify_delegate
from events.services import delegate_of, is_secretariat, on_accreditation_ended
from forums.models import Forum, Room, ScheduleRemoval, Seat, Session
from forums.selectors import waitlist_position

SeatStatus = Seat.Status

# (from, to) -> who may make the change.
SEAT_TRANSITIONS = {
    (SeatStatus.WAITLISTED, SeatStatus.CONFIRMED): "system",
    (SeatStatus.CONFIRMED, SeatStatus.CANCELLED): "owner_or_secretariat",
    (SeatStatus.WAITLISTED, SeatStatus.CANCELLED): "owner_or_secretariat",
}


def _lock_forum(forum_id: int) -> Forum:
    return Forum.objects.select_for_update(no_key=True).select_related("event").get(pk=forum_id)


def seat_transition(*, seat: Seat, to: str, actor, forum: Forum) -> Seat:
    """The one place where a seat changes state. The caller holds the lock on ``forum``.

    Keeps ``forum.seats_taken`` in step (the caller saves the forum) and queues the
    delegate's email on promotion.
    """
    rule = SEAT_TRANSITIONS.get((seat.status, to))
    if rule is None:
        raise Conflict(
            _("This seat is %(status)s and cannot become %(target)s.")
            % {"status": seat.get_status_display().lower(), "target": SeatStatus(to).label},
            code="invalid_transition",
        )
    if rule == "owner_or_secretariat":
        is_owner = actor is not None and seat.delegate.user_id == getattr(actor, "pk", None)
        if not (is_owner or (actor is not None and is_secretariat(actor))):
            raise NotAllowed(_("You may not change this seat."))

    now = timezone.now()
    if seat.status == SeatStatus.CONFIRMED:
        forum.seats_taken -= 1
    seat.status = to
    if to == SeatStatus.CONFIRMED:
        forum.seats_taken += 1
        seat.confirmed_at = now
        seat.was_waitlisted = True
        notify_delegate(
            delegate=seat.delegate,
            template="seat_promoted",
            context={"seat": seat, "forum": forum, "event": forum.event},
        )
    elif to == SeatStatus.CANCELLED:
        seat.cancelled_at = now
    seat.save(update_fields=["status", "confirmed_at", "cancelled_at", "was_waitlisted"])
    return seat


def _promote_waitlisted(*, forum: Forum) -> list[Seat]:
    """Fill free seats from the head of the waiting list. The caller holds the forum lock."""
    promoted = []
    while forum.seats_taken < forum.seat_capacity:
        head = (
            Seat.objects.select_for_update()
            .select_related("delegate__user")
            .filter(forum=forum, status=SeatStatus.WAITLISTED)
            .order_by("id")
            .first()
        )
        if head is None:
            break
        promoted.append(
            seat_transition(seat=head, to=SeatStatus.CONFIRMED, actor=None, forum=forum)
        )
    return promoted


def seat_take(*, actor, forum: Forum) -> Seat:
    """Take a seat in ``forum`` for the caller, or join its waiting list when it is full.

    Needs an approved accreditation for the forum's event. Returns the seat with
    ``position`` set (its place on the waiting list, or None when confirmed).
    """
    delegate = delegate_of(actor)
    try:
        with transaction.atomic():
            # Locked so that a simultaneous cancellation of the accreditation waits for us
            # (and then releases this seat too).
            accredited = list(
                Accreditation.objects.select_for_update(no_key=True)
                .filter(
                    delegate=delegate,
                    event_id=forum.event_id,
                    status=Accreditation.Status.APPROVED,
                )
                .values_list("pk", flat=True)[:1]
            )
            if not accredited:
                raise NotAllowed(
                    _("You need an approved accreditation for this event to take a seat."),
                    code="not_accredited",
                )
            if Seat.objects.filter(
                delegate=delegate, forum_id=forum.pk, status__in=Seat.ACTIVE
            ).exists():
                raise Conflict(
                    _("You already have a seat or a place on the waiting list in this forum."),
                    code="already_registered",
                )
            confirmed = Forum.objects.filter(
                pk=forum.pk, seats_taken__lt=F("seat_capacity")
            ).update(seats_taken=F("seats_taken") + 1)
            if not confirmed:
                locked = _lock_forum(forum.pk)
                if locked.seats_taken < locked.seat_capacity:
                    locked.seats_taken += 1
                    locked.save(update_fields=["seats_taken"])
                    confirmed = 1
            now = timezone.now()
            seat = Seat.objects.create(
                delegate=delegate,
                forum_id=forum.pk,
                status=SeatStatus.CONFIRMED if confirmed else SeatStatus.WAITLISTED,
                created_at=now,
                confirmed_at=now if confirmed else None,
            )
            seat.position = None if confirmed else waitlist_position(seat)
            notify_delegate(
                delegate=delegate,
                template="seat_confirmed" if confirmed else "seat_waitlisted",
                context={"seat": seat, "forum": forum, "event": forum.event},
            )
            return seat
    except IntegrityError:
        # The same delegate's simultaneous request got there first.
        raise Conflict(
            _("You already have a seat or a place on the waiting list in this forum."),
            code="already_registered",
        ) from None


@transaction.atomic
def seat_cancel(*, actor, seat: Seat) -> Seat:
    """Give up a seat or a place on the waiting list.

    A freed confirmed seat goes to the first delegate on the waiting list in the same
    transaction; they are told by email.
    """
    forum = _lock_forum(seat.forum_id)
    seat = Seat.objects.select_for_update().select_related("delegate__user").get(pk=seat.pk)
    if seat.status == SeatStatus.CANCELLED:
        raise Conflict(_("This seat is already cancelled."), code="already_cancelled")
    seat_transition(seat=seat, to=SeatStatus.CANCELLED, actor=actor, forum=forum)
    _promote_waitlisted(forum=forum)
    forum.save(update_fields=["seats_taken"])
    return seat


@transaction.atomic
def forum_set_capacity(*, actor, forum: Forum, capacity: int) -> Forum:
    """Change the number of seats. More seats promote from the waiting list; fewer
    are refused below the number already confirmed (confirmed seats are never removed)."""
    if not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat changes forum capacity."))
    if capacity < 0:
        raise ServiceError(_("Capacity cannot be negative."), code="invalid_capacity")
    forum = _lock_forum(forum.pk)
    if capacity < forum.seats_taken:
        raise ServiceError(
            _(
                "%(count)d seats are already confirmed; capacity cannot go below that. "
                "Confirmed seats are never removed."
            )
            % {"count": forum.seats_taken},
            code="capacity_below_confirmed",
        )
    forum.seat_capacity = capacity
    _promote_waitlisted(forum=forum)
    forum.save(update_fields=["seat_capacity", "seats_taken", "updated_at"])
    return forum


@on_accreditation_ended
def seat_release_for_accreditation(*, accreditation, actor) -> None:
    """An accreditation that ends takes the delegate's seats in that event with it."""
    seats = (
        Seat.objects.filter(
            delegate_id=accreditation.delegate_id,
            forum__event_id=accreditation.event_id,
            status__in=Seat.ACTIVE,
        )
        .order_by("forum_id")
        .values_list("pk", "forum_id")
    )
    for seat_pk, forum_id in list(seats):
        forum = _lock_forum(forum_id)
        seat = Seat.objects.select_for_update().select_related("delegate__user").get(pk=seat_pk)
        seat_transition(seat=seat, to=SeatStatus.CANCELLED, actor=actor, forum=forum)
        _promote_waitlisted(forum=forum)
        forum.save(update_fields=["seats_taken"])


# --- Schedule: rooms and sessions ------------------------------------------------------
#
# Every change of a session goes through ``session_change`` (creation through
# ``session_create``), which validates the result, keeps ``updated_at`` and bumps
# ``sequence`` when, and only when, the start, end, room or status changes: calendar
# clients replace their copy of an event when its SEQUENCE grows. A session is never
# allowed to overlap a scheduled session in the same room; the check runs under a lock
# on the room row (on SQLite the immediate transaction serializes writers).

SessionStatus = Session.Status

# Changes that make calendar clients replace their copy of the event (RFC 5545).
SEQUENCE_FIELDS = ("starts_at", "ends_at", "room_id", "status")
TRANSLATED_SESSION_FIELDS = ("title", "description")
SESSION_FIELDS = frozenset(
    {"kind", "starts_at", "ends_at", "room", "speakers", "title", "description"}
    | {
        f"{field}_{code}"
        for field in TRANSLATED_SESSION_FIELDS
        for code, _name in settings.LANGUAGES
    }
)
# The status changes a session can make (cancel, reinstate).
SESSION_TRANSITIONS = {
    (SessionStatus.SCHEDULED, SessionStatus.CANCELLED),
    (SessionStatus.CANCELLED, SessionStatus.SCHEDULED),
}
LONGEST_SESSION = datetime.timedelta(hours=24)


def _require_secretariat(actor) -> None:
    if actor is None or not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat changes the schedule."))


def _local(value: datetime.datetime, event) -> str:
    return formats.date_format(timezone.localtime(value, event.zone), "DATETIME_FORMAT")


def _set_translated(session: Session, field: str, value) -> None:
    """``value`` is a text (English) or a mapping of language code to text."""
    if isinstance(value, Mapping):
        for code, text in value.items():
            setattr(session, f"{field}_{code}", text or "")
    else:
        setattr(session, f"{field}_{settings.LANGUAGE_CODE}", value or "")


def session_check(
    *,
    forum: Forum,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room: Room | None,
    status: str = SessionStatus.SCHEDULED,
    exclude: int | None = None,
) -> None:
    """Refuse a time and place that cannot be: reversed or overlong times, a day outside
    the event, a room of another event, or a room already taken by a scheduled session.

    Read-only, so forms can show the reason next to the field; the services check again
    under the room lock.
    """
    event = forum.event
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ServiceError(_("Times must include a time zone."), code="naive_time")
    if ends_at <= starts_at:
        raise ServiceError(_("A session must end after it starts."), code="invalid_times")
    if ends_at - starts_at > LONGEST_SESSION:
        raise ServiceError(_("A session cannot last more than 24 hours."), code="invalid_times")
    first_day = timezone.localtime(starts_at, event.zone).date()
    if not event.start_date <= first_day <= event.end_date:
        raise ServiceError(
            _(
                "%(event)s runs from %(start)s to %(end)s; the session must start on one "
                "of those days."
            )
            % {
                "event": event.title,
                "start": formats.date_format(event.start_date, "DATE_FORMAT"),
                "end": formats.date_format(event.end_date, "DATE_FORMAT"),
            },
            code="outside_event",
        )
    if room is None:
        return
    if room.event_id != forum.event_id:
        raise ServiceError(
            _("%(room)s is a room of another event.") % {"room": room.name}, code="room_other_event"
        )
    if status != SessionStatus.SCHEDULED:
        return
    clash = (
        Session.objects.filter(
            room=room,
            status=SessionStatus.SCHEDULED,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(pk=exclude)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise Conflict(
            _("%(room)s is taken from %(start)s to %(end)s by “%(title)s”.")
            % {
                "room": room.name,
                "start": _local(clash.starts_at, event),
                "end": _local(clash.ends_at, event),
                "title": clash.title,
            },
            code="room_taken",
        )


def _lock_room(room: Room | None) -> Room | None:
    if room is None:
        return None
    return Room.objects.select_for_update(no_key=True).get(pk=room.pk)


def _record_removal(*, session: Session, delegates: Iterable[int] = (), now=None) -> None:
    """Keep the time a session left feeds: the whole schedule (no delegate) or one
    speaker's private feed."""
    now = now or timezone.now()
    event_id = session.forum.event_id
    rows = [
        ScheduleRemoval(
            event_id=event_id,
            forum_id=session.forum_id,
            delegate_id=delegate_id,
            session_uuid=session.uuid,
            removed_at=now,
        )
        for delegate_id in delegates
    ]
    ScheduleRemoval.objects.bulk_create(rows)


def _set_speakers(session: Session, speakers: Iterable[Delegate], *, now) -> bool:
    """Replace the speakers; a speaker taken off is remembered for their private feed."""
    wanted = {delegate.pk for delegate in speakers}
    current = set(session.speakers.values_list("pk", flat=True))
    if wanted == current:
        return False
    removed = current - wanted
    if removed:
        session.speakers.remove(*removed)
        _record_removal(session=session, delegates=sorted(removed), now=now)
    if wanted - current:
        session.speakers.add(*(wanted - current))
    return True


@transaction.atomic
def session_create(
    *,
    actor,
    forum: Forum,
    title: str | Mapping[str, str],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    kind: str = Session.Kind.PANEL,
    room: Room | None = None,
    description: str | Mapping[str, str] = "",
    speakers: Iterable[Delegate] = (),
) -> Session:
    """Add a session to ``forum``'s schedule (secretariat). Titles and descriptions are
    an English text or a mapping ``{"en": ..., "fr": ..., "es": ...}``."""
    _require_secretariat(actor)
    forum = Forum.objects.select_related("event").get(pk=forum.pk)
    room = _lock_room(room)
    session_check(forum=forum, starts_at=starts_at, ends_at=ends_at, room=room)
    now = timezone.now()
    session = Session(
        forum=forum,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        status=SessionStatus.SCHEDULED,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    _set_translated(session, "title", title)
    _set_translated(session, "description", description)
    if not session.title_en:
        raise ServiceError(_("A session needs an English title."), code="title_required")
    session.full_clean(exclude=["forum", "room", "speakers"])
    session.save()
    _set_speakers(session, speakers, now=now)
    return session


def session_change(*, session: Session, actor, changes: Mapping) -> Session:
    """The one place where an existing session changes. The caller holds a transaction.

    ``changes`` maps field names (see ``SESSION_FIELDS``, plus ``status``) to new values.
    Validates the result under the lock of the room it ends up in, moves ``updated_at``
    when anything changed and bumps ``sequence`` when the start, end, room or status
    changed. Nothing is written when nothing changed.
    """
    _require_secretariat(actor)
    unknown = set(changes) - SESSION_FIELDS - {"status"}
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            code="invalid_field",
        )
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("forum__event", "room")
        .get(pk=session.pk)
    )
    before = {name: getattr(session, name) for name in SEQUENCE_FIELDS}
    target_status = changes.get("status", session.status)
    if target_status != session.status and (session.status, target_status) not in (
        SESSION_TRANSITIONS
    ):
        raise Conflict(
            _("This session is %(status)s and cannot become %(target)s.")
            % {
                "status": session.get_status_display().lower(),
                "target": SessionStatus(target_status).label.lower(),
            },
            code="invalid_transition",
        )

    changed = False
    for name, value in changes.items():
        if name == "speakers":
            continue
        if name in TRANSLATED_SESSION_FIELDS:
            old = {code: getattr(session, f"{name}_{code}") for code, _n in settings.LANGUAGES}
            _set_translated(session, name, value)
            new = {code: getattr(session, f"{name}_{code}") for code, _n in settings.LANGUAGES}
            changed |= old != new
            continue
        if name == "room":
            value = _lock_room(value)
            changed |= session.room_id != (value.pk if value else None)
        elif name.rsplit("_", 1)[0] in TRANSLATED_SESSION_FIELDS:
            value = value or ""
            changed |= (getattr(session, name) or "") != value
        else:
            changed |= getattr(session, name) != value
        setattr(session, name, value)

    timing = {name: getattr(session, name) for name in SEQUENCE_FIELDS} != before
    if timing:
        if session.room_id is not None and "room" not in changes:
            # Same room, new time or status: that room's use changes.
            session.room = _lock_room(session.room)
        session_check(
            forum=session.forum,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room=session.room,
            status=session.status,
            exclude=session.pk,
        )
    now = timezone.now()
    if "speakers" in changes:
        changed |= _set_speakers(session, changes["speakers"], now=now)
    if not (changed or timing):
        return session
    if not session.title_en:
        raise ServiceError(_("A session needs an English title."), code="title_required")
    if timing:
        session.sequence += 1
    # Never backwards, even if the clock of another worker is behind.
    session.updated_at = max(now, session.updated_at + datetime.timedelta(microseconds=1))
    session.full_clean(exclude=["forum", "room", "speakers"])
    session.save()
    return session


@transaction.atomic
def session_update(*, actor, session: Session, **changes) -> Session:
    """Change any of a session's fields (secretariat): title and description (text or
    per-language mapping, or ``title_fr`` ...), kind, start, end, room, speakers."""
    if "status" in changes:
        raise ServiceError(
            _("Use cancel or reinstate to change a session's status."), code="invalid_field"
        )
    return session_change(session=session, actor=actor, changes=changes)


@transaction.atomic
def session_reschedule(
    *,
    actor,
    session: Session,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room: Room | None = None,
    keep_room: bool = True,
) -> Session:
    """Move a session in time (and, with ``keep_room=False``, to ``room``)."""
    changes: dict = {"starts_at": starts_at, "ends_at": ends_at}
    if not keep_room:
        changes["room"] = room
    return session_change(session=session, actor=actor, changes=changes)


@transaction.atomic
def session_cancel(*, actor, session: Session) -> Session:
    """Cancel a session. It stays in the schedule and in every feed as cancelled."""
    if Session.objects.filter(pk=session.pk, status=SessionStatus.CANCELLED).exists():
        raise Conflict(_("This session is already cancelled."), code="already_cancelled")
    return session_change(session=session, actor=actor, changes={"status": SessionStatus.CANCELLED})


@transaction.atomic
def session_reinstate(*, actor, session: Session) -> Session:
    """Put a cancelled session back in the schedule, if its room is still free."""
    if not Session.objects.filter(pk=session.pk, status=SessionStatus.CANCELLED).exists():
        raise Conflict(_("This session is not cancelled."), code="not_cancelled")
    return session_change(session=session, actor=actor, changes={"status": SessionStatus.SCHEDULED})


def _remove_sessions(sessions) -> None:
    now = timezone.now()
    for session in sessions:
        speakers = list(session.speakers.values_list("pk", flat=True))
        _record_removal(session=session, delegates=[None, *speakers], now=now)


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    """Delete a session entered by mistake (to call off a session, cancel it instead).

    The deletion is remembered, so feeds' ``Last-Modified`` never goes backwards.
    """
    _require_secretariat(actor)
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("forum").get(pk=session.pk)
    )
    _remove_sessions([session])
    session.delete()


@transaction.atomic
def forum_delete(*, actor, forum: Forum) -> None:
    """Delete a forum with its seats and schedule, remembering the sessions removed."""
    _require_secretariat(actor)
    forum = _lock_forum(forum.pk)
    _remove_sessions(forum.sessions.select_related("forum"))
    forum.delete()
