"""Guessing through two real daphne workers sharing Redis, started as the deployment guide
starts them: simultaneous guesses do not get past the limits, whatever address a request
claims (each limit holds to at most one extra per worker; these hold exactly)."""

import json
import re
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest
from rest_framework.authtoken.models import Token

from harness.processes import start_workers, wait_for_other_database_sessions_to_end
from harness.requests import burst
from tests.factories import DelegateFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
ACCOUNT_LIMIT = 5
WORKERS = 2
# What a client sends through nginx when it forges the header: its own lie first, then
# the address that nginx appends ($proxy_add_x_forwarded_for).
PROXIED = "203.0.113.77"


def forged_through_proxy(n: int) -> str:
    return f"198.51.100.{n % 250}, {PROXIED}"


def start(tmp_path, *, args, **env):
    return start_workers(
        WORKERS,
        log_dir=tmp_path,
        args=args,
        extra_env={"CACHE_KEY_PREFIX": f"plenary-test-{uuid.uuid4().hex[:8]}", **env},
    )


@pytest.fixture
def proxied_workers(tmp_path):
    """Behind one proxy (TRUSTED_PROXY_COUNT=1), with daphne's --proxy-headers as the
    issue's reproduction had them."""
    workers = start(
        tmp_path,
        args=["--proxy-headers"],
        TRUSTED_PROXY_COUNT="1",
        API_THROTTLE_USER="60/minute",
    )
    yield workers
    for worker in workers:
        worker.stop()
    wait_for_other_database_sessions_to_end()


def token_guess(url, username, password, forwarded):
    body = json.dumps({"username": username, "password": password}).encode()
    headers = {"Content-Type": "application/json", "X-Forwarded-For": forwarded}
    return ("POST", f"{url}/api/v1/auth/token/", headers, body)


def counts(responses) -> dict[int, int]:
    found: dict[int, int] = {}
    for response in responses:
        found[response.status] = found.get(response.status, 0) + 1
    return found


def test_simultaneous_token_guesses_lock_the_account_exactly(proxied_workers):
    delegate = DelegateFactory()
    username = delegate.user.username

    responses = burst(
        [
            token_guess(
                proxied_workers[n % WORKERS].http_url, username, f"guess-{n}", f"198.51.100.{n}"
            )
            for n in range(80)
        ]
    )
    right = burst([token_guess(proxied_workers[0].http_url, username, PASSWORD, "198.51.100.250")])[
        0
    ]

    assert counts(responses) == {400: ACCOUNT_LIMIT, 429: 80 - ACCOUNT_LIMIT}
    assert {r.body["code"] for r in responses if r.status == 429} == {"signin_locked"}
    assert (right.status, right.body["code"]) == (429, "signin_locked")
    assert not Token.objects.exists()


def test_simultaneous_token_requests_hold_the_endpoint_throttle(proxied_workers):
    # Unknown accounts: only the endpoint's throttle (30/minute per address) can refuse.
    responses = burst(
        [
            token_guess(
                proxied_workers[n % WORKERS].http_url,
                f"nobody-{n}",
                "x",
                forged_through_proxy(n),
            )
            for n in range(80)
        ]
    )

    assert counts(responses) == {400: 30, 429: 50}


def test_simultaneous_reads_hold_the_anonymous_and_user_throttles(proxied_workers):
    token = Token.objects.create(user=DelegateFactory().user).key

    anonymous = burst(
        [
            (
                "GET",
                f"{proxied_workers[n % WORKERS].http_url}/api/v1/organizations/",
                {"X-Forwarded-For": forged_through_proxy(n)},
                None,
            )
            for n in range(130)
        ]
    )
    signed_in = burst(
        [
            (
                "GET",
                f"{proxied_workers[n % WORKERS].http_url}/api/v1/me/",
                {"Authorization": f"Token {token}", "X-Forwarded-For": forged_through_proxy(n)},
                None,
            )
            for n in range(80)
        ]
    )

    assert counts(anonymous) == {200: 120, 429: 10}
    assert counts(signed_in) == {200: 60, 429: 20}


def login_form_session(url: str) -> tuple[str, str]:
    """A CSRF cookie and token from the sign-in page, for posting the form many times."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/accounts/login/", timeout=30) as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return cookie, token


def test_simultaneous_form_guesses_lock_the_account_exactly(tmp_path):
    """The issue's reproduction: --proxy-headers, no proxy configured, a new address on
    every request straight to the workers. The account's limit does not depend on it."""
    workers = start(tmp_path, args=["--proxy-headers"])
    try:
        delegate = DelegateFactory()
        cookie, token = login_form_session(workers[0].http_url)
        body = "csrfmiddlewaretoken={}&login={}&password={}"

        responses = burst(
            [
                (
                    "POST",
                    f"{workers[n % WORKERS].http_url}/accounts/login/",
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={cookie}",
                        "X-Forwarded-For": f"198.51.100.{n}",
                        "Referer": f"{workers[n % WORKERS].http_url}/accounts/login/",
                    },
                    body.format(token, delegate.user.username, f"guess-{n}").encode(),
                )
                for n in range(80)
            ]
        )
    finally:
        for worker in workers:
            worker.stop()
        wait_for_other_database_sessions_to_end()

    assert counts(responses) == {200: ACCOUNT_LIMIT, 429: 80 - ACCOUNT_LIMIT}
