"""Votes on motions, each on the roll frozen when it opens (``debates.services.roll``).

Secret votes keep counters only: the ballot row records that a line of the roll voted,
the choice goes to the vote's counters, the voter gets a random receipt, and nothing
links the three. Roll-call results name the voters.

The result. One vote per member (the statutory votes): quorum is the members present or
represented against the members in good standing; the majority is of the members present
or represented (abstaining counts as not for). One vote per delegate: quorum is the
ballots cast against the delegates on the roll; the majority is of the ballots for and
against.
"""

import dataclasses

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from debates import broadcast, events, selectors
from debates.models import Ballot, Debate, Election, Receipt, Vote, VotingRule
from debates.selectors import CHAIR
from debates.services.log import append, lock, now, require, require_open, require_status
from debates.services.motions import _get_motion, motion_transition
from debates.services.outcomes import vote_settle
from debates.services.roll import (
    ballot_line,
    receipt_issue,
    roll_freeze,
    roll_of,
)
from debates.statutes import quorum_needed, votes_for_needed
from plenary.access import SYSTEM
from plenary.errors import Conflict, NotAllowed, NotFound
from plenary.transitions import TransitionTable

Status = Debate.Status

# A vote is open until the chair closes it.
VOTE_TRANSITIONS = TransitionTable({("open", "closed"): {CHAIR}})


def ballot_box_is_open(debate: Debate) -> bool:
    """Whether a vote or an election of ``debate`` is open (one at a time)."""
    return (
        Vote.objects.filter(debate=debate, is_open=True).exists()
        or Election.objects.filter(debate=debate, status=Election.Status.OPEN).exists()
    )


@transaction.atomic
def vote_open(
    *,
    actor,
    debate_id: int,
    motion_id: int,
    secret: bool,
    rule: str | None = None,
    majority: str | None = None,
) -> Vote:
    """Open a vote on a seconded motion (chairs), with its roll frozen now."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    require_status(debate, {Status.LIVE})
    if Vote.objects.filter(debate=debate, is_open=True).exists():
        raise Conflict(_("Another vote is open."))
    if ballot_box_is_open(debate):
        raise Conflict(_("An election is open: close it first."))
    motion = _get_motion(debate, motion_id)
    motion_transition(motion=motion, to="voting", actor=participant)
    rule = rule or debate.voting_rule
    roll = roll_of(debate, rule)
    vote = Vote.objects.create(
        motion=motion,
        debate=debate,
        secret=secret,
        rule=rule,
        majority=majority or debate.majority,
        quorum_percent=debate.quorum_percent,
        eligible=len(roll.lines),
        present=roll.present,
        represented=roll.represented,
        members=roll.members,
        roll_call=roll.roll_call,
    )
    lines = roll_freeze(roll, vote=vote)
    append(debate, events.vote_opened(vote, lines, participant.person))
    return vote


@dataclasses.dataclass(frozen=True)
class CastBallot:
    """A ballot that was counted: which vote, for which member (None: the voter's own, or
    one vote per delegate), the choice (told back to the voter only) and, for a secret
    vote, its receipt."""

    vote: int
    choice: str
    organization: int | None = None
    receipt: str | None = None


def vote_cast(
    *, actor, debate_id: int, vote_id: int, choice: str, organization_id: int | None = None
) -> CastBallot:
    """Cast a ballot for a line of the vote's roll, once: the voter's own, or, with
    ``organization_id``, that of a member whose proxy their member holds. Secret ballots
    leave no link between voter and choice: the ballot row records that the line voted,
    the choice goes to the vote's counters."""
    try:
        with transaction.atomic():
            vote = (
                Vote.objects.select_for_update()
                .select_related("debate__forum")
                .filter(pk=vote_id, debate_id=debate_id)
                .first()
            )
            if vote is None:
                raise NotFound(_("There is no such vote in this debate."))
            participant = selectors.participant(actor, vote.debate)
            require_open(vote.debate)
            if not vote.is_open:
                raise Conflict(_("This vote is closed."))
            line = ballot_line(
                participant=participant,
                rule=vote.rule,
                entries=vote.roll.all(),
                for_organization=organization_id,
            )
            Ballot.objects.create(
                vote=vote,
                voter_key=line.key,
                delegate=participant.delegate,
                organization_id=line.organization,
                choice="" if vote.secret else choice,
                by_proxy=line.by_proxy,
            )
            Vote.objects.filter(pk=vote.pk).update(**{choice: F(choice) + 1})
            receipt = receipt_issue(vote=vote) if vote.secret else None
            cast = Ballot.objects.filter(vote=vote).count()
            broadcast.publish_ephemeral(
                debate_id,
                {"type": "vote.progress", "vote": vote.pk, "cast": cast, "eligible": vote.eligible},
            )
    except IntegrityError:
        raise Conflict(_("This ballot has already been cast.")) from None
    return CastBallot(
        vote=vote_id,
        choice=choice,
        organization=line.organization if vote.rule == VotingRule.PER_ORGANIZATION else None,
        receipt=receipt,
    )


def _result(vote: Vote) -> str:
    turnout = vote.yes + vote.no + vote.abstain
    if vote.rule == VotingRule.PER_ORGANIZATION:
        # The statutes: a majority of the members present or represented.
        if turnout == 0 or vote.eligible < quorum_needed(vote.members, vote.quorum_percent):
            return "no_quorum"
        carried = vote.yes >= votes_for_needed(vote.eligible, vote.majority)
        return "carried" if carried else "failed"
    if turnout == 0 or turnout < quorum_needed(vote.eligible, vote.quorum_percent):
        return "no_quorum"
    if vote.majority == "two_thirds":
        carried = vote.yes > 0 and 3 * vote.yes >= 2 * (vote.yes + vote.no)
    else:
        carried = vote.yes > vote.no
    return "carried" if carried else "failed"


def _quorum(vote: Vote) -> int:
    base = vote.members if vote.rule == VotingRule.PER_ORGANIZATION else vote.eligible
    return quorum_needed(base, vote.quorum_percent)


def vote_transition(*, vote: Vote, to: str, actor) -> Vote:
    """The one place where a vote changes state (the caller holds the locks): closing it
    sets its result from its counters."""
    current = "open" if vote.is_open else "closed"
    if not VOTE_TRANSITIONS.exists(current, to):
        raise Conflict(_("There is no open vote."))
    if not VOTE_TRANSITIONS.permits(current, to, {actor.role}):
        raise NotAllowed(_("You may not do this in this debate."))
    vote.is_open = False
    vote.result = _result(vote)
    vote.closed_at = now()
    vote.save(update_fields=["is_open", "result", "closed_at"])
    return vote


@transaction.atomic
def vote_close(*, actor, debate_id: int, vote_id: int | None = None) -> Vote:
    """Close the open vote and publish the result: tally, turnout (in person and by
    proxy), the roll it counted on, the quorum, and carried / failed / no_quorum.
    Roll-call results name the voters; secret ones publish the receipts instead."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    votes = Vote.objects.select_for_update().filter(debate=debate, is_open=True)
    if vote_id is not None:
        votes = votes.filter(pk=vote_id)
    vote = votes.first()
    if vote is None:
        raise Conflict(_("There is no open vote."))
    vote_transition(vote=vote, to="closed", actor=participant)
    tally = {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain}
    motion = _get_motion(debate, vote.motion_id)
    motion_transition(motion=motion, to=vote.result, actor=SYSTEM)
    voters = receipts = None
    ballots = vote.ballots.select_related("delegate__user", "organization")
    if vote.secret:
        receipts = list(Receipt.objects.filter(vote=vote).values_list("code", flat=True))
    else:
        voters = [
            {
                "name": ballot.delegate.display_name if ballot.delegate else "",
                "organization": ballot.organization.short_name if ballot.organization else "",
                "choice": ballot.choice,
                "by_proxy": ballot.by_proxy,
            }
            for ballot in ballots.order_by("organization__short_name", "id")
        ]
    append(
        debate,
        events.vote_closed(
            vote,
            tally=tally,
            turnout=vote.yes + vote.no + vote.abstain,
            quorum=_quorum(vote),
            by_proxy=ballots.filter(by_proxy=True).count(),
            voters=voters,
            receipts=receipts,
            actor=participant.person,
        ),
    )
    vote_settle(debate, vote)
    return vote
