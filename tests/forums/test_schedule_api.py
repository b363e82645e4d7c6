import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.factories import (
    DelegateFactory,
    EventFactory,
    ForumFactory,
    RoomFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def toronto():
    return EventFactory(
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )


@pytest.fixture
def seoul():
    return EventFactory(
        time_zone="Asia/Seoul",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )


def test_sessions_list_gives_the_schedule_in_the_event_zone(api_client, toronto):
    forum = ForumFactory(event=toronto, slug="housing")
    room = RoomFactory(event=toronto, name="Room 510A", capacity=120)
    speaker = DelegateFactory(user__first_name="Amina", user__last_name="Diallo")
    session = SessionFactory(
        forum=forum,
        room=room,
        title_en="Opening",
        title_fr="Ouverture",
        kind="plenary",
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 15, 30, tzinfo=UTC),
        speakers=[speaker],
    )

    response = api_client.get("/api/v1/sessions/")

    assert response.status_code == 200
    assert response.json()["count"] == 1
    item = response.json()["results"][0]
    assert item == {
        "id": session.pk,
        "uuid": str(session.uuid),
        "uid": f"session-{session.uuid}@localhost",
        "event": toronto.pk,
        "forum": forum.pk,
        "title": "Opening",
        "description": "",
        "kind": "plenary",
        "status": "scheduled",
        "starts_at": "2027-03-12T09:00:00-05:00",
        "ends_at": "2027-03-12T10:30:00-05:00",
        "time_zone": "America/Toronto",
        "room": {"id": room.pk, "name": "Room 510A", "capacity": 120},
        "speakers": [
            {
                "id": speaker.pk,
                "name": "Amina Diallo",
                "title": "Councillor",
                "organization": speaker.organization.name,
            }
        ],
        "sequence": 0,
        "updated_at": item["updated_at"],
        "url": (f"http://localhost:8000/events/{toronto.slug}/sessions/{session.uuid}/"),
        "ics_url": f"http://localhost:8000/calendar/sessions/{session.uuid}.ics",
    }


def test_sessions_list_speaks_the_lang_parameter(api_client, toronto):
    SessionFactory(forum=ForumFactory(event=toronto), title_en="Opening", title_fr="Ouverture")

    item = api_client.get("/api/v1/sessions/?lang=fr").json()["results"][0]

    assert item["title"] == "Ouverture"
    assert item["ics_url"].endswith(".ics?lang=fr")


def test_sessions_filters(api_client, toronto):
    forum_a, forum_b = ForumFactory(event=toronto), ForumFactory(event=toronto)
    room = RoomFactory(event=toronto)
    first = SessionFactory(forum=forum_a, room=room, kind="debate")
    second = SessionFactory(forum=forum_b, kind="panel")
    other_event = SessionFactory(kind="debate")

    def ids(query):
        response = api_client.get(f"/api/v1/sessions/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(item["id"] for item in response.json()["results"])

    assert ids(f"event={toronto.pk}") == sorted([first.pk, second.pk])
    assert ids(f"forum={forum_b.pk}") == [second.pk]
    assert ids("kind=debate") == sorted([first.pk, other_event.pk])
    assert ids(f"room={room.pk}") == [first.pk]
    assert ids("status=cancelled") == []


def test_day_filter_uses_each_events_own_zone(api_client, toronto, seoul):
    # 2027-03-13 03:00 UTC is the evening of 12 March in Toronto, noon of 13 March in Seoul.
    moment = datetime.datetime(2027, 3, 13, 3, 0, tzinfo=UTC)
    later = moment + datetime.timedelta(hours=1)
    in_toronto = SessionFactory(forum=ForumFactory(event=toronto), starts_at=moment, ends_at=later)
    in_seoul = SessionFactory(forum=ForumFactory(event=seoul), starts_at=moment, ends_at=later)

    twelfth = api_client.get("/api/v1/sessions/?day=2027-03-12").json()["results"]
    thirteenth = api_client.get("/api/v1/sessions/?day=2027-03-13").json()["results"]

    assert [item["id"] for item in twelfth] == [in_toronto.pk]
    assert [item["id"] for item in thirteenth] == [in_seoul.pk]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_day_filter_at_the_ends_of_the_calendar_finds_nothing(api_client, toronto, seoul, day):
    SessionFactory(forum=ForumFactory(event=toronto))
    SessionFactory(forum=ForumFactory(event=seoul))

    response = api_client.get(f"/api/v1/sessions/?day={day}")

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("day=tomorrow", "invalid"),
        ("kind=keynote", "invalid_choice"),
        ("venue=1", "unknown_parameter"),
        ("event=999999", "invalid_choice"),
    ],
)
def test_sessions_bad_filters_are_400(api_client, toronto, query, code):
    response = api_client.get(f"/api/v1/sessions/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert set(response.json()) >= {"detail", "code"}


def test_sessions_of_drafts_are_hidden_except_from_the_secretariat(api_client, secretariat_client):
    draft = EventFactory(status=Event.Status.DRAFT)
    session = SessionFactory(forum=ForumFactory(event=draft))

    assert api_client.get("/api/v1/sessions/").json()["count"] == 0
    assert api_client.get(f"/api/v1/sessions/{session.pk}/").status_code == 404
    assert [
        item["id"] for item in secretariat_client.get("/api/v1/sessions/").json()["results"]
    ] == [session.pk]


def test_sessions_are_read_only(secretariat_client, toronto):
    session = SessionFactory(forum=ForumFactory(event=toronto))

    response = secretariat_client.patch(f"/api/v1/sessions/{session.pk}/", {"title": "x"})

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_sessions_list_query_count_does_not_grow(api_client, toronto):
    forum = ForumFactory(event=toronto)
    rooms = [RoomFactory(event=toronto) for _ in range(3)]
    speakers = [DelegateFactory() for _ in range(4)]

    def add(count):
        for index in range(count):
            SessionFactory(forum=forum, room=rooms[index % 3], speakers=speakers[: index % 4 + 1])

    add(2)
    small = _count(api_client, f"/api/v1/sessions/?event={toronto.pk}&day=2027-03-12")
    add(40)
    large = _count(api_client, f"/api/v1/sessions/?event={toronto.pk}&day=2027-03-12")

    assert small == large
    assert large <= 6
