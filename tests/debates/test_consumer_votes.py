import json
import re

import pytest
from channels.db import database_sync_to_async

from debates.models import Ballot, DebateEvent
from tests.debates.conftest import make_room
from tests.debates.support import RoomClient, join, live, motion_on_the_table

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


# --- motions and votes ---------------------------------------------------------------


async def test_secret_vote_counts_once_and_never_names_voters(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    observer = await join(room, room.observer)
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])

    opened = await chair.send("vote.open", {"motion": motion, "secret": True})
    vote = opened["data"]["vote"]
    yes = await clients[0].send("vote.cast", {"vote": vote, "choice": "yes"})
    twice = await clients[0].send("vote.cast", {"vote": vote, "choice": "no"})
    await clients[1].send("vote.cast", {"vote": vote, "choice": "yes"})
    await clients[2].send("vote.cast", {"vote": vote, "choice": "no"})
    observer_cast = await observer.send("vote.cast", {"vote": vote, "choice": "no"})
    progress = await observer.wait_for("vote.progress", ephemeral=True)
    closed = await chair.send("vote.close")

    assert opened["data"] == {"vote": vote, "eligible": 3}
    assert yes["data"] == {"vote": vote, "choice": "yes", "receipt": yes["data"]["receipt"]}
    assert re.fullmatch(r"[0-9A-F]{10}", yes["data"]["receipt"])
    assert twice["code"] == "conflict"
    assert observer_cast["code"] == "forbidden"
    assert set(progress) == {"type", "vote", "cast", "eligible"}
    assert closed["data"] == {"vote": vote, "result": "carried"}
    result = await observer.wait_for("vote.closed")
    receipts = result["data"].pop("receipts")
    assert result["data"] == {
        "vote": vote,
        "motion": motion,
        "tally": {"yes": 2, "no": 1, "abstain": 0},
        "turnout": 3,
        "in_person": 3,
        "by_proxy": 0,
        "eligible": 3,
        "present": 3,
        "represented": 0,
        "members": 3,
        "roll_call": None,
        "quorum": 2,
        "result": "carried",
    }
    assert yes["data"]["receipt"] in receipts
    assert len(receipts) == 3
    ballots = await database_sync_to_async(
        lambda: list(Ballot.objects.values_list("choice", flat=True))
    )()
    assert ballots == ["", "", ""]
    vote_events = await database_sync_to_async(
        lambda: json.dumps(
            list(DebateEvent.objects.filter(type__startswith="vote.").values("actor", "data"))
        )
    )()
    for delegate in room.delegates:
        assert delegate.display_name not in vote_events
    assert "voters" not in vote_events
    for client in (chair, *clients, observer):
        await client.close()


async def test_roll_call_vote_names_voters_and_two_thirds_can_fail(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])

    vote = (
        await chair.send("vote.open", {"motion": motion, "secret": False, "majority": "two_thirds"})
    )["data"]["vote"]
    await clients[0].send("vote.cast", {"vote": vote, "choice": "yes"})
    await clients[1].send("vote.cast", {"vote": vote, "choice": "no"})
    await clients[2].send("vote.cast", {"vote": vote, "choice": "abstain"})
    await chair.send("vote.close")

    result = await clients[2].wait_for("vote.closed")
    assert result["data"]["result"] == "failed"
    assert result["data"]["tally"] == {"yes": 1, "no": 1, "abstain": 1}
    assert sorted(v["choice"] for v in result["data"]["voters"]) == ["abstain", "no", "yes"]
    assert {v["name"] for v in result["data"]["voters"]} == {d.display_name for d in room.delegates}
    for client in (chair, *clients):
        await client.close()


async def test_vote_without_quorum(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])
    vote = (await chair.send("vote.open", {"motion": motion, "secret": True}))["data"]["vote"]
    await clients[0].send("vote.cast", {"vote": vote, "choice": "yes"})

    await chair.send("vote.close")

    result = await clients[0].wait_for("vote.closed")
    assert result["data"]["result"] == "no_quorum"
    assert result["data"]["turnout"] == 1
    for client in (chair, *clients):
        await client.close()


async def test_cannot_vote_on_unseconded_motion_or_open_two_votes(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    first = (await clients[0].send("motion.propose", {"text": "First"}))["data"]["motion"]
    unseconded = await chair.send("vote.open", {"motion": first, "secret": True})
    second = await motion_on_the_table(room, chair, clients[1], clients[2])
    assert (await clients[2].send("motion.second", {"motion": first}))["type"] == "ack"
    assert (await chair.send("vote.open", {"motion": first, "secret": True}))["type"] == "ack"

    another = await chair.send("vote.open", {"motion": second, "secret": True})
    close_debate = await chair.send("debate.close")

    assert unseconded["code"] == "conflict"
    assert another["code"] == "conflict"
    assert another["message"] == "Another vote is open."
    assert close_debate["message"] == "Close the open vote before closing the debate."
    for client in (chair, *clients):
        await client.close()


async def test_per_organization_vote_takes_one_ballot_per_organization(transactional_db):
    room = await database_sync_to_async(make_room)(voting_rule="per_organization")
    from events.models import Delegate
    from forums.services import seat_take
    from tests.factories import accredited_delegate

    colleague = await database_sync_to_async(
        lambda: accredited_delegate(room.forum.event, organization=room.delegates[0].organization)
    )()
    await database_sync_to_async(lambda: seat_take(actor=colleague.user, forum=room.forum))()
    from rest_framework.authtoken.models import Token

    token = await database_sync_to_async(lambda: Token.objects.create(user=colleague.user).key)()
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    other = await RoomClient(room.debate.pk, token).connect()
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])
    opened = await chair.send("vote.open", {"motion": motion, "secret": True})

    first = await clients[0].send("vote.cast", {"vote": opened["data"]["vote"], "choice": "yes"})
    same_org = await other.send("vote.cast", {"vote": opened["data"]["vote"], "choice": "no"})

    assert opened["data"]["eligible"] == 3
    assert first["type"] == "ack"
    assert same_org["code"] == "conflict"
    assert await database_sync_to_async(lambda: Delegate.objects.count())() >= 4
    for client in (chair, *clients, other):
        await client.close()


async def test_withdrawn_motion_cannot_be_voted(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])

    not_mine = await clients[2].send("motion.withdraw", {"motion": motion})
    withdrawn = await clients[0].send("motion.withdraw", {"motion": motion})
    vote = await chair.send("vote.open", {"motion": motion, "secret": True})
    missing = await clients[0].send("motion.second", {"motion": 424242})

    assert not_mine["code"] == "forbidden"
    assert withdrawn["type"] == "ack"
    assert vote["code"] == "conflict"
    assert missing["code"] == "not_found"
    for client in (chair, *clients):
        await client.close()
