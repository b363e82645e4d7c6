"""Two daphne workers share a debate over Redis; one dies; nothing is lost or doubled."""

import asyncio
import json
import threading
import time
import urllib.request
import uuid

import pytest
import websockets
from channels.db import database_sync_to_async
from django.db import connection

from debates import services
from debates.models import DebateEvent
from debates.protocol import wire
from harness.processes import DaphneWorker, wait_for_other_database_sessions_to_end
from tests.debates.conftest import make_room

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CLIENTS_PER_WORKER = 3
CYCLES = 15


class Participant:
    """A protocol client: applies events by seq, resumes with sync after a reconnect."""

    def __init__(self, name: str):
        self.name = name
        self.events: dict[int, dict] = {}
        self.first_seq: int | None = None
        self.last = 0
        self.reconnects = 0
        self.sync_pending = False

    async def run(self, urls: list[str], debate_id: int, stop: asyncio.Event):
        url_index = 0
        while not stop.is_set():
            http_url = urls[url_index]
            ws_url = http_url.replace("http://", "ws://") + f"/ws/debates/{debate_id}/"
            try:
                async with websockets.connect(ws_url, origin=http_url, open_timeout=10) as ws:
                    await self._session(ws, stop)
                    return
            except (OSError, websockets.exceptions.ConnectionClosed):
                self.reconnects += 1
                url_index = (url_index + 1) % len(urls)
                await asyncio.sleep(0.2)

    async def _session(self, ws, stop: asyncio.Event):
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
            except TimeoutError:
                continue
            message = json.loads(raw)
            kind = message["type"]
            if kind == "welcome":
                if self.first_seq is None:
                    self.first_seq = self.last = message["seq"]
                else:
                    await self._sync(ws)
            elif kind == "synced":
                self.sync_pending = False
            elif "seq" in message:
                seq = message["seq"]
                if seq <= self.last:
                    continue
                if seq == self.last + 1:
                    self.events[seq] = message
                    self.last = seq
                elif not self.sync_pending:
                    await self._sync(ws)

    async def _sync(self, ws):
        self.sync_pending = True
        await ws.send(json.dumps({"type": "sync", "ref": self.name, "data": {"since": self.last}}))


def produce(room, done: threading.Event, kill_after: int, kill):
    """Floor requests and withdrawals from every delegate, as fast as the services go."""
    count = 0
    try:
        for _ in range(CYCLES):
            for service in (services.floor_request, services.floor_withdraw):
                for delegate in room.delegates:
                    service(actor=delegate.user, debate_id=room.debate.pk)
                    count += 1
                    if count == kill_after:
                        kill()
            time.sleep(0.02)
    finally:
        connection.close()
        done.set()


@pytest.fixture
def workers(tmp_path):
    env = {"CHANNEL_LAYER_PREFIX": f"plenary-test-{uuid.uuid4().hex[:8]}"}
    started = [DaphneWorker(extra_env=env, log_dir=tmp_path).launch() for _ in range(2)]
    try:
        for worker in started:
            worker.wait_ready(60)
        yield started
    finally:
        for worker in started:
            worker.stop()
        wait_for_other_database_sessions_to_end()


def test_clients_lose_nothing_when_a_worker_is_killed_mid_burst(workers):
    room = make_room(delegates=4)
    services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="open")
    survivor, victim = workers
    participants = [Participant(f"a{n}") for n in range(CLIENTS_PER_WORKER)] + [
        Participant(f"b{n}") for n in range(CLIENTS_PER_WORKER)
    ]

    async def scenario():
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(
                p.run(
                    [survivor.http_url]
                    if p.name.startswith("a")
                    else [victim.http_url, survivor.http_url],
                    room.debate.pk,
                    stop,
                )
            )
            for p in participants
        ]
        deadline = time.monotonic() + 20
        while any(p.first_seq is None for p in participants):
            assert time.monotonic() < deadline, "clients did not all get a welcome"
            await asyncio.sleep(0.05)
        done = threading.Event()
        producer = threading.Thread(target=produce, args=(room, done, 40, victim.kill), daemon=True)
        producer.start()
        await asyncio.to_thread(producer.join, 60)
        # database_sync_to_async hands its connection back to the pool afterwards.
        head = await database_sync_to_async(
            lambda: DebateEvent.objects.filter(debate=room.debate).count()
        )()
        deadline = time.monotonic() + 20
        while any(p.last < head for p in participants):
            assert time.monotonic() < deadline, [(p.name, p.last, head) for p in participants]
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.gather(*tasks)
        return head

    head = asyncio.run(scenario())

    log = {e.seq: wire(e) for e in DebateEvent.objects.filter(debate=room.debate)}
    assert head == 2 + CYCLES * 8
    assert victim.process.poll() is not None
    for participant in participants:
        expected = list(range(participant.first_seq + 1, head + 1))
        assert sorted(participant.events) == expected, participant.name
        for seq, event in participant.events.items():
            assert event == json.loads(json.dumps(log[seq])), (participant.name, seq)
    assert all(p.reconnects >= 1 for p in participants if p.name.startswith("b"))
    assert all(p.reconnects == 0 for p in participants if p.name.startswith("a"))


async def _frames_until(ws, wanted, timeout=10.0):
    """Frames received until one satisfies ``wanted`` (returned with the others)."""
    frames = []
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        raw = await asyncio.wait_for(ws.recv(), timeout=max(remaining, 0.01))
        frames.append(json.loads(raw))
        if wanted(frames[-1]):
            return frames


def _status_of(request) -> int:
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status


def test_a_seat_given_up_on_one_worker_closes_the_socket_on_the_other(workers):
    from rest_framework.authtoken.models import Token

    from forums.models import Seat

    room = make_room(delegates=2, visibility="delegates")
    first, second = workers
    delegate = room.delegates[0]
    token = Token.objects.get(user=delegate.user).key
    seat = Seat.objects.get(delegate=delegate, forum=room.forum)
    url = f"{second.ws_url}/ws/debates/{room.debate.pk}/?token={token}"

    async def scenario():
        async with websockets.connect(url, origin=second.http_url) as ws:
            welcome = json.loads(await ws.recv())
            assert welcome["you"]["role"] == "delegate"
            request = urllib.request.Request(
                f"{first.http_url}/api/v1/seats/{seat.pk}/cancel/",
                method="POST",
                headers={"Authorization": f"Token {token}"},
            )
            assert await asyncio.to_thread(_status_of, request) == 200
            with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                await _frames_until(ws, lambda frame: False, timeout=5)
            return closed.value.rcvd.code

    assert asyncio.run(scenario()) == 4403


def test_a_worker_killed_during_an_election_loses_and_doubles_no_ballot(workers):
    from rest_framework.authtoken.models import Token

    from debates.models import Candidate, ElectionBallot

    room = make_room(delegates=8, voting_rule="per_organization")
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    election = services.election_create(
        actor=room.chair,
        debate_id=d,
        title="Board",
        seats=2,
        candidates=[("organization", delegate.organization_id) for delegate in room.delegates[:3]],
    )
    services.election_open(actor=room.chair, debate_id=d, election_id=election.pk)
    candidates = list(Candidate.objects.filter(election=election).values_list("pk", flat=True))
    survivor, victim = workers
    tokens = [Token.objects.get(user=delegate.user).key for delegate in room.delegates]

    async def vote(n: int) -> str:
        """Cast one ballot; when the worker dies before the answer, cast the same ballot
        again on the other: it is counted once (the first went through) or now."""
        servers = [victim, survivor] if n % 2 else [survivor]
        frame = json.dumps(
            {
                "type": "election.cast",
                "ref": f"b{n}",
                "data": {"election": election.pk, "choices": [candidates[n % 3]]},
            }
        )
        for attempt, server in enumerate(servers * 2):
            url = f"{server.ws_url}/ws/debates/{d}/?token={tokens[n]}"
            try:
                async with websockets.connect(url, origin=server.http_url, open_timeout=10) as ws:
                    await _frames_until(ws, lambda f: f["type"] == "welcome")
                    await ws.send(frame)
                    answer = (
                        await _frames_until(ws, lambda f: f.get("ref") == f"b{n}", timeout=15)
                    )[-1]
                    if answer["type"] == "ack":
                        return "counted"
                    assert answer["code"] == "conflict", answer
                    assert attempt > 0, answer
                    return "counted before"
            except (OSError, websockets.exceptions.WebSocketException, TimeoutError):
                await asyncio.sleep(0.2)
        raise AssertionError(f"ballot {n} was never answered")

    async def scenario():
        ballots = [asyncio.create_task(vote(n)) for n in range(len(room.delegates))]
        await asyncio.sleep(0.15)
        await asyncio.to_thread(victim.kill)
        return await asyncio.gather(*ballots)

    outcomes = asyncio.run(scenario())

    closed = services.election_close(actor=room.chair, debate_id=d, election_id=election.pk)
    assert set(outcomes) <= {"counted", "counted before"}
    assert ElectionBallot.objects.filter(election=election).count() == len(room.delegates)
    assert sum(Candidate.objects.filter(election=election).values_list("yes", flat=True)) == 8
    assert closed.eligible == 8
    assert victim.process.poll() is not None


async def _cast(ws, vote_id: int, ref: str) -> dict:
    await ws.send(
        json.dumps({"type": "vote.cast", "ref": ref, "data": {"vote": vote_id, "choice": "yes"}})
    )
    frames = await _frames_until(ws, lambda frame: frame.get("ref") == ref, timeout=30)
    return frames[-1]


def test_a_worker_killed_during_a_vote_burst_counts_every_ballot_once(workers):
    """Acknowledged ballots are counted; one that got no answer, sent again on the other
    worker, is counted then or refused as already cast: never twice, never lost."""
    from debates.models import Ballot, Vote

    room = make_room(delegates=24)
    for status in ("open", "live"):
        services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to=status)
    first, second = room.delegates[0].user, room.delegates[1].user
    motion = services.motion_propose(actor=first, debate_id=room.debate.pk, text="Adopt it")
    services.motion_second(actor=second, debate_id=room.debate.pk, motion_id=motion.pk)
    vote = services.vote_open(
        actor=room.chair, debate_id=room.debate.pk, motion_id=motion.pk, secret=True
    )
    survivor, victim = workers

    async def join(worker, delegate):
        url = f"{worker.ws_url}/ws/debates/{room.debate.pk}/?token={room.token(delegate.user)}"
        ws = await websockets.connect(url, origin=worker.http_url, open_timeout=30)
        assert json.loads(await ws.recv())["type"] == "welcome"
        return ws

    async def scenario():
        sockets = [
            await join(victim if n % 2 else survivor, delegate)
            for n, delegate in enumerate(room.delegates)
        ]
        burst = [asyncio.create_task(_cast(ws, vote.pk, f"b{n}")) for n, ws in enumerate(sockets)]
        await asyncio.sleep(0.05)
        victim.kill()
        answers = await asyncio.gather(*burst, return_exceptions=True)
        retried = {}
        for n, answer in enumerate(answers):
            if not isinstance(answer, dict):
                ws = await join(survivor, room.delegates[n])
                retried[n] = await _cast(ws, vote.pk, f"r{n}")
                await ws.close()
        for ws in sockets:
            await ws.close()
        return answers, retried

    answers, retried = asyncio.run(scenario())

    acknowledged = {
        room.delegates[n].pk
        for n, a in enumerate(answers)
        if isinstance(a, dict) and a["type"] == "ack"
    }
    counted = list(Ballot.objects.filter(vote=vote).values_list("delegate_id", flat=True))
    assert sorted(counted) == sorted(d.pk for d in room.delegates)
    assert acknowledged <= set(counted)
    assert all(
        answer["type"] == "ack" or answer["message"] == "This ballot has already been cast."
        for answer in retried.values()
    )
    assert Vote.objects.get(pk=vote.pk).yes == 24
