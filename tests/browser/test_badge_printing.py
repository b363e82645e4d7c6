"""Printing badges in the browser, on a phone's screen: the event's dashboard starts a
batch in the layout picked, the progress page moves its bar as the server prints (it
asks the status itself) and offers the PDF, which holds every badge."""

import re

import pytest
from playwright.sync_api import expect

from onsite import services
from tests.factories import AccreditationFactory, EventFactory, UserFactory
from tests.onsite.badges.support import decoded_codes

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_prints_a_batch_and_watches_it_to_the_pdf(pages, screenshot, tmp_path):
    event = EventFactory()
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(30):
        services.badge_issue(actor=secretariat, accreditation=AccreditationFactory(event=event))
    phone = {"width": 390, "height": 844}

    page = pages.open(secretariat, f"/onsite/events/{event.slug}/", viewport=phone, wait=False)
    page.select_option("#print-layout", "band")
    page.get_by_role("button", name="Print every valid badge").click()

    expect(page).to_have_url(re.compile(r"/onsite/print-jobs/\d+/$"))
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=90_000)
    expect(page.locator("[data-count]")).to_have_text("Badges printed: 30 of 30")
    expect(page.locator("[data-label]")).to_have_text("Ready")
    assert page.locator("progress").evaluate("bar => [bar.value, bar.max]") == [30, 30]
    screenshot(page, "onsite-badge-print-done")
    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / "badges.pdf"
    download.value.save_as(path)

    assert len(decoded_codes(path.read_bytes())) == 30
    assert pages.errors == []
