"""Statutory votes and elections over the socket: the welcome's ballots, casting for a
member represented, refusals of bad or foreign ballots, one ballot from two sockets."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from debates import services
from debates.models import Ballot, ElectionBallot
from tests.debates.conftest import make_room
from tests.debates.scenarios import statutory_room
from tests.debates.support import join, live, motion_on_the_table

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def vote_open(room, *, secret=True):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])
    opened = await chair.send("vote.open", {"motion": motion, "secret": secret})
    assert opened["type"] == "ack", opened
    return chair, clients, opened["data"]["vote"]


async def close_all(*clients):
    for client in clients:
        await client.close()


async def test_the_welcome_lists_the_ballots_a_delegate_may_cast_and_those_cast():
    room = await database_sync_to_async(statutory_room)(voting_rule="per_organization")
    chair, clients, vote = await vote_open(room)
    holder = room.delegates[0]
    own, absent = holder.organization, room.absent_member

    before = await join(room, holder.user)
    cast = await before.send("vote.cast", {"vote": vote, "choice": "yes", "for": absent.pk})
    after = await join(room, holder.user)

    assert before.welcome["you"]["ballots"] == [
        {"vote": vote, "election": None, "for": own.pk, "name": own.short_name, "as": "member"},
        {
            "vote": vote,
            "election": None,
            "for": absent.pk,
            "name": "Absentville",
            "as": "proxy",
        },
    ]
    assert before.welcome["you"]["cast"] == []
    assert (cast["type"], cast["data"]["for"]) == ("ack", absent.pk)
    assert after.welcome["you"]["cast"] == [{"vote": vote, "for": absent.pk}]
    await close_all(chair, *clients, before, after)


@pytest.mark.parametrize(
    ("ballot", "code"),
    [
        ({"for": "other member"}, "forbidden"),
        ({"for": "9"}, "bad_request"),
        ({"for": 1e999}, "bad_request"),
        ({"for": -1}, "bad_request"),
        ({"for": True}, "bad_request"),
        ({"choice": "maybe"}, "bad_request"),
        ({"choice": ["yes"]}, "bad_request"),
    ],
)
async def test_a_ballot_for_a_member_one_does_not_represent_or_malformed_is_refused(ballot, code):
    room = await database_sync_to_async(statutory_room)(voting_rule="per_organization")
    chair, clients, vote = await vote_open(room)
    if ballot.get("for") == "other member":
        ballot = {"for": room.delegates[1].organization_id}

    refused = await clients[0].send("vote.cast", {"vote": vote, "choice": "yes", **ballot})
    await chair.read()

    assert refused["type"] == "error"
    assert refused["code"] == code
    assert await database_sync_to_async(Ballot.objects.count)() == 0
    assert "vote.progress" not in {message["type"] for message in chair.ephemeral}
    await close_all(chair, *clients)


async def test_two_sockets_of_one_member_cast_one_ballot_between_them():
    room = await database_sync_to_async(make_room)(voting_rule="per_organization")
    chair, clients, vote = await vote_open(room)
    second = await join(room, room.delegates[0].user)

    answers = await asyncio.gather(
        clients[0].send("vote.cast", {"vote": vote, "choice": "yes"}),
        second.send("vote.cast", {"vote": vote, "choice": "no"}),
    )

    assert sorted(answer["type"] for answer in answers) == ["ack", "error"]
    assert [answer["code"] for answer in answers if answer["type"] == "error"] == ["conflict"]
    assert await database_sync_to_async(Ballot.objects.count)() == 1
    await close_all(chair, *clients, second)


async def test_a_delegate_of_a_member_not_in_good_standing_may_not_vote():
    room = await database_sync_to_async(make_room)(standing=False)
    chair, clients, vote = await vote_open(room)

    refused = await clients[0].send("vote.cast", {"vote": vote, "choice": "yes"})

    assert clients[0].welcome["you"]["can_vote"] is False
    assert refused["code"] == "forbidden"
    await close_all(chair, *clients)


def prepare_election(room):
    return services.election_create(
        actor=room.chair,
        debate_id=room.debate.pk,
        title="Election of the Board",
        seats=1,
        quorum_percent=0,
        candidates=[("organization", d.organization_id) for d in room.delegates],
    )


async def test_an_election_is_held_in_the_room_with_a_receipt_per_ballot():
    room = await database_sync_to_async(make_room)()
    election = await database_sync_to_async(prepare_election)(room)
    ids = await database_sync_to_async(
        lambda: list(election.candidates.order_by("position").values_list("pk", flat=True))
    )()
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    observer = await join(room, room.observer)

    opened = await chair.send("election.open", {"election": election.pk})
    not_the_chair = await clients[0].send("election.close", {"election": election.pk})
    bad_marks = await clients[0].send(
        "election.cast", {"election": election.pk, "marks": {"first": "yes"}}
    )
    too_many = await clients[0].send("election.cast", {"election": election.pk, "choices": ids})
    unknown = await clients[0].send("election.cast", {"election": election.pk, "choices": [424242]})
    ballots = [
        await client.send("election.cast", {"election": election.pk, "choices": [ids[0]]})
        for client in clients
    ]
    again = await clients[1].send("election.cast", {"election": election.pk, "choices": [ids[1]]})
    closed = await chair.send("election.close", {"election": election.pk})
    result = await observer.wait_for("election.closed")

    assert (opened["type"], opened["data"]["eligible"]) == ("ack", 3)
    assert not_the_chair["code"] == "forbidden"
    assert bad_marks["code"] == "bad_request"
    assert (too_many["code"], too_many["message"]) == (
        "bad_request",
        "Choose at most 1 candidate.",
    )
    assert (unknown["code"], unknown["message"]) == (
        "bad_request",
        "A choice is not a candidate of this election.",
    )
    assert [ballot["type"] for ballot in ballots] == ["ack", "ack", "ack"]
    assert again["code"] == "conflict"
    assert (closed["type"], closed["data"]["status"]) == ("ack", "closed")
    assert result["data"]["elected"] == [ids[0]]
    assert sorted(result["data"]["receipts"]) == sorted(b["data"]["receipt"] for b in ballots)
    assert await database_sync_to_async(ElectionBallot.objects.count)() == 3
    await close_all(chair, observer, *clients)


async def test_everyone_sees_an_elections_turnout_live_and_on_joining():
    room = await database_sync_to_async(make_room)()
    election = await database_sync_to_async(prepare_election)(room)
    first = await database_sync_to_async(lambda: election.candidates.order_by("position")[0].pk)()
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    observer = await join(room, room.observer)
    await chair.send("election.open", {"election": election.pk})

    for client in clients[:2]:
        await client.send("election.cast", {"election": election.pk, "choices": [first]})
    progress = await observer.wait_for("election.progress", ephemeral=True)
    while progress["cast"] < 2:
        observer.ephemeral.remove(progress)
        progress = await observer.wait_for("election.progress", ephemeral=True)
    latecomer = await join(room, room.observer)

    assert progress == {
        "type": "election.progress",
        "election": election.pk,
        "cast": 2,
        "eligible": 3,
    }
    (shown,) = latecomer.welcome["state"]["elections"]
    assert (shown["id"], shown["status"], shown["cast"]) == (election.pk, "open", 2)
    await close_all(chair, observer, latecomer, *clients)
