"""The scanning page at a door: a scan, a re-scan, then an offline period (the page
reloaded with no network, served by its service worker) with three scans that are sent
once the network is back, each counted once."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from onsite import services
from onsite.badges.prints import badge_code
from onsite.models import Scan
from tests.factories import (
    AccreditationFactory,
    CheckInListFactory,
    DelegateFactory,
    DoorFactory,
    EventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def badge_for(event, secretariat, first, last, name=None):
    delegate = DelegateFactory(user__first_name=first, user__last_name=last)
    accreditation = AccreditationFactory(event=event, delegate=delegate)
    return services.badge_issue(actor=secretariat, accreditation=accreditation, name=name)


def test_door_scans_online_then_offline_sync_once_back(pages, screenshot):
    event = EventFactory()
    entrance = CheckInListFactory(event=event, name="Main entrance")
    DoorFactory(checkin_list=entrance, name="North")
    secretariat = UserFactory(is_staff=True)
    staff = UserFactory(username="doors")
    staff.user_permissions.add(Permission.objects.get(codename="scan_badges"))
    mei = badge_for(event, secretariat, "Mei", "Chen", "陈美")
    elena = badge_for(event, secretariat, "Elena", "Papadopoulou", "Έλενα Παπαδοπούλου")
    diego = badge_for(event, secretariat, "Diego", "Restrepo")

    page = pages.open(staff, f"/onsite/lists/{entrance.pk}/scan/", wait=False)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    verdict = page.locator("[data-verdict]")
    code = page.get_by_role("textbox", name="Badge code")

    code.fill(badge_code(mei))
    code.press("Enter")
    expect(verdict).to_contain_text("Come in")
    expect(verdict).to_contain_text("陈美")
    expect(verdict).to_contain_text("Mei Chen")
    expect(page.locator("[data-inside]")).to_have_text("1")

    code.fill(badge_code(mei))
    code.press("Enter")
    expect(verdict).to_contain_text("Already inside since")
    screenshot(page, "onsite-scan-already-inside")

    page.reload()  # now under the service worker, which keeps the page for offline use
    expect(page.locator("[data-inside]")).to_have_text("1")
    page.context.set_offline(True)
    page.reload()
    for badge in (elena, diego):
        code.fill(badge_code(badge))
        code.press("Enter")
        expect(verdict).to_contain_text("Come in (decided offline)")
        expect(verdict).to_contain_text(badge.name)
    page.get_by_label("Exit").check()
    code.fill(badge_code(mei))
    code.press("Enter")
    expect(verdict).to_contain_text("Goodbye (decided offline)")
    expect(page.locator("[data-pending]")).to_have_text("3")
    expect(page.locator("[data-connection]")).to_contain_text("Offline")
    screenshot(page, "onsite-scan-offline")
    assert Scan.objects.count() == 2

    page.context.set_offline(False)
    page.evaluate("window.PlenaryScanner.sync()")
    expect(page.locator("[data-pending]")).to_have_text("0")
    expect(page.locator("[data-inside]")).to_have_text("2")
    assert sorted(Scan.objects.values_list("direction", "outcome")) == [
        ("entry", "accepted"),
        ("entry", "accepted"),
        ("entry", "accepted"),
        ("entry", "already_inside"),
        ("exit", "accepted"),
    ]
    # Offline, the browser reports each request that could not leave (or that the service
    # worker could not answer from its cache); nothing else failed.
    offline = ("net::ERR_INTERNET_DISCONNECTED", "net::ERR_FAILED")
    assert [error for error in pages.errors if not error.endswith(offline)] == []
