"""The log's hash chain: every event's hash covers it and the one before; the last is the
debate's fingerprint, printed in the minutes, and any change to the log breaks it."""

import itertools
import random

import pytest

from debates.chain import chain_verify, event_hash
from debates.models import Debate, DebateEvent
from debates.protocol.wire import wire
from tests.debates.scenarios import play, scenario, wire_log

pytestmark = pytest.mark.django_db


def test_every_event_chains_to_the_one_before():
    room = play(scenario(random.Random(7), 30, 40))
    events = list(DebateEvent.objects.filter(debate=room.debate).order_by("seq"))
    debate = Debate.objects.get(pk=room.debate.pk)

    assert events[0].previous_hash == ""
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(events))
    assert chain_verify(wire_log(debate.pk)) == debate.log_hash == events[-1].hash
    first = events[0]
    assert first.hash == event_hash(
        previous="",
        seq=1,
        type=first.type,
        at=wire(first)["at"],
        actor=first.actor,
        data=first.data,
    )


@pytest.mark.parametrize("change", ["data", "type", "drop"])
def test_a_changed_log_no_longer_checks_out(change):
    room = play(scenario(random.Random(8), 20, 30))
    log = wire_log(room.debate.pk)
    victim = log[len(log) // 2]
    if change == "data":
        victim["data"] = {**victim["data"], "forged": True}
    elif change == "type":
        victim["type"] = (
            "message.removed" if victim["type"] != "message.removed" else "message.posted"
        )
    else:
        log.remove(victim)

    assert chain_verify(log) is None


def test_the_minutes_print_the_fingerprint(client):
    from debates import services

    room = play(scenario(random.Random(9), 10, 15))
    debate = Debate.objects.get(pk=room.debate.pk)
    if debate.status != "closed":
        services.debate_transition(debate_id=debate.pk, to="closed", actor=room.chair)
        debate.refresh_from_db()

    markdown = client.get(f"/debates/{debate.pk}/minutes.md").content.decode()
    data = client.get(f"/debates/{debate.pk}/minutes.json").json()

    assert data["log"] == {"events": debate.seq, "hash": debate.log_hash}
    assert (
        f"The log has {debate.seq} events; its fingerprint (SHA-256, chained) is {debate.log_hash}."
    ) in markdown
