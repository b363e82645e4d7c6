"""The room under load: commands take turns at the database; the closed and the late are
not carried out; ballots are counted once and acknowledged after they commit."""

import asyncio
import json
import time

import pytest
from channels.db import database_sync_to_async
from django.db import connections

from debates import admission
from debates.admission import get_admission, get_ballot_box
from debates.models import Ballot, DebateEvent, Message, Receipt, Vote
from tests.debates.support import RoomClient, join, live, motion_on_the_table

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

STORM = 200


async def _hold_the_database():
    """Take every turn at the database, as a worker busy with other sockets would."""
    gate = get_admission()
    for _ in range(gate.width):
        await gate.turn(admission.CHAIR_FIRST, received=time.monotonic(), alive=lambda: True)
    return gate


def _release(gate) -> None:
    for _ in range(gate.width):
        gate.done()


async def _until(condition) -> None:
    """Let the sockets take in what was sent, until ``condition()`` holds."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the room never got there")


async def _send_only(client: RoomClient, kind: str, data: dict, ref: str) -> None:
    await client.ws.send_json_to({"type": kind, "ref": ref, "data": data})


async def _open_vote(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])
    vote = (await chair.send("vote.open", {"motion": motion, "secret": True}))["data"]["vote"]
    return chair, clients, vote


async def test_the_commands_a_socket_queued_before_it_closed_are_never_carried_out(room):
    await live(room)
    leaving = await join(room, room.delegates[0].user)
    staying = await join(room, room.observer)
    gate = await _hold_the_database()
    for n in range(3):
        await _send_only(leaving, "message.post", {"text": f"queued {n}"}, f"q{n}")
    await _until(lambda: len(gate.waiting) == 1)  # the first waits its turn, two behind it
    await leaving.close()
    _release(gate)
    # Queued after the others, at the same priority: its answer comes after their turns.
    after = await staying.send("message.post", {"text": "still here"})

    assert after["type"] == "ack"
    texts = await database_sync_to_async(lambda: list(Message.objects.values_list("text")))()
    assert texts == [("still here",)]


async def test_a_command_that_waited_too_long_is_answered_overloaded_and_not_done(
    room, monkeypatch
):
    _chair, clients, vote = await _open_vote(room)
    monkeypatch.setattr(admission, "OVERLOAD_SECONDS", -1)

    chat = await clients[0].send("message.post", {"text": "late"})
    ballot = await clients[1].send("vote.cast", {"vote": vote, "choice": "yes"})
    french = await RoomClient(room.debate.pk, room.token(room.delegates[2].user)).connect_to(
        f"/ws/debates/{room.debate.pk}/?token={room.token(room.delegates[2].user)}&lang=fr"
    )
    french_answer = await french.send("message.post", {"text": "tard"})

    assert chat["code"] == ballot["code"] == "overloaded"
    assert chat["message"] == "The room is very busy: this was not done. Try again."
    assert french_answer["code"] == "overloaded"
    assert french_answer["message"] == "La salle est très chargée : rien n'a été fait. Réessayez."
    counts = await database_sync_to_async(
        lambda: (Message.objects.count(), Ballot.objects.count(), Vote.objects.get().cast)
    )()
    assert counts == (0, 0, 0)


async def test_the_chairs_command_goes_before_a_flood_of_chat(room):
    chair = await live(room)
    talker = await join(room, room.delegates[0].user)
    gate = await _hold_the_database()
    for n in range(4):
        await _send_only(talker, "message.post", {"text": f"chat {n}"}, f"c{n}")
    await _until(lambda: len(gate.waiting) == 1)
    await _send_only(chair, "debate.suspend", {}, "suspend")
    await _until(lambda: len(gate.waiting) == 2)
    _release(gate)
    suspended = await chair.reply("suspend")
    answers = [await talker.reply(f"c{n}") for n in range(4)]

    assert suspended["type"] == "ack"
    assert [answer["type"] for answer in answers] == ["ack"] * 4
    kinds = await database_sync_to_async(
        lambda: list(
            DebateEvent.objects.filter(type__in=["debate.suspended", "message.posted"])
            .order_by("seq")
            .values_list("type", flat=True)
        )
    )()
    assert kinds == ["debate.suspended"] + ["message.posted"] * 4


async def test_a_ballot_sent_again_is_counted_once(room):
    _chair, clients, vote = await _open_vote(room)
    tabs = [clients[0], *[await join(room, room.delegates[0].user) for _ in range(2)]]
    gate = await _hold_the_database()
    box = get_ballot_box()
    # The same ballot from three sockets of one delegate: the first waits to be written,
    # the two others wait together for the next batch...
    await _send_only(tabs[0], "vote.cast", {"vote": vote, "choice": "yes"}, "tab0")
    await _until(lambda: len(gate.waiting) == 1)
    for n in (1, 2):
        await _send_only(tabs[n], "vote.cast", {"vote": vote, "choice": "no"}, f"tab{n}")
    await _until(lambda: sum(map(len, box.waiting.values())) == 2)
    _release(gate)
    answers = [await tab.reply(f"tab{n}") for n, tab in enumerate(tabs)]
    # ...and the first is sent again, as a client does when its answer was lost.
    retried = await tabs[0].send("vote.cast", {"vote": vote, "choice": "yes"})

    already = ("conflict", "This ballot has already been cast.")
    assert answers[0]["type"] == "ack"
    assert answers[0]["data"]["receipt"]
    assert [(a["code"], a["message"]) for a in answers[1:]] == [already, already]
    assert (retried["code"], retried["message"]) == already
    counted = await database_sync_to_async(
        lambda: (Vote.objects.get().yes, Vote.objects.get().no, Ballot.objects.count())
    )()
    receipts = await database_sync_to_async(Receipt.objects.count)()
    assert counted == (1, 0, 1)
    assert receipts == 1


async def test_a_ballot_is_acknowledged_only_once_its_transaction_commits(room, monkeypatch):
    _chair, clients, vote = await _open_vote(room)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away before the commit")

    monkeypatch.setattr(Receipt.objects, "bulk_create", fail)
    refused = await clients[0].send("vote.cast", {"vote": vote, "choice": "yes"})
    nothing = await database_sync_to_async(
        lambda: (Ballot.objects.count(), Vote.objects.get().cast)
    )()
    monkeypatch.undo()
    again = await clients[0].send("vote.cast", {"vote": vote, "choice": "yes"})

    assert refused["type"] == "error"
    assert refused["code"] == "conflict"
    assert nothing == (0, 0)
    assert again["type"] == "ack"
    assert await database_sync_to_async(lambda: Vote.objects.get().yes)() == 1


async def test_under_a_storm_of_connections_the_welcome_is_every_sockets_first_frame(room):
    chair = await live(room)
    talker = await join(room, room.delegates[0].user)
    storm = [RoomClient(room.debate.pk) for _ in range(STORM)]

    async def first_frame(client):
        connected, _ = await client.ws.connect(timeout=60)
        assert connected
        return json.loads((await client.ws.receive_output(timeout=60))["text"])

    async def chatter():
        for n in range(3):
            for client in (talker, chair):
                await client.send("message.post", {"text": f"during the storm {n}"}, timeout=60)

    frames, _ = await asyncio.gather(asyncio.gather(*(first_frame(c) for c in storm)), chatter())
    for client in [*storm, talker, chair]:
        await client.close()
    # The storm opened the database thread's own connection, which the test database's
    # teardown on PostgreSQL would find still in use.
    await database_sync_to_async(connections.close_all)()

    assert [frame["type"] for frame in frames] == ["welcome"] * STORM
