"""Frames from clients: a raw text frame becomes a validated ``Command`` or a
``ProtocolError`` with one of the protocol's error codes (docs/protocol.md).

Every command is ``{"type", "ref", "data"}``; the schema of each command's ``data`` is
declared with the command (``debates.protocol.commands``): ``{field: (kind, required)}``.
"""

import dataclasses
import json
import re

from plenary.jsontext import is_valid_unicode

MAX_FRAME_BYTES = 64 * 1024
MAX_TEXT = 2000
MAX_REF = 64
REACTIONS = ("👏", "👍", "❤️", "😮", "🤔", "🙌")
CHOICES = ("yes", "no", "abstain")
FLOOR_KINDS = ("speech", "point_of_order", "reply")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ERROR_CODES = (
    "bad_request",
    "unknown_type",
    "forbidden",
    "not_found",
    "conflict",
    "rate_limited",
    "too_large",
    "overloaded",
)


class ProtocolError(Exception):
    def __init__(self, code: str, message: str, ref: str | None = None):
        super().__init__(message)
        assert code in ERROR_CODES, code
        self.code = code
        self.message = message
        self.ref = ref


@dataclasses.dataclass(frozen=True)
class Command:
    type: str
    ref: str | None
    data: dict


# Kinds of fields: "id", "text", "bool", "seconds", "order", "kind", "choice", "emoji",
# "since", "rule", "majority", "ids", "marks", "tie_rule", "operations", "language", "texts".
Schema = dict[str, tuple[str, bool]]


def parse_frame(
    text_data: str | None, bytes_data: bytes | None, *, schemas: dict[str, Schema]
) -> Command:
    """A validated command, or ``ProtocolError``. Never raises anything else."""
    if text_data is None:
        raise ProtocolError("bad_request", "Send commands as JSON text frames.")
    if len(text_data) > MAX_FRAME_BYTES or len(text_data.encode("utf-8", "replace")) > (
        MAX_FRAME_BYTES
    ):
        raise ProtocolError("too_large", f"Frames are limited to {MAX_FRAME_BYTES} bytes.")
    try:
        frame = json.loads(text_data)
    except (ValueError, RecursionError):
        raise ProtocolError("bad_request", "The frame is not valid JSON.") from None
    if not isinstance(frame, dict):
        raise ProtocolError("bad_request", "A command is a JSON object.")
    # A ref is echoed in the answer: it must be sendable too.
    if not is_valid_unicode(frame):
        raise ProtocolError(
            "bad_request", "The frame holds text that is not valid Unicode (a lone surrogate)."
        )
    ref = frame.get("ref")
    if ref is not None and not (isinstance(ref, str | int) and len(str(ref)) <= MAX_REF):
        raise ProtocolError("bad_request", f"ref must be a string of at most {MAX_REF} characters.")
    ref = None if ref is None else str(ref)
    kind = frame.get("type")
    if not isinstance(kind, str) or kind not in schemas:
        raise ProtocolError("unknown_type", f"Unknown command type: {str(kind)[:40]!r}.", ref)
    data = frame.get("data", {})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProtocolError("bad_request", "data must be a JSON object.", ref)
    return Command(type=kind, ref=ref, data=_validate(schemas[kind], data, ref))


def _validate(schema, data: dict, ref) -> dict:
    unknown = set(data) - set(schema)
    if unknown:
        raise ProtocolError("bad_request", f"Unknown field: {sorted(unknown)[0]!r}.", ref)
    clean = {}
    for field, (kind, required) in schema.items():
        if field not in data or data[field] is None:
            if required:
                raise ProtocolError("bad_request", f"{field} is required.", ref)
            continue
        clean[field] = _CHECKS[kind](field, data[field], ref)
    return clean


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_id(field, value, ref):
    if not _is_int(value) or not 0 < value < 2**63:
        raise ProtocolError("bad_request", f"{field} must be a positive integer.", ref)
    return value


def _check_since(field, value, ref):
    if not _is_int(value) or not 0 <= value < 2**63:
        raise ProtocolError("bad_request", f"{field} must be an integer >= 0.", ref)
    return value


def _check_text(field, value, ref):
    if not isinstance(value, str):
        raise ProtocolError("bad_request", f"{field} must be text.", ref)
    text = _CONTROL.sub("", value).strip()
    if not text:
        raise ProtocolError("bad_request", f"{field} must not be empty.", ref)
    if len(text) > MAX_TEXT:
        raise ProtocolError("too_large", f"{field} is limited to {MAX_TEXT} characters.", ref)
    return text


def _check_bool(field, value, ref):
    if not isinstance(value, bool):
        raise ProtocolError("bad_request", f"{field} must be true or false.", ref)
    return value


def _check_seconds(field, value, ref):
    if not _is_int(value) or not 1 <= value <= 600:
        raise ProtocolError("bad_request", f"{field} must be a whole number from 1 to 600.", ref)
    return value


def _check_order(field, value, ref):
    if not isinstance(value, list) or len(value) > 1000 or not all(_is_int(v) for v in value):
        raise ProtocolError("bad_request", f"{field} must be a list of request ids.", ref)
    if len(set(value)) != len(value):
        raise ProtocolError("bad_request", f"{field} must not repeat a request.", ref)
    return value


def _check_ids(field, value, ref):
    if not isinstance(value, list) or len(value) > 200 or not all(_is_int(v) for v in value):
        raise ProtocolError("bad_request", f"{field} must be a list of ids.", ref)
    if not all(0 < v < 2**63 for v in value):
        raise ProtocolError("bad_request", f"{field} must be a list of positive ids.", ref)
    return value


def _check_marks(field, value, ref):
    """``{"<candidate id>": "yes" | "no" | "abstain"}`` (JSON keys are text)."""
    if not isinstance(value, dict) or len(value) > 200:
        raise ProtocolError("bad_request", f"{field} must map candidate ids to a choice.", ref)
    marks = {}
    for key, choice in value.items():
        if not (isinstance(key, str) and key.isdigit() and 0 < int(key) < 2**63):
            raise ProtocolError("bad_request", f"{field} keys must be candidate ids.", ref)
        if choice not in CHOICES:
            raise ProtocolError(
                "bad_request", f"{field} values must be one of: {', '.join(CHOICES)}.", ref
            )
        marks[int(key)] = choice
    return marks


def _check_operations(field, value, ref):
    """A list of at most 50 operations, each an object (the service checks each)."""
    if (
        not isinstance(value, list)
        or len(value) > 50
        or not all(isinstance(v, dict) for v in value)
    ):
        raise ProtocolError("bad_request", f"{field} must be a list of operations.", ref)
    return value


def _check_texts(field, value, ref):
    """Words by paragraph key (an object) or by operation (a list), at most 200."""
    if not isinstance(value, dict | list) or len(value) > 200:
        raise ProtocolError("bad_request", f"{field} must be an object or a list of texts.", ref)
    return value


def _one_of(options):
    def check(field, value, ref):
        if value not in options:
            raise ProtocolError(
                "bad_request", f"{field} must be one of: {', '.join(options)}.", ref
            )
        return value

    return check


_CHECKS = {
    "id": _check_id,
    "since": _check_since,
    "text": _check_text,
    "bool": _check_bool,
    "seconds": _check_seconds,
    "order": _check_order,
    "kind": _one_of(FLOOR_KINDS),
    "choice": _one_of(CHOICES),
    "emoji": _one_of(REACTIONS),
    "rule": _one_of(("per_delegate", "per_organization")),
    "majority": _one_of(("simple", "two_thirds")),
    "ids": _check_ids,
    "marks": _check_marks,
    "tie_rule": _one_of(("lot", "round")),
    "operations": _check_operations,
    "language": _one_of(("en", "fr", "es")),
    "texts": _check_texts,
}
