"""Roll calls and elections: presence fixed by the chair, ballots in secret with receipts,
seats per region, ties settled by lot or by a further round; and what is refused."""

import pytest

from debates import services
from debates.models import Candidate, DebateEvent, Election, ElectionBallot, Receipt
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
from tests.debates.conftest import make_room
from tests.debates.scenarios import statutory_room
from tests.debates.test_statutory_votes import live

pytestmark = pytest.mark.django_db


def prepared(room, *, seats=2, regional_minimum=None, method="choose", quorum_percent=50):
    return services.election_create(
        actor=room.chair,
        debate_id=room.debate.pk,
        title="Election of the Board",
        seats=seats,
        method=method,
        regional_minimum=regional_minimum or {},
        quorum_percent=quorum_percent,
        candidates=[("organization", delegate.organization_id) for delegate in room.delegates],
    )


def candidate(election, delegate) -> int:
    return Candidate.objects.get(election=election, organization=delegate.organization).pk


def cast(room, election, voter, *names, **extra):
    return services.election_cast(
        actor=room.delegates[voter].user,
        debate_id=room.debate.pk,
        election_id=election.pk,
        choices=[candidate(election, room.delegates[n]) for n in names],
        **extra,
    )


def test_a_roll_call_fixes_who_is_present():
    room = make_room(delegates=4, voting_rule="per_organization")
    live(room)
    d = room.debate.pk
    services.rollcall_open(actor=room.chair, debate_id=d)
    services.rollcall_answer(actor=room.delegates[0].user, debate_id=d)
    services.rollcall_mark(
        actor=room.chair, debate_id=d, delegate_id=room.delegates[1].pk, present=True
    )
    services.rollcall_mark(
        actor=room.chair, debate_id=d, delegate_id=room.delegates[2].pk, present=True
    )
    services.rollcall_mark(
        actor=room.chair, debate_id=d, delegate_id=room.delegates[2].pk, present=False
    )
    with pytest.raises(Conflict):
        services.rollcall_answer(actor=room.delegates[0].user, debate_id=d)
    with pytest.raises(NotAllowed):
        services.rollcall_mark(
            actor=room.delegates[3].user,
            debate_id=d,
            delegate_id=room.delegates[3].pk,
            present=True,
        )
    services.rollcall_close(actor=room.chair, debate_id=d)

    closed = DebateEvent.objects.get(debate=room.debate, type="rollcall.closed").data
    assert {key: value for key, value in closed.items() if key != "rollcall"} == {
        "delegates_present": 2,
        "members_present": 2,
        "members_represented": 0,
        "members_in_standing": 4,
    }
    state = room.debate.__class__.objects.get(pk=d).state["rollcall"]
    assert sorted(entry["how"] for entry in state["present"]) == ["answered", "marked"]
    roll = services.roll_of(room.debate, "per_organization")
    assert sorted(line.organization for line in roll.lines) == sorted(
        delegate.organization_id for delegate in room.delegates[:2]
    )


def test_an_election_honours_the_seats_per_region():
    room = make_room(delegates=4)  # City0 Africa, City1 Americas, City2 Asia, City3 Europe
    live(room)
    election = prepared(room, seats=2, regional_minimum={"europe": 1})
    services.election_open(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)
    cast(room, election, 0, 0, 1)
    cast(room, election, 1, 0, 1)
    cast(room, election, 2, 0, 2)
    cast(room, election, 3, 3)

    closed = services.election_close(
        actor=room.chair, debate_id=room.debate.pk, election_id=election.pk
    )

    # City0 has 3 ballots, City1 2, City3 1: Europe's seat goes to City3, before City1.
    assert closed.status == "closed"
    assert closed.result["elected"] == [
        candidate(election, room.delegates[0]),
        candidate(election, room.delegates[3]),
    ]
    data = DebateEvent.objects.get(type="election.closed").data
    assert data["counts"][str(candidate(election, room.delegates[1]))] == {
        "yes": 2,
        "no": 0,
        "abstain": 0,
    }
    assert (data["turnout"], data["eligible"], data["status"]) == (4, 4, "closed")


def test_a_tie_for_the_last_seat_is_reported_and_drawn_by_lot():
    room = make_room(delegates=4)
    live(room)
    election = prepared(room, seats=1)
    services.election_open(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)
    cast(room, election, 0, 0)
    cast(room, election, 1, 1)
    cast(room, election, 2)
    cast(room, election, 3)

    tied = services.election_close(
        actor=room.chair, debate_id=room.debate.pk, election_id=election.pk
    )
    drawn = services.election_resolve(
        actor=room.chair, debate_id=room.debate.pk, election_id=election.pk, rule="lot"
    )

    pair = sorted(candidate(election, room.delegates[n]) for n in (0, 1))
    assert (tied.status, sorted(tied.result["tied"]), tied.result["tied_seats"]) == (
        "tied",
        pair,
        1,
    )
    assert drawn.status == "closed"
    assert len(drawn.result["elected"]) == 1
    assert drawn.result["elected"][0] in pair
    resolved = DebateEvent.objects.get(type="election.resolved").data
    assert (resolved["rule"], resolved["drawn"]) == ("lot", drawn.result["elected"])


def test_a_tie_may_go_to_a_further_round_of_the_tied():
    room = make_room(delegates=4)
    live(room)
    election = prepared(room, seats=1)
    services.election_open(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)
    cast(room, election, 0, 0)
    cast(room, election, 1, 1)
    services.election_close(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)

    second = services.election_resolve(
        actor=room.chair, debate_id=room.debate.pk, election_id=election.pk, rule="round"
    )

    assert (second.round, second.seats, second.status, second.previous_id) == (
        2,
        1,
        "prepared",
        election.pk,
    )
    assert sorted(second.candidates.values_list("organization_id", flat=True)) == sorted(
        room.delegates[n].organization_id for n in (0, 1)
    )
    assert Election.objects.get(pk=election.pk).status == "closed"
    state = room.debate.__class__.objects.get(pk=room.debate.pk).state
    assert [e["round"] for e in state["elections"]] == [1, 2]


def test_election_ballots_are_secret_and_give_receipts():
    room = statutory_room()
    live(room)
    election = prepared(room, seats=2, quorum_percent=20)
    services.election_open(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)

    own = cast(room, election, 0, 1, 2)
    proxy = cast(room, election, 0, 3, organization_id=room.absent_member.pk)
    services.election_close(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)

    assert proxy.organization == room.absent_member.pk
    data = DebateEvent.objects.get(type="election.closed").data
    assert data["receipts"] == sorted([own.receipt, proxy.receipt])
    assert (data["in_person"], data["by_proxy"]) == (1, 1)
    fields = {field.name for field in ElectionBallot._meta.get_fields()}
    assert not fields & {"choices", "choice", "candidate", "marks"}
    assert {field.name for field in Receipt._meta.get_fields()} == {"code", "vote", "election"}


def test_approve_elections_count_yes_no_and_abstain_for_each_candidate():
    room = make_room(delegates=3)
    live(room)
    election = prepared(room, seats=2, method="approve")
    services.election_open(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)
    ids = [candidate(election, delegate) for delegate in room.delegates]
    for voter, marks in enumerate(
        [
            {ids[0]: "yes", ids[1]: "no", ids[2]: "yes"},
            {ids[0]: "yes", ids[1]: "no"},
            {ids[0]: "no", ids[1]: "no", ids[2]: "yes"},
        ]
    ):
        services.election_cast(
            actor=room.delegates[voter].user,
            debate_id=room.debate.pk,
            election_id=election.pk,
            marks=marks,
        )

    closed = services.election_close(
        actor=room.chair, debate_id=room.debate.pk, election_id=election.pk
    )

    assert closed.result["elected"] == [ids[0], ids[2]]
    assert [
        (c.yes, c.no, c.abstain)
        for c in Candidate.objects.filter(election=election).order_by("position")
    ] == [(2, 1, 0), (0, 3, 0), (2, 0, 1)]


@pytest.mark.parametrize(
    ("ballot", "code"),
    [
        ({"choices": "three"}, "too_many_choices"),
        ({"choices": [424242]}, "bad_ballot"),
        ({"marks": {1: "yes"}}, "bad_ballot"),
        ({"choices": "twice"}, "bad_ballot"),
    ],
)
def test_a_ballot_that_breaks_the_election_rules_is_refused(ballot, code):
    room = make_room(delegates=3)
    live(room)
    election = prepared(room, seats=2)
    services.election_open(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)
    ids = [candidate(election, delegate) for delegate in room.delegates]
    if ballot.get("choices") == "three":
        ballot = {"choices": ids}
    elif ballot.get("choices") == "twice":
        ballot = {"choices": [ids[0], ids[0]]}

    with pytest.raises(ServiceError) as refused:
        services.election_cast(
            actor=room.delegates[0].user,
            debate_id=room.debate.pk,
            election_id=election.pk,
            **ballot,
        )

    assert refused.value.code == code
    assert ElectionBallot.objects.count() == 0
    assert sum(Candidate.objects.values_list("yes", flat=True)) == 0


def test_casting_after_the_close_or_twice_is_refused():
    room = make_room(delegates=2)
    live(room)
    election = prepared(room, seats=1, quorum_percent=0)
    services.election_open(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)
    cast(room, election, 0, 0)
    with pytest.raises(Conflict):
        cast(room, election, 0, 1)
    services.election_close(actor=room.chair, debate_id=room.debate.pk, election_id=election.pk)

    with pytest.raises(Conflict) as late:
        cast(room, election, 1, 1)

    assert late.value.message == "This election is not open."
    assert ElectionBallot.objects.count() == 1


def test_one_ballot_box_at_a_time_and_elections_only_by_the_chair():
    room = make_room(delegates=2)
    live(room)
    election = prepared(room, seats=1)
    d = room.debate.pk
    motion = services.motion_propose(actor=room.delegates[0].user, debate_id=d, text="Adopt")
    services.motion_second(actor=room.delegates[1].user, debate_id=d, motion_id=motion.pk)
    services.vote_open(actor=room.chair, debate_id=d, motion_id=motion.pk, secret=True)

    with pytest.raises(Conflict):
        services.election_open(actor=room.chair, debate_id=d, election_id=election.pk)
    with pytest.raises(NotAllowed):
        services.election_create(
            actor=room.delegates[0].user,
            debate_id=d,
            title="Mine",
            seats=1,
            candidates=[("organization", 1)],
        )
    with pytest.raises(NotFound):
        services.election_open(actor=room.chair, debate_id=d, election_id=424242)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"seats": 0}, "invalid_seats"),
        ({"regional_minimum": {"atlantis": 1}}, "invalid_regions"),
        ({"regional_minimum": {"africa": 3}}, "invalid_regions"),
        ({"title": "  "}, "title_required"),
        ({"method": "borda"}, "invalid_method"),
    ],
)
def test_an_election_that_cannot_be_held_is_not_prepared(changes, code):
    room = make_room(delegates=2)
    arguments = {
        "title": "Board",
        "seats": 2,
        "candidates": [("organization", d.organization_id) for d in room.delegates],
        **changes,
    }

    with pytest.raises(ServiceError) as refused:
        services.election_create(actor=room.chair, debate_id=room.debate.pk, **arguments)

    assert refused.value.code == code
    assert Election.objects.count() == 0
