"""``/ws/debates/<id>/``: one socket per participant. Parses frames, calls the services,
answers each command with ``ack`` or ``error``, and passes on the room's events in
``seq`` order (see docs/protocol.md). Bad input never closes the socket."""

import asyncio
import collections
import functools
import logging
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from django.utils.translation import gettext

from debates import selectors
from debates.admission import (
    OVERLOADED,
    Overloaded,
    SocketGone,
    get_admission,
    get_ballot_box,
    priority,
)
from debates.hub import get_hub
from debates.models import Debate
from debates.protocol import commands
from debates.protocol.frames import ProtocolError
from debates.protocol.wire import ack, encode, error, wire
from debates.selectors import CHAIR, DELEGATE
from debates.services import BallotRequest, ElectionBallotRequest
from onsite.signin import badge_session_current, binding
from plenary.errors import Conflict, NotAllowed, NotFound, RateLimited, ServiceError
from plenary.ws import CLOSE_FORBIDDEN, CLOSE_NOT_AUTHENTICATED, CLOSE_NOT_FOUND

logger = logging.getLogger(__name__)

_TOO_MANY = "Too many frames: slow down."

# A client further behind than this gets a fresh welcome instead of the events.
SYNC_LIMIT = 500
# Frames one socket may send per window before it is answered ``rate_limited``; ballots
# are never refused for it (the services also limit each user across sockets and workers).
FRAMES_PER_WINDOW = 40
FRAME_WINDOW_SECONDS = 10


def _language(scope) -> str:
    """``?lang=fr`` on the socket's URL: the language of its error messages."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    lang = (query.get("lang") or [""])[0]
    return lang if lang in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _fresh(user, badge=None):
    """``user`` loaded again: a socket lives for hours, and its user may have been
    deactivated, or their delegate profile changed, since it opened; a badge session
    (``badge``, ``onsite.signin.binding``) ends with its badge."""
    if not user.is_authenticated:
        return user
    fresh = get_user_model().objects.filter(pk=user.pk, is_active=True).first()
    if fresh is None or not badge_session_current(user=fresh, bound=badge):
        return AnonymousUser()
    return fresh


_reload = database_sync_to_async(_fresh)


@database_sync_to_async
def _badge_of(scope) -> list | None:
    """The badge a socket's session is bound to (None: no badge session, or a token)."""
    if scope.get("auth_method") == "token":
        return None
    return binding(scope.get("session"))


def _handle(user, badge, debate_id: int, command, language: str) -> dict:
    with translation.override(language):
        return commands.execute(user=_fresh(user, badge), debate_id=debate_id, command=command)


def _error_code(exc: ServiceError) -> str:
    if isinstance(exc, NotAllowed):
        return "forbidden"
    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, Conflict):
        return "conflict"
    if isinstance(exc, RateLimited):
        return "rate_limited"
    return "bad_request"


def _look_up(user, debate_id: int) -> tuple[selectors.Participant | None, Debate | None]:
    """The user in the debate and the debate, or None when there is no such debate for
    them (one of an event they may not see is as absent as one that does not exist)."""
    debate = selectors.debate_list_visible(user=user, listing=False).filter(pk=debate_id).first()
    if debate is None:
        return None, None
    return selectors.participant(user, debate), debate


_access = database_sync_to_async(_look_up)


@database_sync_to_async
def _enter(user, debate_id: int, presence: dict):
    """``_look_up`` and, for someone who may be in the room, their welcome: one trip to
    the database thread per connection."""
    participant, debate = _look_up(user, debate_id)
    if participant is None or participant.role is None:
        return participant, debate, None
    return participant, debate, _build_welcome(participant, debate, presence)


# The head of each debate's log and its snapshot, as this worker last read them: every
# socket's welcome shares them until the log moves on (never changed in place).
_snapshots: dict[int, tuple[int, dict]] = {}


def _snapshot(debate_id: int) -> tuple[int, dict]:
    seq = Debate.objects.filter(pk=debate_id).values_list("seq", flat=True).first()
    cached = _snapshots.get(debate_id)
    if cached is not None and cached[0] == seq:
        return cached
    seq, state = Debate.objects.filter(pk=debate_id).values_list("seq", "state").get()
    _snapshots[debate_id] = (seq, state or {})
    return _snapshots[debate_id]


def _with_turnout(state: dict, debate: Debate) -> dict:
    """The snapshot with the open vote's and election's ballots cast so far (a copy)."""
    progress = selectors.open_vote_progress(debate)
    election_progress = selectors.open_election_progress(debate)
    votes = [
        {**vote, "cast": progress[vote["id"]]} if vote["id"] in progress else vote
        for vote in state.get("votes", [])
    ]
    elections = [
        {**election, "cast": election_progress.get(election["id"], 0)}
        if election["status"] == "open"
        else election
        for election in state.get("elections", [])
    ]
    shared = {**state}
    if "votes" in state:
        shared["votes"] = votes
    if "elections" in state:
        shared["elections"] = elections
    return shared


def _build_welcome(participant: selectors.Participant, debate: Debate, presence: dict) -> dict:
    seq, state = _snapshot(debate.pk)
    state = _with_turnout(state, debate)
    user, role, delegate = participant.user, participant.role, participant.delegate
    you = {
        "role": role,
        "user": participant.person if user.is_authenticated else None,
        "can_vote": bool(role == DELEGATE and selectors.in_standing(delegate, debate)),
        "voted": selectors.votes_cast_by(debate, delegate),
        # The ballots this person may cast in the open vote or election, and those cast.
        "ballots": selectors.ballots_for(participant, debate),
        "cast": selectors.ballots_cast_by(debate, delegate),
        "is_chair": role == CHAIR,
        # The id that floor requests and motions name their delegate by.
        "delegate": delegate.pk if delegate and role == DELEGATE else None,
    }
    return {
        "type": "welcome",
        "seq": seq,
        "you": you,
        "state": state,
        "presence": presence,
        "server_time": timezone.now().isoformat().replace("+00:00", "Z"),
    }


_welcome = database_sync_to_async(_build_welcome)


@database_sync_to_async
def _events_after(debate_id: int, since: int) -> tuple[int, list[tuple[int, str]]]:
    head = Debate.objects.filter(pk=debate_id).values_list("seq", flat=True).first() or 0
    if head - since > SYNC_LIMIT:
        return head, []
    return head, [
        (event.seq, encode(wire(event))) for event in selectors.events_between(debate_id, since)
    ]


class DebateConsumer(AsyncWebsocketConsumer):
    # No channel of its own per socket: the room hub subscribes once per debate and
    # worker and hands events to its sockets (an alias that names no layer gives None).
    channel_layer_alias = "sockets-receive-from-the-room-hub"
    room = None
    participant = None
    welcomed = False
    closed = False
    command_task: asyncio.Task | None = None
    badge = None

    async def connect(self):
        self.debate_id = int(self.scope["url_route"]["kwargs"]["debate_id"])
        self.user = self.scope.get("user") or AnonymousUser()
        self.badge = await _badge_of(self.scope) if self.user.is_authenticated else None
        if self.badge is not None:
            self.user = await _reload(self.user, self.badge)
            self.badge = self.badge if self.user.is_authenticated else None
        self.language = _language(self.scope)
        self.last_seq = 0
        self.pending: list[tuple[int, str]] = []
        self.busy = True  # until the welcome is out, events wait in ``pending``
        # Commands run one after the other, apart from the frames that bring them, so
        # that a close is seen at once and what the socket had queued is dropped.
        self.commands: asyncio.Queue = asyncio.Queue()
        # Accepted at once: under a storm of connections the handshake does not wait for
        # the database; the first frame is still the welcome (or the close that refuses).
        await self.accept()
        # In the room before the welcome is read, so that no event falls between the two
        # (they wait in ``pending``); counted in its presence once welcomed.
        room = await get_hub().join(self.debate_id, self)
        participant, self.debate, welcome = await _enter(self.user, self.debate_id, room.presence)
        if welcome is None:
            await get_hub().leave(self.debate_id, self)
            if participant is None:
                await self.close(code=CLOSE_NOT_FOUND)
            else:
                authenticated = self.user.is_authenticated
                await self.close(code=CLOSE_FORBIDDEN if authenticated else CLOSE_NOT_AUTHENTICATED)
            return
        self.participant, self.room = participant, room
        room.presence_changed()
        await self._send_welcome(welcome)

    async def disconnect(self, code):
        self.closed = True
        if self.command_task is not None:
            self.command_task.cancel()
        if self.room is not None:
            await get_hub().leave(self.debate_id, self)
            self.room = None

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user.is_authenticated else None

    async def refresh_rights(self) -> None:
        """Look again at this socket's rights (a seat, a role or the debate's visibility
        changed): a changed role gets a fresh ``welcome``; none left closes with 4403."""
        if self.room is None:
            return
        fresh = await _reload(self.user, self.badge)
        if self.badge is not None and not fresh.is_authenticated:
            await self.close(code=CLOSE_NOT_AUTHENTICATED)  # the badge session ended
            return
        participant, debate = await _access(fresh, self.debate_id)
        if participant is None or participant.role is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.debate = debate
        if participant.role == self.role:
            self.participant = participant
            return
        self.user = fresh
        self.participant = participant
        await self._send_welcome()

    @property
    def role(self) -> str | None:
        return self.participant.role if self.participant else None

    @property
    def region(self) -> str | None:
        return self.participant.region if self.participant else None

    # -- from the room

    async def deliver(self, seq: int, text: str) -> None:
        if self.busy:
            self.pending.append((seq, text))
            return
        if seq == self.last_seq + 1:
            # The common case, once per socket per event: straight to the server. The
            # room awaits each socket in turn, so nothing overtakes this frame.
            self.last_seq = seq
            await self.base_send({"type": "websocket.send", "text": text})
            return
        self.busy = True
        try:
            await self._send_in_order(seq, text)
            await self._drain()
        finally:
            self.busy = False

    async def send_ephemeral(self, text: str) -> None:
        # Nothing before the welcome: it is the first frame of every connection, and it
        # already holds what an ephemeral frame would say (presence, vote progress).
        if self.room is not None and self.welcomed:
            await self.base_send({"type": "websocket.send", "text": text})

    async def _send_in_order(self, seq: int, text: str) -> None:
        if seq <= self.last_seq:
            return
        if seq > self.last_seq + 1:
            # Should not happen (the room delivers without gaps); repair from the log.
            _head, events = await _events_after(self.debate_id, self.last_seq)
            for missing_seq, missing_text in events:
                if self.last_seq < missing_seq < seq:
                    await self.send(text_data=missing_text)
                    self.last_seq = missing_seq
        await self.send(text_data=text)
        self.last_seq = seq

    async def _drain(self) -> None:
        while self.pending:
            pending, self.pending = sorted(self.pending), []
            for seq, text in pending:
                await self._send_in_order(seq, text)

    async def _send_welcome(self, welcome: dict | None = None) -> None:
        self.busy = True
        try:
            if welcome is None:
                welcome = await _welcome(self.participant, self.debate, self.room.presence)
            await self.send(text_data=encode(welcome))
            self.welcomed = True
            self.last_seq = welcome["seq"]
            await self._drain()
        finally:
            self.busy = False

    # -- from the client

    def _over_frame_budget(self) -> bool:
        """Whether this socket has sent its budget of frames in the window; a frame refused
        for the budget does not count, so a client that waits is served again."""
        now = time.monotonic()
        times = self.__dict__.setdefault("_frame_times", collections.deque())
        while times and now - times[0] > FRAME_WINDOW_SECONDS:
            times.popleft()
        if len(times) >= FRAMES_PER_WINDOW:
            return True
        times.append(now)
        return False

    async def receive(self, text_data=None, bytes_data=None):
        try:
            try:
                command = commands.parse(text_data, bytes_data)
            except ProtocolError:
                # Frames that are not commands spend the budget too.
                if self._over_frame_budget():
                    raise ProtocolError("rate_limited", _TOO_MANY) from None
                raise
            if commands.COMMANDS[command.type].budgeted and self._over_frame_budget():
                raise ProtocolError("rate_limited", _TOO_MANY, command.ref)
        except ProtocolError as exc:
            await self.send(text_data=error(exc.ref, exc.code, exc.message))
            return
        self.commands.put_nowait((command, time.monotonic()))
        if self.command_task is None:
            self.command_task = asyncio.create_task(self._run_commands())

    def _alive(self) -> bool:
        return not self.closed

    async def _run_commands(self) -> None:
        while not self.closed:
            command, received = await self.commands.get()
            await self._execute(command, received)

    async def _execute(self, command, received: float) -> None:
        ref = command.ref
        try:
            if command.type == "sync":
                await self._resync(command.data["since"], ref)
                return
            if command.type in commands.BALLOT_ANSWERS:
                result = await self._cast(command, received)
            else:
                level = priority(command.type, is_chair=self.role == CHAIR)
                work = functools.partial(
                    _handle, self.user, self.badge, self.debate_id, command, self.language
                )
                result = await get_admission().run(
                    level, work, received=received, alive=self._alive
                )
            await self.send(text_data=ack(ref, result))
        except SocketGone:
            return
        except Overloaded:
            with translation.override(self.language):
                await self.send(text_data=error(ref, "overloaded", str(OVERLOADED)))
        except ProtocolError as exc:
            await self.send(text_data=error(exc.ref, exc.code, exc.message))
        except ServiceError as exc:
            await self.send(text_data=error(ref, _error_code(exc), exc.message))
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Command failed in debate %s", self.debate_id)
            await self.send(
                text_data=error(ref, "conflict", "The command could not be carried out.")
            )

    async def _cast(self, command, received: float) -> dict:
        """A ballot through this worker's ballot box, as the participant this socket
        resolved (kept until its rights are looked at again); answered once committed."""
        if not self.user.is_authenticated:
            with translation.override(self.language):
                raise NotAllowed(gettext("Sign in to take part."))
        data = command.data
        common = {"actor": self.participant, "organization_id": data.get("for")}
        if command.type == "vote.cast":
            kind, box_id = "vote", data["vote"]
            request = BallotRequest(choice=data["choice"], language=self.language, **common)
        else:
            kind, box_id = "election", data["election"]
            request = ElectionBallotRequest(
                choices=data.get("choices"),
                marks=data.get("marks"),
                language=self.language,
                **common,
            )
        ballot = await get_ballot_box().cast(
            kind,
            debate_id=self.debate_id,
            box_id=box_id,
            request=request,
            received=received,
            alive=self._alive,
        )
        return commands.BALLOT_ANSWERS[command.type](ballot)

    async def _resync(self, since: int, ref) -> None:
        """Send every event after ``since`` in order, then ``synced``; a client too far
        behind gets a fresh ``welcome`` instead."""
        self.busy = True
        try:
            head, events = await _events_after(self.debate_id, since)
            if head - since > SYNC_LIMIT:
                self.busy = False
                await self._send_welcome()
                return
            for seq, text in events:
                await self.send(text_data=text)
                self.last_seq = max(self.last_seq, seq)
            await self._drain()
            await self.send(text_data=encode({"type": "synced", "ref": ref, "seq": self.last_seq}))
        finally:
            self.busy = False
