"""A delegate edits their profile on a 390 px phone; the site then speaks their language."""

import pytest
from playwright.sync_api import expect

from events.models import Delegate
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_delegate_edits_the_profile_on_a_phone(pages):
    delegate = DelegateFactory(languages=["en"], time_zone="Europe/Paris")

    page = pages.open(delegate.user, "/me/", viewport=PHONE, wait=False)
    page.get_by_role("link", name="Edit my profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Save my profile").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Your name: Enter your name as badges should show it."
    )
    page.get_by_label("Your name").fill("Amina Diallo-Bâ")
    page.get_by_label("French").check()
    page.get_by_label("Other languages").fill("wo")
    page.get_by_label("Preferred language").select_option("fr")
    page.get_by_label("Your time zone").select_option("Africa/Dakar")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.get_by_role("button", name="Save my profile").click()

    expect(page.get_by_role("status")).to_have_text("Votre profil est enregistré.")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_label("Votre nom")).to_have_value("Amina Diallo-Bâ")
    saved = Delegate.objects.get(pk=delegate.pk)
    assert (saved.name, saved.languages, saved.language, saved.time_zone) == (
        "Amina Diallo-Bâ",
        ["en", "fr", "wo"],
        "fr",
        "Africa/Dakar",
    )
    assert width == 390
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    # The refused form answers 400, which the console reports; nothing else may.
    assert [error for error in pages.errors if "status of 400" not in error] == []
