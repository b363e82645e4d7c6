"""The live debate room in Chromium, against daphne serving the test database.

Every participant is a browser context of its own (its own session cookie and socket).
Where a test needs to cut a socket, the page's WebSocket goes through Playwright's
WebSocket routing (``SocketSwitch``): frames are passed on untouched, and the test can
close the socket and hold the next connection until it lets it through.
"""

import contextlib
import json
import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from playwright.sync_api import expect
from websockets.sync.client import connect as ws_connect

from debates import services
from debates.models import Debate, Visibility
from forums.models import Seat
from forums.services import seat_cancel
from tests.debates.conftest import make_room

pytestmark = pytest.mark.django_db(transaction=True)

LIVE = "#room[data-connection='live']"


def rename(delegate, first: str, last: str, city: str) -> None:
    user = delegate.user
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    organization = delegate.organization
    organization.short_name = city
    organization.save(update_fields=["short_name"])


@pytest.fixture
def amina_diego():
    """A scheduled debate (35 s to speak) with a chair and two delegates of member
    cities: Amina Diallo (Dakar, Africa) and Diego Restrepo (Bogotá, Americas)."""

    def build(**config):
        room = make_room(delegates=2, **{"speaking_seconds": 35, **config})
        rename(room.delegates[0], "Amina", "Diallo", "Dakar")
        rename(room.delegates[1], "Diego", "Restrepo", "Bogotá")
        return room

    return build


class Pages:
    """Opens pages in fresh browser contexts, signed in by session cookie; watches the
    console of each for errors (a Content-Security-Policy violation is one)."""

    def __init__(self, browser, server):
        self.browser = browser
        self.server = server
        self.contexts = []
        self.errors = []

    def open(self, user, path: str, *, viewport=None, switch=None, wait=True):
        options = {"base_url": self.server.http_url, "locale": "en-GB"}
        if viewport:
            options["viewport"] = viewport
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": cookie,
                        "url": self.server.http_url,
                    }
                ]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        if switch is not None:
            page.route_web_socket(re.compile(r".*/ws/debates/\d+/.*"), switch.route)
        page.goto(path)
        if wait:
            expect(page.locator(LIVE)).to_be_attached()
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser, daphne_server):
    opened = Pages(browser, daphne_server)
    yield opened
    opened.close()


class SocketSwitch:
    """The page's room socket, passed through to the server frame by frame. ``drop()``
    closes it as a network failure would and holds the next connection; ``release()``
    lets that connection through to the server."""

    def __init__(self):
        self.current = None
        self.holding = False
        self.held = None
        self.sent: list[dict] = []
        self.received: list[dict] = []
        self.connections = 0

    def route(self, page_side):
        self.connections += 1
        if self.holding:
            self.held = page_side
            return
        self._through(page_side)

    def _through(self, page_side):
        server_side = page_side.connect_to_server()
        route = (page_side, server_side)

        def up(frame):
            if self.current is route:
                self.sent.append(json.loads(frame))
                server_side.send(frame)

        def down(frame):
            if self.current is route:  # a dropped connection carries nothing more
                self.received.append(json.loads(frame))
                page_side.send(frame)

        page_side.on_message(up)
        server_side.on_message(down)
        self.current = route

    def drop(self, *, hold: bool = True):
        self.holding = hold
        page_side, server_side = self.current
        self.current = None
        # Both ends, as when the network fails: the server lets the socket go too.
        server_side.close(code=1000, reason="dropped by the test")
        page_side.close(code=1012, reason="dropped by the test")
        self.received.clear()
        self.sent.clear()

    def release(self, page, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while self.held is None:
            assert time.monotonic() < deadline, "the page did not try to reconnect"
            page.wait_for_timeout(50)  # Playwright runs the route handler meanwhile
        self.holding = False
        held, self.held = self.held, None
        self._through(held)


class Bot:
    """A participant without a browser: a plain WebSocket client with an API token."""

    def __init__(self, ws):
        self.ws = ws
        self.refs = 0
        self.welcome = json.loads(self.ws.recv(timeout=5))

    def send(self, command: str, /, **data) -> dict:
        self.refs += 1
        ref = f"bot{self.refs}"
        self.ws.send(json.dumps({"type": command, "ref": ref, "data": data}))
        while True:
            frame = json.loads(self.ws.recv(timeout=5))
            if frame.get("ref") == ref:
                assert frame["type"] == "ack", frame
                return frame["data"]


@contextlib.contextmanager
def bot(server, debate_id: int, token: str):
    url = f"{server.ws_url}/ws/debates/{debate_id}/?token={token}"
    with ws_connect(url, origin=server.http_url) as ws:
        yield Bot(ws)


def each(pages, check) -> None:
    for page in pages:
        check(page)


def queue_names(page):
    return page.locator("#queue-list .queue-name")


def timer_seconds(page) -> int:
    minutes, seconds = page.locator("#timer-digits").inner_text().lstrip("+").split(":")
    return int(minutes) * 60 + int(seconds)


def client_state_matches_server(page, debate_id: int) -> None:
    debate = Debate.objects.get(pk=debate_id)
    mine = page.evaluate("PlenaryRoom.snapshot()")
    for vote in mine["state"]["votes"]:
        vote.pop("cast", None)
    assert mine["seq"] == debate.seq
    assert mine["state"] == debate.state


# --- a whole debate ---------------------------------------------------------------------


def test_chair_and_two_delegates_run_a_whole_debate(pages, amina_diego, screenshot):
    room = amina_diego()
    path = f"/debates/{room.debate.pk}/"
    chair = pages.open(room.chair, path)
    amina = pages.open(room.delegates[0].user, path)
    diego = pages.open(room.delegates[1].user, path)
    everyone = [chair, amina, diego]
    delegates = [amina, diego]

    def status_is(text):
        each(everyone, lambda page: expect(page.locator("#room-status")).to_have_text(text))

    status_is("Scheduled")
    each(everyone, lambda p: expect(p.locator("#room-connection")).to_contain_text("Connected"))
    expect(chair.get_by_role("heading", name="Chair's console")).to_be_visible()
    each(delegates, lambda p: expect(p.locator("#console")).to_be_hidden())
    each(delegates, lambda p: expect(p.get_by_role("button", name="Ask to speak")).to_be_disabled())

    # Open, then start.
    chair.get_by_role("button", name="Open the debate").click()
    status_is("Open")
    chair.get_by_role("button", name="Start the debate").click()
    status_is("Live")
    expect(chair.get_by_role("button", name="Start the debate")).to_be_hidden()

    # Two requests to speak, then a point of order that goes to the head of the queue.
    amina.get_by_role("button", name="Ask to speak").click()
    each(everyone, lambda p: expect(queue_names(p)).to_have_text(["Amina Diallo"]))
    expect(amina.locator("#my-requests")).to_contain_text("you are number 1")
    expect(amina.get_by_role("button", name="Ask to speak")).to_be_disabled()
    diego.get_by_role("button", name="Ask to speak").click()
    each(
        everyone,
        lambda p: expect(queue_names(p)).to_have_text(["Amina Diallo", "Diego Restrepo"]),
    )
    diego.get_by_role("button", name="Point of order").click()
    each(
        everyone,
        lambda p: expect(queue_names(p)).to_have_text(
            ["Diego Restrepo", "Amina Diallo", "Diego Restrepo"]
        ),
    )
    each(
        everyone,
        lambda p: expect(p.locator("#queue-list .badge-kind")).to_have_text(
            ["Point of order", "Speech", "Speech"]
        ),
    )
    expect(chair.locator("#grant-next-note")).to_have_text("Next: Diego Restrepo (Bogotá)")

    # Grant: the point of order has the floor; the countdown runs the same everywhere.
    chair.get_by_role("button", name="Give the floor to the next speaker").click()
    for page in everyone:
        expect(page.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
        expect(page.locator("#speaker .speaker-org")).to_have_text(
            "Bogotá · Americas & the Caribbean"
        )
        expect(page.locator("#speaker .badge-kind")).to_have_text("Point of order")
        expect(queue_names(page)).to_have_text(["Amina Diallo", "Diego Restrepo"])
        expect(page.locator("#timer")).to_have_attribute("data-level", "normal")
        expect(page.locator("#timer-digits")).to_have_text(re.compile(r"^0:3[1-5]$"))
    expect(diego.locator("#speaker .badge-you")).to_have_text("You")
    expect(diego.get_by_role("button", name="End my speech")).to_be_visible()
    expect(amina.get_by_role("button", name="End my speech")).to_be_hidden()
    started = [timer_seconds(page) for page in everyone]
    projector = pages.open(None, path + "?view=projector", viewport={"width": 1920, "height": 1080})
    expect(projector.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
    expect(projector.locator("#room button")).to_have_count(0)
    expect(projector.locator(".site-header")).to_be_hidden()
    for page, before in zip(everyone, started, strict=True):
        expect(page.locator("#timer-digits")).not_to_have_text(f"0:{before:02d}")
        assert timer_seconds(page) < before
    # Amber in the last 30 seconds.
    each(
        [*everyone, projector],
        lambda p: expect(p.locator("#timer")).to_have_attribute(
            "data-level", "warning", timeout=10_000
        ),
    )
    screenshot(projector, "room-projector")

    chair.get_by_role("button", name="End the floor").click()
    for page in everyone:
        expect(page.locator("#speaker")).to_have_text("Nobody has the floor.")
        expect(page.locator("#timer")).to_have_attribute("data-level", "idle")
        expect(page.locator(".balance-row[data-region='americas'] .balance-value")).to_contain_text(
            "1 speech"
        )
        expect(page.locator(".balance-row[data-region='africa'] .balance-value")).to_contain_text(
            "0 speeches"
        )

    # A motion, seconded by the other delegate.
    amina.get_by_text("Propose a motion or an amendment").click()
    amina.get_by_label("Text of the motion").fill("Adopt the housing resolution.")
    amina.get_by_role("button", name="Propose", exact=True).click()
    for page in everyone:
        expect(page.locator(".motion .motion-text")).to_have_text("Adopt the housing resolution.")
        expect(page.locator(".motion .motion-status")).to_have_text("Proposed")
    expect(amina.get_by_role("button", name="Second")).to_be_hidden()
    # A motion on the table can be amended.
    expect(amina.get_by_label("Amends").locator("option")).to_have_text(
        ["Nothing: a new motion", "Motion 1: Adopt the housing resolution."]
    )
    diego.get_by_role("button", name="Second").click()
    for page in everyone:
        expect(page.locator(".motion .motion-status")).to_have_text("Seconded")
        expect(page.locator(".motion .motion-meta")).to_contain_text(
            "Proposed by Amina Diallo (Dakar) · seconded by Diego Restrepo"
        )

    # A secret vote.
    open_vote = chair.locator("form.open-vote")
    expect(open_vote.get_by_label("Secret ballot")).to_be_checked()
    open_vote.get_by_role("button", name="Open the vote").click()
    for page in everyone:
        card = page.locator("#open-votes .vote-card")
        expect(card).to_contain_text("Adopt the housing resolution.")
        expect(card.locator(".vote-meta")).to_contain_text("Secret ballot")
        expect(card.locator(".turnout-text")).to_have_text("0 of 2 have voted")
    each(delegates, lambda p: expect(p.locator("form.ballot")).to_be_visible())
    expect(chair.locator("form.ballot")).to_have_count(0)
    amina.locator("form.ballot").get_by_label("Yes").check()
    screenshot(amina, "room-delegate")
    screenshot(chair, "room-chair")
    amina.locator("form.ballot").get_by_role("button", name="Cast my vote").click()
    expect(amina.locator("#open-votes .ballot-done")).to_have_text("You voted: Yes.")
    each(everyone, lambda p: expect(p.locator(".turnout-text")).to_have_text("1 of 2 has voted"))
    diego.locator("form.ballot").get_by_label("Abstain").check()
    diego.locator("form.ballot").get_by_role("button", name="Cast my vote").click()
    expect(diego.locator("#open-votes .ballot-done")).to_have_text("You voted: Abstain.")
    each(everyone, lambda p: expect(p.locator(".turnout-text")).to_have_text("2 of 2 have voted"))

    chair.get_by_role("button", name="Close the vote and publish the result").click()
    for page in everyone:
        result = page.locator("#vote-results .result-card")
        expect(result.locator(".result-badge")).to_have_text("Carried")
        expect(result.locator(".tally-count")).to_have_text(["1", "0", "1"])
        expect(result.locator(".result-meta")).to_contain_text("Turnout 2 of 2 (100%)")
        expect(result.locator(".roll-call")).to_have_count(0)
        expect(page.locator("#open-votes .vote-card")).to_have_count(0)
        expect(page.locator(".motion .motion-status")).to_have_text("Carried")
    expect(amina.locator(".result-mine")).to_have_text("You voted: Yes.")
    expect(diego.locator(".result-mine")).to_have_text("You voted: Abstain.")
    expect(chair.locator(".result-mine")).to_be_hidden()
    expect(projector.locator("#vote-results .result-badge")).to_have_text("Carried")

    # Close, then the minutes.
    each(everyone, lambda p: expect(p.locator("#room-minutes-link")).to_be_hidden())
    chair.get_by_role("button", name="Close the debate…").click()
    chair.get_by_role("button", name="Close the debate now").click()
    status_is("Closed")
    for page in everyone:
        expect(page.get_by_role("link", name="Read the minutes").first).to_be_visible()
        client_state_matches_server(page, room.debate.pk)
    expect(chair.locator("#console-closed")).to_be_visible()
    amina.locator("#room-minutes-link").click()
    expect(amina.get_by_role("heading", level=1)).to_have_text("Minutes: Housing resolution")
    expect(amina.locator("table").first).to_contain_text("Diego Restrepo")
    assert pages.errors == []


# --- connection ------------------------------------------------------------------------------


def test_dropped_connection_comes_back_with_the_events_it_missed(pages, amina_diego):
    room = amina_diego()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, action="open")
    services.debate_transition(actor=room.chair, debate_id=d, action="start")
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
    services.debate_transition(actor=room.chair, debate_id=d, action="open")
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
    diego.wait_for_timeout(1500)  # no further attempt: the server said no
    assert switch.connections == 2


# --- the ballot ------------------------------------------------------------------------------


def test_ballot_being_filled_survives_ten_incoming_events(pages, daphne_server):
    room = make_room(delegates=3, speaking_seconds=120)
    d = room.debate.pk
    amina, diego = (delegate.user for delegate in room.delegates[:2])
    services.debate_transition(actor=room.chair, debate_id=d, action="open")
    services.debate_transition(actor=room.chair, debate_id=d, action="start")
    motion = services.motion_propose(actor=amina, debate_id=d, text="Adopt the report.")["motion"]
    services.motion_second(actor=diego, debate_id=d, motion_id=motion)
    vote = services.vote_open(actor=room.chair, debate_id=d, motion_id=motion, secret=True)["vote"]
    page = pages.open(amina, f"/debates/{d}/")
    ballot = page.locator("form.ballot")
    expect(ballot.locator(".ballot-choice")).to_have_text(["Yes", "No", "Abstain"])
    no = ballot.get_by_label("No")
    no.check()
    no.focus()
    page.evaluate("window.ballotUnderTest = document.querySelector('form.ballot')")
    seq = int(page.locator("#room").get_attribute("data-seq"))

    with (
        bot(daphne_server, d, room.token(room.chair)) as chair,
        bot(daphne_server, d, room.token(diego)) as other,
    ):
        other.send("floor.request", kind="speech")
        other.send("floor.request", kind="point_of_order")
        chair.send("floor.grant")
        chair.send("timer.pause")
        chair.send("timer.extend", seconds=30)
        chair.send("timer.resume")
        for n in range(3):
            other.send("message.post", text=f"Incoming message {n}")
        chair.send("question.ask", text="Is the report costed?")
        other.send("vote.cast", vote=vote, choice="yes")

    expect(page.locator("#room")).to_have_attribute("data-seq", str(seq + 10))
    expect(page.locator(".turnout-text")).to_have_text("1 of 3 has voted")
    expect(page.locator("#chat-list")).to_contain_text("Incoming message 2")
    expect(page.locator("#speaker .speaker-name")).to_have_text(diego.get_full_name())
    assert page.evaluate(
        "window.ballotUnderTest.isConnected"
        " && document.querySelector('form.ballot') === window.ballotUnderTest"
    )
    expect(no).to_be_checked()
    expect(no).to_be_focused()
    expect(ballot.get_by_label("Yes")).not_to_be_checked()

    page.keyboard.press("Tab")
    expect(ballot.get_by_role("button", name="Cast my vote")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".ballot-done")).to_have_text("You voted: No.")
    expect(page.locator(".turnout-text")).to_have_text("2 of 3 have voted")
    # The server does not know a secret choice: the page remembers it for this tab.
    page.reload()
    expect(page.locator(".ballot-done")).to_have_text("You voted: No.")
    assert pages.errors == []


# --- chair's tools -------------------------------------------------------------------------


def test_chair_reorders_by_keyboard_and_by_drag_and_drop(pages):
    room = make_room(delegates=3)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, action="open")
    names = []
    for delegate in room.delegates:
        services.floor_request(actor=delegate.user, debate_id=d)
        names.append(delegate.display_name)
    first, second, third = names
    chair = pages.open(room.chair, f"/debates/{d}/")
    delegate = pages.open(room.delegates[0].user, f"/debates/{d}/")
    expect(queue_names(chair)).to_have_text(names)

    # Keyboard: the button keeps the focus as its speaker moves.
    up = chair.get_by_role("button", name=f"Move {third} up")
    expect(up).to_be_enabled()
    up.focus()
    chair.keyboard.press("Enter")
    for page in (chair, delegate):
        expect(queue_names(page)).to_have_text([first, third, second])
    expect(up).to_be_focused()
    # The room may show the new order before the server's answer frees the button.
    expect(up).to_be_enabled()
    chair.keyboard.press("Enter")
    for page in (chair, delegate):
        expect(queue_names(page)).to_have_text([third, first, second])
    expect(up).to_be_focused()
    expect(up).to_be_disabled()
    expect(chair.locator("#room-notice")).to_have_text(f"{third} is now number 1.")

    # Drag and drop: the last speaker onto the top of the list.
    items = chair.locator("#queue-list .queue-item")
    items.nth(2).drag_to(
        items.nth(0), source_position={"x": 20, "y": 12}, target_position={"x": 20, "y": 4}
    )
    for page in (chair, delegate):
        expect(queue_names(page)).to_have_text([second, third, first])

    # A chosen request, not the head, gets the floor.
    services.debate_transition(actor=room.chair, debate_id=d, action="start")
    chair.get_by_role("button", name=f"Give the floor to {first}").click()
    for page in (chair, delegate):
        expect(page.locator("#speaker .speaker-name")).to_have_text(first)
        expect(queue_names(page)).to_have_text([second, third])
    # The granted request left the list: the focus goes to the one that took its place.
    expect(chair.get_by_role("button", name=f"Give the floor to {third}")).to_be_focused()
    # Pause, extend, resume.
    chair.get_by_role("button", name="Pause").click()
    for page in (chair, delegate):
        expect(page.locator("#timer")).to_have_attribute("data-level", "paused")
        expect(page.locator("#timer-label")).to_have_text("Paused")
    paused = timer_seconds(chair)
    chair.get_by_role("button", name="+1 min").click()
    expect(delegate.locator("#timer-digits")).to_have_text(re.compile(rf"^{(paused + 60) // 60}:"))
    chair.get_by_role("button", name="Resume the timer").click()
    expect(delegate.locator("#timer")).to_have_attribute("data-level", "normal")
    assert pages.errors == []


def test_questions_chat_and_reactions(pages, amina_diego):
    room = amina_diego()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, action="open")
    path = f"/debates/{d}/"
    chair = pages.open(room.chair, path)
    amina = pages.open(room.delegates[0].user, path)
    observer = pages.open(room.observer, path)
    anonymous = pages.open(None, path)
    everyone = [chair, amina, observer, anonymous]

    expect(observer.locator("#my-floor")).to_be_hidden()
    expect(observer.locator("#room-role")).to_have_text("You are watching")
    observer.get_by_label("Your question").fill("Who pays for social housing?")
    observer.get_by_role("button", name="Ask", exact=True).click()
    amina.get_by_label("Your question").fill("What counts as affordable?")
    amina.get_by_role("button", name="Ask", exact=True).click()
    each(everyone, lambda p: expect(p.locator(".question-text")).to_have_count(2))
    amina.get_by_role("button", name=re.compile("Upvote")).first.click()
    # Most upvoted first.
    for page in everyone:
        expect(page.locator(".question-text")).to_have_text(
            ["Who pays for social housing?", "What counts as affordable?"]
        )
        expect(page.locator(".upvote-count")).to_have_text(["1", "0"])
    expect(amina.locator(".upvote").first).to_have_attribute("aria-pressed", "true")
    chair.get_by_role("button", name="Answered", exact=True).first.click()
    each(everyone, lambda p: expect(p.locator(".question").last).to_contain_text("answered"))
    chair.get_by_role("button", name="Hide", exact=True).first.click()
    each(everyone, lambda p: expect(p.locator(".question-text")).to_have_count(1))
    expect(anonymous.locator("#ask-form")).to_be_hidden()
    expect(anonymous.get_by_role("link", name="Log in to chat")).to_be_visible()

    amina.get_by_label("Message", exact=True).fill("<b>Not bold</b> & plain")
    amina.keyboard.press("Enter")
    for page in everyone:
        expect(page.locator(".chat-text")).to_have_text(["<b>Not bold</b> & plain"])
        expect(page.locator(".chat-text b")).to_have_count(0)
    chair.get_by_role("button", name="Remove the message from Amina Diallo").click()
    each(everyone, lambda p: expect(p.locator(".chat-text")).to_have_count(0))

    amina.get_by_role("button", name="Applause").click()
    each(everyone, lambda p: expect(p.locator("#reaction-stream")).to_contain_text("👏"))
    each(everyone, lambda p: expect(p.locator("#room-presence-count")).to_have_text("4"))
    assert pages.errors == []


def test_time_up_turns_the_timer_red_and_counts_over(pages, amina_diego):
    room = amina_diego(speaking_seconds=10)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, action="open")
    services.debate_transition(actor=room.chair, debate_id=d, action="start")
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    page = pages.open(room.delegates[1].user, f"/debates/{d}/")

    expect(page.locator("#timer")).to_have_attribute("data-level", "warning")
    expect(page.locator("#timer")).to_have_attribute("data-level", "over", timeout=15_000)
    expect(page.locator("#timer-label")).to_have_text("Time is up")
    expect(page.locator("#timer-digits")).to_have_text(re.compile(r"^\+0:0\d$"))
    # The server says so once, with floor.time_up, and the page has it.
    deadline = time.monotonic() + 5
    while not Debate.objects.get(pk=d).state["speaker"]["time_up"]:
        assert time.monotonic() < deadline, "no floor.time_up"
        time.sleep(0.1)
    debate = Debate.objects.get(pk=d)
    assert debate.events.last().type == "floor.time_up"
    expect(page.locator("#room")).to_have_attribute("data-seq", str(debate.seq))
    assert pages.errors == []


def test_delegate_view_fits_a_phone(pages, amina_diego, screenshot):
    room = amina_diego()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, action="open")
    services.debate_transition(actor=room.chair, debate_id=d, action="start")
    services.floor_request(actor=room.delegates[1].user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)
    services.floor_request(actor=room.delegates[0].user, debate_id=d)
    page = pages.open(
        room.delegates[0].user, f"/debates/{d}/", viewport={"width": 390, "height": 844}
    )

    expect(page.locator("#speaker .speaker-name")).to_have_text("Diego Restrepo")
    expect(page.locator("#room-presence-count")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # On a phone the floor comes first, the balance last.
    stage = page.locator(".stage").bounding_box()
    balance = page.locator(".balance").bounding_box()
    assert stage["y"] < balance["y"]
    screenshot(page, "room-delegate-phone")
    assert pages.errors == []
