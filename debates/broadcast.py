"""The one way events leave a transaction: after commit, through the channel layer.

Each event is encoded to its wire text once, here; every worker's room hub fans that
text out to its own sockets. Nothing is sent if the transaction rolls back.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from debates.events import timer_effect
from debates.protocol.wire import encode, wire

logger = logging.getLogger(__name__)
_pending: set = set()


def group_name(debate_id: int) -> str:
    return f"debate.{debate_id}"


def room_message(event) -> dict:
    """A logged event (a ``DebateEvent`` row) as the rooms receive it: its ``seq``, its wire
    text, and, when it changes the speaker's timer, the speaker to watch (``timer``)."""
    message = {"type": "room.event", "seq": event.seq, "text": encode(wire(event))}
    changes, speaker = timer_effect(event.type, event.data)
    if changes:
        message["timer"] = speaker
    return message


def _send(debate_id: int, message: dict) -> None:
    layer = get_channel_layer()
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    try:
        if loop is not None:
            # Called from code running on an event loop's own thread: hand it to the loop.
            task = loop.create_task(layer.group_send(group_name(debate_id), message))
            _pending.add(task)
            task.add_done_callback(_pending.discard)
        else:
            async_to_sync(layer.group_send)(group_name(debate_id), message)
    except Exception:
        # The log in the database is the truth: clients and hubs catch up from it.
        logger.exception("Could not broadcast to debate %s", debate_id)


def publish_event(debate_id: int, event) -> None:
    """Broadcast a logged event (with its ``seq``) once the transaction commits."""
    message = room_message(event)
    transaction.on_commit(lambda: _send(debate_id, message))


def publish_ephemeral(debate_id: int, payload: dict) -> None:
    """Broadcast something that is not logged (reactions, vote progress) after commit."""
    message = {"type": "room.ephemeral", "payload": payload}
    transaction.on_commit(lambda: _send(debate_id, message))


def publish_rights(debate_id: int, user_ids: list[int] | None) -> None:
    """Tell every worker's room of the debate, after commit, that these users' rights may
    have changed (None: anyone's); their sockets look again and get a fresh ``welcome``
    or are closed with 4403."""
    message = {"type": "room.rights", "users": user_ids}
    transaction.on_commit(lambda: _send(debate_id, message))
