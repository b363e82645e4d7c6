"""Which command of a worker's sockets goes next to the database, and which go no more.

Every command of the room runs on the worker's one database thread. Under load they
would queue there in arrival order and run however late; instead each waits here for a
turn (``Admission``), in priority order (``PRIORITY``: the chair first, then ballots, then
everything else, chat, questions and reactions last), arrival order within a priority:

- a command whose socket has closed while it waited is never run;
- a command that waited more than ``OVERLOAD_SECONDS`` is answered ``overloaded`` and not
  run (the client may send it again);
- ballots of one vote or election wait together (``BallotBox``): whatever arrived while
  the previous batch was being written goes in one transaction (``vote_cast_many``,
  ``election_cast_many``), and each is answered after that transaction commits, never
  before.
"""

import asyncio
import dataclasses
import heapq
import itertools
import time
import weakref

from channels.db import database_sync_to_async
from django.utils.translation import gettext_lazy as _

from debates.services.elections import election_cast_many
from debates.services.votes import vote_cast_many

OVERLOAD_SECONDS = 5.0
# Commands admitted at once: the database thread is one; two keep it busy while an
# answer goes back.
WIDTH = 2
# The most ballots in one transaction.
MAX_BATCH = 500

CHAIR_FIRST, BALLOTS, COMMANDS, CONVERSATION = range(4)
CONVERSATION_COMMANDS = frozenset(
    {"message.post", "question.ask", "question.upvote", "reaction.send"}
)
BALLOT_COMMANDS = frozenset({"vote.cast", "election.cast"})


def priority(command_type: str, *, is_chair: bool) -> int:
    """The turn of a command: lower goes first."""
    if is_chair:
        return CHAIR_FIRST
    if command_type in BALLOT_COMMANDS:
        return BALLOTS
    if command_type in CONVERSATION_COMMANDS:
        return CONVERSATION
    return COMMANDS


OVERLOADED = _("The room is very busy: this was not done. Try again.")


class Overloaded(Exception):
    """The command waited too long for its turn: it was not carried out (answered
    ``overloaded`` with ``OVERLOADED``)."""


class SocketGone(Exception):
    """The socket of a waiting command closed: the command is dropped."""


class Admission:
    """Turns at the database thread, ``WIDTH`` at a time, by priority then arrival."""

    def __init__(self, width: int = WIDTH):
        self.width = width
        self.running = 0
        self.waiting: list = []
        self.order = itertools.count()

    async def turn(self, level: int, *, received: float, alive) -> None:
        """Wait for a turn; raises ``SocketGone`` or ``Overloaded`` instead of taking one
        for a command that must not run. The caller ``done()``s after its work."""
        if self.running < self.width and not self.waiting:
            self.running += 1
        else:
            ready = asyncio.get_running_loop().create_future()
            heapq.heappush(self.waiting, (level, next(self.order), ready))
            try:
                await ready
            except asyncio.CancelledError:
                if ready.done() and not ready.cancelled():
                    self.done()  # the turn came as the waiter went: pass it on
                raise
        if not alive():
            self.done()
            raise SocketGone
        if time.monotonic() - received > OVERLOAD_SECONDS:
            self.done()
            raise Overloaded()

    def done(self) -> None:
        while self.waiting:
            _level, _order, ready = heapq.heappop(self.waiting)
            if not ready.done():
                ready.set_result(None)
                return
        self.running -= 1

    async def run(self, level: int, work, *, received: float, alive):
        """``work()`` on the database thread when its turn comes (see ``turn``)."""
        await self.turn(level, received=received, alive=alive)
        try:
            return await database_sync_to_async(work)()
        finally:
            self.done()


# Each kind of ballot box and the service that casts a batch of its ballots.
CAST_MANY = {
    "vote": lambda debate_id, box_id, requests: vote_cast_many(
        debate_id=debate_id, vote_id=box_id, requests=requests
    ),
    "election": lambda debate_id, box_id, requests: election_cast_many(
        debate_id=debate_id, election_id=box_id, requests=requests
    ),
}


@dataclasses.dataclass
class _Waiting:
    request: object
    received: float
    alive: object
    answer: asyncio.Future


class BallotBox:
    """The ballots of this worker's sockets, written a batch at a time per ballot box."""

    def __init__(self, admission: Admission):
        self.admission = admission
        self.waiting: dict[tuple[str, int, int], list[_Waiting]] = {}
        self.writers: dict[tuple[str, int, int], asyncio.Task] = {}

    async def cast(self, kind: str, *, debate_id: int, box_id: int, request, received, alive):
        """The ballot cast (``CastBallot``, ``ElectionBallotCast``) once it is committed;
        raises its refusal. ``kind``: "vote" or "election"."""
        answer = asyncio.get_running_loop().create_future()
        key = (kind, debate_id, box_id)
        self.waiting.setdefault(key, []).append(_Waiting(request, received, alive, answer))
        if key not in self.writers:
            self.writers[key] = asyncio.create_task(self._write(key))
        return await answer

    async def _write(self, key: tuple[str, int, int]) -> None:
        try:
            while self.waiting.get(key):
                queued = self.waiting.pop(key)
                batch, rest = queued[:MAX_BATCH], queued[MAX_BATCH:]
                if rest:
                    self.waiting[key] = rest
                await self._write_batch(key, batch)
        finally:
            del self.writers[key]

    async def _write_batch(self, key, batch: list[_Waiting]) -> None:
        now = time.monotonic()
        ready = []
        for waiting in batch:
            if waiting.answer.done() or not waiting.alive():
                continue  # its socket went: never cast
            if now - waiting.received > OVERLOAD_SECONDS:
                waiting.answer.set_exception(Overloaded())
                continue
            ready.append(waiting)
        if not ready:
            return
        kind, debate_id, box_id = key
        try:
            await self.admission.turn(BALLOTS, received=now, alive=lambda: True)
            try:
                outcomes = await database_sync_to_async(CAST_MANY[kind])(
                    debate_id, box_id, [waiting.request for waiting in ready]
                )
            finally:
                self.admission.done()
        except Exception as exc:
            for waiting in ready:
                if not waiting.answer.done():
                    waiting.answer.set_exception(exc)
            return
        for waiting, outcome in zip(ready, outcomes, strict=True):
            if waiting.answer.done():
                continue
            if isinstance(outcome, Exception):
                waiting.answer.set_exception(outcome)
            else:
                waiting.answer.set_result(outcome)


@dataclasses.dataclass
class _Worker:
    admission: Admission
    ballots: BallotBox


_workers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Worker]" = (
    weakref.WeakKeyDictionary()
)


def _worker() -> _Worker:
    loop = asyncio.get_running_loop()
    worker = _workers.get(loop)
    if worker is None:
        admission = Admission()
        worker = _workers[loop] = _Worker(admission, BallotBox(admission))
    return worker


def get_admission() -> Admission:
    """The admission of the running event loop (one per worker process)."""
    return _worker().admission


def get_ballot_box() -> BallotBox:
    return _worker().ballots
