import pytest
from channels.db import database_sync_to_async

from debates.hub import HEARTBEAT_SECONDS
from tests.debates.conftest import make_room
from tests.debates.support import join, live

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


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

    # Presence is right within a heartbeat.
    presence = await anonymous.wait_for(
        "presence", ephemeral=True, where=lambda m: m["count"] == 3, timeout=HEARTBEAT_SECONDS
    )

    assert presence["by_role"] == {"chair": 1, "delegate": 1, "observer": 1}
    assert presence["by_region"] == {"africa": 1}
    for client in (chair, amina, anonymous):
        await client.close()
