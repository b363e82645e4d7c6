"""Answering a GET for a feed: 304 from the feed state alone, otherwise the bytes."""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from forums.ical.addresses import feed_language
from forums.ical.build import FORMAT_VERSION, digest, render
from forums.ical.feeds import Feed, FeedState, feed_state
from forums.ical.sources import personal_sources

# How long the ETag of one state of a feed is remembered (the state includes a digest of
# the inputs that carry no timestamp, so a renamed speaker is a new state at once).
STATE_TIMEOUT = 60 * 10
FRESH_CHANGE = datetime.timedelta(seconds=1)
PUBLIC_CACHE_CONTROL = "public, max-age=300"
PRIVATE_CACHE_CONTROL = "private, no-cache"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _state_key(feed: Feed, language: str, state: FeedState) -> str:
    stamp = state.last_modified.isoformat() if state.last_modified else "-"
    sources = ",".join(source.name for source in personal_sources()) if feed.private else ""
    site = digest(settings.SITE_URL, sources)
    return (
        f"calendar:{FORMAT_VERSION}:etag:{feed.key}:{language}:{state.count}:{stamp}:{site}"
        f":{state.content}"
    )


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
