"""Addresses and identifiers of the calendar feeds: UIDs, feed URLs, subscribe links."""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse

from events.models import Delegate, Event
from forums.models import Forum, Session


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
    return absolute_url(session.get_absolute_url(), language)


def feed_language(request) -> str:
    """``?lang=fr`` picks the language; otherwise English, whatever the client sends, so
    that the same URL always gives the same bytes."""
    requested = request.GET.get("lang")
    supported = {code for code, _name in settings.LANGUAGES}
    return requested if requested in supported else settings.LANGUAGE_CODE
