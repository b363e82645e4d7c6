"""Starred sessions in the private feed, read back with ical.js (as Thunderbird reads it)."""

import datetime

import pytest

from forums import ical as calendar
from forums.services import session_star, session_unstar
from tests.factories import DelegateFactory, EventFactory, ForumFactory
from tests.forums.ical.support import age_everything, make_session, parse_http_date
from tests.forums.ical.test_clients import read_with_icaljs

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory(event=EventFactory(slug="annual", time_zone="America/Toronto"))


def feed(client, delegate, **headers):
    return client.get(f"/calendar/me/{delegate.calendar_token}.ics", **headers)


def test_the_private_feed_has_the_sessions_the_delegate_starred(client, forum):
    amina, diego = DelegateFactory(), DelegateFactory()
    starred = make_session(forum, hour=9)
    make_session(forum, hour=11)
    session_star(actor=amina.user, session=starred)

    read = read_with_icaljs(feed(client, amina).content)
    others = read_with_icaljs(feed(client, diego).content)

    assert [(event["uid"], event["start"], event["zone"]) for event in read] == [
        (
            calendar.session_uid(starred.uuid),
            int(starred.starts_at.timestamp()),
            "America/Toronto",
        )
    ]
    assert others == []


def test_a_star_and_an_unstar_move_the_feed_forward(client, forum):
    amina = DelegateFactory()
    session = make_session(forum)
    age_everything(by=datetime.timedelta(minutes=20))
    before = feed(client, amina)

    session_star(actor=amina.user, session=session)
    age_everything()
    starred = feed(client, amina, HTTP_IF_NONE_MATCH=before["ETag"])
    session_unstar(actor=amina.user, session=session)
    unstarred = feed(
        client,
        amina,
        HTTP_IF_NONE_MATCH=starred["ETag"],
        HTTP_IF_MODIFIED_SINCE=starred["Last-Modified"],
    )

    assert (starred.status_code, unstarred.status_code) == (200, 200)
    assert read_with_icaljs(starred.content)[0]["uid"] == calendar.session_uid(session.uuid)
    assert read_with_icaljs(unstarred.content) == []
    assert parse_http_date(starred["Last-Modified"]) > parse_http_date(before["Last-Modified"])
