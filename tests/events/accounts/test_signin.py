"""Signing in: username or email, no open sign-up, password reset by email (which also
lifts a lock on the account)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from events.models import SignInLockout
from tests.factories import DelegateFactory
from tests.support import signed_in

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "an entirely new passphrase 2027"


def test_signing_in_with_the_email_address(client):
    delegate = DelegateFactory()

    response = client.post(
        "/accounts/login/", {"login": delegate.user.email.upper(), "password": PASSWORD}
    )

    assert (response.status_code, response["Location"]) == (302, "/")
    assert int(client.session["_auth_user_id"]) == delegate.user_id


def test_there_is_no_open_sign_up(client):
    response = client.get("/accounts/signup/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")


def test_the_login_page_offers_a_password_reset_and_explains_invitations(client):
    html = client.get("/accounts/login/").content.decode()

    assert 'href="/accounts/password/reset/"' in html
    assert "Accounts come with an invitation" in html
    assert 'name="login"' in html


def test_a_password_reset_by_email_lifts_the_lock(client, django_capture_on_commit_callbacks):
    delegate = DelegateFactory()
    for n in range(5):
        client.post("/accounts/login/", {"login": delegate.user.username, "password": f"{n}"})
    assert SignInLockout.objects.get().is_active()

    client.post("/accounts/password/reset/", {"email": delegate.user.email})
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    # allauth hides the key: the link redirects to a page with the form.
    form = client.get(urlsplit(link).path, follow=True)
    reset = client.post(
        form.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    signed_in = client.post(
        "/accounts/login/", {"login": delegate.user.username, "password": NEW_PASSWORD}
    )

    assert reset.status_code == 302
    assert SignInLockout.objects.get().is_active() is False
    assert signed_in.status_code == 302


def test_the_list_of_sessions_opens():
    response = signed_in(DelegateFactory().user).get("/accounts/sessions/")

    assert response.status_code == 200
    assert re.findall(r"<th[^>]*>\s*([^<]+?)\s*</th>", response.content.decode())[:3] == [
        "Started At",
        "IP Address",
        "Browser",
    ]
