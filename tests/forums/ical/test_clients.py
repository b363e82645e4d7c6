"""Feeds read by a real calendar client: ical.js (the parser Thunderbird uses), run with
node, reads every session at the instant it happens, on both sides of the spring and
autumn changes, the repeated autumn hour included."""

import datetime
import json

import pytest

from forums import ical as calendar
from tests.factories import EventFactory, ForumFactory, SessionFactory
from tests.support import run_node_script

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def read_with_icaljs(data: bytes) -> list[dict]:
    return json.loads(run_node_script("read_ics.mjs", data))


@pytest.fixture
def changes_of_time():
    """Sessions around Toronto's spring change and Madrid's autumn change (the hour from
    2:00 to 3:00 comes twice on 31 October 2027)."""
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
        (spring, datetime.datetime(2027, 3, 13, 14, 0, tzinfo=UTC), 60),  # 9:00 EST
        (spring, datetime.datetime(2027, 3, 14, 6, 30, tzinfo=UTC), 120),  # 1:30 EST -> 3:30 EDT
        (spring, datetime.datetime(2027, 3, 14, 7, 30, tzinfo=UTC), 30),  # 3:30 EDT
        (autumn, datetime.datetime(2027, 10, 30, 22, 30, tzinfo=UTC), 180),  # 0:30 -> 2:30 CET
        (autumn, datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC), 60),  # 2:30 CEST (first)
        (autumn, datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC), 30),  # 2:30 CET (second)
        (autumn, datetime.datetime(2027, 10, 31, 2, 0, tzinfo=UTC), 60),  # 3:00 CET
        (autumn, datetime.datetime(2027, 11, 1, 8, 0, tzinfo=UTC), 60),  # 9:00 CET
    ]
    return [
        SessionFactory(
            forum=forum, starts_at=start, ends_at=start + datetime.timedelta(minutes=minutes)
        )
        for forum, start, minutes in cases
    ]


def test_icaljs_reads_every_session_at_its_instant(client, changes_of_time):
    read = {}
    for slug in ("toronto", "madrid"):
        for event in read_with_icaljs(client.get(f"/calendar/events/{slug}.ics").content):
            read[event["uid"]] = (event["start"], event["end"])

    assert read == {
        calendar.session_uid(session.uuid): (
            int(session.starts_at.timestamp()),
            int(session.ends_at.timestamp()),
        )
        for session in changes_of_time
    }


def test_only_the_repeated_hour_is_written_in_utc(client, changes_of_time):
    zones = {}
    for slug in ("toronto", "madrid"):
        for event in read_with_icaljs(client.get(f"/calendar/events/{slug}.ics").content):
            zones[event["uid"]] = event["zone"]

    assert [zones[calendar.session_uid(session.uuid)] for session in changes_of_time] == [
        "America/Toronto",
        "America/Toronto",
        "America/Toronto",
        "Europe/Madrid",
        None,
        None,
        "Europe/Madrid",
        "Europe/Madrid",
    ]


def test_icaljs_reads_a_one_session_download(client, changes_of_time):
    first_of_two = changes_of_time[4]

    events = read_with_icaljs(client.get(f"/calendar/sessions/{first_of_two.uuid}.ics").content)

    assert [(event["start"], event["end"]) for event in events] == [
        (int(first_of_two.starts_at.timestamp()), int(first_of_two.ends_at.timestamp()))
    ]
