"""The badge's signed code: what it carries, and each way a wrong one is refused."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onsite import credentials
from onsite.credentials import Credential, CredentialError

NOW = datetime.datetime(2027, 10, 12, 9, 0, tzinfo=datetime.UTC)
PRIVATE, PUBLIC = credentials.new_key_pair()
BADGE = Credential(
    event_id=7, accreditation_id=1234, version=2, expires_at=NOW + datetime.timedelta(days=3)
)


def test_a_signed_code_reads_back_to_its_accreditation_and_version():
    code = credentials.sign(BADGE, PRIVATE)

    read = credentials.read(code, event_id=7, public_key=PUBLIC, now=NOW)

    assert code.startswith("PL:")
    assert len(code) == 130
    assert set(code[3:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert read == BADGE


def test_a_code_read_in_lower_case_or_with_spaces_around_is_the_same_badge():
    code = credentials.sign(BADGE, PRIVATE)

    assert credentials.read(f"  {code.lower()}\n", event_id=7, public_key=PUBLIC, now=NOW) == BADGE


def reason(code, *, event_id=7, public_key=PUBLIC, now=NOW, site_url=None):
    with pytest.raises(CredentialError) as refused:
        credentials.read(code, event_id=event_id, public_key=public_key, now=now, site_url=site_url)
    return refused.value.reason


def test_a_tampered_code_is_refused_as_forged():
    code = credentials.sign(BADGE, PRIVATE)
    # Change the accreditation's bytes (characters 10 to 14 of the base32 text).
    tampered = code[:12] + ("A" if code[12] != "A" else "B") + code[13:]

    assert reason(tampered) == "bad_signature"


def test_a_code_signed_with_another_key_is_refused_as_forged():
    other_private, _public = credentials.new_key_pair()

    assert reason(credentials.sign(BADGE, other_private)) == "bad_signature"


def test_another_events_badge_is_refused_as_foreign():
    assert reason(credentials.sign(BADGE, PRIVATE), event_id=8) == "foreign_event"


def test_a_badge_past_its_expiry_is_refused():
    code = credentials.sign(BADGE, PRIVATE)

    assert reason(code, now=BADGE.expires_at) == "expired"


@pytest.mark.parametrize(
    "code",
    ["", "hello", "PL:", "PL:!!!!", "PL:" + "A" * 127, "PL:" + "A" * 300, "PL:" + "A" * 500],
)
def test_what_is_not_a_badge_code_is_refused_as_malformed(code):
    assert reason(code) == "malformed"


SITE = "https://plenary.example.org"


def test_the_badges_link_reads_back_to_the_same_badge():
    code = credentials.sign(BADGE, PRIVATE)
    link = credentials.badge_url(code, site_url=SITE)

    read = credentials.read(link, event_id=7, public_key=PUBLIC, now=NOW, site_url=SITE)

    assert link == f"https://plenary.example.org/b/{code}"
    assert read == BADGE
    # Hosts and schemes are read in any case, the default port spelled or not.
    spelled = f"HTTPS://Plenary.Example.org:443/b/{code.lower()}"
    assert credentials.read(spelled, event_id=7, public_key=PUBLIC, now=NOW, site_url=SITE) == BADGE
    # The bare credential is still a badge.
    assert credentials.read(code, event_id=7, public_key=PUBLIC, now=NOW, site_url=SITE) == BADGE


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://evil.example.com/b/{code}", "foreign_site"),
        ("http://plenary.example.org/b/{code}", "foreign_site"),
        ("https://plenary.example.org:8443/b/{code}", "foreign_site"),
        ("https://example.org", "foreign_site"),
        ("ftp://plenary.example.org/b/{code}", "foreign_site"),
        ("https://plenary.example.org/events/{code}", "malformed"),
        ("https://plenary.example.org/b/{code}?next=/admin/", "malformed"),
        ("https://plenary.example.org/b/{code}#top", "malformed"),
        ("https://plenary.example.org/b/", "malformed"),
    ],
)
def test_a_link_that_is_not_a_badge_of_this_site_is_refused(link, expected):
    code = credentials.sign(BADGE, PRIVATE)

    assert reason(link.format(code=code), site_url=SITE) == expected


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=220))
def test_no_text_raises_anything_but_a_refusal(text):
    with pytest.raises(CredentialError):
        credentials.read("PL:" + text, event_id=7, public_key=PUBLIC, now=NOW)
    with pytest.raises(CredentialError):
        credentials.read(f"{SITE}/b/{text}", event_id=7, public_key=PUBLIC, now=NOW, site_url=SITE)
