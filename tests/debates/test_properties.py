"""Random command sequences from several users keep the room's invariants."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debates import services
from debates.models import Ballot, Debate, DebateEvent, FloorRequest, Motion, Vote
from debates.protocol import wire
from debates.state import fold
from plenary.errors import ServiceError
from tests.debates.conftest import make_room

pytestmark = pytest.mark.django_db

ACTIONS = [
    "open",
    "start",
    "suspend",
    "resume",
    "request_speech",
    "request_order",
    "request_reply",
    "withdraw",
    "grant_next",
    "grant_pick",
    "end",
    "reorder",
    "pause",
    "resume_timer",
    "extend",
    "propose",
    "second",
    "withdraw_motion",
    "open_vote",
    "cast_yes",
    "cast_no",
    "cast_abstain",
    "close_vote",
    "ask",
    "upvote",
    "hide_question",
    "post",
]
ACTORS = ["chair", 0, 1, 2, 3, "observer"]
CHAIR_ACTIONS = {
    "open",
    "start",
    "suspend",
    "resume",
    "grant_next",
    "grant_pick",
    "reorder",
    "pause",
    "resume_timer",
    "extend",
    "open_vote",
    "close_vote",
    "hide_question",
}
# Busy parts of a debate come up more often than its rare turns.
WEIGHTED = [
    *ACTIONS,
    *["request_speech", "request_order", "grant_next", "end", "end", "propose", "second"],
    *["open_vote", "cast_yes", "cast_no", "cast_yes", "close_vote", "resume", "resume"],
    *["propose", "second", "second", "open_vote", "cast_yes", "cast_abstain", "close_vote"],
]


@st.composite
def step(draw):
    action = draw(st.sampled_from(WEIGHTED))
    index = draw(st.integers(0, 5))
    if draw(st.integers(0, 9)) == 0:
        actor = draw(st.sampled_from(ACTORS))  # somebody without the right tries it
    elif action in CHAIR_ACTIONS:
        actor = "chair"
    elif action in {"ask", "upvote", "post"}:
        actor = draw(st.sampled_from([0, 1, 2, 3, "observer"]))
    else:
        actor = draw(st.sampled_from([0, 1, 2, 3]))
    return actor, action, index


steps = st.lists(step(), min_size=20, max_size=80)


def pick(items, index):
    """The index-th item from the newest (the newest most often); a missing id if none."""
    if not items:
        return 424242
    return items[-1 - (index % 3) % len(items)] if index < 5 else items[index % len(items)]


def run_step(room, actor_key, action, index):
    if actor_key == "chair":
        actor = room.chair
    elif actor_key == "observer":
        actor = room.observer
    else:
        actor = room.delegates[actor_key].user
    debate_id = room.debate.pk
    queued = list(
        FloorRequest.objects.filter(debate_id=debate_id, status="queued")
        .order_by("position")
        .values_list("pk", flat=True)
    )
    motions = list(Motion.objects.filter(debate_id=debate_id).values_list("pk", flat=True))
    votes = list(Vote.objects.filter(debate_id=debate_id).values_list("pk", flat=True))
    call = {
        "open": lambda: services.debate_transition(actor=actor, debate_id=debate_id, to="open"),
        "start": lambda: services.debate_transition(
            actor=actor, debate_id=debate_id, to="live", sources=("open",)
        ),
        "suspend": lambda: services.debate_transition(
            actor=actor, debate_id=debate_id, to="suspended"
        ),
        "resume": lambda: services.debate_transition(
            actor=actor, debate_id=debate_id, to="live", sources=("suspended",)
        ),
        "request_speech": lambda: services.floor_request(actor=actor, debate_id=debate_id),
        "request_order": lambda: services.floor_request(
            actor=actor, debate_id=debate_id, kind="point_of_order"
        ),
        "request_reply": lambda: services.floor_request(
            actor=actor, debate_id=debate_id, kind="reply"
        ),
        "withdraw": lambda: services.floor_withdraw(actor=actor, debate_id=debate_id),
        "grant_next": lambda: services.floor_grant(actor=actor, debate_id=debate_id),
        "grant_pick": lambda: services.floor_grant(
            actor=actor, debate_id=debate_id, request_id=pick(queued, index)
        ),
        "end": lambda: services.floor_end(actor=actor, debate_id=debate_id),
        "reorder": lambda: services.floor_reorder(
            actor=actor, debate_id=debate_id, order=queued[index:] + queued[:index]
        ),
        "pause": lambda: services.timer_control(actor=actor, debate_id=debate_id, action="pause"),
        "resume_timer": lambda: services.timer_control(
            actor=actor, debate_id=debate_id, action="resume"
        ),
        "extend": lambda: services.timer_control(
            actor=actor, debate_id=debate_id, action="extend", seconds=index + 1
        ),
        "propose": lambda: services.motion_propose(
            actor=actor, debate_id=debate_id, text=f"Motion {index}"
        ),
        "second": lambda: services.motion_second(
            actor=actor, debate_id=debate_id, motion_id=pick(motions, index)
        ),
        "withdraw_motion": lambda: services.motion_withdraw(
            actor=actor, debate_id=debate_id, motion_id=pick(motions, index)
        ),
        "open_vote": lambda: services.vote_open(
            actor=actor, debate_id=debate_id, motion_id=pick(motions, index), secret=index % 2 == 0
        ),
        "cast_yes": lambda: services.vote_cast(
            actor=actor, debate_id=debate_id, vote_id=pick(votes, index), choice="yes"
        ),
        "cast_no": lambda: services.vote_cast(
            actor=actor, debate_id=debate_id, vote_id=pick(votes, index), choice="no"
        ),
        "cast_abstain": lambda: services.vote_cast(
            actor=actor, debate_id=debate_id, vote_id=pick(votes, index), choice="abstain"
        ),
        "close_vote": lambda: services.vote_close(actor=actor, debate_id=debate_id),
        "ask": lambda: services.question_ask(actor=actor, debate_id=debate_id, text="Why?"),
        "upvote": lambda: services.question_upvote(
            actor=actor,
            debate_id=debate_id,
            question_id=pick(list(room.debate.questions.values_list("pk", flat=True)), index),
        ),
        "hide_question": lambda: services.question_moderate(
            actor=actor,
            debate_id=debate_id,
            question_id=pick(list(room.debate.questions.values_list("pk", flat=True)), index),
            action="hide",
        ),
        "post": lambda: services.message_post(actor=actor, debate_id=debate_id, text="Hello"),
    }[action]
    # Refusals are part of the game; the invariants must hold either way.
    with contextlib.suppress(ServiceError):
        call()


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


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_random_commands_keep_the_invariants(db, steps):
    room = make_room(delegates=4)
    for actor_key, action, index in [("chair", "open", 0), ("chair", "start", 0), *steps]:
        run_step(room, actor_key, action, index)
        check_invariants(room)
