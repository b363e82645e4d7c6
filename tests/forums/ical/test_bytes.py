"""The iCalendar feeds, read back with vobject (a parser independent of the builder)."""

import datetime
import hashlib
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date

from events.models import Event
from forums import ical as calendar
from forums.ical.build import vtimezone
from forums.models import Forum, Room, ScheduleRemoval, Session
from forums.services import (
    session_delete,
    session_update,
)
from tests.factories import (
    DelegateFactory,
)
from tests.forums.ical.support import (
    age_everything,
    make_session,
    parse,
    parse_http_date,
    uids,
    vevents,
)

pytestmark = pytest.mark.django_db

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
    assert component.url.value.endswith(f"/events/annual/sessions/{uuid_of(component)}/?lang=fr")
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


def test_a_change_under_way_sends_no_last_modified_yet(client, forum, monkeypatch):
    session = make_session(forum)
    # The clock still reads the second of the change, however long the request waits.
    monkeypatch.setattr(timezone, "now", lambda: session.updated_at)

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


@pytest.mark.parametrize(
    ("zone", "onsets"),
    [
        # Spring: the clock jumps at 02:00 local (standard time); autumn: it falls back
        # at 02:00 local (summer time) in Montréal, 03:00 in Madrid.
        ("America/Toronto", ["DAYLIGHT:20270314T020000", "STANDARD:20271107T020000"]),
        ("Europe/Madrid", ["DAYLIGHT:20270328T020000", "STANDARD:20271031T030000"]),
    ],
)
def test_vtimezone_onsets_are_written_on_the_clock_before_the_change(zone, onsets):
    text = vtimezone(zone, 2027, 2027).decode()

    written = re.findall(r"BEGIN:(DAYLIGHT|STANDARD)\r\nDTSTART:(\d{8}T\d{6})", text)
    assert [f"{kind}:{start}" for kind, start in written][1:] == onsets
