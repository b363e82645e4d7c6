"""The API's own pages (Swagger UI, the browsable API) and the back office load without a
console error: no Content-Security-Policy violation, no missing favicon."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_browsable_api_and_admin_load_without_console_errors(pages):
    secretariat = UserFactory(is_staff=True, is_superuser=True)

    docs = pages.open(None, "/api/docs/", wait=False)
    expect(docs.locator(".opblock-tag").first).to_be_visible()
    browsable = pages.open(secretariat, "/api/v1/events/", wait=False)
    expect(browsable.locator(".response-info")).to_be_visible()
    admin = pages.open(secretariat, "/admin/", wait=False)
    expect(admin.locator("#site-name")).to_be_visible()
    for page in (docs, browsable, admin):
        page.wait_for_load_state("networkidle")

    assert pages.errors == []
