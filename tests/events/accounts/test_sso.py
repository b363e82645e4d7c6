"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit, started
by the suite on a free port): an invited address becomes a delegate on first sign-in,
an account with that verified address is linked, anyone else is refused."""

import html
import re
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from events.models import Delegate, Invitation
from tests.factories import DelegateFactory, InvitationFactory
from tests.oidc_provider.provider import OIDCProvider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/oidc/cityid/login/callback/"
PEOPLE = [
    ("awa", "awa@dakar.example.org", "Awa", "Ndiaye"),
    ("diego", "diego@bogota.example.org", "Diego", "Restrepo"),
    ("eve", "eve@example.org", "Eve", "Nobody"),
]
IDP_PASSWORD = "cityid password 2027"


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    users = [
        {
            "username": username,
            "password": IDP_PASSWORD,
            "email": email,
            "first_name": first,
            "last_name": last,
        }
        for username, email, first, last in PEOPLE
    ]
    with OIDCProvider(
        tmp_path_factory.mktemp("oidc"), redirect_uris=[CALLBACK], users=users
    ) as provider:
        yield provider


@pytest.fixture
def sso(settings, idp):
    from config.env import sso_providers

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": sso_providers(idp.plenary_env()), "OAUTH_PKCE_ENABLED": True}
    }
    return idp


def sign_in_at_the_provider(client, idp, username: str):
    """Plenary sends the browser to the provider, the person signs in there, the provider
    sends them back with a code; returns Plenary's answer to that callback."""
    start = client.post("/accounts/oidc/cityid/login/", {"process": "login"})
    assert start.status_code == 302, start.content
    browser = requests.Session()
    url = start["Location"]
    assert url.startswith(f"{idp.issuer}/authorize/")
    for _hop in range(10):
        answer = browser.get(url, allow_redirects=False, timeout=30)
        if answer.status_code == 200 and 'name="password"' in answer.text:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text)
            answer = browser.post(
                url,
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "username": username,
                    "password": IDP_PASSWORD,
                    "next": html.unescape(
                        re.search(r'name="next" value="([^"]*)"', answer.text).group(1)
                    ),
                },
                headers={"Referer": url},
                allow_redirects=False,
                timeout=30,
            )
        assert answer.status_code == 302, answer.text[:500]
        url = requests.compat.urljoin(url, answer.headers["Location"])
        if url.startswith("http://testserver/"):
            parts = urlsplit(url)
            return client.get(f"{parts.path}?{parts.query}")
    raise AssertionError("the provider never sent the browser back")


def test_an_invited_delegate_signs_in_by_sso_and_becomes_a_delegate(client, sso, dakar):
    invitation = InvitationFactory(organization=dakar, email="AWA@dakar.example.org")

    answer = sign_in_at_the_provider(client, sso, "awa")

    assert (answer.status_code, answer["Location"]) == (302, "/")
    delegate = Delegate.objects.get()
    assert int(client.session["_auth_user_id"]) == delegate.user_id
    assert delegate.organization == dakar
    assert delegate.user.has_usable_password() is False
    invitation.refresh_from_db()
    assert (invitation.status, invitation.delegate) == ("accepted", delegate)
    assert SocialAccount.objects.get().user == delegate.user


def test_an_account_with_the_verified_address_is_linked(client, sso):
    from allauth.account.models import EmailAddress

    delegate = DelegateFactory(user__email="diego@bogota.example.org")
    EmailAddress.objects.create(
        user=delegate.user, email="diego@bogota.example.org", verified=True, primary=True
    )

    answer = sign_in_at_the_provider(client, sso, "diego")

    assert answer.status_code == 302
    assert int(client.session["_auth_user_id"]) == delegate.user_id
    assert SocialAccount.objects.get().user == delegate.user
    assert Delegate.objects.count() == 1


def test_someone_not_invited_is_refused_and_nothing_is_created(client, sso):
    answer = sign_in_at_the_provider(client, sso, "eve")

    assert answer.status_code == 403
    page = answer.content.decode()
    assert "There is no invitation for eve@example.org." in page
    assert 'data-code="sso_not_invited"' in page
    assert "_auth_user_id" not in client.session
    assert not Delegate.objects.exists()
    assert not SocialAccount.objects.exists()
    assert not Invitation.objects.exists()
