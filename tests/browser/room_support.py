"""Helpers for the browser tests of the live debate room (tests/browser/test_room_*.py).

Every participant is a browser context of its own (its own session cookie and socket).
Where a test needs to cut a socket, the page's WebSocket goes through Playwright's
WebSocket routing (``SocketSwitch``): frames are passed on untouched, and the test can
close the socket and hold the next connection until it lets it through.
"""

import contextlib
import dataclasses
import json
import re
import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token
from websockets.sync.client import connect as ws_connect

from assembly.services import mandate_set, proxy_request, proxy_transition, voting_right_grant
from debates import services
from debates.models import Debate
from demo.pdfmake import make_pdf
from forums.services import seat_take
from tests.debates.conftest import Room, make_room
from tests.factories import OrganizationFactory, UserFactory, accredited_delegate

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

    def open(
        self,
        user,
        path: str,
        *,
        viewport=None,
        switch=None,
        wait=True,
        locale="en-GB",
        permissions=(),
    ):
        options = {"base_url": self.server.http_url, "locale": locale}
        if viewport:
            options["viewport"] = viewport
        if permissions:
            options["permissions"] = list(permissions)
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
        # The close code the server gave each connection that went through to it.
        self.server_closes: list[int | None] = []

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

        def server_closed(code, reason):
            self.server_closes.append(code)
            if self.current is route:
                page_side.close(code=code, reason=reason)

        page_side.on_message(up)
        server_side.on_message(down)
        server_side.on_close(server_closed)
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
    for election in mine["state"]["elections"]:
        election.pop("cast", None)
    assert mine["seq"] == debate.seq
    assert mine["state"] == debate.state


# --- statutory sittings (tests/browser/test_room_statutory.py, test_room_fold.py) ---------


@dataclasses.dataclass
class Assembly:
    """A live sitting of the statutes' kind (one ballot per member), with who is who."""

    room: Room
    secretariat: object
    people: dict  # first name -> Delegate
    members: dict  # city -> Organization

    @property
    def debate_id(self) -> int:
        return self.room.debate.pk

    @property
    def event(self):
        return self.room.forum.event

    def user(self, name: str):
        return self.people[name].user


def _seated(room: Room, organization, first: str, last: str):
    delegate = accredited_delegate(room.forum.event, organization=organization)
    seat_take(actor=delegate.user, forum=room.forum)
    delegate.user.first_name, delegate.user.last_name = first, last
    delegate.user.save(update_fields=["first_name", "last_name"])
    room.tokens[delegate.user.pk] = Token.objects.create(user=delegate.user).key
    return delegate


def proxy_letter(grantor, holder):
    return SimpleUploadedFile(
        "proxy.pdf",
        make_pdf("Proxy letter", f"{grantor.name} gives its vote to {holder.name}."),
        content_type="application/pdf",
    )


def statutory_room(**debate_config) -> Assembly:
    """A live debate that votes one ballot per member, set up through the statutes'
    services: Amina Diallo (Dakar, its mandate holder) and Moussa Sarr (Dakar, no
    mandate), Diego Restrepo (Bogotá), Jiwoo Park (Seoul), Hannah Becker (Berlin) and
    Rosa Quispe (Lima), each with a seat. Dakar, Bogotá, Seoul, Berlin and Guangzhou are
    in good standing, Lima is not; Guangzhou, with no delegate here, gave its proxy to
    Dakar."""
    config = {"voting_rule": "per_organization", "speaking_seconds": 120, **debate_config}
    room = make_room(delegates=4, standing=False, **config)
    for delegate, (first, last, city) in zip(
        room.delegates,
        [
            ("Amina", "Diallo", "Dakar"),
            ("Diego", "Restrepo", "Bogotá"),
            ("Jiwoo", "Park", "Seoul"),
            ("Hannah", "Becker", "Berlin"),
        ],
        strict=True,
    ):
        rename(delegate, first, last, city)
        delegate.organization.name = city
        delegate.organization.save(update_fields=["name"])
    people = {d.user.first_name: d for d in room.delegates}
    members = {d.organization.short_name: d.organization for d in room.delegates}
    people["Moussa"] = _seated(room, members["Dakar"], "Moussa", "Sarr")
    members["Lima"] = OrganizationFactory(name="Lima", short_name="Lima", region="americas")
    people["Rosa"] = _seated(room, members["Lima"], "Rosa", "Quispe")
    members["Guangzhou"] = OrganizationFactory(
        name="Guangzhou", short_name="Guangzhou", region="asia_pacific"
    )
    secretariat = UserFactory(username=f"secretariat{room.forum.pk}", is_staff=True)
    event = room.forum.event
    for city in ("Dakar", "Bogotá", "Seoul", "Berlin", "Guangzhou"):
        voting_right_grant(actor=secretariat, event=event, organization=members[city])
    mandate_set(
        actor=secretariat, event=event, organization=members["Dakar"], delegates=[people["Amina"]]
    )
    proxy = proxy_request(
        actor=secretariat,
        event=event,
        grantor=members["Guangzhou"],
        holder=members["Dakar"],
        letter=proxy_letter(members["Guangzhou"], members["Dakar"]),
    )
    proxy_transition(proxy=proxy, to="approved", actor=secretariat)
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    return Assembly(room, secretariat, people, members)


def seconded_motion(assembly: Assembly, text: str) -> int:
    d = assembly.debate_id
    motion = services.motion_propose(actor=assembly.user("Diego"), debate_id=d, text=text)
    services.motion_second(actor=assembly.user("Jiwoo"), debate_id=d, motion_id=motion.pk)
    return motion.pk


BOARD = ["Dakar", "Bogotá", "Seoul", "Berlin"]


AFRICA_AND_EUROPE = {"africa": 1, "europe": 1}


def board_election(
    assembly: Assembly, *, seats: int = 3, regional_minimum=AFRICA_AND_EUROPE, **options
):
    """The Board: the four cities as candidates, by default at least one seat for Africa
    and one for Europe."""
    return services.election_create(
        actor=assembly.room.chair,
        debate_id=assembly.debate_id,
        title="Election of the Board",
        seats=seats,
        regional_minimum=regional_minimum,
        candidates=[("organization", assembly.members[city].pk) for city in BOARD],
        **options,
    )


def candidate_ids(election) -> dict:
    return {candidate.name: candidate.pk for candidate in election.candidates.all()}
