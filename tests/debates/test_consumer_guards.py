"""What the room refuses whatever the role: a closed debate, a debate of an event nobody
may see yet, frames beyond the budget (but never ballots); and the order of the first
frames."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from debates.minutes import minutes_build
from debates.models import Debate
from events.models import Event
from tests.debates.conftest import make_room
from tests.debates.support import RoomClient, join, live, motion_on_the_table

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_a_closed_debate_refuses_every_command_and_its_minutes_never_change(room):
    chair = await live(room)
    amina, diego, mei = [await join(room, delegate.user) for delegate in room.delegates]
    motion = await motion_on_the_table(room, chair, amina, diego)
    proposed = (await mei.send("motion.propose", {"text": "An amendment"}))["data"]["motion"]
    await amina.send("floor.request")
    question = (await mei.send("question.ask", {"text": "When?"}))["data"]["question"]
    message = (await mei.send("message.post", {"text": "Hello"}))["data"]["message"]
    assert (await chair.send("debate.close"))["type"] == "ack"
    before = await database_sync_to_async(
        lambda: minutes_build(Debate.objects.get(pk=room.debate.pk))
    )()

    answers = [
        await diego.send("motion.second", {"motion": proposed}),
        await amina.send("motion.withdraw", {"motion": motion}),
        await amina.send("floor.withdraw"),
        await diego.send("question.upvote", {"question": question}),
        await chair.send("question.answer", {"question": question}),
        await chair.send("question.hide", {"question": question}),
        await chair.send("message.remove", {"message": message}),
        await chair.send("floor.reorder", {"order": []}),
        await chair.send("vote.open", {"motion": motion, "secret": True}),
        await mei.send("reaction.send", {"emoji": "👏"}),
    ]

    assert [answer["code"] for answer in answers] == ["conflict"] * len(answers)
    assert {answer["message"] for answer in answers} == {"The debate is closed."}
    after = await database_sync_to_async(
        lambda: minutes_build(Debate.objects.get(pk=room.debate.pk))
    )()
    assert after == before
    for client in (chair, amina, diego, mei):
        await client.close()


async def test_a_debate_of_a_draft_event_is_hidden_like_the_event(transactional_db):
    room = await database_sync_to_async(make_room)()
    await database_sync_to_async(
        lambda: Event.objects.filter(pk=room.forum.event_id).update(status=Event.Status.DRAFT)
    )()

    anonymous = await RoomClient(room.debate.pk).connect()
    delegate = await join(room, room.delegates[0].user)

    assert anonymous.close_code == 4404
    assert anonymous.welcome is None
    assert delegate.close_code == 4404


async def test_ballots_pass_a_spent_frame_budget_and_errors_carry_their_ref(room, monkeypatch):
    from debates import consumers

    monkeypatch.setattr(consumers, "FRAMES_PER_WINDOW", 5)
    chair = await live(room)
    amina, diego, _mei = [await join(room, delegate.user) for delegate in room.delegates]
    motion = await motion_on_the_table(room, chair, amina, diego)
    vote = (await chair.send("vote.open", {"motion": motion, "secret": True}))["data"]["vote"]
    for _ in range(5):
        await amina.send("sync", {"since": 0})

    limited = await amina.send("message.post", {"text": "one more"})
    ballot = await amina.send("vote.cast", {"vote": vote, "choice": "yes"})

    assert limited["code"] == "rate_limited"
    assert limited["ref"] is not None
    assert ballot["type"] == "ack"
    assert ballot["data"]["choice"] == "yes"
    for client in (chair, amina, diego):
        await client.close()


async def test_welcome_is_the_first_frame_even_while_others_join(room, monkeypatch):
    from debates import consumers

    # A welcome that takes its time (a queue of joins before it): presence, sent to the
    # room 0.2 s after each join, would overtake it.
    welcome = consumers._welcome

    async def slow_welcome(*args):
        await asyncio.sleep(0.5)
        return await welcome(*args)

    monkeypatch.setattr(consumers, "_welcome", slow_welcome)
    chair = await join(room, room.chair)
    clients = [RoomClient(room.debate.pk, room.token(d.user)) for d in room.delegates]
    for client in clients:
        connected, _ = await client.ws.connect(timeout=5)
        assert connected
    firsts = [
        json.loads((await client.ws.receive_output(timeout=5))["text"])["type"]
        for client in clients
    ]

    assert firsts == ["welcome"] * len(clients)
    await chair.close()
    for client in clients:
        await client.ws.disconnect()
