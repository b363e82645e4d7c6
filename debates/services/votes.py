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
import secrets

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from debates import broadcast, events
from debates.models import Ballot, Choice, Debate, Election, Receipt, Vote, VotingRule
from debates.selectors import CHAIR
from debates.services.log import append, lock, now, require, require_status
from debates.services.motions import _get_motion, motion_transition
from debates.services.outcomes import vote_settle
from debates.services.roll import already_cast, ballot_lines, roll_freeze, roll_of
from debates.statutes import quorum_needed, votes_for_needed
from plenary.access import SYSTEM
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
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


@dataclasses.dataclass(frozen=True)
class BallotRequest:
    """One ballot asked for: by ``actor`` (a user, or a ``selectors.Participant`` the
    caller resolved for this debate, as a socket keeps it), with ``choice``, for the
    member ``organization_id`` (None: the voter's own line)."""

    actor: object
    choice: str
    organization_id: int | None = None
    # The language of its refusals (None: the one active).
    language: str | None = None


def vote_cast(
    *, actor, debate_id: int, vote_id: int, choice: str, organization_id: int | None = None
) -> CastBallot:
    """Cast a ballot for a line of the vote's roll, once: the voter's own, or, with
    ``organization_id``, that of a member whose proxy their member holds. Secret ballots
    leave no link between voter and choice: the ballot row records that the line voted,
    the choice goes to the vote's counters."""
    request = BallotRequest(actor=actor, choice=choice, organization_id=organization_id)
    (outcome,) = vote_cast_many(debate_id=debate_id, vote_id=vote_id, requests=[request])
    if isinstance(outcome, ServiceError):
        raise outcome
    return outcome


def vote_cast_many(
    *, debate_id: int, vote_id: int, requests: list[BallotRequest]
) -> list[CastBallot | ServiceError]:
    """Cast the ballots of ``requests`` in one transaction (a group commit), each answered
    on its own, in order: a ``CastBallot``, or the ``ServiceError`` that refuses it (a
    refused ballot does not refuse the others). Nothing may be acknowledged before this
    returns: the ballots are committed then.

    The checks that need no lock come first (who the voters are, their lines of the
    frozen roll, that their accounts are active); the vote's row is locked only to see
    which lines have voted, insert the ballots (the unique key of a line and vote is the
    backstop), add to the counters and issue the receipts. A line asked for twice, in
    this batch or before, is counted once: the others are refused "already cast"."""
    with transaction.atomic():
        vote = (
            Vote.objects.select_related("debate__forum")
            .filter(pk=vote_id, debate_id=debate_id)
            .first()
        )
        if vote is None:
            return [NotFound(_("There is no such vote in this debate."))] * len(requests)
        if (refusal := _closed(vote)) is not None:
            return [refusal] * len(requests)
        found = ballot_lines(debate=vote.debate, rule=vote.rule, roll=vote.roll, requests=requests)
        outcomes = [found.refused.get(index) for index in range(len(requests))]
        participants, lines = found.participants, found.lines

        vote = Vote.objects.select_for_update(of=("self",)).select_related("debate").get(pk=vote.pk)
        if (refusal := _closed(vote)) is not None:
            return [outcome or refusal for outcome in outcomes]
        voted = set(
            Ballot.objects.filter(
                vote=vote, voter_key__in={line.key for line in lines.values()}
            ).values_list("voter_key", flat=True)
        )
        per_member = vote.rule == VotingRule.PER_ORGANIZATION
        ballots, counts = [], dict.fromkeys(Choice.values, 0)
        for index, line in lines.items():
            if line.key in voted:
                outcomes[index] = already_cast(requests[index])
                continue
            voted.add(line.key)
            choice = requests[index].choice
            counts[choice] += 1
            ballots.append(
                Ballot(
                    vote=vote,
                    voter_key=line.key,
                    delegate=participants[index].delegate,
                    organization_id=line.organization,
                    choice="" if vote.secret else choice,
                    by_proxy=line.by_proxy,
                )
            )
            receipt = secrets.token_hex(5).upper() if vote.secret else None
            outcomes[index] = CastBallot(
                vote=vote.pk,
                choice=choice,
                organization=line.organization if per_member else None,
                receipt=receipt,
            )
        if not ballots:
            return outcomes
        Ballot.objects.bulk_create(ballots)
        Vote.objects.filter(pk=vote.pk).update(**{c: F(c) + n for c, n in counts.items() if n})
        Receipt.objects.bulk_create(
            Receipt(code=outcome.receipt, vote=vote)
            for outcome in outcomes
            if isinstance(outcome, CastBallot) and outcome.receipt
        )
        broadcast.publish_ephemeral(
            debate_id,
            {
                "type": "vote.progress",
                "vote": vote.pk,
                "cast": vote.cast + len(ballots),
                "eligible": vote.eligible,
            },
        )
    return outcomes


def _closed(vote: Vote) -> ServiceError | None:
    """Why the (locked) vote takes no ballot, or None."""
    if vote.debate.status == Status.CLOSED:
        return Conflict(_("The debate is closed."))
    if not vote.is_open:
        return Conflict(_("This vote is closed."))
    return None


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
