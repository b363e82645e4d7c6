import asyncio

import pytest
from channels.db import database_sync_to_async

from debates.models import Ballot, DebateEvent, Visibility, Vote
from debates.services import debate_transition
from tests.debates.conftest import make_room
from tests.debates.support import RoomClient, join, live, motion_on_the_table

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


# --- connecting ------------------------------------------------------------------------


async def test_chair_gets_welcome_with_snapshot_and_role(room):
    chair = await join(room, room.chair)

    welcome = chair.welcome
    assert welcome["type"] == "welcome"
    assert welcome["seq"] == 1
    assert welcome["you"]["role"] == "chair"
    assert welcome["you"]["is_chair"] is True
    assert welcome["state"]["debate"]["title"] == "Housing resolution"
    assert welcome["state"]["debate"]["status"] == "scheduled"
    assert welcome["state"]["queue"] == []
    await chair.close()


async def test_roles_of_delegate_observer_and_anonymous(room):
    delegate = await join(room, room.delegates[0].user)
    observer = await join(room, room.observer)
    anonymous = await join(room)

    assert delegate.welcome["you"]["role"] == "delegate"
    assert delegate.welcome["you"]["can_vote"] is True
    assert delegate.welcome["you"]["delegate"] == room.delegates[0].pk
    assert observer.welcome["you"]["role"] == "observer"
    assert observer.welcome["you"]["can_vote"] is False
    assert observer.welcome["you"]["delegate"] is None
    assert anonymous.welcome["you"] == {
        "role": "observer",
        "user": None,
        "can_vote": False,
        "voted": [],
        "ballots": [],
        "cast": [],
        "is_chair": False,
        "delegate": None,
    }
    for client in (delegate, observer, anonymous):
        await client.close()


async def test_commands_run_in_the_language_the_socket_asks_for(room, monkeypatch):
    from django.utils import translation

    from debates import consumers

    monkeypatch.setattr(
        consumers.commands,
        "execute",
        lambda **kwargs: {"language": translation.get_language()},
    )
    path = f"/ws/debates/{room.debate.pk}/?token={room.token(room.chair)}"
    french = await RoomClient(room.debate.pk, headers=None).connect_to(path + "&lang=fr")
    unknown = await RoomClient(room.debate.pk, headers=None).connect_to(path + "&lang=xx")

    assert (await french.send("debate.open"))["data"] == {"language": "fr"}
    assert (await unknown.send("debate.open"))["data"] == {"language": "en"}
    await french.close()
    await unknown.close()


async def test_unknown_debate_closes_with_4404(room):
    client = await RoomClient(999999, room.token(room.chair)).connect()

    assert client.close_code == 4404


async def test_anonymous_on_members_debate_closes_with_4401(transactional_db):
    room = await database_sync_to_async(make_room)(visibility=Visibility.MEMBERS)

    client = await join(room)

    assert client.close_code == 4401


async def test_observer_on_delegates_only_debate_closes_with_4403(transactional_db):
    room = await database_sync_to_async(make_room)(visibility=Visibility.DELEGATES)

    observer = await join(room, room.observer)
    delegate = await join(room, room.delegates[0].user)

    assert observer.close_code == 4403
    assert delegate.welcome["you"]["role"] == "delegate"
    await delegate.close()


async def test_foreign_origin_is_refused(room):
    client = RoomClient(room.debate.pk, headers=[(b"origin", b"https://evil.example")])

    connected, _ = await client.ws.connect(timeout=5)

    assert connected is False


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_request"),
        ("[1,2]", "bad_request"),
        ('{"type": "launch.rocket", "ref": "x"}', "unknown_type"),
        ('{"type": 7, "ref": "x"}', "unknown_type"),
        ('{"type": "floor.request", "ref": "x", "data": []}', "bad_request"),
        ('{"type": "floor.request", "ref": "x", "data": {"kind": "filibuster"}}', "bad_request"),
        (
            '{"type": "vote.cast", "ref": "x", "data": {"vote": "1", "choice": "yes"}}',
            "bad_request",
        ),
        (
            '{"type": "vote.cast", "ref": "x", "data": {"vote": true, "choice": "yes"}}',
            "bad_request",
        ),
        ('{"type": "timer.extend", "ref": "x", "data": {"seconds": 100000}}', "bad_request"),
        ('{"type": "message.post", "ref": "x", "data": {"text": "   "}}', "bad_request"),
        (
            '{"type": "message.post", "ref": "x", "data": {"text": "' + "a" * 2001 + '"}}',
            "too_large",
        ),
        ('{"type": "floor.request", "ref": "x", "data": {"extra": 1}}', "bad_request"),
        ("x" * (1024 * 1024), "too_large"),
        ('{"type": "sync", "ref": "\\ud800", "data": {"since": 0}}', "bad_request"),
        ('{"type": "message.post", "ref": "x", "data": {"text": "a\\udfff"}}', "bad_request"),
    ],
    ids=[
        "not-json",
        "array",
        "unknown-type",
        "type-not-text",
        "data-not-object",
        "bad-kind",
        "id-as-string",
        "id-as-bool",
        "seconds-out-of-range",
        "blank-text",
        "text-too-long",
        "unknown-field",
        "one-megabyte",
        "ref-lone-surrogate",
        "text-lone-surrogate",
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays_usable(room, frame, code):
    amina = await join(room, room.delegates[0].user)

    await amina.ws.send_to(text_data=frame)
    await amina.read(timeout=0.5)
    errors = [r for r in amina.replies.values() if r["type"] == "error"]
    follow_up = await amina.send("sync", {"since": 0})

    assert [e["code"] for e in errors] == [code]
    assert follow_up["type"] == "synced"
    await amina.close()


async def test_binary_frame_is_an_error(room):
    amina = await join(room, room.delegates[0].user)

    await amina.ws.send_to(bytes_data=b"\x00\xff")
    await amina.read(timeout=0.5)

    assert [r["code"] for r in amina.replies.values()] == ["bad_request"]
    await amina.close()


# --- sync ----------------------------------------------------------------------------


async def test_sync_replays_missed_events_in_order(room):
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    await amina.send("floor.request")
    await chair.send("floor.grant")
    late = await join(room, room.observer)

    synced = await late.send("sync", {"since": 1})
    await late.read()

    assert [e["seq"] for e in late.events][:4] == [2, 3, 4, 5]
    assert synced == {"type": "synced", "ref": synced["ref"], "seq": 5}
    for client in (chair, amina, late):
        await client.close()


async def test_sync_far_behind_gets_a_fresh_welcome(room, monkeypatch):
    from debates import consumers

    monkeypatch.setattr(consumers, "SYNC_LIMIT", 2)
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    await amina.send("floor.request")
    amina.welcome = None

    await amina.ws.send_json_to({"type": "sync", "ref": "s", "data": {"since": 0}})
    await amina.read(timeout=0.5)

    assert amina.welcome is not None
    assert amina.welcome["seq"] == 4
    for client in (chair, amina):
        await client.close()


async def test_closed_debate_is_read_only(room):
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)
    await amina.send("floor.request")
    await chair.send("floor.grant")

    closed = await chair.send("debate.close")
    request = await amina.send("floor.request", {"kind": "reply"})
    chat = await amina.send("message.post", {"text": "after"})

    assert closed["data"]["status"] == "closed"
    assert request["code"] == "conflict"
    assert chat["code"] == "conflict"
    ended = await amina.wait_for("floor.ended")
    assert ended["seq"] + 1 == (await amina.wait_for("debate.closed"))["seq"]
    for client in (chair, amina):
        await client.close()


async def test_every_logged_event_reaches_an_observer_exactly_once(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    observer = await join(room, room.observer)
    for client in clients:
        await client.send("floor.request")
        await client.send("message.post", {"text": "hello"})

    seqs = await database_sync_to_async(
        lambda: list(DebateEvent.objects.filter(debate=room.debate).values_list("seq", flat=True))
    )()
    await observer.wait_for("message.posted", where=lambda e: e["seq"] == seqs[-1])
    await observer.read()  # and anything after it, a copy included

    assert observer.seqs() == [s for s in seqs if s > observer.welcome["seq"]]
    assert seqs == list(range(1, len(seqs) + 1))
    for client in (chair, *clients, observer):
        await client.close()


async def test_service_refuses_when_a_seat_is_lost_mid_connection(room):
    from forums.models import Seat
    from forums.services import seat_cancel

    amina = await join(room, room.delegates[0].user)
    await database_sync_to_async(
        lambda: debate_transition(actor=room.chair, debate_id=room.debate.pk, to="open")
    )()
    seat = await database_sync_to_async(
        lambda: Seat.objects.get(delegate=room.delegates[0], forum=room.forum)
    )()
    await database_sync_to_async(lambda: seat_cancel(actor=room.delegates[0].user, seat=seat))()

    reply = await amina.send("floor.request")

    assert reply["code"] == "forbidden"
    await amina.close()


async def test_votes_count_matches_ballots(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    motion = await motion_on_the_table(room, chair, clients[0], clients[1])
    vote = (await chair.send("vote.open", {"motion": motion, "secret": True}))["data"]["vote"]
    await asyncio.gather(*(c.send("vote.cast", {"vote": vote, "choice": "yes"}) for c in clients))

    row = await database_sync_to_async(lambda: Vote.objects.get(pk=vote))()

    assert row.cast == 3
    assert await database_sync_to_async(lambda: Ballot.objects.filter(vote=row).count())() == 3
    for client in (chair, *clients):
        await client.close()


async def test_a_flood_of_frames_is_rate_limited_without_closing(room, monkeypatch):
    from debates import consumers

    monkeypatch.setattr(consumers, "FRAMES_PER_WINDOW", 5)
    observer = await join(room, room.observer)

    for n in range(7):
        await observer.ws.send_json_to({"type": "sync", "ref": f"s{n}", "data": {"since": 0}})
    await observer.read(timeout=0.5)

    limited = [r for r in observer.answers if r.get("code") == "rate_limited"]
    synced = [r for r in observer.answers if r["type"] == "synced"]
    assert len(synced) == 5
    assert len(limited) == 2
    assert limited[0]["message"] == "Too many frames: slow down."
    await observer.close()
