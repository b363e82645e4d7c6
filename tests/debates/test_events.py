"""The event vocabulary is declared once: every fold covers every type, the protocol's
documentation lists each, and the timer effects are what the room hub expects."""

import re

from debates import events, minutes, state
from debates.protocol.commands import COMMAND_TYPES
from tests.support import ROOT


def documented(kind: str) -> set[str]:
    """The names in the first column of the protocol document's table of ``kind``."""
    text = (ROOT / "docs" / "protocol.md").read_text()
    header = {"events": "| event | data |", "commands": "| command | data | who |"}[kind]
    table = text.split(header, 1)[1].split("\n\n", 1)[0]
    names = set()
    for row in table.splitlines()[2:]:
        first = row.split("|")[1]
        names.update(re.findall(r"`([a-z_]+\.[a-z_.]+|sync)`", first))
    return names


def test_the_state_fold_covers_every_event_type():
    assert state.HANDLED_TYPES == events.EVENT_TYPES


def test_the_minutes_fold_covers_every_event_type():
    assert minutes.HANDLED_TYPES == events.EVENT_TYPES


def test_the_protocol_document_lists_every_event_type():
    assert documented("events") == set(events.EVENT_TYPES)


def test_the_protocol_document_lists_every_command():
    assert documented("commands") == set(COMMAND_TYPES)


def test_every_lifecycle_move_has_its_event():
    assert set(events.STATUS_EVENTS.values()) == {
        events.DEBATE_OPENED,
        events.DEBATE_STARTED,
        events.DEBATE_SUSPENDED,
        events.DEBATE_RESUMED,
        events.DEBATE_CLOSED,
    }


def test_timer_effects_follow_the_floor():
    speaker = {"speaker": {"request": 7, "ends_at": "2027-05-12T09:33:00Z"}}
    timer = {"request": 7, "ends_at": "2027-05-12T09:35:00Z", "paused_remaining": None}

    assert events.timer_effect(events.FLOOR_GRANTED, speaker) == (
        True,
        {"request": 7, "ends_at": "2027-05-12T09:33:00Z"},
    )
    assert events.timer_effect(events.TIMER_EXTENDED, timer) == (
        True,
        {"request": 7, "ends_at": "2027-05-12T09:35:00Z"},
    )
    assert events.timer_effect(events.TIMER_PAUSED, timer) == (True, None)
    assert events.timer_effect(events.DEBATE_CLOSED, {"status": "closed"}) == (True, None)
    assert events.timer_effect(events.MESSAGE_POSTED, {"message": {}}) == (False, None)
