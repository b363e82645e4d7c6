"""The badge's QR code: a link to Plenary that carries a signed credential, which a door
scanner verifies offline and a phone opens to sign its owner in.

The text is ``{SITE_URL}/b/`` and the credential: ``PL:`` then, in base32 (the QR code
holds it in alphanumeric mode, the address before it in byte mode), fifteen bytes signed
with the event's Ed25519 key followed by the 64-byte signature:

=====  ======  ==========================================
bytes  type    what
=====  ======  ==========================================
0      u8      format (1)
1-4    u32     the event's id
5-8    u32     the accreditation's id
9-10   u16     the badge's version (a reprint is the next)
11-14  u32     expiry, Unix seconds
=====  ======  ==========================================

A scanner takes the link or the bare credential (``PL:...``, as badges printed before the
link had it, or typed by hand); a link to another site is refused (``foreign_site``).
The scanning page repeats this (``static/js/onsite/credential.js``).
"""

import base64
import dataclasses
import datetime
import re
import struct
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from plenary.ws import origin_key

PREFIX = "PL:"
FORMAT = 1
_LAYOUT = struct.Struct(">BIIHI")
SIGNATURE_BYTES = 64
# The link's path before the credential (``onsite/urls.py`` routes it).
URL_PATH = "/b/"
# The longest text read as a code: the bare credential is 130 characters, a link adds
# the site's address.
MAX_CODE_LENGTH = 400
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


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


def badge_url(code: str, *, site_url: str) -> str:
    """The link a badge's QR code holds: ``code`` (``sign``'s) under ``site_url``."""
    return f"{site_url.rstrip('/')}{URL_PATH}{code}"


def unwrap(text: str, *, site_url: str | None) -> str:
    """The credential in ``text``: the part after ``{site_url}/b/`` of a badge's link, or
    ``text`` itself when it is no link. A link elsewhere (another host, scheme or port) is
    refused as ``foreign_site``; one of this site that is not a badge's as ``malformed``."""
    if not isinstance(text, str) or len(text) > MAX_CODE_LENGTH:
        raise CredentialError("malformed")
    text = text.strip()
    if not _URL.match(text):
        return text
    site = origin_key(site_url or "")
    if site is None or origin_key(text) != site:
        raise CredentialError("foreign_site")
    parts = urlsplit(text)
    path = urlsplit(site_url).path.rstrip("/") + URL_PATH
    if parts.query or parts.fragment or not parts.path.lower().startswith(path.lower()):
        raise CredentialError("malformed")
    return unquote(parts.path[len(path) :])


def claimed_event(code: str) -> int:
    """The event a bare credential says it is of, before anything checks it: which key
    verifies it. Raises ``CredentialError("malformed")``."""
    return _decode(code)[1][1]


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


def _decode(code: str) -> tuple[bytes, tuple, bytes]:
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
    return payload, _LAYOUT.unpack(payload), signature


def read(
    code: str,
    *,
    event_id: int,
    public_key: bytes | None,
    now: datetime.datetime,
    site_url: str | None = None,
) -> Credential:
    """The credential ``code`` carries, if it is a valid, unexpired badge of ``event_id``.
    ``code`` is the bare credential or, with ``site_url``, also a badge's link there.

    Raises ``CredentialError`` with ``malformed``, ``foreign_site`` (a link elsewhere),
    ``bad_signature``, ``foreign_event`` or ``expired`` (``unknown`` when the event has no
    key: it has issued no badge). The signature is checked before anything the payload
    says is believed, but the event it names, which decides the key, is compared first.
    """
    code = unwrap(code, site_url=site_url)
    payload, (_format, event, accreditation, version, expires), signature = _decode(code)
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
