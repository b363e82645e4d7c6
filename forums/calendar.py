"""iCalendar feeds of the schedule (RFC 5545), built with the icalendar library.

Four feeds (URLs in ``forums/urls.py``): an event's sessions, a forum's sessions, a
delegate's private feed, and one session as a download. They share one builder, so a
session is the same ``VEVENT`` (same UID, same bytes) in every feed it appears in.

Stable bytes. ``DTSTAMP`` and ``LAST-MODIFIED`` come from the session (``updated_at``),
never from the clock, and entries are in a fixed order, so an unchanged schedule gives
identical bytes and the same strong ``ETag`` (a hash of the bytes). ``Last-Modified``
is the newest time found in the data the feed is made of (sessions, their forums,
rooms and events, removed sessions, seats for the private feed); removals are kept in
``ScheduleRemoval`` so that it never goes backwards.

Fast. The serialized ``VEVENT`` of a session is cached under (session, sequence,
language, updated_at) plus a digest of what else it shows (forum, room, event, speakers,
site address), so after one change in a schedule of thousands only that one is built
again: a feed is its header, the ``VTIMEZONE`` blocks and the cached blocks. A
conditional request is answered ``304`` from a few aggregate queries and one cache read,
without building anything.
"""

import dataclasses
import datetime
import functools
import hashlib
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Protocol
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vDDDTypes
from icalendar import Event as VEvent

from events.models import Accreditation, Delegate, Event
from forums import selectors
from forums.models import Forum, Room, ScheduleRemoval, Seat, Session

PRODID = "-//Plenary//Schedule feeds//EN"
# Bump when the bytes of a VEVENT change for the same data (a new property, a new text).
FORMAT_VERSION = 1
# How often subscribed calendars should fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH_INTERVAL = datetime.timedelta(hours=1)
VEVENT_TIMEOUT = 60 * 60 * 24 * 7
# How long the ETag of one state of a feed is remembered. It also bounds how long a
# change that carries no timestamp (a speaker's name) can go unseen by a 304.
STATE_TIMEOUT = 60 * 10
FRESH_CHANGE = datetime.timedelta(seconds=1)
PUBLIC_CACHE_CONTROL = "public, max-age=300"
PRIVATE_CACHE_CONTROL = "private, no-cache"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Above this many blocks to build, load the feed's sessions by subquery, not by id list.
MANY = 500
END = b"END:VCALENDAR\r\n"


# --- Addresses and identifiers ---------------------------------------------------------


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_uid(session_uuid) -> str:
    """The UID of a session in every feed and download: never time-based, never reused."""
    return f"session-{session_uuid}@{site_domain()}"


def absolute_url(path: str, language: str | None = None) -> str:
    url = f"{settings.SITE_URL}{path}"
    if language and language != settings.LANGUAGE_CODE:
        url = f"{url}?lang={language}"
    return url


def webcal_url(url: str) -> str:
    """The ``webcal://`` form of a feed address: calendar apps open it as a subscription."""
    return "webcal://" + url.split("://", 1)[-1]


def google_calendar_url(url: str) -> str:
    """Google Calendar's "add by URL" page for a feed."""
    return "https://calendar.google.com/calendar/render?cid=" + quote(webcal_url(url), safe="")


def event_feed_url(event: Event, language: str | None = None) -> str:
    return absolute_url(reverse("calendar-event", args=[event.slug]), language)


def forum_feed_url(forum: Forum, language: str | None = None) -> str:
    return absolute_url(reverse("calendar-forum", args=[forum.event.slug, forum.slug]), language)


def delegate_feed_url(delegate: Delegate, language: str | None = None) -> str:
    return absolute_url(reverse("calendar-delegate", args=[delegate.calendar_token]), language)


def session_ics_url(session: Session, language: str | None = None) -> str:
    return absolute_url(reverse("calendar-session", args=[session.uuid]), language)


def session_page_url(session: Session, language: str) -> str:
    return f"{absolute_url(session.forum.get_absolute_url(), language)}#session-{session.uuid}"


def feed_language(request) -> str:
    """``?lang=fr`` picks the language; otherwise English, whatever the client sends, so
    that the same URL always gives the same bytes."""
    requested = request.GET.get("lang")
    supported = {code for code, _name in settings.LANGUAGES}
    return requested if requested in supported else settings.LANGUAGE_CODE


# --- Other entries of the private feed -------------------------------------------------
#
# The private feed shows a delegate's sessions and, from other parts of Plenary,
# personal entries such as the deadlines of their position papers. Such a part
# registers a source here; the feed asks each source for its state (to decide a 304 and
# to compute Last-Modified) and, when it builds, for its entries.


class PersonalSource(Protocol):
    #: Short stable name, part of the cache key of the feed state.
    name: str

    def state(self, delegate: Delegate) -> tuple[int, datetime.datetime | None]:
        """How many entries the delegate has, and the newest change to them (cheap: one
        aggregate query). Removals must keep moving the date forward."""

    def events(self, delegate: Delegate) -> Iterable[VEvent]:
        """The entries, built in the active language, with a UID that never changes,
        DTSTAMP and LAST-MODIFIED from the data, and DTSTART/DTEND in a named zone."""


PERSONAL_SOURCES: list[PersonalSource] = []


def register_personal_source(source: PersonalSource) -> PersonalSource:
    if all(existing.name != source.name for existing in PERSONAL_SOURCES):
        PERSONAL_SOURCES.append(source)
    return source


# --- Feeds -----------------------------------------------------------------------------


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
        for source in PERSONAL_SOURCES:
            entries, newest = source.state(feed.delegate)
            count += entries
            times.append(newest)
    times = [time for time in times if time is not None]
    return FeedState(count=count, last_modified=max(times) if times else None)


# --- Building --------------------------------------------------------------------------

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "Universal"})


@functools.lru_cache(maxsize=256)
def _zone(name: str) -> datetime.tzinfo:
    return datetime.UTC if name in UTC_NAMES else zoneinfo.ZoneInfo(name)


@functools.lru_cache(maxsize=256)
def _tzid(name: str) -> str | None:
    """The TZID icalendar writes for times in zone ``name`` (None when it writes UTC)."""
    probe = vDDDTypes(datetime.datetime(2000, 1, 1, tzinfo=_zone(name)))
    return probe.params.get("TZID")


@functools.lru_cache(maxsize=256)
def vtimezone(name: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``name`` covering the given years, from the system's tz data."""
    component = Timezone.from_tzid(
        name,
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year, 12, 31),
    )
    return component.to_ical()


def _calendar_time(value: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    """``value`` in the event's zone, written with its TZID; in UTC when that wall time is
    ambiguous (the hour repeated when clocks go back), where a TZID would mean the
    first of the two (RFC 5545 3.3.5) and the time would not read back exactly."""
    local = value.astimezone(zone)
    first_reading = local.replace(fold=0)
    if first_reading.astimezone(datetime.UTC) != value.astimezone(datetime.UTC):
        return value.astimezone(datetime.UTC)
    return local


def _speaker_text(delegate: Delegate) -> str:
    organization = delegate.organization.short_name or delegate.organization.name
    return f"{delegate.display_name} ({organization})"


def session_component(session: Session, language: str) -> VEvent:
    """The VEVENT of one session, in ``language`` (call inside ``translation.override``).

    ``session`` needs its forum, event, room and speakers loaded (``session_list``).
    """
    event = session.forum.event
    zone = _zone(event.time_zone)
    url = session_page_url(session, language)
    cancelled = session.is_cancelled

    lines = []
    if cancelled:
        lines.append(_("This session has been cancelled."))
    if session.description:
        lines.append(session.description.strip())
    speakers = list(session.speakers.all())
    if speakers:
        lines.append(_("Speakers: %(names)s") % {"names": "; ".join(map(_speaker_text, speakers))})
    lines.append(f"{session.forum.title} · {event.title}")
    lines.append(url)

    component = VEvent()
    component.add("uid", session_uid(session.uuid))
    component.add("dtstamp", session.updated_at)
    component.add("created", session.created_at)
    component.add("last-modified", session.updated_at)
    component.add("sequence", session.sequence)
    component.add("dtstart", _calendar_time(session.starts_at, zone))
    component.add("dtend", _calendar_time(session.ends_at, zone))
    title = session.title
    component.add("summary", _("Cancelled: %(title)s") % {"title": title} if cancelled else title)
    component.add("description", "\n\n".join(lines))
    location = [session.room.name if session.room else "", event.venue, event.host_city]
    component.add("location", ", ".join(part for part in location if part))
    component.add("url", url)
    component.add("categories", [session.forum.title, session.get_kind_display()])
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    transparent = cancelled or session.kind == Session.Kind.BREAK
    component.add("transp", "TRANSPARENT" if transparent else "OPAQUE")
    return component


def _digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=10).hexdigest()


@dataclasses.dataclass
class _Entry:
    pk: int
    cache_key: str
    body: bytes | None = None


def _entries(sessions: QuerySet, language: str) -> tuple[list[_Entry], dict[str, list[int]]]:
    """The cache key of every session's VEVENT, and the years each time zone spans.

    Narrow queries, so that an unchanged feed costs little: one row of ids and one
    timestamp per session; forums, rooms, speakers and year spans apart.
    """
    rows = sessions.order_by("starts_at", "pk").values_list(
        "pk", "sequence", "updated_at", "forum_id", "room_id"
    )
    forums = {
        pk: (updated, event_updated, zone_name)
        for pk, updated, event_updated, zone_name in Forum.objects.filter(
            pk__in=sessions.values("forum_id")
        ).values_list("pk", "updated_at", "event__updated_at", "event__time_zone")
    }
    rooms = dict(
        Room.objects.filter(pk__in=sessions.values("room_id")).values_list("pk", "updated_at")
    )
    speakers: dict[int, list[tuple]] = {}
    for row in (
        Session.speakers.through.objects.filter(session__in=sessions.values("pk"))
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
    ):
        speakers.setdefault(row[0], []).append(row[1:])
    years: dict[str, list[int]] = {}
    for zone_name, first, last in (
        sessions.order_by()
        .values_list("forum__event__time_zone")
        .annotate(first=Min("starts_at"), last=Max("ends_at"))
    ):
        zone = _zone(zone_name)
        years[zone_name] = [first.astimezone(zone).year, last.astimezone(zone).year]

    site = settings.SITE_URL
    contexts: dict[tuple, str] = {}
    prefix = f"calendar:{FORMAT_VERSION}:vevent"
    entries = []
    for pk, sequence, updated, forum_id, room_id in rows:
        context = contexts.get((forum_id, room_id))
        if context is None:
            context = _digest(site, forums[forum_id], rooms.get(room_id))
            contexts[(forum_id, room_id)] = context
        people = speakers.get(pk)
        if people:
            context += _digest(people)
        entries.append(
            _Entry(
                pk=pk,
                cache_key=f"{prefix}:{pk}:{sequence}:{language}:{updated.isoformat()}:{context}",
            )
        )
    return entries, years


def _fill(entries: list[_Entry], shown: QuerySet, language: str) -> None:
    """Take every VEVENT from the cache; build (and cache) only the missing ones."""
    found = cache.get_many([entry.cache_key for entry in entries])
    missing = {}
    for entry in entries:
        entry.body = found.get(entry.cache_key)
        if entry.body is None:
            missing[entry.pk] = entry
    if not missing:
        return
    sessions = selectors.session_list()
    if len(missing) <= MANY:
        sessions = sessions.filter(pk__in=list(missing))
    else:
        sessions = sessions.filter(pk__in=shown.values("pk"))
    built = {}
    for session in sessions:
        entry = missing.get(session.pk)
        if entry is None:
            continue
        entry.body = session_component(session, language).to_ical()
        built[entry.cache_key] = entry.body
    cache.set_many(built, VEVENT_TIMEOUT)


def _header(feed: Feed) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if feed.name is not None:
        name = feed.name()
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", feed.time_zone)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDDDTypes(REFRESH_INTERVAL).to_ical().decode())
    data = calendar.to_ical()
    return data.removesuffix(END)


def _zone_years(component: VEvent) -> Iterable[tuple[str, int]]:
    for name in ("dtstart", "dtend", "due"):
        value = component.get(name)
        when = getattr(value, "dt", None)
        tzinfo = getattr(when, "tzinfo", None)
        key = getattr(tzinfo, "key", None)
        if isinstance(when, datetime.datetime) and key:
            yield key, when.year


def render(feed: Feed, language: str) -> bytes:
    """The feed's bytes: header, one VTIMEZONE per zone used, the VEVENTs in order."""
    with translation.override(language):
        shown = feed.sessions.filter(feed.shown) if feed.shown is not None else feed.sessions
        entries, years = _entries(shown, language)
        _fill(entries, shown, language)
        blocks = [entry.body for entry in entries]
        if feed.delegate is not None:
            for source in PERSONAL_SOURCES:
                for component in source.events(feed.delegate):
                    blocks.append(component.to_ical())
                    for zone_name, year in _zone_years(component):
                        years.setdefault(zone_name, []).append(year)
        zones = [
            vtimezone(name, min(spread), max(spread))
            for name, spread in sorted(years.items())
            if _tzid(name) is not None
        ]
        return b"".join([_header(feed), *zones, *blocks, END])


# --- HTTP ------------------------------------------------------------------------------


def _state_key(feed: Feed, language: str, state: FeedState) -> str:
    stamp = state.last_modified.isoformat() if state.last_modified else "-"
    sources = ",".join(source.name for source in PERSONAL_SOURCES) if feed.private else ""
    site = _digest(settings.SITE_URL, sources)
    return f"calendar:{FORMAT_VERSION}:etag:{feed.key}:{language}:{state.count}:{stamp}:{site}"


def _finish(response: HttpResponse, feed: Feed, language: str, etag, last_modified) -> None:
    if etag:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL if feed.private else PUBLIC_CACHE_CONTROL
    response["Content-Language"] = language
    if feed.private:
        response["X-Robots-Tag"] = "noindex, nofollow"


def feed_response(request, feed: Feed) -> HttpResponse:
    """Answer a GET for ``feed``: 304 when the client's copy is current (decided before
    anything is built), otherwise the feed with a strong ETag and Last-Modified."""
    language = feed_language(request)
    state = feed_state(feed)
    last_modified = None
    # HTTP dates count whole seconds: a change in the second now under way could be
    # followed by another that the same date would hide, so such a date is not sent
    # yet (the ETag still validates).
    if state.last_modified and timezone.now() - state.last_modified >= FRESH_CHANGE:
        last_modified = int(state.last_modified.timestamp())
    state_key = _state_key(feed, language, state)
    etag = cache.get(state_key)

    answer = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if answer is None:
        body = render(feed, language)
        etag = quote_etag(hashlib.sha256(body).hexdigest())
        cache.set(state_key, etag, STATE_TIMEOUT)
        answer = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if answer is None:
            answer = HttpResponse(body, content_type=CONTENT_TYPE)
            if feed.filename:
                answer["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    _finish(answer, feed, language, etag, last_modified)
    return answer
