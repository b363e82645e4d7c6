"""Votes on the statutes' terms: a roll frozen when the vote opens, mandates, proxies,
members in good standing, and the majority of the members present or represented."""

import pytest
from rest_framework.test import APIClient

from assembly.services import mandate_set
from debates import services
from debates.models import Ballot, DebateEvent, RollEntry
from forums.models import Seat
from forums.services import seat_take
from plenary.errors import Conflict, NotAllowed
from tests.debates.conftest import make_room
from tests.debates.scenarios import statutory_room
from tests.factories import VotingRightFactory, accredited_delegate

pytestmark = pytest.mark.django_db


def live(room):
    services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="open")
    services.debate_transition(actor=room.chair, debate_id=room.debate.pk, to="live")


def seconded(room, proposer=0, seconder=1):
    d = room.debate.pk
    motion = services.motion_propose(actor=room.delegates[proposer].user, debate_id=d, text="Adopt")
    services.motion_second(actor=room.delegates[seconder].user, debate_id=d, motion_id=motion.pk)
    return motion


def closed_data(room, vote):
    return DebateEvent.objects.get(debate=room.debate, type="vote.closed", data__vote=vote.pk).data


def test_a_seat_given_up_mid_vote_does_not_let_the_promoted_delegate_vote_too():
    room = make_room(delegates=3)
    room.forum.seat_capacity = 3
    room.forum.save(update_fields=["seat_capacity"])
    waiting = accredited_delegate(room.forum.event)
    VotingRightFactory(event=room.forum.event, organization=waiting.organization)
    assert seat_take(actor=waiting.user, forum=room.forum).status == Seat.Status.WAITLISTED
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room).pk, secret=True
    )
    for delegate in room.delegates:
        services.vote_cast(actor=delegate.user, debate_id=d, vote_id=vote.pk, choice="yes")
    client = APIClient()
    client.force_authenticate(room.delegates[0].user)
    seat = Seat.objects.get(delegate=room.delegates[0], forum=room.forum)

    cancelled = client.post(f"/api/v1/seats/{seat.pk}/cancel/")
    with pytest.raises(NotAllowed) as refused:
        services.vote_cast(actor=waiting.user, debate_id=d, vote_id=vote.pk, choice="no")
    services.vote_close(actor=room.chair, debate_id=d)

    assert cancelled.status_code == 200
    assert Seat.objects.get(delegate=waiting, forum=room.forum).status == "confirmed"
    assert refused.value.message == "You are not on the roll of this vote."
    data = closed_data(room, vote)
    assert (data["turnout"], data["eligible"], data["tally"]) == (
        3,
        3,
        {"yes": 3, "no": 0, "abstain": 0},
    )


def test_the_roll_is_frozen_and_logged_when_the_vote_opens():
    room = make_room(delegates=3, voting_rule="per_organization")
    live(room)
    vote = services.vote_open(
        actor=room.chair, debate_id=room.debate.pk, motion_id=seconded(room).pk, secret=True
    )

    opened = DebateEvent.objects.get(debate=room.debate, type="vote.opened").data
    keys = {f"o{delegate.organization_id}" for delegate in room.delegates}
    assert {line["key"] for line in opened["roll"]} == keys
    assert set(RollEntry.objects.filter(vote=vote).values_list("key", flat=True)) == keys
    assert (opened["vote"]["eligible"], opened["vote"]["members"]) == (3, 3)


def test_only_members_in_good_standing_are_on_the_roll():
    room = make_room(delegates=3, standing=False)
    VotingRightFactory(event=room.forum.event, organization=room.delegates[0].organization)
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room).pk, secret=True
    )

    services.vote_cast(actor=room.delegates[0].user, debate_id=d, vote_id=vote.pk, choice="yes")
    with pytest.raises(NotAllowed):
        services.vote_cast(actor=room.delegates[1].user, debate_id=d, vote_id=vote.pk, choice="no")

    assert vote.eligible == 1
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_the_mandate_holder_present_casts_the_members_ballot(secretariat):
    room = make_room(delegates=3, voting_rule="per_organization")
    event, dakar = room.forum.event, room.delegates[0].organization
    holder, substitute = (accredited_delegate(event, organization=dakar) for _ in range(2))
    for delegate in (holder, substitute):
        seat_take(actor=delegate.user, forum=room.forum)
    mandate_set(actor=secretariat, event=event, organization=dakar, delegates=[holder, substitute])
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room, 1, 2).pk, secret=True
    )

    with pytest.raises(NotAllowed) as colleague:
        services.vote_cast(actor=room.delegates[0].user, debate_id=d, vote_id=vote.pk, choice="no")
    with pytest.raises(NotAllowed):
        services.vote_cast(actor=substitute.user, debate_id=d, vote_id=vote.pk, choice="no")
    cast = services.vote_cast(actor=holder.user, debate_id=d, vote_id=vote.pk, choice="yes")

    assert colleague.value.message == "Only the holder of the mandate present casts this ballot."
    assert cast.organization == dakar.pk
    line = RollEntry.objects.get(vote=vote, key=f"o{dakar.pk}")
    assert (line.delegate_id, line.mandate_rank) == (holder.pk, 1)


def test_the_substitute_votes_when_the_holder_is_absent_from_the_roll_call(secretariat):
    room = make_room(delegates=2, voting_rule="per_organization")
    event, dakar = room.forum.event, room.delegates[0].organization
    holder, substitute = (accredited_delegate(event, organization=dakar) for _ in range(2))
    for delegate in (holder, substitute):
        seat_take(actor=delegate.user, forum=room.forum)
    mandate_set(actor=secretariat, event=event, organization=dakar, delegates=[holder, substitute])
    live(room)
    d = room.debate.pk
    services.rollcall_open(actor=room.chair, debate_id=d)
    for delegate in (substitute, room.delegates[1]):
        services.rollcall_answer(actor=delegate.user, debate_id=d)
    services.rollcall_close(actor=room.chair, debate_id=d)
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room, 1, 0).pk, secret=False
    )

    with pytest.raises(NotAllowed):
        services.vote_cast(actor=holder.user, debate_id=d, vote_id=vote.pk, choice="no")
    services.vote_cast(actor=substitute.user, debate_id=d, vote_id=vote.pk, choice="yes")
    services.vote_close(actor=room.chair, debate_id=d)

    data = closed_data(room, vote)
    assert (data["present"], data["eligible"], data["roll_call"]) == (2, 2, vote.roll_call_id)
    assert data["voters"] == [
        {
            "name": substitute.display_name,
            "organization": "City0",
            "choice": "yes",
            "by_proxy": False,
        }
    ]
    assert DebateEvent.objects.get(type="vote.opened").data["roll"][0]["mandate_rank"] == 2


def test_a_proxy_holder_casts_each_represented_vote_separately():
    room = statutory_room(voting_rule="per_organization")
    live(room)
    d = room.debate.pk
    holder = room.delegates[0]
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room, 1, 2).pk, secret=True
    )

    own = services.vote_cast(actor=holder.user, debate_id=d, vote_id=vote.pk, choice="yes")
    represented = services.vote_cast(
        actor=holder.user,
        debate_id=d,
        vote_id=vote.pk,
        choice="no",
        organization_id=room.absent_member.pk,
    )
    with pytest.raises(Conflict):
        services.vote_cast(
            actor=holder.user,
            debate_id=d,
            vote_id=vote.pk,
            choice="yes",
            organization_id=room.absent_member.pk,
        )
    with pytest.raises(NotAllowed) as other:
        services.vote_cast(
            actor=room.delegates[1].user,
            debate_id=d,
            vote_id=vote.pk,
            choice="yes",
            organization_id=room.absent_member.pk,
        )
    services.vote_close(actor=room.chair, debate_id=d)

    assert (own.organization, represented.organization) == (
        holder.organization_id,
        room.absent_member.pk,
    )
    assert other.value.message == "This ballot is cast by a delegate of another member."
    data = closed_data(room, vote)
    assert (data["present"], data["represented"], data["eligible"], data["members"]) == (
        4,
        1,
        5,
        5,
    )
    assert (data["turnout"], data["in_person"], data["by_proxy"]) == (2, 1, 1)
    assert data["tally"] == {"yes": 1, "no": 1, "abstain": 0}


def test_a_member_present_casts_its_own_vote_and_its_proxy_is_not_used():
    room = statutory_room(voting_rule="per_organization")
    absent = room.absent_member
    returned = accredited_delegate(room.forum.event, organization=absent)
    seat_take(actor=returned.user, forum=room.forum)
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room, 1, 2).pk, secret=True
    )

    with pytest.raises(NotAllowed):
        services.vote_cast(
            actor=room.delegates[0].user,
            debate_id=d,
            vote_id=vote.pk,
            choice="no",
            organization_id=absent.pk,
        )
    services.vote_cast(actor=returned.user, debate_id=d, vote_id=vote.pk, choice="yes")

    assert RollEntry.objects.get(vote=vote, key=f"o{absent.pk}").proxy_holder_id is None


@pytest.mark.parametrize(
    ("choices", "majority", "result"),
    [
        (["yes", "yes", "abstain"], "simple", "carried"),
        (["yes", "no", "abstain"], "simple", "failed"),
        (["yes", "abstain", "abstain"], "simple", "failed"),
        (["yes", "yes", "no"], "two_thirds", "carried"),
        (["yes", "no", "no"], "two_thirds", "failed"),
    ],
)
def test_a_statutory_vote_needs_a_majority_of_the_members_present(choices, majority, result):
    room = make_room(delegates=3, voting_rule="per_organization", majority=majority)
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room).pk, secret=True
    )
    for delegate, choice in zip(room.delegates, choices, strict=True):
        services.vote_cast(actor=delegate.user, debate_id=d, vote_id=vote.pk, choice=choice)

    closed = services.vote_close(actor=room.chair, debate_id=d)

    assert closed.result == result


def test_a_statutory_vote_without_a_quorum_of_members_present_decides_nothing():
    room = make_room(delegates=2, voting_rule="per_organization")
    for _ in range(3):  # three more members in good standing, none here
        VotingRightFactory(event=room.forum.event)
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room).pk, secret=True
    )
    for delegate in room.delegates:
        services.vote_cast(actor=delegate.user, debate_id=d, vote_id=vote.pk, choice="yes")

    closed = services.vote_close(actor=room.chair, debate_id=d)

    assert closed.result == "no_quorum"
    assert closed_data(room, vote)["quorum"] == 3


def test_a_mandate_holds_still_while_a_vote_of_one_ballot_per_member_is_open(secretariat):
    room = make_room(delegates=2, voting_rule="per_organization")
    event, dakar = room.forum.event, room.delegates[0].organization
    live(room)
    d = room.debate.pk
    services.vote_open(actor=room.chair, debate_id=d, motion_id=seconded(room).pk, secret=True)

    with pytest.raises(Conflict) as refused:
        mandate_set(
            actor=secretariat, event=event, organization=dakar, delegates=[room.delegates[0]]
        )
    services.vote_close(actor=room.chair, debate_id=d)
    mandate_set(actor=secretariat, event=event, organization=dakar, delegates=[room.delegates[0]])

    assert refused.value.code == "vote_open"
    assert event.mandates.get().delegate == room.delegates[0]


def test_receipts_of_a_secret_vote_are_published_and_name_nobody():
    room = make_room(delegates=3)
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room).pk, secret=True
    )
    receipts = [
        services.vote_cast(actor=delegate.user, debate_id=d, vote_id=vote.pk, choice="yes").receipt
        for delegate in room.delegates
    ]
    services.vote_close(actor=room.chair, debate_id=d)

    data = closed_data(room, vote)
    assert sorted(receipts) == data["receipts"]
    assert len(set(receipts)) == 3
    assert "voters" not in data
    assert set(vote.receipts.values_list("code", flat=True)) == set(receipts)


def test_a_roll_call_vote_publishes_no_receipts():
    room = make_room(delegates=2)
    live(room)
    d = room.debate.pk
    vote = services.vote_open(
        actor=room.chair, debate_id=d, motion_id=seconded(room).pk, secret=False
    )
    cast = services.vote_cast(
        actor=room.delegates[0].user, debate_id=d, vote_id=vote.pk, choice="no"
    )
    services.vote_close(actor=room.chair, debate_id=d)

    assert cast.receipt is None
    assert "receipts" not in closed_data(room, vote)
