"""The scanning page's verifier (``static/js/onsite/credential.js``, run by node) reads
badges as the server does: the link of the QR code and the bare credential alike, and
refuses a link to another site, a forged code and another event's badge."""

import base64
import datetime
import json

from onsite import credentials
from onsite.credentials import Credential
from tests.support import run_node_script

NOW = datetime.datetime(2027, 10, 12, 9, 0, tzinfo=datetime.UTC)
PRIVATE, PUBLIC = credentials.new_key_pair()
SITE = "https://plenary.example.org"


def read_in_js(codes: list[str], *, event: int = 7) -> list[dict]:
    given = {
        "codes": codes,
        "event": event,
        "publicKey": base64.b64encode(PUBLIC).decode(),
        "site": SITE,
        "now": NOW.isoformat(),
    }
    return json.loads(run_node_script("read_credential.mjs", json.dumps(given).encode()))


def test_the_scanning_page_reads_the_link_and_the_bare_code_and_refuses_others():
    badge = Credential(
        event_id=7, accreditation_id=1234, version=2, expires_at=NOW + datetime.timedelta(days=1)
    )
    code = credentials.sign(badge, PRIVATE)
    other_private, _public = credentials.new_key_pair()
    expired = Credential(event_id=7, accreditation_id=1234, version=2, expires_at=NOW)
    codes = [
        credentials.badge_url(code, site_url=SITE),
        code,
        f"  {code.lower()} ",
        f"https://evil.example.com/b/{code}",
        f"http://plenary.example.org/b/{code}",
        f"{SITE}/events/{code}",
        f"{SITE}/b/{code}?x=1",
        credentials.badge_url(credentials.sign(badge, other_private), site_url=SITE),
        credentials.badge_url(credentials.sign(expired, PRIVATE), site_url=SITE),
        "PL:" + "A" * 500,
        "hello",
    ]

    results = read_in_js(codes)
    other_event = read_in_js([credentials.badge_url(code, site_url=SITE)], event=8)

    assert results == [
        {"accreditation": 1234, "version": 2},
        {"accreditation": 1234, "version": 2},
        {"accreditation": 1234, "version": 2},
        {"reason": "foreign_site"},
        {"reason": "foreign_site"},
        {"reason": "malformed"},
        {"reason": "malformed"},
        {"reason": "bad_signature"},
        {"reason": "expired"},
        {"reason": "malformed"},
        {"reason": "malformed"},
    ]
    assert other_event == [{"reason": "foreign_event"}]
