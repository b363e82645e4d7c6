"""The iCalendar feeds, read back with vobject (a parser independent of the builder)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Event as VEvent

from events.models import Event
from forums import ical as calendar
from forums import selectors
from forums.models import Seat
from forums.services import (
    seat_cancel,
)
from tests.factories import (
    AccreditationFactory,
    EventFactory,
    ForumFactory,
)
from tests.forums.ical.support import (
    age_everything,
    make_session,
    parse,
    parse_http_date,
    uids,
    unfolded,
    vevents,
)

pytestmark = pytest.mark.django_db

# --- The private feed -----------------------------------------------------------------------


def test_private_feed_has_seat_forums_and_speaking_slots_only(client, event, delegate):
    forums = {name: ForumFactory(event=event, slug=name) for name in "abcde"}
    statuses = {"a": "confirmed", "b": "waitlisted", "c": "cancelled"}
    for name, status in statuses.items():
        Seat.objects.create(delegate=delegate, forum=forums[name], status=status)
    seat_session = make_session(forums["a"], hour=9)
    make_session(forums["b"], hour=10)
    make_session(forums["c"], hour=11)
    speaking = make_session(forums["d"], hour=12, speakers=[delegate])
    make_session(forums["d"], hour=13)
    make_session(forums["e"], hour=14)
    draft = EventFactory(status=Event.Status.DRAFT, start_date=event.start_date)
    draft_forum = ForumFactory(event=draft)
    Seat.objects.create(delegate=delegate, forum=draft_forum, status="confirmed")
    make_session(draft_forum, hour=15)

    response = client.get(f"/calendar/me/{delegate.calendar_token}.ics")

    assert response.status_code == 200
    assert uids(response) == [
        calendar.session_uid(seat_session.uuid),
        calendar.session_uid(speaking.uuid),
    ]
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert parse(response).contents["x-wr-calname"][0].value == "My sessions · Plenary"
    assert parse(response).contents["x-wr-timezone"][0].value == delegate.time_zone


def test_private_feed_shows_nothing_of_other_delegates(client, event, delegate, other_delegate):
    mine, theirs = ForumFactory(event=event), ForumFactory(event=event)
    Seat.objects.create(delegate=delegate, forum=mine, status="confirmed")
    Seat.objects.create(delegate=other_delegate, forum=theirs, status="confirmed")
    make_session(mine, hour=9)
    make_session(theirs, hour=10, title_en="Their panel", speakers=[other_delegate])

    text = unfolded(client.get(f"/calendar/me/{delegate.calendar_token}.ics"))

    assert "Their panel" not in text
    assert other_delegate.display_name not in text
    assert other_delegate.organization.name not in text
    assert other_delegate.calendar_token not in text
    assert delegate.calendar_token not in text
    assert delegate.display_name not in text


def test_private_feed_follows_seat_changes(client, event, forum, delegate):
    AccreditationFactory(delegate=delegate, event=event)
    seat = Seat.objects.create(delegate=delegate, forum=forum, status="confirmed")
    forum.seats_taken = 1
    forum.save()
    make_session(forum)
    age_everything()
    url = f"/calendar/me/{delegate.calendar_token}.ics"
    first = client.get(url)

    seat_cancel(actor=delegate.user, seat=seat)
    Seat.objects.update(cancelled_at=timezone.now() - datetime.timedelta(seconds=2))
    after = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert len(uids(first)) == 1
    assert after.status_code == 200
    assert uids(after) == []
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_private_feed_needs_no_login_and_rotation_kills_the_old_url(
    client, delegate, delegate_client
):
    old = f"/calendar/me/{delegate.calendar_token}.ics"
    assert client.get(old).status_code == 200

    rotated = delegate_client.post("/api/v1/me/calendar-token/")

    new_token = rotated.json()["calendar_token"]
    assert new_token != delegate.calendar_token
    assert client.get(old).status_code == 404
    assert client.get(f"/calendar/me/{new_token}.ics").status_code == 200


def test_rotate_button_on_the_me_page_kills_the_old_url(client, delegate):
    old = f"/calendar/me/{delegate.calendar_token}.ics"
    client.force_login(delegate.user)

    response = client.post("/me/calendar-token/", follow=True)

    delegate.refresh_from_db()
    assert response.redirect_chain == [("/me/#calendar", 302)]
    assert "Your calendar has a new address." in response.content.decode()
    assert f"/calendar/me/{delegate.calendar_token}.ics" in response.content.decode()
    client.logout()
    assert client.get(old).status_code == 404


@pytest.mark.parametrize(
    "token", ["A" * 43, "short", "n38719VHVKST12ZAA2y4Yeir1H9izRIQLNQRMzhKSRc", "x" * 200]
)
def test_unknown_token_is_404(client, delegate, token):
    response = client.get(f"/calendar/me/{token}.ics")

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_token_is_compared_in_constant_time_for_known_and_unknown(delegate, monkeypatch):
    compared = []
    real = selectors.schedule.hmac.compare_digest

    def spy(a, b):
        compared.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(selectors.schedule.hmac, "compare_digest", spy)
    unknown = delegate.calendar_token[:-1] + ("B" if delegate.calendar_token[-1] != "B" else "C")

    with CaptureQueriesContext(connection) as known_queries:
        found = selectors.delegate_by_calendar_token(delegate.calendar_token)
    with CaptureQueriesContext(connection) as unknown_queries:
        missing = selectors.delegate_by_calendar_token(unknown)

    assert found == delegate
    assert missing is None
    assert compared == [(43, 43), (43, 43)]
    assert len(known_queries) == len(unknown_queries) == 1


def test_private_feed_takes_entries_from_personal_sources(client, delegate, monkeypatch):
    age_everything()
    changed = (timezone.now() - datetime.timedelta(minutes=1)).replace(microsecond=0)

    class Deadlines:
        name = "test-deadlines"

        def state(self, delegate):
            return 1, changed

        def events(self, delegate):
            entry = VEvent()
            entry.add("uid", f"deadline-1@{calendar.site_domain()}")
            entry.add("dtstamp", changed)
            entry.add("summary", "Paper deadline")
            start = datetime.datetime(2027, 2, 1, 23, 59, tzinfo=ZoneInfo("Asia/Seoul"))
            entry.add("dtstart", start)
            entry.add("dtend", start)
            return [entry]

    monkeypatch.setattr(calendar.sources, "PERSONAL_SOURCES", [])
    calendar.register_personal_source(Deadlines())
    calendar.register_personal_source(Deadlines())

    response = client.get(f"/calendar/me/{delegate.calendar_token}.ics")

    (component,) = vevents(response)
    assert component.summary.value == "Paper deadline"
    assert [tz.tzid.value for tz in parse(response).vtimezone_list] == ["Asia/Seoul"]
    assert response["Last-Modified"] == http_date(changed.timestamp())
