"""Every write to the schedule: rooms and sessions, and the deletion of a forum."""

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import Delegate
from forums.models import Forum, Room, ScheduleRemoval, Session
from forums.services.seats import lock_forum
from plenary.access import is_secretariat
from plenary.errors import Conflict, NotAllowed, ServiceError
from plenary.transitions import TransitionTable

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
# The status changes a session can make (cancel, reinstate): the secretariat's.
SESSION_TRANSITIONS = TransitionTable(
    {
        (SessionStatus.SCHEDULED, SessionStatus.CANCELLED): {"secretariat"},
        (SessionStatus.CANCELLED, SessionStatus.SCHEDULED): {"secretariat"},
    }
)
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
    if target_status != session.status and not SESSION_TRANSITIONS.exists(
        session.status, target_status
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


def session_allowed_transitions(*, session: Session, actor) -> list[str]:
    """The statuses ``actor`` may give the session now (cancel, reinstate)."""
    roles = {"secretariat"} if is_secretariat(actor) else set()
    return SESSION_TRANSITIONS.allowed(session.status, roles)


@transaction.atomic
def session_transition(*, session: Session, to: str, actor) -> Session:
    """Cancel or reinstate a session: its one change of status (see ``session_change``)."""
    return session_change(session=session, actor=actor, changes={"status": to})


@transaction.atomic
def session_cancel(*, actor, session: Session) -> Session:
    """Cancel a session. It stays in the schedule and in every feed as cancelled."""
    if Session.objects.filter(pk=session.pk, status=SessionStatus.CANCELLED).exists():
        raise Conflict(_("This session is already cancelled."), code="already_cancelled")
    return session_transition(session=session, to=SessionStatus.CANCELLED, actor=actor)


@transaction.atomic
def session_reinstate(*, actor, session: Session) -> Session:
    """Put a cancelled session back in the schedule, if its room is still free."""
    if not Session.objects.filter(pk=session.pk, status=SessionStatus.CANCELLED).exists():
        raise Conflict(_("This session is not cancelled."), code="not_cancelled")
    return session_transition(session=session, to=SessionStatus.SCHEDULED, actor=actor)


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
    forum = lock_forum(forum.pk)
    _remove_sessions(forum.sessions.select_related("forum"))
    forum.delete()
