"""Questions to the panel, the chat and reactions."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from debates import broadcast, events
from debates.models import Debate, Message, Question, QuestionUpvote
from debates.selectors import CHAIR, DELEGATE, OBSERVER
from debates.services.log import append, lock, rate_limit, require, require_status
from plenary.errors import Conflict, NotAllowed, NotFound
from plenary.transitions import TransitionTable

Status = Debate.Status
QuestionStatus = Question.Status
EVERYONE = {CHAIR, DELEGATE, OBSERVER}

# The chair marks a question answered or hides it (an answered one too).
QUESTION_TRANSITIONS = TransitionTable(
    {
        (QuestionStatus.OPEN, QuestionStatus.ANSWERED): {CHAIR},
        (QuestionStatus.OPEN, QuestionStatus.HIDDEN): {CHAIR},
        (QuestionStatus.ANSWERED, QuestionStatus.HIDDEN): {CHAIR},
    }
)


def _signed_in(actor, message: str) -> None:
    if not actor.is_authenticated:
        raise NotAllowed(message)


@transaction.atomic
def question_ask(*, actor, debate_id: int, text: str) -> Question:
    debate = lock(debate_id)
    participant = require(actor, debate, EVERYONE)
    _signed_in(actor, _("Sign in to ask a question."))
    if participant.role == OBSERVER and not debate.observers_may_ask:
        raise NotAllowed(_("Observers do not ask questions in this debate."))
    require_status(debate, {Status.OPEN, Status.LIVE, Status.SUSPENDED})
    rate_limit(actor, debate.pk, "text", limit=5, window=10)
    question = Question.objects.create(debate=debate, author=actor, text=text)
    append(debate, events.question_asked(question, participant.author, participant.person))
    return question


def _get_question(debate: Debate, question_id: int) -> Question:
    question = (
        Question.objects.select_for_update()
        .filter(debate=debate, pk=question_id)
        .exclude(status=QuestionStatus.HIDDEN)
        .first()
    )
    if question is None:
        raise NotFound(_("There is no such question."))
    return question


@transaction.atomic
def question_upvote(*, actor, debate_id: int, question_id: int) -> Question:
    debate = lock(debate_id)
    participant = require(actor, debate, EVERYONE)
    _signed_in(actor, _("Sign in to upvote."))
    question = _get_question(debate, question_id)
    try:
        with transaction.atomic():
            QuestionUpvote.objects.create(question=question, user=actor)
    except IntegrityError:
        raise Conflict(_("You have already upvoted this question.")) from None
    question.upvotes += 1
    question.save(update_fields=["upvotes"])
    append(debate, events.question_upvoted(question, participant.person))
    return question


def question_transition(*, question: Question, to: str, actor) -> Question:
    """The one place where a question changes state (the caller holds the lock);
    ``actor`` is the ``Participant`` making the move."""
    if not QUESTION_TRANSITIONS.exists(question.status, to):
        raise Conflict(_("This question is already answered."))
    if not QUESTION_TRANSITIONS.permits(question.status, to, {actor.role}):
        raise NotAllowed(_("You may not do this in this debate."))
    question.status = to
    question.save(update_fields=["status"])
    return question


@transaction.atomic
def question_moderate(*, actor, debate_id: int, question_id: int, action: str) -> Question:
    """Hide a question or mark it answered (chairs)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    question = _get_question(debate, question_id)
    target = QuestionStatus.HIDDEN if action == "hide" else QuestionStatus.ANSWERED
    question_transition(question=question, to=target, actor=participant)
    append(debate, events.question_moderated(question, participant.person))
    return question


@transaction.atomic
def message_post(*, actor, debate_id: int, text: str) -> Message:
    debate = lock(debate_id)
    participant = require(actor, debate, EVERYONE)
    _signed_in(actor, _("Sign in to take part in the chat."))
    require_status(debate, {Status.OPEN, Status.LIVE, Status.SUSPENDED})
    rate_limit(actor, debate.pk, "text", limit=5, window=10)
    message = Message.objects.create(debate=debate, author=actor, text=text)
    append(debate, events.message_posted(message, participant.author, participant.person))
    return message


@transaction.atomic
def message_remove(*, actor, debate_id: int, message_id: int) -> Message:
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    message = Message.objects.select_for_update().filter(debate=debate, pk=message_id).first()
    if message is None or message.removed:
        raise NotFound(_("There is no such message."))
    message.removed = True
    message.save(update_fields=["removed"])
    append(debate, events.message_removed(message, participant.person))
    return message


def reaction_send(*, actor, debate_id: int, emoji: str) -> str:
    """A reaction is not recorded: it is counted by the rooms and shown, aggregated.
    Returns the emoji sent."""
    debate = Debate.objects.select_related("forum").filter(pk=debate_id).first()
    if debate is None:
        raise NotFound(_("There is no such debate."))
    require(actor, debate, EVERYONE)
    _signed_in(actor, _("Sign in to react."))
    rate_limit(actor, debate.pk, "reaction", limit=10, window=10)
    broadcast.publish_ephemeral(debate.pk, {"type": "reaction", "emoji": emoji})
    return emoji
