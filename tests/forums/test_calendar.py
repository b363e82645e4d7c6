"""The iCalendar feeds, read back with vobject (a parser independent of the builder)."""

import datetime
import hashlib
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Event as VEvent

from events.models import Event
from forums import ical as calendar
from forums import selectors
from forums.models import Forum, Room, ScheduleRemoval, Seat, Session
from forums.services import (
    seat_cancel,
    session_cancel,
    session_delete,
    session_reschedule,
    session_update,
)
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    EventFactory,
    ForumFactory,
    RoomFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def event():
    return EventFactory(
        slug="annual",
        title_en="Annual Meeting",
        title_fr="Réunion annuelle",
        time_zone="America/Toronto",
        host_city="Montréal",
        venue="Palais des congrès",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 15),
    )


@pytest.fixture
def forum(event):
    return ForumFactory(
        event=event, slug="housing", title_en="Housing", title_fr="Logement", title_es="Vivienda"
    )


@pytest.fixture
def room(event):
    return RoomFactory(event=event, name_en="Room 510A", name_fr="Salle 510A")


def at(event, day, hour, minute=0):
    date = event.start_date + datetime.timedelta(days=day)
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=event.zone)


def make_session(forum, day=0, hour=9, room=None, **kwargs):
    return SessionFactory(
        forum=forum,
        starts_at=at(forum.event, day, hour),
        ends_at=at(forum.event, day, hour + 1),
        room=room,
        **kwargs,
    )


def age_everything(by=datetime.timedelta(minutes=10)):
    """Move every timestamp a feed depends on into the past, as if nothing had changed
    for a while (HTTP dates count whole seconds)."""
    from django.contrib.auth import get_user_model

    past = timezone.now() - by
    Event.objects.update(updated_at=past)
    Forum.objects.update(updated_at=past)
    Room.objects.update(updated_at=past)
    Session.objects.update(updated_at=past, created_at=past)
    Seat.objects.update(created_at=past, confirmed_at=past)
    get_user_model().objects.update(date_joined=past)
    return past


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode("utf-8"))


def vevents(response) -> list:
    return list(parse(response).vevent_list) if b"BEGIN:VEVENT" in response.content else []


def uids(response) -> list[str]:
    return [component.uid.value for component in vevents(response)]


def unfolded(response) -> str:
    return response.content.decode().replace("\r\n ", "")


def blocks(response) -> list[bytes]:
    return re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", response.content, re.S)


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

    page = f"http://localhost:8000/events/annual/forums/housing/#session-{session.uuid}"
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
    # The first 2:30 is written as wall time; the repeated one in UTC, which is exact.
    assert "DTSTART;TZID=Europe/Madrid:20271031T023000" in madrid_text
    assert "DTSTART:20271031T013000Z" in madrid_text


# --- Bytes --------------------------------------------------------------------------------


def test_lines_are_folded_at_75_octets_with_crlf(client, forum):
    make_session(
        forum,
        title_en="Métropoles du Sud : financement, logement et résilience — " * 3,
        description_en="广州市城市治理论坛 " * 30,
    )

    content = client.get("/calendar/events/annual.ics").content

    assert content.endswith(b"\r\n")
    assert content.count(b"\n") == content.count(b"\r\n")
    lines = content.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(len(line) > 70 for line in lines)
    for line in lines:
        line.decode("utf-8")  # folded between characters, never inside one


@pytest.mark.parametrize(
    "title",
    [
        "Gouvernance métropolitaine : l'égalité à l'œuvre",
        "Ciudad de México y Bogotá: vivienda digna, señoras y niñas",
        "广州与武汉：城市治理",  # noqa: RUF001 (Chinese punctuation)
        "الرباط وتونس: مدن المستقبل",
        "São Paulo · Île-de-France · Göteborg",
    ],
)
def test_non_ascii_titles_survive(client, forum, title):
    make_session(forum, title_en=title)

    (component,) = vevents(client.get("/calendar/events/annual.ics"))

    assert component.summary.value == title


def test_feed_text_follows_the_lang_parameter(client, forum, room):
    make_session(forum, room=room, title_en="Opening", title_fr="Ouverture")

    french = client.get("/calendar/events/annual.ics?lang=fr")
    default = client.get("/calendar/events/annual.ics", HTTP_ACCEPT_LANGUAGE="fr")

    (component,) = vevents(french)
    assert french["Content-Language"] == "fr"
    assert parse(french).contents["x-wr-calname"][0].value == "Réunion annuelle"
    assert component.summary.value == "Ouverture"
    assert component.categories.value[0] == "Logement"
    assert component.location.value.startswith("Salle 510A, ")
    assert component.url.value.endswith(f"/forums/housing/?lang=fr#session-{uuid_of(component)}")
    (english,) = vevents(default)
    assert english.summary.value == "Opening"
    assert default["Content-Language"] == "en"


def uuid_of(component) -> str:
    return component.uid.value.removeprefix("session-").split("@")[0]


def test_unchanged_schedule_gives_identical_bytes_and_strong_etag(client, forum, room):
    for hour in (9, 11, 14):
        make_session(forum, hour=hour, room=room)
    age_everything()

    first = client.get("/calendar/events/annual.ics")
    cache.clear()
    second = client.get("/calendar/events/annual.ics")

    assert first.content == second.content
    assert first["ETag"] == second["ETag"] == f'"{hashlib.sha256(first.content).hexdigest()}"'
    assert first["Last-Modified"] == second["Last-Modified"] != ""


def test_dtstamp_and_last_modified_come_from_the_data(client, forum, event):
    session = make_session(forum)
    long_ago = (timezone.now() - datetime.timedelta(days=40)).replace(microsecond=0)
    Session.objects.update(updated_at=long_ago, created_at=long_ago)
    Forum.objects.update(updated_at=long_ago - datetime.timedelta(days=1))
    Event.objects.update(updated_at=long_ago - datetime.timedelta(days=1))

    response = client.get("/calendar/events/annual.ics")

    (component,) = vevents(response)
    assert component.dtstamp.value == long_ago
    assert component.contents["last-modified"][0].value == long_ago
    assert response["Last-Modified"] == http_date(long_ago.timestamp())
    assert session.uuid


# --- Conditional requests -------------------------------------------------------------


def test_if_none_match_answers_304_without_building(client, forum, monkeypatch):
    make_session(forum)
    age_everything()
    first = client.get("/calendar/events/annual.ics")
    monkeypatch.setattr(calendar, "render", _refuse)

    response = client.get("/calendar/events/annual.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    assert response["Last-Modified"] == first["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=300"


def _refuse(*args, **kwargs):
    raise AssertionError("the calendar was built")


def test_if_modified_since_answers_304_without_building(client, forum, monkeypatch):
    make_session(forum)
    age_everything()
    first = client.get("/calendar/events/annual.ics")
    monkeypatch.setattr(calendar, "render", _refuse)

    response = client.get(
        "/calendar/events/annual.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert response.status_code == 304
    assert response["Last-Modified"] == first["Last-Modified"]


def test_if_none_match_still_answers_304_when_the_etag_was_forgotten(client, forum):
    make_session(forum)
    first = client.get("/calendar/events/annual.ics")
    cache.clear()

    response = client.get("/calendar/events/annual.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]


def test_a_change_answers_200_to_the_old_validators(client, forum, secretariat):
    session = make_session(forum)
    age_everything()
    first = client.get("/calendar/events/annual.ics")

    session_update(actor=secretariat, session=session, title="Renamed")
    by_etag = client.get("/calendar/events/annual.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(
        "/calendar/events/annual.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert by_etag.status_code == by_date.status_code == 200
    assert by_etag["ETag"] != first["ETag"]
    assert b"SUMMARY:Renamed" in by_etag.content


def test_last_modified_never_goes_backwards_when_a_session_is_deleted(client, forum, secretariat):
    older = make_session(forum, hour=9)
    newer = make_session(forum, hour=11)
    base = timezone.now() - datetime.timedelta(days=3)
    Event.objects.update(updated_at=base)
    Forum.objects.update(updated_at=base)
    Session.objects.filter(pk=older.pk).update(updated_at=base + datetime.timedelta(hours=1))
    Session.objects.filter(pk=newer.pk).update(updated_at=base + datetime.timedelta(days=1))
    before = client.get("/calendar/events/annual.ics")

    session_delete(actor=secretariat, session=newer)
    # A moment later (a date within the current second is not sent).
    ScheduleRemoval.objects.update(removed_at=timezone.now() - datetime.timedelta(seconds=2))
    after = client.get("/calendar/events/annual.ics")
    revalidated = client.get(
        "/calendar/events/annual.ics", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]
    )

    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])
    assert revalidated.status_code == 200
    assert uids(revalidated) == [calendar.session_uid(older.uuid)]


def parse_http_date(value: str) -> int:
    from django.utils.http import parse_http_date as parse

    return parse(value)


def test_a_change_under_way_sends_no_last_modified_yet(client, forum):
    make_session(forum)

    response = client.get("/calendar/events/annual.ics")

    assert "Last-Modified" not in response
    assert response["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'


def test_last_modified_of_an_empty_feed_is_the_event_change(client, event):
    changed = (timezone.now() - datetime.timedelta(days=2)).replace(microsecond=0)
    Event.objects.update(updated_at=changed)

    response = client.get("/calendar/events/annual.ics")

    assert response["Last-Modified"] == http_date(changed.timestamp())
    assert vevents(response) == []


# --- Cache of VEVENT blocks -------------------------------------------------------------


@pytest.fixture
def builds(monkeypatch):
    built = []
    original = calendar.session_component

    def counting(session, language):
        built.append((session.pk, language))
        return original(session, language)

    monkeypatch.setattr(calendar.build, "session_component", counting)
    return built


def test_only_the_changed_session_is_built_again(client, forum, secretariat, builds):
    sessions = [make_session(forum, day=hour // 10, hour=8 + hour % 10) for hour in range(20)]
    client.get("/calendar/events/annual.ics")
    assert len(builds) == 20

    builds.clear()
    session_update(actor=secretariat, session=sessions[7], title="Renamed")
    response = client.get("/calendar/events/annual.ics")

    assert builds == [(sessions[7].pk, "en")]
    assert b"SUMMARY:Renamed" in response.content
    assert len(vevents(response)) == 20

    builds.clear()
    client.get("/calendar/events/annual.ics?lang=fr")
    assert len(builds) == 20


def test_many_blocks_to_build_are_loaded_by_subquery_with_the_same_bytes(
    client, forum, monkeypatch
):
    for hour in range(8, 16):
        make_session(forum, hour=hour, speakers=[DelegateFactory()])
    by_ids = client.get("/calendar/events/annual.ics").content
    cache.clear()
    monkeypatch.setattr(calendar.build, "MANY", 3)

    by_subquery = client.get("/calendar/events/annual.ics").content

    assert by_subquery == by_ids
    assert by_ids.count(b"BEGIN:VEVENT") == 8


def test_forum_and_room_changes_reach_the_cached_blocks(client, forum, room):
    make_session(forum, room=room)
    client.get("/calendar/events/annual.ics")

    Forum.objects.filter(pk=forum.pk).update(
        title_en="Housing for all", updated_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    Room.objects.filter(pk=room.pk).update(name_en="Hall A")
    (component,) = vevents(client.get("/calendar/events/annual.ics"))

    assert component.categories.value[0] == "Housing for all"
    assert component.location.value.startswith("Hall A, ")


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
    # The private feed also asks the paper deadlines (three aggregates, two lists).
    private = "/calendar/me/" in url
    assert cold_large <= (16 if private else 12)
    assert not_modified_large <= (8 if private else 5)
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
