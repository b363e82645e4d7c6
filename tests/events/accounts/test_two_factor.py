"""Two-factor authentication: TOTP codes on the sign-in form and the token endpoint, a
code used once only, and the requirement for the secretariat and chairs."""

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.test import APIClient

from events.accounts.two_factor import two_factor_required
from tests.factories import DelegateFactory, ForumFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def with_totp(user) -> pyotp.TOTP:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return pyotp.TOTP(secret)


def token(api_client, user, **extra):
    return api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD, **extra},
        format="json",
    )


def test_the_token_endpoint_asks_for_the_code_then_accepts_it_once(api_client):
    user = DelegateFactory().user
    totp = with_totp(user)

    without = token(api_client, user)
    code = totp.now()
    right = token(api_client, user, code=code)
    reused = token(api_client, user, code=code)

    assert (without.status_code, without.json()["code"]) == (400, "two_factor_required")
    assert right.status_code == 200
    assert set(right.json()) == {"token"}
    assert (reused.status_code, reused.json()["code"]) == (400, "two_factor_invalid")


def test_wrong_codes_count_as_failed_sign_ins(api_client):
    user = DelegateFactory().user
    with_totp(user)

    statuses = [token(api_client, user, code="000000").status_code for _ in range(6)]

    assert statuses == [400] * 5 + [429]


def test_the_login_form_asks_for_the_code_and_refuses_it_twice(client):
    user = DelegateFactory().user
    totp = with_totp(user)
    code = totp.now()

    first = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    signed_in = client.post("/accounts/2fa/authenticate/", {"code": code})
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    reused = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert first["Location"] == "/accounts/2fa/authenticate/"
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/")
    assert reused.status_code == 200
    assert "Incorrect code." in reused.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = ["secretariat", "chairs"]


def test_chairs_and_the_secretariat_must_set_up_a_second_factor(client, required, secretariat):
    chair = UserFactory()
    ForumFactory().chairs.add(chair)
    delegate = DelegateFactory().user

    assert (two_factor_required(chair), two_factor_required(secretariat)) == (True, True)
    assert two_factor_required(delegate) is False
    client.force_login(chair)
    page = client.get("/me/")
    api = client.get("/api/v1/me/")
    setup = client.get("/accounts/2fa/")

    assert (page.status_code, page["Location"]) == (302, "/accounts/2fa/?next=/me/")
    assert (api.status_code, api.json()["code"]) == (403, "two_factor_setup_required")
    assert setup.status_code == 200


def test_a_chair_with_a_second_factor_goes_on(client, required):
    chair = UserFactory()
    ForumFactory().chairs.add(chair)
    with_totp(chair)
    client.force_login(chair)

    assert client.get("/me/").status_code == 200


def test_a_delegate_needs_no_second_factor(client, required):
    client.force_login(DelegateFactory().user)

    assert client.get("/me/").status_code == 200


def test_the_token_endpoint_refuses_a_chair_without_a_second_factor(required):
    chair = UserFactory()
    ForumFactory().chairs.add(chair)

    response = token(APIClient(), chair)

    assert (response.status_code, response.json()["code"]) == (403, "two_factor_setup_required")
