import datetime

import pytest
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_home_lists_events_under_way_upcoming_and_past_apart(client):
    today = timezone.localdate()
    EventFactory(title="World Congress", slug="congress")
    EventFactory(title="Secret Retreat", slug="retreat", status=Event.Status.DRAFT)
    EventFactory(
        title="Annual Meeting",
        slug="annual",
        time_zone="UTC",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
    )
    EventFactory(
        title="Old Meeting",
        slug="old",
        start_date=today - datetime.timedelta(days=10),
        end_date=today - datetime.timedelta(days=9),
        registration_opens_at=None,
        registration_closes_at=None,
    )

    html = client.get("/").content.decode()

    under_way = _section(html, "under-way")
    assert "Annual Meeting" in under_way
    assert '<span class="badge badge-live">Under way</span>' in under_way
    assert ("World Congress" in under_way, "Old Meeting" in under_way) == (False, False)
    upcoming = _section(html, "upcoming")
    assert ("World Congress" in upcoming, "Annual Meeting" in upcoming) == (True, False)
    assert "Old Meeting" in _section(html, "past")
    assert "Secret Retreat" not in html


def test_an_event_is_under_way_by_the_date_in_its_own_zone():
    from events.selectors import event_list_by_phase

    # 23:30 UTC on 1 June is already 2 June in Seoul, still 1 June in Toronto.
    at = datetime.datetime(2027, 6, 1, 23, 30, tzinfo=datetime.UTC)
    seoul = EventFactory(
        time_zone="Asia/Seoul",
        start_date=datetime.date(2027, 6, 2),
        end_date=datetime.date(2027, 6, 3),
    )
    toronto = EventFactory(
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 6, 2),
        end_date=datetime.date(2027, 6, 3),
    )

    phases = event_list_by_phase(at=at)

    assert (phases.under_way, phases.upcoming, phases.past) == ([seoul], [toronto], [])


def test_home_says_when_there_is_nothing(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "No upcoming events have been published yet." in response.content.decode()


def test_event_page_names_the_time_zone(client):
    event = EventFactory(title="Annual Meeting", host_city="Montréal", time_zone="America/Toronto")

    html = client.get(f"/events/{event.slug}/").content.decode()

    assert "<h1>Annual Meeting</h1>" in html
    assert "All times are Montréal time (Eastern Time, UTC\u22125)." in html
    french = client.get(f"/events/{event.slug}/?lang=fr").content.decode()
    assert (
        "Les heures sont données en heure de Montréal "
        "(heure de l\u2019Est nord-américain, UTC\u22125)." in french
    )
    spanish = client.get(f"/events/{event.slug}/?lang=es").content.decode()
    assert "Todas las horas se indican en hora de Montréal (hora oriental, UTC\u22125)." in spanish


def test_event_page_shows_registration_window_in_event_zone(client):
    opens = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)
    closes = datetime.datetime(2027, 4, 1, 21, 30, tzinfo=datetime.UTC)
    event = EventFactory(
        time_zone="Asia/Seoul", registration_opens_at=opens, registration_closes_at=closes
    )

    html = client.get(f"/events/{event.slug}/").content.decode()

    # 08:00 UTC is 17:00 in Seoul; 21:30 UTC is 06:30 the next day.
    assert "March 1, 2027, 17:00 (Asia/Seoul)" in html
    assert "April 2, 2027, 06:30 (Asia/Seoul)" in html


def test_draft_event_page_is_404_for_the_public(client):
    event = EventFactory(status=Event.Status.DRAFT)

    response = client.get(f"/events/{event.slug}/")

    assert response.status_code == 404
    assert "There is nothing at this address." in response.content.decode()


def test_event_page_in_french(client):
    event = EventFactory(title_en="World Congress", title_fr="Congrès mondial")

    html = client.get(f"/events/{event.slug}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<h1>Congrès mondial</h1>" in html
    assert '<html lang="fr">' in html


def test_language_switcher_sets_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"}, follow=True)

    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Próximos eventos" in html


def test_me_requires_login(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/"


def test_me_shows_delegate_and_organization(client, delegate):
    client.force_login(delegate.user)

    html = client.get("/me/").content.decode()

    assert delegate.organization.name in html
    assert delegate.user.get_full_name() in html


def test_login_with_wrong_password_shows_an_error(client, delegate):
    response = client.post(
        "/accounts/login/", {"login": delegate.user.username, "password": "nope"}
    )

    assert response.status_code == 200
    assert (
        "The username and/or password you specified are not correct." in response.content.decode()
    )


def test_login_then_logout(client, delegate):
    response = client.post(
        "/accounts/login/",
        {"login": delegate.user.username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"

    client.post("/accounts/logout/")

    assert client.get("/me/").status_code == 302


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_admin_signs_in_through_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_event_search_and_filter_work_for_secretariat(client, secretariat):
    EventFactory(title="World Congress", host_city="Barcelona")
    client.force_login(secretariat)

    response = client.get("/admin/events/event/?q=Barcelona&status__exact=published")

    assert response.status_code == 200
    assert "World Congress" in response.content.decode()


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "There is nothing at this address." in response.content.decode()
