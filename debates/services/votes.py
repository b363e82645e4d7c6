"""Motions and the votes on them.

Secret votes keep counters only: the ballot row records that someone voted, the choice
goes to the vote's counters, and nothing links the two. Roll-call results name the voters.
"""

import dataclasses
import math

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from debates import broadcast, events, selectors
from debates.models import Ballot, Debate, Motion, Vote
from debates.selectors import CHAIR, DELEGATE
from debates.services.log import append, lock, now, require, require_open, require_status
from plenary.access import SYSTEM
from plenary.errors import Conflict, NotAllowed, NotFound
from plenary.transitions import SYSTEM_ROLE, TransitionTable

Status = Debate.Status

# A delegate other than the proposer seconds; the proposer or the chair withdraws; the
# chair puts a seconded motion to the vote; the vote's result decides it (Plenary).
MOTION_TRANSITIONS = TransitionTable(
    {
        ("proposed", "seconded"): {"seconder"},
        ("proposed", "withdrawn"): {"proposer", CHAIR},
        ("seconded", "withdrawn"): {"proposer", CHAIR},
        ("seconded", "voting"): {CHAIR},
        ("voting", "carried"): {SYSTEM_ROLE},
        ("voting", "failed"): {SYSTEM_ROLE},
        ("voting", "no_quorum"): {SYSTEM_ROLE},
    }
)
# A vote is open until the chair closes it.
VOTE_TRANSITIONS = TransitionTable({("open", "closed"): {CHAIR}})


def _motion_roles(motion: Motion, participant) -> set[str]:
    if participant is SYSTEM:
        return {SYSTEM_ROLE}
    roles = {participant.role}
    if participant.delegate is not None and participant.role == DELEGATE:
        roles.add("proposer" if motion.proposer_id == participant.delegate.pk else "seconder")
    return roles


def motion_allowed_transitions(*, motion: Motion, participant) -> list[str]:
    """The states ``participant`` may move the motion to now."""
    return MOTION_TRANSITIONS.allowed(motion.status, _motion_roles(motion, participant))


def motion_transition(*, motion: Motion, to: str, actor) -> Motion:
    """The one place where a motion changes state (the caller holds the lock).

    ``actor`` is the ``Participant`` making the move, or ``SYSTEM``."""
    if not MOTION_TRANSITIONS.exists(motion.status, to):
        raise Conflict(
            _("This motion is %(status)s.") % {"status": motion.get_status_display().lower()}
        )
    roles = _motion_roles(motion, actor)
    if not MOTION_TRANSITIONS.permits(motion.status, to, roles):
        if to == "seconded" and "proposer" in roles:
            raise Conflict(_("A motion is seconded by someone other than its proposer."))
        if to == "withdrawn":
            raise NotAllowed(_("Only the proposer or the chair withdraws a motion."))
        raise NotAllowed(_("You may not do this in this debate."))
    motion.status = to
    motion.save(update_fields=["status", "seconder"])
    return motion


def _get_motion(debate: Debate, motion_id: int) -> Motion:
    motion = (
        Motion.objects.select_for_update()
        .select_related("proposer__user", "proposer__organization")
        .filter(debate=debate, pk=motion_id)
        .first()
    )
    if motion is None:
        raise NotFound(_("There is no such motion in this debate."))
    return motion


@transaction.atomic
def motion_propose(*, actor, debate_id: int, text: str, amends: int | None = None) -> Motion:
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE})
    require_status(debate, {Status.OPEN, Status.LIVE})
    amended = None
    if amends is not None:
        amended = _get_motion(debate, amends)
        if amended.status not in {"proposed", "seconded"}:
            raise Conflict(_("Only a motion still on the table can be amended."))
    delegate = participant.delegate
    motion = Motion.objects.create(debate=debate, text=text, amends=amended, proposer=delegate)
    motion.proposer = delegate
    append(debate, events.motion_proposed(motion, participant.person))
    return motion


@transaction.atomic
def motion_second(*, actor, debate_id: int, motion_id: int) -> Motion:
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE})
    motion = _get_motion(debate, motion_id)
    motion.seconder = participant.delegate
    motion_transition(motion=motion, to="seconded", actor=participant)
    append(debate, events.motion_seconded(motion, participant.person))
    return motion


@transaction.atomic
def motion_withdraw(*, actor, debate_id: int, motion_id: int) -> Motion:
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE, CHAIR})
    motion = _get_motion(debate, motion_id)
    motion_transition(motion=motion, to="withdrawn", actor=participant)
    append(debate, events.motion_withdrawn(motion, participant.person))
    return motion


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
    """Open a vote on a seconded motion (chairs). Eligible voters are counted now:
    delegates of member organizations with a confirmed seat (or their organizations)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    require_status(debate, {Status.LIVE})
    if Vote.objects.filter(debate=debate, is_open=True).exists():
        raise Conflict(_("Another vote is open."))
    motion = _get_motion(debate, motion_id)
    motion_transition(motion=motion, to="voting", actor=participant)
    rule = rule or debate.voting_rule
    vote = Vote.objects.create(
        motion=motion,
        debate=debate,
        secret=secret,
        rule=rule,
        majority=majority or debate.majority,
        quorum_percent=debate.quorum_percent,
        eligible=selectors.eligible_voter_count(debate, rule),
    )
    append(debate, events.vote_opened(vote, participant.person))
    return vote


@dataclasses.dataclass(frozen=True)
class CastBallot:
    """A ballot that was counted: which vote, and the choice its voter made (told back to
    the voter only; a secret vote keeps it nowhere else)."""

    vote: int
    choice: str


def vote_cast(*, actor, debate_id: int, vote_id: int, choice: str) -> CastBallot:
    """Cast a ballot once. Secret ballots leave no link between voter and choice: the
    ballot row records that the voter voted, the choice goes to the vote's counters."""
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
            if participant.role != DELEGATE:
                raise NotAllowed(_("Only delegates with a seat in this forum vote."))
            if not vote.is_open:
                raise Conflict(_("This vote is closed."))
            delegate = participant.delegate
            if not delegate.organization.is_member:
                raise NotAllowed(_("Only delegates of member organizations vote."))
            key = (
                f"o{delegate.organization_id}"
                if vote.rule == "per_organization"
                else f"d{delegate.pk}"
            )
            Ballot.objects.create(
                vote=vote,
                voter_key=key,
                delegate=delegate,
                organization=delegate.organization,
                choice="" if vote.secret else choice,
            )
            Vote.objects.filter(pk=vote.pk).update(**{choice: F(choice) + 1})
            cast = Ballot.objects.filter(vote=vote).count()
            broadcast.publish_ephemeral(
                debate_id,
                {"type": "vote.progress", "vote": vote.pk, "cast": cast, "eligible": vote.eligible},
            )
    except IntegrityError:
        raise Conflict(_("This ballot has already been cast.")) from None
    return CastBallot(vote=vote_id, choice=choice)


def _tally(vote: Vote) -> tuple[dict, int, str]:
    tally = {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain}
    turnout = vote.yes + vote.no + vote.abstain
    needed = math.ceil(vote.eligible * vote.quorum_percent / 100)
    if turnout == 0 or turnout < needed:
        return tally, turnout, "no_quorum"
    if vote.majority == "two_thirds":
        carried = vote.yes > 0 and 3 * vote.yes >= 2 * (vote.yes + vote.no)
    else:
        carried = vote.yes > vote.no
    return tally, turnout, "carried" if carried else "failed"


def vote_transition(*, vote: Vote, to: str, actor) -> Vote:
    """The one place where a vote changes state (the caller holds the locks): closing it
    sets its result from its counters."""
    current = "open" if vote.is_open else "closed"
    if not VOTE_TRANSITIONS.exists(current, to):
        raise Conflict(_("There is no open vote."))
    if not VOTE_TRANSITIONS.permits(current, to, {actor.role}):
        raise NotAllowed(_("You may not do this in this debate."))
    vote.is_open = False
    vote.result = _tally(vote)[2]
    vote.closed_at = now()
    vote.save(update_fields=["is_open", "result", "closed_at"])
    return vote


@transaction.atomic
def vote_close(*, actor, debate_id: int, vote_id: int | None = None) -> Vote:
    """Close the open vote and publish the result: tally, turnout, eligible and carried /
    failed / no_quorum. Roll-call results name the voters; secret ones never do."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    votes = Vote.objects.select_for_update().filter(debate=debate, is_open=True)
    if vote_id is not None:
        votes = votes.filter(pk=vote_id)
    vote = votes.first()
    if vote is None:
        raise Conflict(_("There is no open vote."))
    vote_transition(vote=vote, to="closed", actor=participant)
    tally, turnout, _result = _tally(vote)
    motion = _get_motion(debate, vote.motion_id)
    motion_transition(motion=motion, to=vote.result, actor=SYSTEM)
    voters = None
    if not vote.secret:
        voters = [
            {
                "name": ballot.delegate.display_name if ballot.delegate else "",
                "organization": ballot.organization.short_name if ballot.organization else "",
                "choice": ballot.choice,
            }
            for ballot in vote.ballots.select_related("delegate__user", "organization").order_by(
                "organization__short_name", "id"
            )
        ]
    append(
        debate,
        events.vote_closed(
            vote, tally=tally, turnout=turnout, voters=voters, actor=participant.person
        ),
    )
    return vote
