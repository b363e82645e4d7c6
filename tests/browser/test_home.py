import re

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_switches_to_french(page, screenshot):
    EventFactory(title_en="World Congress", title_fr="Congrès mondial", slug="world-congress")

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    expect(page.get_by_role("link", name="World Congress")).to_be_visible()

    page.get_by_label("Language").select_option("fr")

    expect(page.get_by_role("heading", level=1)).to_have_text("Événements")
    expect(page.get_by_role("link", name="Congrès mondial")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    screenshot(page, "home-fr")


def test_home_page_loads_no_outside_resources(page, daphne_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    page.goto("/")
    page.wait_for_load_state("networkidle")

    outside = [url for url in requested if not url.startswith(daphne_server.http_url)]
    assert outside == []
    assert any(re.search(r"/static/css/plenary\.css$", url) for url in requested)
    assert console_errors == []
