"""On site in the browser: the scanning page at a door (a scan, a re-scan, then an
offline period, the page reloaded with no network and served by its service worker, with
three scans that are sent once the network is back, each counted once; the same with the
server itself stopped and started again), and the chair of
a sitting watching the room fill by its doors before a roll call and a vote."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from events.models import Accreditation
from harness.processes import DaphneWorker
from onsite import services
from onsite.badges.prints import badge_code
from onsite.models import Scan
from tests.browser.room_support import Pages, statutory_room
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


def test_chair_sees_the_room_fill_by_its_doors_before_a_vote(pages, screenshot):
    assembly = statutory_room()
    forum = assembly.room.forum
    hall = CheckInListFactory(event=forum.event, forum=forum, name="Plenary hall")
    staff = UserFactory(username="hall-doors")
    staff.user_permissions.add(Permission.objects.get(codename="scan_badges"))
    badges = {
        first: services.badge_issue(
            actor=assembly.secretariat,
            accreditation=Accreditation.objects.get(
                event=forum.event, delegate=assembly.people[first]
            ),
        )
        for first in ("Amina", "Diego")
    }

    chair = pages.open(assembly.room.chair, f"/debates/{assembly.debate_id}/")
    doors = chair.locator("#rollcall-doors")
    expect(doors).to_have_text("By the doors: 0 delegates with a seat are in the room.")
    scanner = pages.open(staff, f"/onsite/lists/{hall.pk}/scan/", wait=False)
    code = scanner.get_by_role("textbox", name="Badge code")
    verdict = scanner.locator("[data-verdict]")
    for first in ("Amina", "Diego"):
        code.fill(badge_code(badges[first]))
        code.press("Enter")
        expect(verdict).to_contain_text("Come in")
    expect(doors).to_have_text("By the doors: 2 delegates with a seat are in the room.")

    chair.locator("#console").get_by_role("button", name="Open a roll call").click()
    amina = pages.open(assembly.user("Amina"), f"/debates/{assembly.debate_id}/")
    jiwoo = pages.open(assembly.user("Jiwoo"), f"/debates/{assembly.debate_id}/")
    for delegate in (amina, jiwoo):
        delegate.get_by_role("button", name="I am present").click()
        expect(delegate.locator("#rollcall-mine")).to_have_text("You are marked present.")
    expect(doors).to_have_text(
        "By the doors: 2 delegates with a seat are in the room."
        " Of those present: 1 in the room, 1 remotely."
    )
    screenshot(chair, "onsite-chair-doors", part="#console")

    scanner.get_by_label("Exit").check()
    code.fill(badge_code(badges["Diego"]))
    code.press("Enter")
    expect(verdict).to_contain_text("Goodbye")
    expect(doors).to_have_text(
        "By the doors: 1 delegate with a seat is in the room."
        " Of those present: 1 in the room, 1 remotely."
    )

    chair.locator("#console").get_by_role("button", name="Close the roll call").click()
    expect(chair.locator("#rollcall-console-count")).to_contain_text("In the room: 1; remotely: 1.")
    assert pages.errors == []


def test_the_door_keeps_scanning_while_the_server_is_down(browser, tmp_path):
    event = EventFactory()
    entrance = CheckInListFactory(event=event, name="Main entrance")
    secretariat = UserFactory(is_staff=True)
    staff = UserFactory(username="doors")
    staff.user_permissions.add(Permission.objects.get(codename="scan_badges"))
    people = [
        badge_for(event, secretariat, "Mei", "Chen", "陈美"),
        badge_for(event, secretariat, "Omar", "Haddad", "عمر حداد"),
        badge_for(event, secretariat, "Nikos", "Georgiou", "Νίκος Γεωργίου"),
        badge_for(event, secretariat, "Ana", "Silva"),
    ]
    server = DaphneWorker(log_dir=tmp_path).start()
    pages = Pages(browser, server)
    try:
        page = pages.open(staff, f"/onsite/lists/{entrance.pk}/scan/", wait=False)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the service worker
        verdict = page.locator("[data-verdict]")
        code = page.get_by_role("textbox", name="Badge code")
        code.fill(badge_code(people[0]))
        code.press("Enter")
        expect(verdict).to_contain_text("Come in")
        expect(page.locator("[data-inside]")).to_have_text("1")

        server.stop()  # the server is gone, not merely the network
        page.reload()
        expect(page.locator("[data-connection]")).to_contain_text("Offline")
        for badge in people[1:]:
            code.fill(badge_code(badge))
            code.press("Enter")
            expect(verdict).to_contain_text("Come in (decided offline)")
            expect(verdict).to_contain_text(badge.name)
        expect(page.locator("[data-pending]")).to_have_text("3")
        assert Scan.objects.count() == 1

        server.start()  # back on the same address
        page.evaluate("window.PlenaryScanner.sync()")
        expect(page.locator("[data-pending]")).to_have_text("0")
        expect(page.locator("[data-inside]")).to_have_text("4")
        assert sorted(
            Scan.objects.values_list("accreditation__delegate__user__first_name", "outcome")
        ) == [
            ("Ana", "accepted"),
            ("Mei", "accepted"),
            ("Nikos", "accepted"),
            ("Omar", "accepted"),
        ]
    finally:
        pages.close()
        server.stop()
