"""Reads of the schedule: sessions in time order, timetables by day, private feed tokens."""

import datetime
import hmac
import re
import zoneinfo
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from events.models import Delegate, Event
from events.selectors import event_list_visible
from forums.models import Room, Seat, Session, SessionStar


def _speakers_prefetch() -> Prefetch:
    return Prefetch(
        "speakers",
        queryset=Delegate.objects.select_related(
            "user", "organization", "speaker_profile"
        ).order_by("user__last_name", "user__first_name", "pk"),
    )


def session_list(*, event=None, forum=None, visible_to=None) -> QuerySet[Session]:
    """Sessions in time order with forum, event, room and speakers loaded.

    ``visible_to``: only sessions of the events that user may see
    (``events.selectors.event_list_visible``); None means no restriction.
    """
    # "debate": the room a debate session hosts (debates.Debate.session), for its links
    # and its live state.
    sessions = Session.objects.select_related("forum__event", "room", "debate").prefetch_related(
        _speakers_prefetch()
    )
    if event is not None:
        sessions = sessions.filter(forum__event=event)
    if forum is not None:
        sessions = sessions.filter(forum=forum)
    if visible_to is not None:
        sessions = sessions.filter(forum__event__in=event_list_visible(user=visible_to))
    return sessions.order_by("starts_at", "room__position", "pk")


def sessions_filtered(sessions, *, forum=None, kind=None, language=None, forums=()):
    """``sessions`` of ``forum``, of ``kind`` and in forums working in ``language`` (each
    filter left out when None). ``forums``: the forums to look for ``language`` in."""
    if forum is not None:
        sessions = sessions.filter(forum=forum)
    if kind is not None:
        sessions = sessions.filter(kind=kind)
    if language is not None:
        # Working languages are a JSON list: matched here rather than in SQL, which not
        # every database can do on a JSON list.
        speaking = [each.pk for each in forums if language in each.working_languages]
        sessions = sessions.filter(forum__in=speaking)
    return sessions


def sessions_on_day(sessions: QuerySet[Session], day: datetime.date) -> QuerySet[Session]:
    """Sessions that start on ``day`` in their own event's time zone."""
    if not datetime.date.min < day < datetime.date.max:
        # No session starts on the first or last day a date can name, and the bounds of
        # those days in some time zones fall outside what a datetime can hold.
        return sessions.none()
    zones = sorted(
        set(sessions.order_by().values_list("forum__event__time_zone", flat=True).distinct())
    )
    matches = Q(pk__in=[])
    for name in zones:
        zone = zoneinfo.ZoneInfo(name)
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, zone)
        matches |= Q(forum__event__time_zone=name, starts_at__gte=start, starts_at__lt=end)
    return sessions.filter(matches)


def delegate_sessions(delegate: Delegate, *, include_drafts: bool = False) -> QuerySet[Session]:
    """A delegate's own sessions: those of forums where they hold a confirmed seat, those
    where they speak and those they starred (in events that are not drafts, unless
    ``include_drafts``)."""
    seat_forums = Seat.objects.filter(delegate=delegate, status=Seat.Status.CONFIRMED).values(
        "forum_id"
    )
    speaking = Session.speakers.through.objects.filter(delegate=delegate).values("session_id")
    starred = SessionStar.objects.filter(delegate=delegate).values("session_id")
    sessions = Session.objects.filter(
        Q(forum_id__in=seat_forums) | Q(pk__in=speaking) | Q(pk__in=starred)
    )
    if not include_drafts:
        sessions = sessions.exclude(forum__event__status=Event.Status.DRAFT)
    return sessions.order_by("starts_at", "pk")


@dataclass
class ScheduleRow:
    starts_at: datetime.datetime
    cells: list[list[Session]]


@dataclass
class ScheduleDay:
    day: datetime.date
    rooms: list[Room | None]
    rows: list[ScheduleRow] = field(default_factory=list)


def schedule_by_day(sessions, zone: zoneinfo.ZoneInfo) -> list[ScheduleDay]:
    """Arrange sessions (in time order) as a timetable per local day: one column per
    room in use that day (sessions without a room last), one row per start time."""
    days: dict[datetime.date, list[Session]] = {}
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at, zone).date(), []).append(session)
    timetable = []
    for day, day_sessions in sorted(days.items()):
        rooms = sorted(
            {session.room for session in day_sessions if session.room is not None},
            key=lambda room: (room.position, room.name, room.pk),
        )
        if any(session.room is None for session in day_sessions):
            rooms.append(None)
        column = {room.pk if room else None: index for index, room in enumerate(rooms)}
        rows: dict[datetime.datetime, ScheduleRow] = {}
        for session in day_sessions:
            row = rows.get(session.starts_at)
            if row is None:
                row = rows[session.starts_at] = ScheduleRow(
                    starts_at=session.starts_at, cells=[[] for _room in rooms]
                )
            row.cells[column[session.room_id]].append(session)
        timetable.append(
            ScheduleDay(day=day, rooms=rooms, rows=[rows[key] for key in sorted(rows)])
        )
    return timetable


def schedule_days(sessions, zone: zoneinfo.ZoneInfo) -> list[tuple[datetime.date, list]]:
    """Sessions (in time order) grouped by local day."""
    days: dict[datetime.date, list[Session]] = {}
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at, zone).date(), []).append(session)
    return sorted(days.items())


def schedule_by_time(sessions, zone: zoneinfo.ZoneInfo) -> list[tuple[datetime.date, list]]:
    """Sessions (in time order) by local day, then by start time:
    ``[(day, [(starts_at, [session, ...]), ...]), ...]``."""
    return [
        (day, [(start, list(group)) for start, group in groupby(day_sessions, _starts_at)])
        for day, day_sessions in schedule_days(sessions, zone)
    ]


def _starts_at(session: Session) -> datetime.datetime:
    return session.starts_at


# --- Private calendar tokens ------------------------------------------------------------

CALENDAR_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,128}")
# Compared against when no delegate has the token, so both answers take the same work.
_NO_TOKEN = "0" * 43


def delegate_by_calendar_token(token: str) -> Delegate | None:
    """The delegate whose private feed ``token`` opens, or None.

    One indexed lookup then a constant-time comparison, the same for known and unknown
    tokens, so that timing does not tell how much of a guess was right.
    """
    well_formed = CALENDAR_TOKEN_PATTERN.fullmatch(token) is not None
    candidate = (
        Delegate.objects.select_related("user").filter(calendar_token=token).first()
        if well_formed
        else None
    )
    expected = candidate.calendar_token if candidate is not None else _NO_TOKEN
    matches = hmac.compare_digest(expected.encode(), token.encode())
    return candidate if (candidate is not None and matches) else None


def debate_sessions(*, forum_id: int | None = None) -> QuerySet[Session]:
    """The sessions a debate may run in: those of kind debate (of the forum ``forum_id``)."""
    sessions = Session.objects.filter(kind=Session.Kind.DEBATE).select_related("forum__event")
    if forum_id is not None:
        sessions = sessions.filter(forum_id=forum_id)
    return sessions.order_by("starts_at")
