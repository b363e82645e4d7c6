"""Random command sequences from several users keep the room's invariants.

The commands are those of ``tests.debates.scenarios`` (the same that make the logs the
room's JavaScript fold is compared on), drawn by hypothesis and played on a test clock.
"""

from unittest import mock

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debates.chain import chain_verify
from debates.models import (
    Ballot,
    Debate,
    DebateEvent,
    Election,
    ElectionBallot,
    FloorRequest,
    RollEntry,
    Vote,
)
from debates.protocol import wire
from debates.state import fold
from tests.debates import scenarios

pytestmark = [pytest.mark.django_db, pytest.mark.once]

# Busy parts of a debate come up more often than its rare turns.
WEIGHTED = [
    name for name, (_role, weight) in scenarios.ACTIONS.items() for _ in range(max(weight, 1))
]


@st.composite
def step(draw):
    action = draw(st.sampled_from(WEIGHTED))
    role = scenarios.ACTIONS[action][0]
    if role == scenarios.CLOCK:
        actor = None
    elif draw(st.integers(0, 9)) == 0:
        actor = draw(st.sampled_from(scenarios.ACTORS))  # somebody without the right tries it
    elif role == scenarios.CHAIR:
        actor = "chair"
    elif role == scenarios.ANYONE:
        actor = draw(st.sampled_from([0, 1, 2, 3, "observer", "chair"]))
    else:
        actor = draw(st.integers(0, scenarios.DELEGATES - 1))
    index = draw(st.integers(0, 6))
    pause = draw(st.sampled_from([0.0, 0.5, 2.0, 12.0, 45.0]))
    return actor, action, index, pause


steps = st.lists(step(), min_size=20, max_size=80)


def check_invariants(room):
    debate = Debate.objects.get(pk=room.debate.pk)
    events = list(DebateEvent.objects.filter(debate=debate).order_by("seq"))

    # seq is 1..n without gaps, and the snapshot is the fold of the log.
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert debate.seq == len(events)
    assert fold(wire(event) for event in events) == debate.state

    # The queue in the state is the queued requests in their order, positions 1..n.
    queued = list(FloorRequest.objects.filter(debate=debate, status="queued").order_by("position"))
    assert [r.position for r in queued] == list(range(1, len(queued) + 1))
    assert [entry["request"] for entry in debate.state["queue"]] == [r.pk for r in queued]

    # One speaker at a time, and the state agrees.
    speaking = list(FloorRequest.objects.filter(debate=debate, status="speaking"))
    assert len(speaking) <= 1
    state_speaker = debate.state["speaker"]
    assert (state_speaker or {}).get("request") == (speaking[0].pk if speaking else None)

    # One ballot per voter; counters equal ballots; closed tallies equal ballots.
    for vote in Vote.objects.filter(debate=debate):
        ballots = Ballot.objects.filter(vote=vote)
        keys = list(ballots.values_list("voter_key", flat=True))
        assert len(keys) == len(set(keys))
        assert vote.yes + vote.no + vote.abstain == len(keys)
        if not vote.is_open:
            closed = next(
                e for e in events if e.type == "vote.closed" and e.data["vote"] == vote.pk
            )
            assert sum(closed.data["tally"].values()) == len(keys)
            assert closed.data["turnout"] == len(keys)
            if vote.secret:
                assert "voters" not in closed.data
    assert Vote.objects.filter(debate=debate, is_open=True).count() <= 1

    # A ballot counts only for a line of the frozen roll, once: the tally never exceeds
    # the roll, and each member is counted at most once in a vote of one ballot per member.
    for vote in Vote.objects.filter(debate=debate):
        roll = set(RollEntry.objects.filter(vote=vote).values_list("key", flat=True))
        ballots = list(Ballot.objects.filter(vote=vote).values_list("voter_key", "organization_id"))
        assert {key for key, _organization in ballots} <= roll
        assert vote.eligible == len(roll)
        assert vote.yes + vote.no + vote.abstain <= len(roll)
        if vote.rule == "per_organization":
            members = [organization for _key, organization in ballots]
            assert len(members) == len(set(members))
    for election in Election.objects.filter(debate=debate):
        roll = set(RollEntry.objects.filter(election=election).values_list("key", flat=True))
        keys = list(
            ElectionBallot.objects.filter(election=election).values_list("voter_key", flat=True)
        )
        assert len(keys) == len(set(keys))
        assert set(keys) <= roll
        assert election.eligible == len(roll)
        if election.method == "choose":
            chosen = sum(election.candidates.values_list("yes", flat=True))
            assert chosen <= election.seats * len(keys)
        else:
            for candidate in election.candidates.all():
                assert candidate.yes + candidate.no + candidate.abstain == len(keys)
        if election.status in ("closed", "tied"):
            assert len(election.result["elected"]) <= election.seats
    assert Election.objects.filter(debate=debate, status="open").count() <= 1

    # The log's hashes chain, and the last is the debate's fingerprint.
    assert chain_verify(wire(event) for event in events) == debate.log_hash


# About 6 s an example on PostgreSQL: the budget of a run of the whole suite.
@pytest.mark.timeout(600)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_random_commands_keep_the_invariants(db, steps):
    room = scenarios.statutory_room()
    clock = scenarios.Clock()
    opening = [("chair", "open", 0, 0.0), ("chair", "start", 0, 0.0)]
    with mock.patch.object(timezone, "now", clock):
        for one in [*opening, *steps]:
            clock.advance(one[3])
            scenarios.run_step(room, one)
            check_invariants(room)
