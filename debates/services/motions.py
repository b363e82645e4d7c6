"""Motions: proposed, seconded, withdrawn, put to the vote; their result is the vote's."""

from django.db import transaction
from django.utils.translation import gettext as _

from debates import events
from debates.models import Debate, Motion
from debates.selectors import CHAIR, DELEGATE
from debates.services.log import append, lock, require, require_status
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
