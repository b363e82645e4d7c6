import datetime
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    DebateFactory,
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
        title="Annual Meeting",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )


@pytest.fixture
def forum(event):
    return ForumFactory(event=event, slug="housing", title_en="Housing", title_fr="Logement")


def test_event_page_shows_the_schedule_by_day_and_room(client, event, forum):
    hall = RoomFactory(event=event, name="Plenary Hall", position=0)
    side = RoomFactory(event=event, name="Room 511", position=1)
    SessionFactory(
        forum=forum,
        room=side,
        title_en="Affordable housing",
        starts_at=datetime.datetime(2027, 3, 12, 15, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 16, 30, tzinfo=UTC),
    )
    SessionFactory(
        forum=forum,
        room=hall,
        title_en="Opening",
        kind="plenary",
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 15, 0, tzinfo=UTC),
    )
    SessionFactory(
        forum=forum,
        title_en="Site visit",
        status="cancelled",
        starts_at=datetime.datetime(2027, 3, 13, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 13, 15, 0, tzinfo=UTC),
    )

    html = client.get("/events/annual/").content.decode()

    schedule = html[html.index('class="schedule-grid"') : html.index('class="schedule-list"')]
    assert re.findall(r'class="schedule-day">([^<]+)<', schedule) == [
        "Friday, March 12, 2027",
        "Saturday, March 13, 2027",
    ]
    first_day = schedule[: schedule.index("Saturday")]
    assert re.findall(r'<th scope="col">([^<]+)</th>', first_day) == ["Plenary Hall", "Room 511"]
    assert first_day.index("Opening") < first_day.index("Affordable housing")
    # 14:00 UTC is 09:00 in Toronto.
    assert '<time datetime="2027-03-12T14:00:00Z" data-zoned="time">09:00</time>' in first_day
    second_day = schedule[schedule.index("Saturday") :]
    assert "Room to be announced" in second_day
    assert "slot-cancelled" in second_day
    assert "Cancelled</span>" in second_day


def test_event_page_links_the_feed_for_calendar_apps(client, event):
    html = client.get("/events/annual/").content.decode()

    feed = "http://localhost:8000/calendar/events/annual.ics"
    assert 'href="webcal://localhost:8000/calendar/events/annual.ics"' in html
    google = "https://calendar.google.com/calendar/render?cid=" + quote(
        "webcal://localhost:8000/calendar/events/annual.ics", safe=""
    )
    assert f'href="{google}"' in html
    assert f'href="{feed}" download' in html
    assert "The schedule of this event has not been published yet." in html


def test_event_page_marks_a_session_that_is_live(client):
    today = timezone.localdate()
    event = EventFactory(slug="now", start_date=today, end_date=today, time_zone="UTC")
    now = timezone.now()
    SessionFactory(
        forum=ForumFactory(event=event),
        kind="debate",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=50),
    )

    html = client.get("/events/now/").content.decode()

    assert '<span class="badge badge-live">Live now</span>' in html


def test_live_now_follows_the_debate_not_the_clock(client):
    today = timezone.localdate()
    event = EventFactory(slug="now", start_date=today, end_date=today, time_zone="UTC")
    forum = ForumFactory(event=event)
    now = timezone.now()
    closed_on_time = SessionFactory(
        forum=forum,
        kind="debate",
        title_en="Closed early",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=50),
    )
    running_late = SessionFactory(
        forum=forum,
        kind="debate",
        title_en="Running late",
        starts_at=now - datetime.timedelta(hours=2),
        ends_at=now - datetime.timedelta(hours=1),
    )
    DebateFactory(forum=forum, session=closed_on_time, status="closed")
    DebateFactory(forum=forum, session=running_late, status="live")

    html = client.get("/events/now/").content.decode()

    grid = html[html.index('class="schedule-grid"') : html.index('class="schedule-list"')]
    slots = grid.split('<div class="slot slot-')[1:]
    live = [slot for slot in slots if '<span class="badge badge-live">Live now</span>' in slot]
    assert len(slots) == 2
    assert len(live) == 1
    assert "Running late" in live[0]


def test_event_page_offers_the_zone_switch_without_inline_script(client, event, forum):
    SessionFactory(forum=forum)
    delegate = DelegateFactory(time_zone="Africa/Dakar")
    client.force_login(delegate.user)

    html = client.get("/events/annual/").content.decode()

    assert (
        '<div class="zone-toggle" data-zone-toggle data-event-zone="America/Toronto" '
        'data-viewer-zone="Africa/Dakar">'
    ) in html
    assert '<script src="/static/js/schedule.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html


def test_event_page_query_count_does_not_grow_with_sessions(client, event, forum):
    rooms = [RoomFactory(event=event) for _ in range(3)]
    speakers = [DelegateFactory() for _ in range(3)]

    def add(count):
        for index in range(count):
            SessionFactory(forum=forum, room=rooms[index % 3], speakers=speakers[: index % 3 + 1])

    add(2)
    with CaptureQueriesContext(connection) as small:
        client.get("/events/annual/")
    add(30)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/events/annual/")

    # Each session once in the grid and once in the list.
    assert response.content.decode().count('class="slot ') == 64
    assert len(large) == len(small)


def test_forum_page_lists_sessions_with_speakers_and_downloads(client, event, forum):
    room = RoomFactory(event=event, name="Room 510A")
    speaker = DelegateFactory(user__first_name="Amina", user__last_name="Diallo")
    speaker.organization.short_name = "Dakar"
    speaker.organization.save()
    session = SessionFactory(
        forum=forum,
        room=room,
        title_en="Affordable housing",
        description_en="Who the city is for.",
        speakers=[speaker],
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 15, 30, tzinfo=UTC),
    )

    html = client.get("/events/annual/forums/housing/").content.decode()

    item = html[html.index(f'id="session-{session.uuid}"') :]
    assert '<h4 class="session-title">Affordable housing</h4>' in item
    assert "Room 510A" in item
    assert "Amina Diallo (Dakar)" in item
    assert "Who the city is for." in item
    assert f'href="http://localhost:8000/calendar/sessions/{session.uuid}.ics" download' in item
    assert 'href="webcal://localhost:8000/calendar/events/annual/forums/housing.ics"' in html


def test_forum_page_in_french_links_french_feeds(client, forum):
    session = SessionFactory(forum=forum, title_en="Opening", title_fr="Ouverture")

    html = client.get("/events/annual/forums/housing/?lang=fr").content.decode()

    assert '<h4 class="session-title">Ouverture</h4>' in html
    assert f"/calendar/sessions/{session.uuid}.ics?lang=fr" in html
    assert "webcal://localhost:8000/calendar/events/annual/forums/housing.ics?lang=fr" in html


def test_forum_theme_description_and_session_description_follow_the_readers_language(
    client, event, forum
):
    forum.theme_en, forum.theme_fr, forum.theme_es = "Homes for all", "Un toit pour tous", "Techo"
    forum.description_en, forum.description_fr = "Who the city is for.", "Pour qui est la ville."
    forum.save()
    SessionFactory(forum=forum, description_en="Delegates debate.", description_fr="On débat.")

    french = client.get("/events/annual/forums/housing/?lang=fr").content.decode()
    spanish = client.get("/events/annual/?lang=es").content.decode()

    assert '<p class="lead">Un toit pour tous</p>' in french
    assert "Pour qui est la ville." in french
    assert "On débat." in french
    assert "Delegates debate." not in french
    assert '<p class="meta">Techo</p>' in spanish


def test_forum_page_without_sessions_says_so(client, forum):
    html = client.get("/events/annual/forums/housing/").content.decode()

    assert "The sessions of this forum have not been announced yet." in html


def test_me_page_gives_the_private_feed_and_a_rotate_button(client, delegate):
    client.force_login(delegate.user)

    html = client.get("/me/").content.decode()

    feed = f"http://localhost:8000/calendar/me/{delegate.calendar_token}.ics"
    assert f'value="{feed}"' in html
    assert f'href="webcal://localhost:8000/calendar/me/{delegate.calendar_token}.ics"' in html
    assert (
        '<form method="post" action="/me/calendar-token/" class="rotate-form" data-confirm=' in html
    )
    assert "Get a new address" in html


def test_rotate_needs_a_post_and_a_delegate(client, secretariat, delegate):
    client.force_login(delegate.user)
    assert client.get("/me/calendar-token/").status_code == 405
    client.force_login(secretariat)
    assert client.post("/me/calendar-token/").status_code == 404
    client.logout()
    response = client.post("/me/calendar-token/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/me/calendar-token/",
    )
