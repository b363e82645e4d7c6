"""Reads of the programme: one session's page, a delegate's agenda, what is on now."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from events.models import Delegate, Event
from forums.models import Seat, Session, SessionStar
from forums.selectors.schedule import delegate_sessions, session_list


def session_for_page(*, event: Event, session_uuid) -> Session | None:
    """The session of ``event`` with this UUID (the UID of its calendar entries), with
    everything its page shows loaded, or None."""
    return session_list(event=event).filter(uuid=session_uuid).first()


def starred_session_ids(*, delegate: Delegate | None, sessions=None) -> set[int]:
    """Which sessions ``delegate`` starred (among ``sessions`` when given). Stars are
    private: only ever read for the delegate who is asking."""
    if delegate is None:
        return set()
    stars = SessionStar.objects.filter(delegate=delegate)
    if sessions is not None:
        stars = stars.filter(session__in=sessions)
    return set(stars.values_list("session_id", flat=True))


@dataclass
class AgendaEntry:
    session: Session
    starred: bool = False
    #: In a forum where the delegate holds a confirmed seat.
    seated: bool = False
    speaking: bool = False
    #: The other sessions of the agenda that overlap this one.
    clashes: list[Session] = field(default_factory=list)


@dataclass
class AgendaDay:
    event: Event
    day: datetime.date
    entries: list[AgendaEntry]


def _takes_time(session: Session) -> bool:
    """Whether a session keeps a delegate busy (cancelled sessions and breaks do not)."""
    return not session.is_cancelled and session.kind != Session.Kind.BREAK


def mark_clashes(entries: list[AgendaEntry]) -> None:
    """Note on each entry the other entries that overlap it (entries in time order)."""
    busy = [entry for entry in entries if _takes_time(entry.session)]
    for index, entry in enumerate(busy):
        for other in busy[index + 1 :]:
            if other.session.starts_at >= entry.session.ends_at:
                break
            entry.clashes.append(other.session)
            other.clashes.append(entry.session)


def agenda(*, delegate: Delegate) -> list[AgendaDay]:
    """The delegate's agenda: starred sessions, sessions of forums where they hold a
    confirmed seat and sessions where they speak, in time order, by event and local day,
    with overlaps marked."""
    mine = delegate_sessions(delegate)
    sessions = list(session_list().filter(pk__in=mine.values("pk")))
    starred = starred_session_ids(delegate=delegate)
    seated = set(
        Seat.objects.filter(delegate=delegate, status=Seat.Status.CONFIRMED).values_list(
            "forum_id", flat=True
        )
    )
    entries = [
        AgendaEntry(
            session=session,
            starred=session.pk in starred,
            seated=session.forum_id in seated,
            speaking=any(speaker.pk == delegate.pk for speaker in session.speakers.all()),
        )
        for session in sessions
    ]
    mark_clashes(entries)
    days: dict[tuple, AgendaDay] = {}
    for entry in entries:
        event = entry.session.forum.event
        day = timezone.localtime(entry.session.starts_at, event.zone).date()
        key = (event.pk, day)
        if key not in days:
            days[key] = AgendaDay(event=event, day=day, entries=[])
        days[key].entries.append(entry)
    return list(days.values())


@dataclass
class OnNow:
    #: Sessions under way (a debate session while its debate is live).
    now: list[Session]
    #: The sessions that start next, all those sharing the earliest start to come.
    next: list[Session]


def on_now(sessions, *, at: datetime.datetime | None = None) -> OnNow:
    """What is happening at ``at`` among ``sessions`` (loaded by ``session_list``, in time
    order) and what comes next. No query beyond loading ``sessions``."""
    at = at or timezone.now()
    sessions = list(sessions)
    now = [session for session in sessions if session.is_live(at)]
    coming = [
        session
        for session in sessions
        if not session.is_cancelled and session.starts_at > at and session not in now
    ]
    first = min((session.starts_at for session in coming), default=None)
    return OnNow(now=now, next=[session for session in coming if session.starts_at == first])
