"""The badge signs you in on your phone: the phone's camera opens the link of the badge's
QR code (a navigation no page started), which signs its owner in and opens the live
room; a reprint of the badge ends that session: the room's next connection is refused
and says so (the socket open at the time is closed by the server itself, which
tests/debates/test_consumer_badge.py shows), and the old link signs nobody in."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from debates import services
from debates.models import Visibility
from events.models import Accreditation
from onsite.badges.prints import badge_code
from onsite.services import badge_issue
from tests.browser.room_support import LIVE, SocketSwitch
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_phone_opens_the_room_by_the_badge_until_the_badge_is_reprinted(
    pages, amina_diego, screenshot
):
    room = amina_diego(visibility=Visibility.MEMBERS)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    secretariat = UserFactory(is_staff=True)
    accreditation = Accreditation.objects.get(delegate=room.delegates[0])
    badge = badge_issue(actor=secretariat, accreditation=accreditation)
    link = badge_code(badge).removeprefix(settings.SITE_URL)

    switch = SocketSwitch()
    phone = pages.open(None, link, viewport=PHONE, switch=switch)

    assert phone.url.endswith(f"/debates/{d}/")
    expect(phone.locator(LIVE)).to_be_attached()
    expect(phone.get_by_role("button", name="Ask to speak")).to_be_enabled()
    screenshot(phone, "badge-signin-room")

    badge_issue(actor=secretariat, accreditation=accreditation)
    switch.drop(hold=False)

    expect(phone.locator("#room-banner-text")).to_have_text(
        "Your session has ended. Log in again to follow the debate."
    )
    expect(phone.get_by_role("button", name="Ask to speak")).to_be_disabled()
    phone.goto(link)
    expect(phone.get_by_role("alert")).to_have_text(
        "This badge was replaced by a reprint: scan the new one."
    )
    assert [error for error in pages.errors if "status of 410" not in error] == []
