"""Building the bytes of a feed: the VEVENT of each session (cached), VTIMEZONEs, header."""

import dataclasses
import datetime
import functools
import hashlib
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vDDDTypes
from icalendar import Event as VEvent

from events.models import Delegate
from forums import selectors
from forums.ical.addresses import session_page_url, session_uid
from forums.ical.feeds import Feed
from forums.ical.sources import personal_sources
from forums.models import Forum, Room, Session

PRODID = "-//Plenary//Schedule feeds//EN"
# Bump when the bytes of a VEVENT change for the same data (a new property, a new text).
FORMAT_VERSION = 3
# How often subscribed calendars should fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH_INTERVAL = datetime.timedelta(hours=1)
VEVENT_TIMEOUT = 60 * 60 * 24 * 7
# Above this many blocks to build, load the feed's sessions by subquery, not by id list.
MANY = 500
END = b"END:VCALENDAR\r\n"

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "Universal"})


@functools.lru_cache(maxsize=256)
def tzinfo_for(name: str) -> datetime.tzinfo:
    """The zone of IANA name ``name`` (UTC as ``datetime.UTC``, which icalendar writes as Z)."""
    return datetime.UTC if name in UTC_NAMES else zoneinfo.ZoneInfo(name)


@functools.lru_cache(maxsize=256)
def _tzid(name: str) -> str | None:
    """The TZID icalendar writes for times in zone ``name`` (None when it writes UTC)."""
    probe = vDDDTypes(datetime.datetime(2000, 1, 1, tzinfo=tzinfo_for(name)))
    return probe.params.get("TZID")


@functools.lru_cache(maxsize=256)
def vtimezone(name: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``name`` covering the given years, from the system's tz data."""
    component = Timezone.from_tzid(
        name,
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year, 12, 31),
    )
    zone = zoneinfo.ZoneInfo(name)
    for observance in component.subcomponents:
        onset = _onset(observance, zone)
        if onset is not None:
            observance["DTSTART"] = vDDDTypes(onset)
    return component.to_ical()


def _onset(observance, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """The local time at which ``observance`` begins, on the clock before it (RFC 5545:
    DTSTART is read with TZOFFSETFROM, so the spring jump starts at 02:00, not 03:00);
    None for an observance that begins at no change of the clock."""
    written = observance.decoded("DTSTART")
    before, after = observance.decoded("TZOFFSETFROM"), observance.decoded("TZOFFSETTO")
    for offset in (before, after):
        instant = (written - offset).replace(tzinfo=datetime.UTC)
        moment = datetime.timedelta(seconds=1)
        if (instant - moment).astimezone(zone).utcoffset() == before and (
            instant.astimezone(zone).utcoffset() == after
        ):
            return (instant + before).replace(tzinfo=None)
    return None


def calendar_time(value: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    """``value`` in the event's zone, written with its TZID; in UTC when that wall time is
    ambiguous (either occurrence of the hour repeated when clocks go back). RFC 5545
    3.3.5 says a TZID time of the repeated hour means the first occurrence, but clients
    differ (ical.js, and so Thunderbird, and khal read the second): only UTC reads back
    the same everywhere."""
    local = value.astimezone(zone)
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() != local.utcoffset():
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
    zone = tzinfo_for(event.time_zone)
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
    component.add("dtstart", calendar_time(session.starts_at, zone))
    component.add("dtend", calendar_time(session.ends_at, zone))
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


def digest(*parts) -> str:
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
        zone = tzinfo_for(zone_name)
        years[zone_name] = [first.astimezone(zone).year, last.astimezone(zone).year]

    site = settings.SITE_URL
    contexts: dict[tuple, str] = {}
    prefix = f"calendar:{FORMAT_VERSION}:vevent"
    entries = []
    for pk, sequence, updated, forum_id, room_id in rows:
        context = contexts.get((forum_id, room_id))
        if context is None:
            context = digest(site, forums[forum_id], rooms.get(room_id))
            contexts[(forum_id, room_id)] = context
        people = speakers.get(pk)
        if people:
            context += digest(people)
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
            for source in personal_sources():
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
