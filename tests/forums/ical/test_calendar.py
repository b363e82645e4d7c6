"""The iCalendar feeds, read back with vobject (a parser independent of the builder)."""

import datetime
import re

import pytest

from forums import ical as calendar
from forums.models import Seat, Session
from forums.services import (
    session_cancel,
    session_reschedule,
    session_update,
)
from tests.factories import (
    DelegateFactory,
    EventFactory,
    ForumFactory,
    SessionFactory,
)
from tests.forums.ical.support import (
    UTC,
    at,
    blocks,
    make_session,
    parse,
    uids,
    unfolded,
    vevents,
)

pytestmark = pytest.mark.django_db

# --- The calendar and its properties ----------------------------------------------------


def test_event_feed_has_the_calendar_properties(client, forum, room):
    make_session(forum, room=room, title="Opening")

    response = client.get("/calendar/events/annual.ics")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    cal = parse(response)
    assert cal.prodid.value == "-//Plenary//Schedule feeds//EN"
    assert cal.version.value == "2.0"
    assert cal.calscale.value == "GREGORIAN"
    assert cal.method.value == "PUBLISH"
    assert cal.contents["x-wr-calname"][0].value == "Annual Meeting"
    assert cal.contents["x-wr-timezone"][0].value == "America/Toronto"
    text = unfolded(response)
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in text
    assert "ORGANIZER" not in text
    assert "ATTENDEE" not in text


def test_event_feed_vevent_has_every_property(client, forum, room):
    speaker = DelegateFactory(user__first_name="Amina", user__last_name="Diallo")
    speaker.organization.short_name = "Dakar"
    speaker.organization.save()
    session = make_session(
        forum,
        room=room,
        title_en="Affordable housing",
        description_en="Who the city is for.",
        kind=Session.Kind.DEBATE,
        speakers=[speaker],
    )

    (component,) = vevents(client.get("/calendar/events/annual.ics"))

    page = f"http://localhost:8000/events/annual/sessions/{session.uuid}/"
    assert component.uid.value == f"session-{session.uuid}@localhost"
    assert component.summary.value == "Affordable housing"
    assert component.description.value == (
        "Who the city is for.\n\nSpeakers: Amina Diallo (Dakar)\n\n"
        f"Housing · Annual Meeting\n\n{page}"
    )
    assert component.location.value == "Room 510A, Palais des congrès, Montréal"
    assert component.url.value == page
    assert component.categories.value == ["Housing", "Debate"]
    assert component.status.value == "CONFIRMED"
    assert component.transp.value == "OPAQUE"
    assert component.sequence.value == "0"
    assert component.dtstamp.value == session.updated_at.replace(microsecond=0)
    assert component.contents["last-modified"][0].value == session.updated_at.replace(microsecond=0)
    assert component.dtstart.value == session.starts_at
    assert component.dtend.value == session.ends_at


def test_every_tzid_has_a_vtimezone(client, forum, delegate):
    seoul = EventFactory(time_zone="Asia/Seoul", start_date=datetime.date(2027, 10, 4))
    madrid = EventFactory(time_zone="Europe/Madrid", start_date=datetime.date(2027, 10, 30))
    for other in (seoul, madrid):
        make_session(ForumFactory(event=other), speakers=[delegate])
    make_session(forum, speakers=[delegate])

    for url in (
        "/calendar/events/annual.ics",
        f"/calendar/me/{delegate.calendar_token}.ics",
    ):
        response = client.get(url)
        text = unfolded(response)
        used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
        defined = {component.tzid.value for component in parse(response).vtimezone_list}
        assert used
        assert used == defined
    assert used == {"America/Toronto", "Asia/Seoul", "Europe/Madrid"}


def test_utc_events_need_no_vtimezone(client):
    event = EventFactory(slug="online", time_zone="UTC")
    make_session(ForumFactory(event=event))

    response = client.get("/calendar/events/online.ics")

    assert "TZID" not in unfolded(response)
    assert "BEGIN:VTIMEZONE" not in unfolded(response)
    assert re.search(r"\r\nDTSTART:\d{8}T090000Z\r\n", unfolded(response))


# --- UIDs, SEQUENCE, STATUS -------------------------------------------------------------


def test_uids_are_unique_in_a_feed_and_the_same_in_every_feed(client, forum, delegate, event):
    other_forum = ForumFactory(event=event, slug="climate")
    Seat.objects.create(delegate=delegate, forum=forum, status=Seat.Status.CONFIRMED)
    sessions = [make_session(forum, hour=hour) for hour in (9, 11, 14)]
    spoken = make_session(other_forum, hour=16, speakers=[delegate])
    expected = {
        session.uuid: f"session-{session.uuid}@localhost" for session in [*sessions, spoken]
    }

    event_uids = uids(client.get("/calendar/events/annual.ics"))
    forum_uids = uids(client.get("/calendar/events/annual/forums/housing.ics"))
    private_uids = uids(client.get(f"/calendar/me/{delegate.calendar_token}.ics"))
    single = {
        session.uuid: uids(client.get(f"/calendar/sessions/{session.uuid}.ics"))
        for session in [*sessions, spoken]
    }

    assert len(event_uids) == len(set(event_uids)) == 4
    assert set(event_uids) == set(expected.values())
    assert forum_uids == [expected[session.uuid] for session in sessions]
    assert private_uids == event_uids
    assert single == {key: [value] for key, value in expected.items()}


def test_single_session_download_is_byte_identical_to_its_feed_entry(client, forum, room):
    session = make_session(forum, room=room)
    make_session(forum, hour=11)

    single = client.get(f"/calendar/sessions/{session.uuid}.ics")
    feed = client.get("/calendar/events/annual.ics")

    assert single["Content-Disposition"] == f'attachment; filename="session-{session.uuid}.ics"'
    assert blocks(single) == [blocks(feed)[0]]
    # A download to import, not a subscription.
    assert "X-WR-CALNAME" not in unfolded(single)
    assert "REFRESH-INTERVAL" not in unfolded(single)
    assert "BEGIN:VTIMEZONE" in unfolded(single)


def test_uid_domain_comes_from_site_url(client, forum, settings):
    settings.SITE_URL = "https://plenary.example.org"
    session = make_session(forum)

    (component,) = vevents(client.get("/calendar/events/annual.ics"))

    assert component.uid.value == f"session-{session.uuid}@plenary.example.org"
    assert component.url.value.startswith("https://plenary.example.org/events/annual/")


def test_rescheduled_session_keeps_its_uid_with_a_higher_sequence(
    client, forum, room, secretariat, event
):
    session = make_session(forum, room=room)
    (before,) = vevents(client.get("/calendar/events/annual.ics"))

    session_reschedule(
        actor=secretariat, session=session, starts_at=at(event, 1, 14), ends_at=at(event, 1, 15)
    )
    (after,) = vevents(client.get("/calendar/events/annual.ics"))

    assert after.uid.value == before.uid.value
    assert int(after.sequence.value) > int(before.sequence.value)
    assert after.dtstart.value == at(event, 1, 14)


def test_title_change_keeps_the_sequence_and_moves_last_modified(client, forum, secretariat):
    session = make_session(forum)
    (before,) = vevents(client.get("/calendar/events/annual.ics"))

    session_update(actor=secretariat, session=session, title="Renamed")
    (after,) = vevents(client.get("/calendar/events/annual.ics"))

    assert after.summary.value == "Renamed"
    assert after.sequence.value == before.sequence.value == "0"
    assert after.contents["last-modified"][0].value >= before.contents["last-modified"][0].value


def test_cancelled_session_stays_in_every_feed_as_cancelled(client, forum, delegate, secretariat):
    Seat.objects.create(delegate=delegate, forum=forum, status=Seat.Status.CONFIRMED)
    session = make_session(forum, title="Site visit")
    session_cancel(actor=secretariat, session=session)

    for url in (
        "/calendar/events/annual.ics",
        "/calendar/events/annual/forums/housing.ics",
        f"/calendar/me/{delegate.calendar_token}.ics",
        f"/calendar/sessions/{session.uuid}.ics",
    ):
        (component,) = vevents(client.get(url))
        assert component.status.value == "CANCELLED"
        assert component.sequence.value == "1"
        assert component.summary.value == "Cancelled: Site visit"
        assert component.transp.value == "TRANSPARENT"
        assert component.description.value.startswith("This session has been cancelled.")


# --- Times ------------------------------------------------------------------------------


def test_times_round_trip_across_daylight_saving_changes(client):
    # Toronto springs forward on 14 March 2027 at 2:00; Madrid falls back on 31 October.
    toronto = EventFactory(
        slug="toronto",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 13),
        end_date=datetime.date(2027, 3, 15),
    )
    madrid = EventFactory(
        slug="madrid",
        time_zone="Europe/Madrid",
        start_date=datetime.date(2027, 10, 30),
        end_date=datetime.date(2027, 11, 1),
    )
    spring, autumn = ForumFactory(event=toronto), ForumFactory(event=madrid)
    cases = [
        (spring, datetime.datetime(2027, 3, 13, 14, 0, tzinfo=UTC), 1),  # 9:00 EST
        (spring, datetime.datetime(2027, 3, 14, 6, 30, tzinfo=UTC), 2),  # 1:30 EST -> 3:30 EDT
        (spring, datetime.datetime(2027, 3, 15, 13, 0, tzinfo=UTC), 1),  # 9:00 EDT
        (autumn, datetime.datetime(2027, 10, 30, 22, 30, tzinfo=UTC), 3),  # 0:30 CEST -> 2:30 CET
        (autumn, datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC), 1),  # 2:30 CEST (first)
        (autumn, datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC), 1),  # 2:30 CET (second)
        (autumn, datetime.datetime(2027, 11, 1, 8, 0, tzinfo=UTC), 1),  # 9:00 CET
    ]
    sessions = [
        SessionFactory(
            forum=forum, starts_at=start, ends_at=start + datetime.timedelta(hours=hours)
        )
        for forum, start, hours in cases
    ]

    found = {}
    for slug in ("toronto", "madrid"):
        for component in vevents(client.get(f"/calendar/events/{slug}.ics")):
            found[component.uid.value] = (component.dtstart.value, component.dtend.value)

    for session in sessions:
        start, end = found[calendar.session_uid(session.uuid)]
        assert start.astimezone(UTC) == session.starts_at
        assert end.astimezone(UTC) == session.ends_at
    text = unfolded(client.get("/calendar/events/toronto.ics"))
    assert "DTSTART;TZID=America/Toronto:20270313T090000" in text
    assert "DTSTART;TZID=America/Toronto:20270314T013000" in text
    assert "DTEND;TZID=America/Toronto:20270314T043000" in text
    assert "DTSTART;TZID=America/Toronto:20270315T090000" in text
    madrid_text = unfolded(client.get("/calendar/events/madrid.ics"))
    # Both occurrences of the repeated 2:30 in UTC, which every client reads the same.
    assert "DTSTART:20271031T003000Z" in madrid_text
    assert "DTSTART:20271031T013000Z" in madrid_text
    assert "T023000" not in madrid_text
