"""The programme's pages: a session's page, the star form, My agenda, and what is on now
on the event page."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forums.models import SessionStar
from papers.models import PaperStatus
from tests.factories import (
    DebateFactory,
    DelegateFactory,
    EventFactory,
    ForumFactory,
    RoomFactory,
    SeatFactory,
    SessionFactory,
    SessionStarFactory,
    SpeakerProfileFactory,
    UserFactory,
)
from tests.papers.conftest import make_paper
from tests.support import signed_in

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def event():
    return EventFactory(
        slug="annual",
        title="Annual Meeting",
        host_city="Montréal",
        venue="Palais des congrès",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )


@pytest.fixture
def forum(event):
    return ForumFactory(event=event, slug="housing", title_en="Housing", title_fr="Logement")


@pytest.fixture
def speaker():
    delegate = DelegateFactory(
        user__first_name="Amina",
        user__last_name="Diallo",
        title="Director of Urban Planning",
        organization__name="City of Dakar",
    )
    SpeakerProfileFactory(
        delegate=delegate,
        bio_en="She steered the upgrading of coastal settlements.",
        bio_fr="Elle a conduit la réhabilitation des quartiers du littoral.",
    )
    return delegate


@pytest.fixture
def session(event, forum, speaker):
    room = RoomFactory(
        event=event, name="Room 510A", map_url="https://maps.example.org/palais/510a"
    )
    return SessionFactory(
        forum=forum,
        room=room,
        title_en="Affordable housing",
        title_fr="Logement abordable",
        description_en="Who the city is for.",
        description_fr="Pour qui est la ville.",
        speakers=[speaker],
        starts_at=datetime.datetime(2027, 3, 12, 14, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 3, 12, 15, 30, tzinfo=UTC),
    )


def page_url(session):
    return f"/events/annual/sessions/{session.uuid}/"


def test_session_page_shows_the_session_its_speakers_room_and_calendar_link(client, session):
    html = client.get(page_url(session)).content.decode()

    assert "<h1>Affordable housing</h1>" in html
    assert "Who the city is for." in html
    assert "<strong>Amina Diallo</strong>, Director of Urban Planning" in html
    assert "City of Dakar" in html
    assert "She steered the upgrading of coastal settlements." in html
    assert "Room 510A" in html
    assert (
        '<a href="https://maps.example.org/palais/510a" rel="noopener" target="_blank">Map</a>'
        in html
    )
    assert f'href="http://localhost:8000/calendar/sessions/{session.uuid}.ics" download' in html
    # 14:00 UTC is 9:00 in Montréal.
    assert '<time datetime="2027-03-12T14:00:00Z" data-zoned="time">09:00</time>' in html


def test_session_page_speaks_the_readers_language(client, session):
    html = client.get(page_url(session), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<h1>Logement abordable</h1>" in html
    assert "Pour qui est la ville." in html
    assert "Elle a conduit la réhabilitation des quartiers du littoral." in html
    assert ">Carte</a>" in html


def test_session_page_links_the_debate_and_the_papers_it_hosts(client, forum, session, speaker):
    debate_session = SessionFactory(forum=forum, kind="debate", title_en="Debate on housing")
    debate = DebateFactory(forum=forum, session=debate_session, title="Resolution on housing")
    accepted = make_paper(forum, speaker, status=PaperStatus.ACCEPTED, title="Coastal homes")
    make_paper(forum, DelegateFactory(), status=PaperStatus.SUBMITTED, title="Not yet decided")

    debate_page = client.get(page_url(debate_session)).content.decode()
    panel_page = client.get(page_url(session)).content.decode()

    assert f'<a href="/debates/{debate.pk}/">Resolution on housing</a>' in debate_page
    assert f'<a href="{accepted.get_absolute_url()}">Coastal homes</a>' in debate_page
    assert "Not yet decided" not in debate_page
    # A panel hosts the papers of its speakers.
    assert f'<a href="{accepted.get_absolute_url()}">Coastal homes</a>' in panel_page
    assert "/debates/" not in panel_page


def test_unknown_sessions_and_sessions_of_other_or_draft_events_are_not_found(
    client, session, forum
):
    other = EventFactory(slug="other")
    draft = EventFactory(slug="draft", status="draft")
    hidden = SessionFactory(forum=ForumFactory(event=draft))

    assert (
        client.get("/events/annual/sessions/5b0f6a8e-0000-4000-8000-000000000000/").status_code
        == 404
    )
    assert client.get(f"/events/{other.slug}/sessions/{session.uuid}/").status_code == 404
    assert client.get(f"/events/draft/sessions/{hidden.uuid}/").status_code == 404
    assert client.get("/events/annual/sessions/42/").status_code == 404


def test_schedule_entries_link_to_the_session_pages(client, session):
    event_page = client.get("/events/annual/").content.decode()
    forum_page = client.get("/events/annual/forums/housing/").content.decode()

    assert f'<a href="{page_url(session)}">Affordable housing</a>' in event_page
    assert f'id="session-{session.uuid}"' in forum_page


# --- Starring -------------------------------------------------------------------------


def test_a_delegate_stars_a_session_from_its_page_and_sees_it_starred(session):
    delegate = DelegateFactory()
    client = signed_in(delegate.user)

    form = client.get(page_url(session)).content.decode()
    response = client.post(f"{page_url(session)}star/")
    html = client.get(page_url(session)).content.decode()

    assert f'action="{page_url(session)}star/"' in form
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(session)}#star"
    assert list(SessionStar.objects.values_list("delegate", "session")) == [
        (delegate.pk, session.pk)
    ]
    assert "Added to your agenda." in html
    assert f'action="{page_url(session)}unstar/"' in html


def test_another_delegates_star_is_never_shown(session):
    amina, diego = DelegateFactory(), DelegateFactory()
    SessionStarFactory(delegate=amina, session=session)

    page = signed_in(diego.user).get(page_url(session)).content.decode()
    agenda = signed_in(diego.user).get("/me/agenda/").content.decode()

    assert "On your agenda" not in page
    assert f'action="{page_url(session)}star/"' in page
    assert "Affordable housing" not in agenda


def test_anonymous_visitors_cannot_star(client, session):
    page = client.get(page_url(session)).content.decode()
    response = client.post(f"{page_url(session)}star/")

    assert "/star/" not in page
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SessionStar.objects.count() == 0


def test_starring_needs_the_csrf_token(session):
    delegate = DelegateFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate.user)

    response = client.post(f"{page_url(session)}star/")

    assert response.status_code == 403
    assert SessionStar.objects.count() == 0


def test_starring_only_answers_post(session):
    client = signed_in(DelegateFactory().user)

    assert client.get(f"{page_url(session)}star/").status_code == 405
    assert SessionStar.objects.count() == 0


def test_unstarring_from_my_agenda_comes_back_to_it(session):
    delegate = DelegateFactory()
    SessionStarFactory(delegate=delegate, session=session)
    client = signed_in(delegate.user)

    response = client.post(f"{page_url(session)}unstar/", {"next": "/me/agenda/"})
    elsewhere = client.post(f"{page_url(session)}unstar/", {"next": "https://evil.example/"})

    assert response["Location"] == "/me/agenda/"
    assert elsewhere["Location"] == f"{page_url(session)}#star"
    assert SessionStar.objects.count() == 0


def test_a_user_who_is_no_delegate_is_told_why(session):
    client = signed_in(UserFactory())

    response = client.post(f"{page_url(session)}star/", follow=True)

    assert "Only delegates of member organizations keep an agenda." in response.content.decode()
    assert SessionStar.objects.count() == 0


# --- My agenda ------------------------------------------------------------------------


def _at(hour, minute=0):
    return datetime.datetime(2027, 3, 12, hour, minute, tzinfo=UTC)


def test_my_agenda_lists_starred_and_seat_sessions_in_time_order_with_clashes(event, forum):
    delegate = DelegateFactory()
    parallel = ForumFactory(event=event, slug="climate", title_en="Climate")
    SeatFactory(delegate=delegate, forum=forum, status="confirmed")
    SeatFactory(delegate=delegate, forum=parallel, status="confirmed")
    panel = SessionFactory(
        forum=forum, title_en="Housing panel", starts_at=_at(14), ends_at=_at(15)
    )
    workshop = SessionFactory(
        forum=parallel, title_en="Flood workshop", starts_at=_at(14, 30), ends_at=_at(16)
    )
    SessionFactory(forum=forum, kind="break", title_en="Coffee", starts_at=_at(15), ends_at=_at(16))
    other_forum = ForumFactory(event=event, slug="digital")
    starred = SessionFactory(
        forum=other_forum, title_en="Open data", starts_at=_at(17), ends_at=_at(18)
    )
    SessionFactory(forum=other_forum, title_en="Not mine", starts_at=_at(10), ends_at=_at(11))
    SessionStarFactory(delegate=delegate, session=starred)

    html = signed_in(delegate.user).get("/me/agenda/").content.decode()

    titles = ["Housing panel", "Flood workshop", "Coffee", "Open data"]
    assert [html.index(f">{title}</a>") for title in titles] == sorted(
        html.index(f">{title}</a>") for title in titles
    )
    assert "Not mine" not in html
    assert "2 sessions overlap another one on your agenda." in html
    panel_item = html[html.index(f'id="session-{panel.uuid}"') :]
    panel_item = panel_item[: panel_item.index("</li>")]
    assert f'<a href="#session-{workshop.uuid}">Flood workshop</a>' in panel_item
    starred_item = html[html.index(f'id="session-{starred.uuid}"') :]
    starred_item = starred_item[: starred_item.index("</li>")]
    assert '<span aria-hidden="true">★</span> Starred' in starred_item
    assert "Clash" not in starred_item


def test_my_agenda_needs_a_login(client):
    response = client.get("/me/agenda/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_agenda_query_count_does_not_grow_with_sessions(event, forum):
    delegate = DelegateFactory()
    SeatFactory(delegate=delegate, forum=forum, status="confirmed")
    rooms = [RoomFactory(event=event) for _ in range(3)]
    speakers = [DelegateFactory() for _ in range(3)]
    client = signed_in(delegate.user)

    def add(count):
        for index in range(count):
            session = SessionFactory(
                forum=ForumFactory(event=event) if index % 2 else forum,
                room=rooms[index % 3],
                speakers=speakers[: index % 3 + 1],
                starts_at=_at(8 + index % 10),
                ends_at=_at(9 + index % 10),
            )
            SessionStarFactory(delegate=delegate, session=session)

    add(2)
    client.get("/me/agenda/")
    with CaptureQueriesContext(connection) as small:
        client.get("/me/agenda/")
    add(20)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/me/agenda/")

    assert response.content.decode().count('<li class="session ') == 22
    assert len(large) == len(small)


def test_session_page_query_count_does_not_grow_with_speakers(event, forum):
    delegate = DelegateFactory()
    client = signed_in(delegate.user)
    session = SessionFactory(forum=forum, room=RoomFactory(event=event))
    speakers = []

    def add(count):
        for _index in range(count):
            speaker = DelegateFactory()
            SpeakerProfileFactory(delegate=speaker, bio_en="A speaker.")
            make_paper(forum, speaker, status=PaperStatus.ACCEPTED, with_file=False)
            speakers.append(speaker)
        session.speakers.set(speakers)

    add(1)
    client.get(page_url(session))
    with CaptureQueriesContext(connection) as small:
        client.get(page_url(session))
    add(6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(page_url(session))

    assert response.content.decode().count('class="speaker"') == 7
    assert len(large) == len(small)


# --- Happening now and next on the event page -------------------------------------------


@pytest.fixture
def today_event():
    today = timezone.localdate()
    return EventFactory(
        slug="today",
        time_zone="UTC",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
    )


def _now_section(html):
    start = html.index('id="happening-now"')
    end = html.index('id="next"')
    return html[start:end], html[end : html.index("</section>", end)]


def test_event_page_shows_what_is_happening_now_and_next(client, today_event):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    forum = ForumFactory(event=today_event)
    SessionFactory(forum=forum, title_en="Under way", starts_at=now - hour, ends_at=now + hour)
    SessionFactory(forum=forum, title_en="Over", starts_at=now - 3 * hour, ends_at=now - 2 * hour)
    SessionFactory(forum=forum, title_en="Soon A", starts_at=now + 2 * hour, ends_at=now + 3 * hour)
    SessionFactory(forum=forum, title_en="Soon B", starts_at=now + 2 * hour, ends_at=now + 4 * hour)
    SessionFactory(forum=forum, title_en="Later", starts_at=now + 5 * hour, ends_at=now + 6 * hour)

    happening, coming = _now_section(client.get("/events/today/").content.decode())

    assert ("Under way" in happening, "Over" in happening, "Soon A" in happening) == (
        True,
        False,
        False,
    )
    assert ("Soon A" in coming, "Soon B" in coming, "Later" in coming) == (True, True, False)


def test_happening_now_follows_the_debate_not_the_clock(client, today_event):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    forum = ForumFactory(event=today_event)
    closed = SessionFactory(
        forum=forum,
        kind="debate",
        title_en="Closed early",
        starts_at=now - hour,
        ends_at=now + hour,
    )
    DebateFactory(forum=forum, session=closed, status="closed")
    overtime = SessionFactory(
        forum=forum,
        kind="debate",
        title_en="Running over",
        starts_at=now - 3 * hour,
        ends_at=now - hour,
    )
    DebateFactory(forum=forum, session=overtime, status="live")

    happening, _coming = _now_section(client.get("/events/today/").content.decode())

    assert ("Running over" in happening, "Closed early" in happening) == (True, False)
    assert '<span class="badge badge-live">Live now</span>' in happening


def test_an_event_that_is_over_shows_neither_now_nor_next(client, event, session):
    EventFactory(
        slug="past",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 1, 2),
    )
    html = client.get("/events/past/").content.decode()

    assert 'id="happening-now"' not in html


def test_event_page_query_count_with_now_and_next_does_not_grow(today_event):
    delegate = DelegateFactory()
    client = signed_in(delegate.user)
    forum = ForumFactory(event=today_event)
    now = timezone.now()
    rooms = [RoomFactory(event=today_event) for _ in range(3)]

    def add(count):
        for index in range(count):
            session = SessionFactory(
                forum=forum,
                room=rooms[index % 3],
                kind="debate" if index % 4 == 0 else "panel",
                starts_at=now + datetime.timedelta(minutes=30 * (index % 5) - 30),
                ends_at=now + datetime.timedelta(minutes=30 * (index % 5) + 30),
            )
            if index % 4 == 0:
                DebateFactory(forum=forum, session=session, status="live")

    add(4)
    client.get("/events/today/")
    with CaptureQueriesContext(connection) as small:
        client.get("/events/today/")
    add(24)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/events/today/")

    assert 'id="happening-now"' in response.content.decode()
    assert len(large) == len(small)
