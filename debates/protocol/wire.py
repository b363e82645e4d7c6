"""What the server writes: events in their wire format, answers to commands."""

import json

from django.core.serializers.json import DjangoJSONEncoder


def encode(message: dict) -> str:
    return json.dumps(message, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def wire(event) -> dict:
    """The event as clients see it, from a ``DebateEvent`` row."""
    return {
        "type": event.type,
        "seq": event.seq,
        "at": event.created_at.isoformat().replace("+00:00", "Z"),
        "actor": event.actor,
        "data": event.data,
        "hash": event.hash,
    }


def ack(ref, data=None) -> str:
    return encode({"type": "ack", "ref": ref, "data": data or {}})


def error(ref, code: str, message: str) -> str:
    return encode({"type": "error", "ref": ref, "code": code, "message": message})
