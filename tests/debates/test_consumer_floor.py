import asyncio

import pytest
from channels.db import database_sync_to_async

from debates.models import DebateEvent
from tests.debates.conftest import make_room
from tests.debates.support import join, live

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


# --- lifecycle and floor -------------------------------------------------------------


async def test_full_floor_cycle_reaches_every_client_in_order(room):
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    diego = await join(room, room.delegates[1].user)
    anonymous = await join(room)

    speech = await amina.send("floor.request", {"kind": "speech"})
    order = await diego.send("floor.request", {"kind": "point_of_order"})
    granted = await chair.send("floor.grant")
    ended = await diego.send("floor.end")

    assert speech == {
        "type": "ack",
        "ref": speech["ref"],
        "data": {"request": speech["data"]["request"], "position": 1},
    }
    assert order["data"]["position"] == 1
    assert granted["data"]["request"] == order["data"]["request"]
    assert ended["type"] == "ack"
    for client in (chair, amina, diego, anonymous):
        await client.wait_for("floor.ended")
        await client.read()
    expected = ["floor.requested", "floor.requested", "floor.granted", "floor.ended"]
    assert anonymous.types() == expected
    assert anonymous.seqs() == [4, 5, 6, 7]
    assert amina.seqs() == anonymous.seqs()
    queue = anonymous.events[1]["data"]["order"]
    assert queue == [order["data"]["request"], speech["data"]["request"]]
    speaker = anonymous.events[2]["data"]["speaker"]
    assert speaker["delegate"]["name"] == room.delegates[1].display_name
    assert speaker["ends_at"].endswith("Z")
    assert anonymous.events[3]["data"]["region"] == "americas"
    for client in (chair, amina, diego, anonymous):
        await client.close()


async def test_one_speaker_at_a_time_and_one_request_per_kind(room):
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    diego = await join(room, room.delegates[1].user)
    await amina.send("floor.request", {"kind": "speech"})
    await diego.send("floor.request", {"kind": "speech"})

    duplicate = await amina.send("floor.request", {"kind": "speech"})
    await chair.send("floor.grant")
    second_grant = await chair.send("floor.grant")

    assert duplicate["code"] == "conflict"
    assert duplicate["message"] == "You have already asked for the floor for this."
    assert second_grant["code"] == "conflict"
    assert second_grant["message"] == "Someone has the floor: end it first."
    for client in (chair, amina, diego):
        await client.close()


async def test_delegate_cannot_grant_or_end_someone_elses_floor(room):
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    diego = await join(room, room.delegates[1].user)
    await amina.send("floor.request")
    await chair.send("floor.grant")

    grant = await diego.send("floor.grant")
    end = await diego.send("floor.end")

    assert grant == {
        "type": "error",
        "ref": grant["ref"],
        "code": "forbidden",
        "message": "You may not do this in this debate.",
    }
    assert end["code"] == "forbidden"
    for client in (chair, amina, diego):
        await client.close()


async def test_observer_cannot_request_the_floor(room):
    await (await live(room)).close()
    observer = await join(room, room.observer)

    reply = await observer.send("floor.request")

    assert reply["code"] == "forbidden"
    await observer.close()


async def test_anonymous_can_only_watch(room):
    anonymous = await join(room)

    reply = await anonymous.send("message.post", {"text": "hello"})

    assert reply["code"] == "forbidden"
    assert reply["message"] == "Sign in to take part."
    await anonymous.close()


async def test_grant_before_start_is_a_conflict(room):
    chair = await join(room, room.chair)
    await chair.send("debate.open")
    amina = await join(room, room.delegates[0].user)
    await amina.send("floor.request")

    reply = await chair.send("floor.grant")

    assert reply["code"] == "conflict"
    assert reply["message"] == "Not possible while the debate is open."
    await chair.close()
    await amina.close()


async def test_withdraw_and_reorder(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    requests = [(await c.send("floor.request"))["data"]["request"] for c in clients]

    withdrawn = await clients[1].send("floor.withdraw")
    bad_order = await chair.send("floor.reorder", {"order": [requests[0]]})
    reordered = await chair.send("floor.reorder", {"order": [requests[2], requests[0]]})

    assert withdrawn["data"] == {"request": requests[1]}
    assert bad_order["code"] == "conflict"
    assert reordered["data"] == {"order": [requests[2], requests[0]]}
    event = await clients[0].wait_for("floor.reordered")
    assert event["data"]["order"] == [requests[2], requests[0]]
    for client in (chair, *clients):
        await client.close()


async def test_timer_pause_resume_extend(room):
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    await amina.send("floor.request")
    await chair.send("floor.grant")

    paused = await chair.send("timer.pause")
    again = await chair.send("timer.pause")
    extended = await chair.send("timer.extend", {"seconds": 30})
    resumed = await chair.send("timer.resume")

    assert paused["data"]["ends_at"] is None
    assert 170 < paused["data"]["paused_remaining"] <= 180
    assert again["code"] == "conflict"
    assert extended["data"]["paused_remaining"] == pytest.approx(
        paused["data"]["paused_remaining"] + 30
    )
    assert resumed["data"]["ends_at"].endswith("Z")
    assert resumed["data"]["paused_remaining"] is None
    await amina.wait_for("timer.resumed")
    assert [e["type"] for e in amina.events][-3:] == [
        "timer.paused",
        "timer.extended",
        "timer.resumed",
    ]
    await chair.close()
    await amina.close()


async def test_time_up_is_announced_once(transactional_db):
    room = await database_sync_to_async(make_room)(speaking_seconds=10)
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    await amina.send("floor.request")
    await chair.send("floor.grant")
    await chair.send("timer.pause")
    await chair.send("timer.extend", {"seconds": 1})

    # Shorten the remaining time so the test does not wait ten seconds.
    from debates.models import FloorRequest

    await database_sync_to_async(
        lambda: FloorRequest.objects.filter(status="speaking").update(paused_remaining=0.5)
    )()
    await chair.send("timer.resume")

    time_up = await amina.wait_for("floor.time_up", timeout=5)
    await asyncio.sleep(1)
    await amina.read()

    assert time_up["actor"] is None
    assert amina.types().count("floor.time_up") == 1
    count = await database_sync_to_async(
        lambda: DebateEvent.objects.filter(type="floor.time_up").count()
    )()
    assert count == 1
    await chair.close()
    await amina.close()
