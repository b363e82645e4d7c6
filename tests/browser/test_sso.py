"""A delegate signs in through their government's identity provider: a real OpenID
Connect provider (django-oauth-toolkit) and a daphne worker configured for it."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Delegate, Invitation
from harness.processes import DaphneWorker
from tests.factories import InvitationFactory, OrganizationFactory
from tests.oidc_provider.provider import OIDCProvider

pytestmark = pytest.mark.django_db(transaction=True)

IDP_PASSWORD = "cityid password 2027"


@pytest.fixture
def sso_server(tmp_path):
    worker = DaphneWorker(log_dir=tmp_path)
    callback = f"http://127.0.0.1:{worker.port}/accounts/oidc/cityid/login/callback/"
    idp = OIDCProvider(
        tmp_path,
        redirect_uris=[callback],
        users=[
            {
                "username": "awa",
                "password": IDP_PASSWORD,
                "email": "awa@dakar.example.org",
                "first_name": "Awa",
                "last_name": "Ndiaye",
            }
        ],
    ).start()
    worker.extra_env.update(idp.plenary_env())
    try:
        worker.start()
        yield worker
    finally:
        worker.stop()
        idp.stop()


def test_a_delegate_signs_in_by_oidc(browser, sso_server, screenshot):
    dakar = OrganizationFactory(name="City of Dakar", short_name="Dakar")
    InvitationFactory(
        organization=dakar, email="awa@dakar.example.org", first_name="Awa", last_name="Ndiaye"
    )
    context = browser.new_context(base_url=sso_server.http_url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/accounts/login/")
    expect(
        page.get_by_role("heading", name="Or sign in with your organization's account")
    ).to_be_visible()
    page.get_by_role("link", name="CityID").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="CityID")).to_be_visible()
    page.get_by_label("CityID user").fill("awa")
    page.get_by_label("CityID password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in to CityID").click()

    expect(page.locator(".user-name")).to_have_text("Awa Ndiaye")
    expect(page).to_have_url(re.compile(rf"^{re.escape(sso_server.http_url)}/$"))
    screenshot(page, "signed-in-by-oidc")
    context.close()

    delegate = Delegate.objects.get()
    assert delegate.organization == dakar
    assert Invitation.objects.get().status == "accepted"
