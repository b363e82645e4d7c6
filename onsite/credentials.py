"""The badge's QR code: a signed credential that a scanner verifies offline.

``PL:`` then, in base32 (QR codes' alphanumeric mode holds it densely), fifteen bytes
signed with the event's Ed25519 key followed by the 64-byte signature:

=====  ======  ==========================================
bytes  type    what
=====  ======  ==========================================
0      u8      format (1)
1-4    u32     the event's id
5-8    u32     the accreditation's id
9-10   u16     the badge's version (a reprint is the next)
11-14  u32     expiry, Unix seconds
=====  ======  ==========================================

The scanning page repeats this (``static/js/onsite/credential.js``).
"""

import base64
import dataclasses
import datetime
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "PL:"
FORMAT = 1
_LAYOUT = struct.Struct(">BIIHI")
SIGNATURE_BYTES = 64
MAX_CODE_LENGTH = 200


class CredentialError(Exception):
    """A code that is not a valid badge of this event; ``reason`` is a stable code."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Credential:
    event_id: int
    accreditation_id: int
    version: int
    expires_at: datetime.datetime


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh (private, public) pair of raw 32-byte keys."""
    private = Ed25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def sign(credential: Credential, private_key: bytes) -> str:
    payload = _LAYOUT.pack(
        FORMAT,
        credential.event_id,
        credential.accreditation_id,
        credential.version,
        int(credential.expires_at.timestamp()),
    )
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(payload)
    return PREFIX + base64.b32encode(payload + signature).decode("ascii").rstrip("=")


def read(
    code: str, *, event_id: int, public_key: bytes | None, now: datetime.datetime
) -> Credential:
    """The credential ``code`` carries, if it is a valid, unexpired badge of ``event_id``.

    Raises ``CredentialError`` with ``malformed``, ``bad_signature``, ``foreign_event`` or
    ``expired`` (``unknown`` when the event has no key: it has issued no badge). The
    signature is checked before anything the payload says is believed, but the event it
    names, which decides the key, is compared first.
    """
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH:
        raise CredentialError("malformed")
    code = code.strip()
    if not code.upper().startswith(PREFIX):
        raise CredentialError("malformed")
    body = code[len(PREFIX) :].upper()
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (ValueError, TypeError):
        raise CredentialError("malformed") from None
    if len(raw) != _LAYOUT.size + SIGNATURE_BYTES or raw[0] != FORMAT:
        raise CredentialError("malformed")
    payload, signature = raw[: _LAYOUT.size], raw[_LAYOUT.size :]
    _format, event, accreditation, version, expires = _LAYOUT.unpack(payload)
    if event != event_id:
        # Another event's badge is signed with another key: say so, not "forged".
        raise CredentialError("foreign_event")
    if public_key is None:
        raise CredentialError("unknown")
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, payload)
    except InvalidSignature:
        raise CredentialError("bad_signature") from None
    expires_at = datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)
    if expires_at <= now:
        raise CredentialError("expired")
    return Credential(
        event_id=event, accreditation_id=accreditation, version=version, expires_at=expires_at
    )
