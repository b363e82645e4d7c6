import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from events.models import Event
from tests.factories import DelegateFactory, EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_api_root_lists_resources(api_client):
    response = api_client.get("/api/v1/")

    assert response.status_code == 200
    assert set(response.json()) >= {"organizations", "events"}


def test_organizations_filter_by_region_and_country(api_client):
    dakar = OrganizationFactory(name="City of Dakar", country="SN", region="africa")
    OrganizationFactory(name="Ville de Montréal", country="CA", region="americas")
    OrganizationFactory(name="Abidjan", country="CI", region="africa")

    response = api_client.get("/api/v1/organizations/", {"region": "africa", "country": "sn"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": dakar.id,
            "name": "City of Dakar",
            "short_name": dakar.short_name,
            "kind": "city",
            "country": "SN",
            "region": "africa",
            "is_member": True,
        }
    ]


def test_organizations_search_matches_accented_names(api_client):
    OrganizationFactory(name="Prefeitura de São Paulo", short_name="São Paulo")
    OrganizationFactory(name="City of Kigali", short_name="Kigali")

    response = api_client.get("/api/v1/organizations/", {"search": "São"})

    assert [org["name"] for org in response.json()["results"]] == ["Prefeitura de São Paulo"]


def test_events_upcoming_and_past(api_client):
    today = timezone.localdate()
    upcoming = EventFactory(slug="upcoming", start_date=today + datetime.timedelta(days=3))
    past = EventFactory(
        slug="past",
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=28),
        registration_opens_at=None,
        registration_closes_at=None,
    )

    upcoming_ids = [
        e["id"] for e in api_client.get("/api/v1/events/?when=upcoming").json()["results"]
    ]
    past_ids = [e["id"] for e in api_client.get("/api/v1/events/?when=past").json()["results"]]

    assert upcoming_ids == [upcoming.id]
    assert past_ids == [past.id]


def test_events_hide_drafts_from_public_and_show_them_to_secretariat(
    api_client, secretariat_client
):
    published = EventFactory(slug="published")
    draft = EventFactory(slug="draft", status=Event.Status.DRAFT)

    public = [e["slug"] for e in api_client.get("/api/v1/events/").json()["results"]]
    staff = [e["slug"] for e in secretariat_client.get("/api/v1/events/").json()["results"]]

    assert public == [published.slug]
    assert sorted(staff) == sorted([published.slug, draft.slug])
    assert api_client.get(f"/api/v1/events/{draft.id}/").json() == {
        "detail": "Not found.",
        "code": "not_found",
    }


def test_event_detail_is_in_the_requested_language(api_client):
    event = EventFactory(
        title_en="World Congress", title_fr="Congrès mondial", title_es="Congreso Mundial"
    )

    french = api_client.get(f"/api/v1/events/{event.id}/", HTTP_ACCEPT_LANGUAGE="fr").json()
    spanish = api_client.get(f"/api/v1/events/{event.id}/?lang=es").json()

    assert french["title"] == "Congrès mondial"
    assert spanish["title"] == "Congreso Mundial"
    assert spanish["time_zone"] == "Europe/Madrid"
    assert spanish["url"] == f"http://testserver/events/{event.slug}/"


def test_unknown_filter_is_a_400_with_the_error_shape(api_client):
    response = api_client.get("/api/v1/organizations/", {"regoin": "africa"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "query: Unknown query parameter: regoin.",
        "code": "unknown_parameter",
        "errors": {"query": ["Unknown query parameter: regoin."]},
    }


def test_invalid_filter_value_is_a_400(api_client):
    response = api_client.get("/api/v1/organizations/", {"region": "atlantis"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_choice"
    assert body["errors"]["region"][0].startswith("Select a valid choice.")


@pytest.mark.parametrize("page", ["0", "999", "abc"])
def test_bad_page_number_is_a_404_json(api_client, page):
    OrganizationFactory()

    response = api_client.get("/api/v1/organizations/", {"page": page})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "code": "not_found"}


def test_token_endpoint_gives_a_token_that_authenticates(api_client, delegate):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": delegate.user.username, "password": "correct horse battery staple"},
        format="json",
    )

    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=delegate.user).key == key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/me/").json()["username"] == delegate.user.username


def test_token_endpoint_refuses_wrong_password(api_client, delegate):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": delegate.user.username, "password": "wrong"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "authorization"
    assert response.json()["detail"] == "Unable to log in with provided credentials."
    assert not Token.objects.exists()


def test_malformed_json_is_a_400(api_client):
    response = api_client.generic(
        "POST", "/api/v1/auth/token/", '{"username": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["detail"].startswith("JSON parse error")


def test_json_nested_too_deeply_is_a_400(api_client):
    body = '{"username": ' * 5000 + '"a"' + "}" * 5000

    response = api_client.generic(
        "POST", "/api/v1/auth/token/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["detail"].startswith("JSON parse error")


@pytest.mark.parametrize(
    "payload",
    [
        '{"username": ["a"], "password": {"x": 1}}',
        '["username", "password"]',
        '"just a string"',
        "null",
        '{"username": 12, "password": true}',
    ],
)
def test_wrong_types_are_a_400(api_client, payload):
    response = api_client.generic(
        "POST", "/api/v1/auth/token/", payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) >= {"detail", "code"}


def test_huge_body_is_refused_with_a_4xx(api_client):
    payload = '{"username": "' + "x" * 3_000_000 + '", "password": "y"}'

    response = api_client.generic(
        "POST", "/api/v1/auth/token/", payload, content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than this server accepts.",
        "code": "request_too_large",
    }


def test_me_requires_authentication(api_client):
    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }


def test_me_shows_own_profile_without_calendar_token(delegate_client, delegate):
    body = delegate_client.get("/api/v1/me/").json()

    assert body == {
        "username": delegate.user.username,
        "name": delegate.user.get_full_name(),
        "email": delegate.user.email,
        "is_secretariat": False,
        "delegate": {
            "id": delegate.id,
            "organization": {
                "id": delegate.organization.id,
                "name": delegate.organization.name,
                "short_name": delegate.organization.short_name,
                "kind": "city",
                "country": "FR",
                "region": "europe",
                "is_member": True,
            },
            "name": delegate.user.get_full_name(),
            "title": "Councillor",
            "languages": ["en"],
            "language": "en",
            "time_zone": "Europe/Paris",
        },
    }


def test_rotating_calendar_token_replaces_it(delegate_client, delegate):
    old = delegate.calendar_token

    response = delegate_client.post("/api/v1/me/calendar-token/")

    delegate.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {"calendar_token": delegate.calendar_token}
    assert delegate.calendar_token != old
    assert len(delegate.calendar_token) >= 43


def test_anonymous_throttle_answers_429(api_client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "3/minute"},
    }

    statuses = [api_client.get("/api/v1/organizations/").status_code for _ in range(4)]
    body = api_client.get("/api/v1/organizations/").json()

    assert statuses == [200, 200, 200, 429]
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Request was throttled.")


def test_organization_list_query_count_does_not_grow(api_client, django_assert_max_num_queries):
    OrganizationFactory.create_batch(3)
    with django_assert_max_num_queries(2):
        small = api_client.get("/api/v1/organizations/")
    OrganizationFactory.create_batch(40)
    with django_assert_max_num_queries(2):
        large = api_client.get("/api/v1/organizations/")

    assert small.json()["count"] == 3
    assert large.json()["count"] == 43


def test_event_list_query_count_does_not_grow(api_client, django_assert_max_num_queries):
    EventFactory.create_batch(2)
    with django_assert_max_num_queries(2):
        small = api_client.get("/api/v1/events/")
    EventFactory.create_batch(30)
    with django_assert_max_num_queries(2):
        large = api_client.get("/api/v1/events/")

    assert small.json()["count"] == 2
    assert large.json()["count"] == 32


def test_openapi_schema_describes_the_resources(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/events/",
        "/api/v1/organizations/",
        "/api/v1/me/",
        "/api/v1/auth/token/",
    } <= set(paths)


def test_swagger_ui_is_served_locally(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()


def test_delegate_factory_makes_distinct_organizations():
    first, second = DelegateFactory(), DelegateFactory()
    assert first.organization_id != second.organization_id
