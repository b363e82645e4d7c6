"""The three ways of guessing passwords that the issue reproduced, each closed: the API
token endpoint, the HTML sign-in form and the API throttles, with a client that writes a
new ``X-Forwarded-For`` on every request."""

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
# Defaults: 5 failed sign-ins lock an account (LOGIN_FAILURES_PER_ACCOUNT).
ACCOUNT_LIMIT = 5


def forged(n: int) -> dict[str, str]:
    """Headers of a client that claims a new address on every request."""
    return {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n % 250}, 10.{n // 250}.0.{n % 250}"}


def test_token_endpoint_locks_an_account_whatever_address_it_claims(api_client):
    delegate = DelegateFactory()

    answers = [
        api_client.post(
            "/api/v1/auth/token/",
            {"username": delegate.user.username, "password": f"guess-{n}"},
            format="json",
            **forged(n),
        )
        for n in range(60)
    ]
    right = api_client.post(
        "/api/v1/auth/token/",
        {"username": delegate.user.username, "password": PASSWORD},
        format="json",
        **forged(99),
    )

    assert [answer.status_code for answer in answers] == [400] * ACCOUNT_LIMIT + [429] * (
        60 - ACCOUNT_LIMIT
    )
    # Locked after five; from the 31st on the endpoint's throttle answers first.
    codes = [answer.json()["code"] for answer in answers]
    assert (
        codes
        == ["authorization"] * ACCOUNT_LIMIT
        + ["signin_locked"] * (30 - ACCOUNT_LIMIT)
        + ["throttled"] * 30
    )
    assert right.status_code == 429
    assert not Token.objects.exists()


def test_token_endpoint_refuses_the_right_password_of_a_locked_account(api_client):
    delegate = DelegateFactory()
    for n in range(ACCOUNT_LIMIT):
        api_client.post(
            "/api/v1/auth/token/",
            {"username": delegate.user.username, "password": f"guess-{n}"},
            format="json",
        )

    right = api_client.post(
        "/api/v1/auth/token/",
        {"username": delegate.user.email.upper(), "password": PASSWORD},
        format="json",
    )

    assert right.status_code == 429
    assert right.json() == {
        "detail": "Too many failed sign-ins. Try again in 15 minutes, reset your password, "
        "or ask the secretariat to lift the lock.",
        "code": "signin_locked",
    }
    assert not Token.objects.exists()


def test_token_endpoint_throttle_ignores_forwarded_for_from_an_untrusted_peer(api_client):
    # Unknown accounts, so that only the endpoint's throttle (30/minute) can answer 429.
    statuses = [
        api_client.post(
            "/api/v1/auth/token/",
            {"username": f"nobody-{n}", "password": "x"},
            format="json",
            **forged(n),
        ).status_code
        for n in range(31)
    ]

    assert statuses == [400] * 30 + [429]


def test_anonymous_reads_are_throttled_whatever_address_they_claim(api_client):
    statuses = [
        api_client.get("/api/v1/organizations/", **forged(n)).status_code for n in range(121)
    ]

    assert statuses == [200] * 120 + [429]


def test_login_form_locks_an_account_whatever_address_it_claims(client):
    delegate = DelegateFactory()

    statuses = [
        client.post(
            "/accounts/login/",
            {"login": delegate.user.username, "password": f"guess-{n}"},
            **forged(n),
        ).status_code
        for n in range(40)
    ]
    right = client.post(
        "/accounts/login/",
        {"login": delegate.user.username, "password": PASSWORD},
        **forged(99),
    )

    assert statuses == [200] * ACCOUNT_LIMIT + [429] * (40 - ACCOUNT_LIMIT)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_form_says_the_account_is_locked(client):
    delegate = DelegateFactory()
    for n in range(ACCOUNT_LIMIT):
        client.post("/accounts/login/", {"login": delegate.user.username, "password": f"{n}"})

    right = client.post("/accounts/login/", {"login": delegate.user.username, "password": PASSWORD})

    assert right.status_code == 429
    assert "Too many failed sign-ins. Try again in 15 minutes" in right.content.decode()
    assert "_auth_user_id" not in client.session
