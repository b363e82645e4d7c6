"""Helpers for the browser tests of the live debate room (tests/browser/test_room_*.py).

Every participant is a browser context of its own (its own session cookie and socket).
Where a test needs to cut a socket, the page's WebSocket goes through Playwright's
WebSocket routing (``SocketSwitch``): frames are passed on untouched, and the test can
close the socket and hold the next connection until it lets it through.
"""

import contextlib
import json
import re
import time

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect
from websockets.sync.client import connect as ws_connect

from debates.models import Debate

LIVE = "#room[data-connection='live']"


def rename(delegate, first: str, last: str, city: str) -> None:
    user = delegate.user
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    organization = delegate.organization
    organization.short_name = city
    organization.save(update_fields=["short_name"])


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
