import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from debates.models import Ballot, DebateEvent, Visibility, Vote
from debates.services import debate_transition
from tests.debates.conftest import make_room
from tests.debates.support import RoomClient

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def join(room, user=None) -> RoomClient:
    token = room.token(user) if user is not None else None
    return await RoomClient(room.debate.pk, token).connect()


async def live(room):
    """The room, opened and started by its chair."""
    chair = await join(room, room.chair)
    assert (await chair.send("debate.open"))["type"] == "ack"
    assert (await chair.send("debate.start"))["type"] == "ack"
    return chair


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


# --- motions and votes ---------------------------------------------------------------


async def _motion(room, chair, proposer, seconder):
    motion = (await proposer.send("motion.propose", {"text": "Adopt the housing resolution"}))[
        "data"
    ]["motion"]
    own = await proposer.send("motion.second", {"motion": motion})
    assert own["code"] == "conflict"
    assert (await seconder.send("motion.second", {"motion": motion}))["type"] == "ack"
    return motion


async def test_secret_vote_counts_once_and_never_names_voters(room):
    chair = await live(room)
    clients = [await join(room, d.user) for d in room.delegates]
    observer = await join(room, room.observer)
    motion = await _motion(room, chair, clients[0], clients[1])

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
    assert yes["data"] == {"vote": vote, "choice": "yes"}
    assert twice["code"] == "conflict"
    assert observer_cast["code"] == "forbidden"
    assert set(progress) == {"type", "vote", "cast", "eligible"}
    assert closed["data"] == {"vote": vote, "result": "carried"}
    result = await observer.wait_for("vote.closed")
    assert result["data"] == {
        "vote": vote,
        "motion": motion,
        "tally": {"yes": 2, "no": 1, "abstain": 0},
        "turnout": 3,
        "eligible": 3,
        "result": "carried",
    }
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
    motion = await _motion(room, chair, clients[0], clients[1])

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
    motion = await _motion(room, chair, clients[0], clients[1])
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
    second = await _motion(room, chair, clients[1], clients[2])
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
    motion = await _motion(room, chair, clients[0], clients[1])
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
    motion = await _motion(room, chair, clients[0], clients[1])

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


# --- questions, chat, reactions --------------------------------------------------------


async def test_questions_upvote_once_hide_and_answer(room):
    chair = await live(room)
    observer = await join(room, room.observer)
    amina = await join(room, room.delegates[0].user)

    asked = await observer.send("question.ask", {"text": "How is housing financed?"})
    question = asked["data"]["question"]
    up = await amina.send("question.upvote", {"question": question})
    twice = await amina.send("question.upvote", {"question": question})
    not_chair = await amina.send("question.hide", {"question": question})
    answered = await chair.send("question.answer", {"question": question})
    hidden = await chair.send("question.hide", {"question": question})
    gone = await chair.send("question.answer", {"question": question})

    assert up["data"] == {"question": question, "upvotes": 1}
    assert twice["code"] == "conflict"
    assert not_chair["code"] == "forbidden"
    assert answered["type"] == hidden["type"] == "ack"
    assert gone["code"] == "not_found"
    await observer.wait_for("question.hidden")
    assert observer.types()[-4:] == [
        "question.asked",
        "question.upvoted",
        "question.answered",
        "question.hidden",
    ]
    for client in (chair, observer, amina):
        await client.close()


async def test_observers_may_not_ask_when_the_debate_says_so(transactional_db):
    room = await database_sync_to_async(make_room)(observers_may_ask=False)
    observer = await join(room, room.observer)

    reply = await observer.send("question.ask", {"text": "May I?"})

    assert reply["code"] == "forbidden"
    await observer.close()


async def test_chat_text_is_kept_as_plain_text_and_chair_removes(room):
    chair = await live(room)
    amina = await join(room, room.delegates[0].user)

    posted = await amina.send("message.post", {"text": "<script>alert(1)</script>\x07 hi"})
    event = await chair.wait_for("message.posted")
    removed = await chair.send("message.remove", {"message": posted["data"]["message"]})
    not_chair = await amina.send("message.remove", {"message": posted["data"]["message"]})

    assert event["data"]["message"]["text"] == "<script>alert(1)</script> hi"
    assert event["data"]["message"]["author"]["name"] == room.delegates[0].display_name
    assert removed["type"] == "ack"
    assert not_chair["code"] == "forbidden"
    for client in (chair, amina):
        await client.close()


async def test_chat_is_rate_limited(room):
    amina = await join(room, room.delegates[0].user)
    chair = await join(room, room.chair)
    await chair.send("debate.open")

    replies = [await amina.send("message.post", {"text": f"message {n}"}) for n in range(7)]

    assert [r["type"] for r in replies[:5]] == ["ack"] * 5
    assert replies[5]["code"] == "rate_limited"
    for client in (chair, amina):
        await client.close()


async def test_reactions_are_aggregated(room):
    await (await live(room)).close()
    amina = await join(room, room.delegates[0].user)
    diego = await join(room, room.delegates[1].user)

    await amina.send("reaction.send", {"emoji": "👏"})
    await diego.send("reaction.send", {"emoji": "👏"})
    await diego.send("reaction.send", {"emoji": "👍"})
    bad = await diego.send("reaction.send", {"emoji": "💣"})

    reaction = await amina.wait_for("reaction", ephemeral=True, timeout=3)
    await amina.read(timeout=1.2)
    total = {}
    for message in amina.ephemeral:
        if message["type"] == "reaction":
            for emoji, count in message["counts"].items():
                total[emoji] = total.get(emoji, 0) + count
    assert "seq" not in reaction
    assert total == {"👏": 2, "👍": 1}
    assert bad["code"] == "bad_request"
    for client in (amina, diego):
        await client.close()


async def test_presence_counts_by_role_and_region(room):
    chair = await join(room, room.chair)
    amina = await join(room, room.delegates[0].user)
    anonymous = await join(room)

    await asyncio.sleep(0.5)
    await anonymous.read()

    presence = [m for m in anonymous.ephemeral if m["type"] == "presence"][-1]
    assert presence["count"] == 3
    assert presence["by_role"] == {"chair": 1, "delegate": 1, "observer": 1}
    assert presence["by_region"] == {"africa": 1}
    for client in (chair, amina, anonymous):
        await client.close()


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

    await asyncio.sleep(0.5)
    await observer.read()
    seqs = await database_sync_to_async(
        lambda: list(DebateEvent.objects.filter(debate=room.debate).values_list("seq", flat=True))
    )()

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
    motion = await _motion(room, chair, clients[0], clients[1])
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
