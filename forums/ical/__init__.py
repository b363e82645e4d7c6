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

from forums.ical.addresses import (
    absolute_url,
    delegate_feed_url,
    event_feed_url,
    feed_language,
    forum_feed_url,
    google_calendar_url,
    session_ics_url,
    session_page_url,
    session_uid,
    site_domain,
    webcal_url,
)
from forums.ical.build import (
    PRODID,
    calendar_time,
    render,
    session_component,
    tzinfo_for,
    vtimezone,
)
from forums.ical.feeds import (
    Feed,
    FeedState,
    delegate_feed,
    event_feed,
    feed_state,
    forum_feed,
    session_feed,
)
from forums.ical.http import feed_response
from forums.ical.sources import PersonalSource, personal_sources, register_personal_source

__all__ = [
    "PRODID",
    "Feed",
    "FeedState",
    "PersonalSource",
    "absolute_url",
    "calendar_time",
    "delegate_feed",
    "delegate_feed_url",
    "event_feed",
    "event_feed_url",
    "feed_language",
    "feed_response",
    "feed_state",
    "forum_feed",
    "forum_feed_url",
    "google_calendar_url",
    "personal_sources",
    "register_personal_source",
    "render",
    "session_component",
    "session_feed",
    "session_ics_url",
    "session_page_url",
    "session_uid",
    "site_domain",
    "tzinfo_for",
    "vtimezone",
    "webcal_url",
]
