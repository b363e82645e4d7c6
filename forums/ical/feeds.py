"""What each feed contains, and the state (count, newest change) that decides a 304."""

import dataclasses
import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Accreditation, Delegate, Event
from forums import selectors
from forums.ical.sources import personal_sources
from forums.models import Forum, ScheduleRemoval, Seat, Session, SessionStar


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
    sessions where they speak, sessions they starred, and the entries of the personal
    sources."""
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
            ),
            (SessionStar.objects.filter(delegate=delegate), ("created_at",)),
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
    #: A digest of the inputs of the feed's bytes that carry no timestamp of their own
    #: (the speakers' names and organizations, the site's address).
    content: str = ""


# How long the time a feed's untimed inputs last changed is remembered: as long as the
# cache keeps it (with REDIS_URL, shared by every worker).
MARK_TIMEOUT = None


def _untimed_inputs(shown: QuerySet) -> str:
    """A digest of what the feed's bytes show that has no ``updated_at``: a speaker renamed
    in their account, their organization renamed, another SITE_URL."""
    speakers = list(
        Session.speakers.through.objects.filter(session__in=shown.values("pk"))
        .order_by("session_id", "delegate_id")
        .values_list(
            "session_id",
            "delegate_id",
            "delegate__user__username",
            "delegate__user__first_name",
            "delegate__user__last_name",
            "delegate__organization__name",
            "delegate__organization__short_name",
        )
    )
    return hashlib.blake2b(repr((settings.SITE_URL, speakers)).encode(), digest_size=10).hexdigest()


def _content_changed_at(feed: Feed, content: str) -> datetime.datetime | None:
    """When the untimed inputs of ``feed`` last changed, as far as this site has seen:
    None until they change after the first time the feed is asked for; then the time
    of the first request that saw them change. Never goes backwards."""
    key = f"calendar:mark:{feed.key}"
    mark = cache.get(key)
    if mark is None:
        cache.set(key, (content, None), MARK_TIMEOUT)
        return None
    seen, changed_at = mark
    if seen != content:
        changed_at = timezone.now()
        cache.set(key, (content, changed_at), MARK_TIMEOUT)
    return changed_at


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
    shown = feed.sessions.filter(feed.shown) if feed.shown is not None else feed.sessions
    content = _untimed_inputs(shown)
    times.append(_content_changed_at(feed, content))
    times = [time for time in times if time is not None]
    return FeedState(count=count, last_modified=max(times) if times else None, content=content)
