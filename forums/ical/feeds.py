"""What each feed contains, and the state (count, newest change) that decides a 304."""

import dataclasses
import datetime
from collections.abc import Callable

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from events.models import Accreditation, Delegate, Event
from forums import selectors
from forums.ical.sources import personal_sources
from forums.models import Forum, ScheduleRemoval, Seat, Session


@dataclasses.dataclass
class Feed:
    """What one feed contains and which data its freshness depends on."""

    #: Identity in the cache: "event:3", "forum:12", "delegate:7", "session:42".
    key: str
    #: The sessions the feed is made of, drafts included (see ``shown``).
    sessions: QuerySet
    #: Which of ``sessions`` are shown (the private feed hides draft events).
    shown: Q | None = None
    #: Sessions that left the feed (their removal moves Last-Modified forward).
    removals: QuerySet | None = None
    #: Other rows whose newest time moves Last-Modified: (queryset, fields).
    watermarks: list[tuple[QuerySet, tuple[str, ...]]] = dataclasses.field(default_factory=list)
    #: Times already known (the event's or forum's ``updated_at``).
    times: tuple[datetime.datetime, ...] = ()
    #: X-WR-CALNAME, built in the feed's language; None for a one-session download.
    name: Callable[[], str] | None = None
    #: X-WR-TIMEZONE.
    time_zone: str = "UTC"
    private: bool = False
    delegate: Delegate | None = None
    #: Offered as a download with this file name.
    filename: str | None = None


def event_feed(event: Event) -> Feed:
    return Feed(
        key=f"event:{event.pk}",
        sessions=Session.objects.filter(forum__event=event),
        removals=ScheduleRemoval.objects.filter(event=event, delegate__isnull=True),
        times=(event.updated_at,),
        name=lambda: event.title,
        time_zone=event.time_zone,
    )


def forum_feed(forum: Forum) -> Feed:
    return Feed(
        key=f"forum:{forum.pk}",
        sessions=Session.objects.filter(forum=forum),
        removals=ScheduleRemoval.objects.filter(forum=forum, delegate__isnull=True),
        times=(forum.updated_at, forum.event.updated_at),
        name=lambda: f"{forum.title} · {forum.event.title}",
        time_zone=forum.event.time_zone,
    )


def delegate_feed(delegate: Delegate) -> Feed:
    """The private feed: sessions of forums where the delegate holds a confirmed seat,
    sessions where they speak, and the entries of the personal sources."""
    seat_forums = Seat.objects.filter(delegate=delegate).values("forum_id")
    events = Accreditation.objects.filter(delegate=delegate).values("event_id")
    return Feed(
        key=f"delegate:{delegate.pk}:{delegate.time_zone}",
        sessions=selectors.delegate_sessions(delegate, include_drafts=True),
        shown=~Q(forum__event__status=Event.Status.DRAFT),
        removals=ScheduleRemoval.objects.filter(
            Q(delegate=delegate)
            | Q(delegate__isnull=True, forum_id__in=seat_forums)
            | Q(delegate__isnull=True, event_id__in=events)
        ),
        watermarks=[
            (
                Seat.objects.filter(delegate=delegate),
                ("created_at", "confirmed_at", "cancelled_at"),
            )
        ],
        times=(delegate.user.date_joined,),
        name=lambda: _("My sessions · Plenary"),
        time_zone=delegate.time_zone,
        private=True,
        delegate=delegate,
    )


def session_feed(session: Session) -> Feed:
    return Feed(
        key=f"session:{session.pk}",
        sessions=Session.objects.filter(pk=session.pk),
        time_zone=session.forum.event.time_zone,
        filename=f"session-{session.uuid}.ics",
    )


@dataclasses.dataclass(frozen=True)
class FeedState:
    count: int
    last_modified: datetime.datetime | None


def feed_state(feed: Feed) -> FeedState:
    """How many entries the feed has and the newest change it depends on: a few
    aggregate queries, whatever the number of sessions."""
    counted = Count("pk", filter=feed.shown) if feed.shown is not None else Count("pk")
    found = feed.sessions.order_by().aggregate(
        count=counted,
        sessions=Max("updated_at"),
        forums=Max("forum__updated_at"),
        rooms=Max("room__updated_at"),
        events=Max("forum__event__updated_at"),
    )
    count = found.pop("count")
    times = [*found.values(), *feed.times]
    if feed.removals is not None:
        times.append(feed.removals.order_by().aggregate(last=Max("removed_at"))["last"])
    for queryset, fields in feed.watermarks:
        newest = queryset.order_by().aggregate(**{name: Max(name) for name in fields})
        times.extend(newest.values())
    if feed.delegate is not None:
        for source in personal_sources():
            entries, newest = source.state(feed.delegate)
            count += entries
            times.append(newest)
    times = [time for time in times if time is not None]
    return FeedState(count=count, last_modified=max(times) if times else None)
