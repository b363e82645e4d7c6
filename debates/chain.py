"""The hash chain of a debate's log: each event's hash covers the event and the hash of
the one before, so the last hash (``Debate.log_hash``, printed in the minutes) vouches
for the whole log. Anyone holding the log can check it (``chain_verify``)."""

import hashlib
import json


def event_hash(*, previous: str, seq: int, type: str, at: str, actor, data) -> str:
    """SHA-256 (hex) of the event's canonical JSON: sorted keys, no spaces, UTF-8."""
    canonical = json.dumps(
        {"previous": previous, "seq": seq, "type": type, "at": at, "actor": actor, "data": data},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_verify(events) -> str | None:
    """The hash of the last of ``events`` (wire format, in ``seq`` order) if every hash
    checks out; None at the first one that does not."""
    previous = ""
    for event in events:
        expected = event_hash(
            previous=previous,
            seq=event["seq"],
            type=event["type"],
            at=event["at"],
            actor=event["actor"],
            data=event["data"],
        )
        if event.get("hash") != expected:
            return None
        previous = expected
    return previous
