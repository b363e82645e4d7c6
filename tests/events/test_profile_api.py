"""PATCH /api/v1/me/: a delegate changes their profile through the API."""

import pytest

from events.models import Delegate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _profile(delegate) -> dict:
    delegate = Delegate.objects.get(pk=delegate.pk)
    return {
        "name": delegate.name,
        "title": delegate.title,
        "languages": delegate.languages,
        "language": delegate.language,
        "time_zone": delegate.time_zone,
    }


def test_patch_changes_the_profile_and_answers_it(delegate_client, delegate):
    response = delegate_client.patch(
        "/api/v1/me/",
        {"name": "Kwame Mensah", "languages": ["fr", "wo"], "language": "fr"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()["delegate"]
    assert {key: body[key] for key in ("name", "title", "languages", "language", "time_zone")} == {
        "name": "Kwame Mensah",
        "title": "Councillor",
        "languages": ["fr", "wo"],
        "language": "fr",
        "time_zone": "Europe/Paris",
    }
    assert _profile(delegate)["name"] == "Kwame Mensah"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Mars/Olympus is not a time zone"),
        ({"languages": ["fr", "xx"]}, "languages", "Unknown language code: xx."),
        ({"language": "de"}, "language", "de is not a language of the site"),
        ({"name": "   "}, "name", "Enter your name as badges should show it."),
        ('{"name": 1e999}', "name", "Expected text; received float."),
        ({"title": 12}, "title", "Expected text; received int."),
        ({"languages": "fr"}, "languages", 'Expected a list of items but got type "str".'),
        ({"languages": [True]}, "languages", "Expected text; received bool."),
        ({"time_zone": None}, "time_zone", "This field may not be null."),
        ({"nickname": "Kwame"}, "nickname", "Unknown field."),
    ],
)
def test_patch_refuses_bad_input_and_saves_nothing(delegate_client, delegate, body, field, message):
    before = _profile(delegate)

    if isinstance(body, str):
        response = delegate_client.patch("/api/v1/me/", body, content_type="application/json")
    else:
        response = delegate_client.patch("/api/v1/me/", body, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in str(errors[field])
    assert _profile(delegate) == before


def test_patch_with_a_bad_field_saves_none_of_the_good_ones(delegate_client, delegate):
    before = _profile(delegate)

    response = delegate_client.patch(
        "/api/v1/me/", {"title": "Mayor", "time_zone": "Nowhere"}, format="json"
    )

    assert response.status_code == 400
    assert _profile(delegate) == before


def test_a_body_that_is_not_an_object_is_refused(delegate_client):
    response = delegate_client.patch("/api/v1/me/", ["fr"], format="json")

    assert response.status_code == 400


def test_anonymous_patch_is_401(api_client):
    response = api_client.patch("/api/v1/me/", {"title": "Mayor"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_account_without_a_delegate_profile_has_none_to_change(api_client):
    api_client.force_authenticate(UserFactory())

    response = api_client.patch("/api/v1/me/", {"title": "Mayor"}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Only delegates have a profile.", "code": "not_a_delegate"}


def test_patch_from_a_session_needs_the_csrf_token(delegate):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(delegate.user)

    response = client.patch("/api/v1/me/", {"title": "Mayor"}, format="json")

    assert response.status_code == 403
    assert _profile(delegate)["title"] == "Councillor"
