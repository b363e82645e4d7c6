"""The agenda's and the texts' commands over the live room's socket: amendments submitted
and put to the vote, bad input refused with a clear error and nothing changed."""

import pytest
from channels.db import database_sync_to_async

from debates.models import Amendment, DebateEvent
from tests.debates.support import join
from tests.debates.texts import text_room

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

DELETE_P4 = [{"op": "delete", "paragraph": "p4"}]


@pytest.fixture
def texts(transactional_db):
    return text_room()


def submission(texts, **changes) -> dict:
    return {
        "text": texts.draft.pk,
        "version": 1,
        "language": "en",
        "reason": "The review is the Board's.",
        "operations": DELETE_P4,
        **changes,
    }


async def test_an_amendment_is_submitted_and_put_to_the_vote_over_the_socket(texts):
    chair = await join(texts, texts.chair)
    delegate = await join(texts, texts.delegates[0].user)

    submitted = await delegate.send("amendment.submit", submission(texts))
    amendment = submitted["data"]["amendment"]
    unsigned = await chair.send(
        "amendment.put_to_vote", {"text": texts.draft.pk, "amendment": amendment, "secret": False}
    )
    opened = await chair.send(
        "amendment.put_to_vote",
        {
            "text": texts.draft.pk,
            "amendment": amendment,
            "secret": False,
            "override_translation": True,
        },
    )
    event = await delegate.wait_for("amendment.submitted")

    assert submitted["type"] == "ack"
    assert event["data"]["amendment"]["operations"] == DELETE_P4
    assert event["data"]["order"] == [amendment]
    assert unsigned["code"] == "conflict"
    assert unsigned["message"] == (
        "This amendment is not yet signed off in French, Spanish. "
        "Wait for the translators, or override."
    )
    assert opened["data"] == {"vote": opened["data"]["vote"], "eligible": 3}


@pytest.mark.parametrize(
    ("who", "command", "changes", "code", "message"),
    [
        (
            "delegate",
            "amendment.submit",
            {"operations": [{"op": "delete", "paragraph": "p9"}]},
            "bad_request",
            "Paragraph p9 is not in this version of the text.",
        ),
        (
            "delegate",
            "amendment.submit",
            {"version": 2},
            "conflict",
            "This amendment is to version 2; the text is now at version 1.",
        ),
        (
            "delegate",
            "amendment.submit",
            {"operations": [{"op": "replace", "paragraph": "p1", "text": ""}]},
            "bad_request",
            "The new text is empty.",
        ),
        (
            "delegate",
            "amendment.submit",
            {"operations": "p1"},
            "bad_request",
            "operations must be a list of operations.",
        ),
        (
            "delegate",
            "amendment.submit",
            {"language": "de"},
            "bad_request",
            "language must be one of: en, fr, es.",
        ),
        (
            "delegate",
            "amendment.submit",
            {"version": 1e999},
            "bad_request",
            "version must be a positive integer.",
        ),
        ("observer", "amendment.submit", {}, "forbidden", "You may not do this in this debate."),
        (
            "delegate",
            "voting_order.override",
            {"order": [1]},
            "forbidden",
            "Only the chair changes the voting order.",
        ),
        (
            "delegate",
            "amendment.merge",
            {
                "amendments": [1, 2],
                "language": "en",
                "reason": "Both agree.",
                "operations": DELETE_P4,
            },
            "forbidden",
            "Only the chair merges amendments.",
        ),
    ],
)
async def test_bad_commands_are_refused_clearly_and_change_nothing(
    texts, who, command, changes, code, message
):
    user = texts.observer if who == "observer" else texts.delegates[0].user
    client = await join(texts, user)
    seq = await database_sync_to_async(
        lambda: DebateEvent.objects.filter(debate=texts.debate).count()
    )()
    data = (
        submission(texts, **changes)
        if command == "amendment.submit"
        else {"text": texts.draft.pk, **changes}
    )

    answer = await client.send(command, data)

    assert (answer["code"], answer["message"]) == (code, message)
    assert await database_sync_to_async(Amendment.objects.count)() == 0
    assert (
        await database_sync_to_async(
            lambda: DebateEvent.objects.filter(debate=texts.debate).count()
        )()
        == seq
    )
