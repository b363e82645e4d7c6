"""The iCalendar feeds, read back with vobject (a parser independent of the builder)."""

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from forums.models import Seat
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    EventFactory,
    ForumFactory,
    RoomFactory,
)
from tests.forums.ical.support import (
    make_session,
    vevents,
)

pytestmark = pytest.mark.django_db

# --- Query counts -------------------------------------------------------------------------


def _queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code in (200, 304)
    return len(captured)


def _schedule(forum, delegate, count):
    rooms = [RoomFactory(event=forum.event) for _ in range(3)]
    speakers = [DelegateFactory() for _ in range(3)]
    for index in range(count):
        make_session(
            forum,
            day=index % 4,
            hour=8 + (index // 4) % 10,
            room=rooms[index % 3],
            speakers=[speakers[index % 3], delegate],
        )


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/events/annual.ics",
        "/calendar/events/annual/forums/housing.ics",
        "/calendar/me/{token}.ics",
    ],
)
def test_feed_query_count_does_not_grow_with_sessions(
    client, forum, delegate, url, django_assert_max_num_queries
):
    url = url.format(token=delegate.calendar_token)
    Seat.objects.create(delegate=delegate, forum=forum, status=Seat.Status.CONFIRMED)
    AccreditationFactory(delegate=delegate, event=forum.event)
    _schedule(forum, delegate, 3)
    cold_small = _queries(client, url)
    warm_small = _queries(client, url)
    etag = client.get(url)["ETag"]
    not_modified_small = _queries(client, url, HTTP_IF_NONE_MATCH=etag)

    _schedule(forum, delegate, 37)
    cache.clear()
    cold_large = _queries(client, url)
    warm_large = _queries(client, url)
    etag = client.get(url)["ETag"]
    not_modified_large = _queries(client, url, HTTP_IF_NONE_MATCH=etag)

    assert (cold_large, warm_large, not_modified_large) == (
        cold_small,
        warm_small,
        not_modified_small,
    )
    # The private feed also asks the paper deadlines (three aggregates, two lists) and
    # the newest star.
    private = "/calendar/me/" in url
    # The state reads the speakers' names too (they carry no timestamp): one query.
    assert cold_large <= (18 if private else 13)
    assert not_modified_large <= (9 if private else 6)
    with django_assert_max_num_queries(cold_large):
        assert len(vevents(client.get(url))) == 40


# --- Visibility ---------------------------------------------------------------------------


def test_draft_events_have_no_feeds(client):
    draft = EventFactory(slug="draft", status=Event.Status.DRAFT)
    forum = ForumFactory(event=draft, slug="secret")
    session = make_session(forum)

    assert client.get("/calendar/events/draft.ics").status_code == 404
    assert client.get("/calendar/events/draft/forums/secret.ics").status_code == 404
    assert client.get(f"/calendar/sessions/{session.uuid}.ics").status_code == 404


def test_unknown_feeds_are_404(client, event):
    assert client.get("/calendar/events/nowhere.ics").status_code == 404
    assert client.get("/calendar/events/annual/forums/nowhere.ics").status_code == 404
    assert client.get(f"/calendar/sessions/{uuid.uuid4()}.ics").status_code == 404


def test_feeds_refuse_writes(client, forum):
    response = client.post("/calendar/events/annual.ics")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
