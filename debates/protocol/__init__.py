"""The live debate protocol (docs/protocol.md): frames from clients
(``debates.protocol.frames``), the command table (``debates.protocol.commands``) and what
the server writes (``debates.protocol.wire``)."""

from debates.protocol.frames import (
    CHOICES,
    ERROR_CODES,
    FLOOR_KINDS,
    MAX_FRAME_BYTES,
    MAX_REF,
    MAX_TEXT,
    REACTIONS,
    Command,
    ProtocolError,
    parse_frame,
)
from debates.protocol.wire import ack, encode, error, wire

__all__ = [
    "CHOICES",
    "ERROR_CODES",
    "FLOOR_KINDS",
    "MAX_FRAME_BYTES",
    "MAX_REF",
    "MAX_TEXT",
    "REACTIONS",
    "Command",
    "ProtocolError",
    "ack",
    "encode",
    "error",
    "parse_frame",
    "wire",
]
