"""The live debate room in the browser: a dropped connection, an offline browser and a
refused reconnection.

They run in Chromium against daphne serving the test database; the helpers are in
``tests.browser.room_support``, the ``pages`` and ``amina_diego`` fixtures in conftest.
"""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from debates import services
from debates.models import Debate, Visibility
from forums.models import Seat
from forums.services import seat_cancel
from tests.browser.room_support import (
    LIVE,
    SocketSwitch,
    client_state_matches_server,
    queue_names,
)

pytestmark = pytest.mark.django_db(transaction=True)


# --- connection ------------------------------------------------------------------------------


def test_dropped_connection_comes_back_with_the_events_it_missed(pages, amina_diego):
    room = amina_diego()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    path = f"/debates/{d}/"
    switch = SocketSwitch()
    chair = pages.open(room.chair, path)
    diego = pages.open(room.delegates[1].user, path, switch=switch)
    expect(queue_names(diego)).to_have_text(["Amina Diallo"])
    before = int(diego.locator("#room").get_attribute("data-seq"))

    switch.drop()
    expect(diego.locator("#room-connection")).to_have_attribute("data-state", "reconnecting")
    expect(diego.locator("#room-connection")).to_contain_text("Reconnecting…")
    expect(diego.get_by_role("button", name="Ask to speak")).to_be_disabled()

    # The server has let Diego's socket go; the room goes on without him.
    expect(chair.locator("#room-presence-count")).to_have_text("1")
    chair.get_by_role("button", name="Give the floor to the next speaker").click()
    expect(chair.locator("#speaker .speaker-name")).to_have_text("Amina Diallo")
    chair.get_by_label("Message", exact=True).fill("Amina has the floor while Diego is away.")
    chair.get_by_role("button", name="Send", exact=True).click()
    expect(chair.locator("#chat-list")).to_contain_text("while Diego is away")
    chair.get_by_role("button", name="End the floor").click()
    expect(chair.locator("#speaker")).to_have_text("Nobody has the floor.")
    head = Debate.objects.get(pk=d).seq
    assert head == before + 3
    # Diego still shows the room as it was.
    expect(queue_names(diego)).to_have_text(["Amina Diallo"])
    expect(diego.locator("#chat-list")).not_to_contain_text("while Diego is away")

    switch.release(diego)
    expect(diego.locator(LIVE)).to_be_attached()
    expect(diego.locator("#room")).to_have_attribute("data-seq", str(head))
    expect(queue_names(diego)).to_have_count(0)
    expect(diego.locator("#chat-list")).to_contain_text("Amina has the floor while Diego is away.")
    expect(diego.locator(".balance-row[data-region='africa'] .balance-value")).to_contain_text(
        "1 speech"
    )
    # It resumed from where it was, and was given exactly the events it had missed.
    syncs = [frame for frame in switch.sent if frame["type"] == "sync"]
    assert syncs[0]["data"] == {"since": before}
    missed = [
        frame
        for frame in switch.received
        if "seq" in frame and frame["type"] not in {"welcome", "synced"}
    ]
    assert [(e["seq"], e["type"]) for e in missed] == [
        (before + 1, "floor.granted"),
        (before + 2, "message.posted"),
        (before + 3, "floor.ended"),
    ]
    assert any(frame["type"] == "synced" for frame in switch.received)
    client_state_matches_server(diego, d)
    assert pages.errors == []


def test_offline_browser_says_so_and_catches_up_when_back_online(pages, amina_diego):
    room = amina_diego()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    page = pages.open(room.delegates[1].user, f"/debates/{d}/")

    page.context.set_offline(True)
    expect(page.locator("#room-connection")).to_have_attribute("data-state", "offline")
    expect(page.locator("#room-connection")).to_contain_text("Offline")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    page.context.set_offline(False)

    expect(page.locator(LIVE)).to_be_attached()
    expect(queue_names(page)).to_have_text(["Amina Diallo"])
    client_state_matches_server(page, d)
    # Attempts made while offline fail, as they should; nothing else went wrong.
    assert [error for error in pages.errors if "WebSocket connection" not in error] == []


def _session_ends(room):
    Session.objects.all().delete()


def _seat_is_cancelled(room):
    delegate = room.delegates[1]
    seat = Seat.objects.get(delegate=delegate, forum=room.forum)
    seat_cancel(actor=delegate.user, seat=seat)


def _debate_is_deleted(room):
    Debate.objects.filter(pk=room.debate.pk).delete()


@pytest.mark.parametrize(
    ("visibility", "change", "code", "banner"),
    [
        (
            Visibility.MEMBERS,
            _session_ends,
            4401,
            "Your session has ended. Log in again to follow the debate.",
        ),
        (
            Visibility.DELEGATES,
            _seat_is_cancelled,
            4403,
            "You may no longer watch this debate.",
        ),
        (Visibility.PUBLIC, _debate_is_deleted, 4404, "This debate no longer exists."),
    ],
)
def test_refused_reconnection_shows_a_banner_and_stops(
    pages, amina_diego, visibility, change, code, banner
):
    room = amina_diego(visibility=visibility)
    switch = SocketSwitch()
    diego = pages.open(room.delegates[1].user, f"/debates/{room.debate.pk}/", switch=switch)

    change(room)
    switch.drop(hold=False)

    expect(diego.locator("#room-banner")).to_be_visible()
    expect(diego.locator("#room-banner-text")).to_have_text(banner)
    expect(diego.locator("#room-banner-login")).to_be_visible(visible=code == 4401)
    expect(diego.locator("#room-connection")).to_have_attribute("data-state", "refused")
    expect(diego.get_by_role("button", name="Ask to speak")).to_be_disabled()
    attempts = switch.connections
    diego.wait_for_timeout(1500)  # no further attempt: the server said no
    assert switch.connections == attempts
    # Every attempt after the drop reached the server and was refused with the code.
    assert switch.server_closes[-(attempts - 1) :] == [code] * (attempts - 1)
