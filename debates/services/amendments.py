"""Amendments to a text: submitted by delegates as operations on whole paragraphs of the
current version (or on a pending amendment), withdrawn, merged or accepted as a change by
the chair, put to the vote in the computed voting order (the chair may override it), and
the final vote on the text as a whole. Every version put to the vote is signed off in the
three languages unless the chair overrides, which makes the text provisional."""

from django.db import transaction
from django.utils.translation import gettext as _

from debates import amending, events, events_texts
from debates.models import Amendment, Debate, DraftText, Motion, Operation, Signoff
from debates.selectors import CHAIR, DELEGATE
from debates.services.agenda import MAX_PARAGRAPH_CHARS, clean_language, clean_words
from debates.services.log import append, lock, now, require, require_status
from debates.services.outcomes import (
    describe_languages,
    fall_impossible,
    fall_orphans,
    text_now,
    unsigned,
    voting_order,
)
from debates.services.votes import vote_open
from plenary.access import SYSTEM
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
from plenary.transitions import SYSTEM_ROLE, TransitionTable

Status = Debate.Status
MAX_OPERATIONS = 50

# The proposer or the chair withdraws; the chair merges, accepts as a change or puts to
# the vote; the vote decides; Plenary makes fall what became impossible.
AMENDMENT_TRANSITIONS = TransitionTable(
    {
        ("submitted", "withdrawn"): {"proposer", CHAIR},
        ("submitted", "merged"): {CHAIR},
        ("submitted", "accepted"): {CHAIR},
        ("submitted", "voting"): {CHAIR},
        ("submitted", "fell"): {SYSTEM_ROLE},
        ("voting", "carried"): {SYSTEM_ROLE},
        ("voting", "failed"): {SYSTEM_ROLE},
    }
)


# Who may put the pending amendments in another order than the computed one.
VOTING_ORDER_ROLES = frozenset({CHAIR})


def _roles(amendment: Amendment, participant) -> set[str]:
    if participant is SYSTEM:
        return {SYSTEM_ROLE}
    roles = {participant.role} if participant.role else set()
    delegate = participant.delegate
    if delegate is not None and amendment.proposer_id == delegate.pk:
        roles.add("proposer")
    return roles


def amendment_allowed_transitions(*, amendment: Amendment, participant) -> list[str]:
    return AMENDMENT_TRANSITIONS.allowed(amendment.status, _roles(amendment, participant))


def amendment_transition(*, amendment: Amendment, to: str, actor) -> Amendment:
    """The one place where an amendment changes state at someone's request (the caller
    holds the lock); votes and falls are settled in ``debates.services.outcomes``."""
    if not AMENDMENT_TRANSITIONS.exists(amendment.status, to):
        raise Conflict(
            _("This amendment is %(status)s.") % {"status": amendment.get_status_display().lower()}
        )
    if not AMENDMENT_TRANSITIONS.permits(amendment.status, to, _roles(amendment, actor)):
        if to == "withdrawn":
            raise NotAllowed(_("Only the proposer or the chair withdraws an amendment."))
        raise NotAllowed(_("Only the chair does this."))
    amendment.status = to
    amendment.save(update_fields=["status"])
    return amendment


def _require_chair(actor, debate: Debate, refusal: str, roles=frozenset({CHAIR})):
    """``require`` with a refusal that says who may do it."""
    try:
        return require(actor, debate, set(roles))
    except NotAllowed as error:
        raise NotAllowed(refusal) from error


def _draft(debate: Debate, text_id) -> DraftText:
    draft = (
        DraftText.objects.select_for_update()
        .select_related("item")
        .filter(item__debate=debate, pk=text_id)
        .first()
    )
    if draft is None:
        raise NotFound(_("There is no such text in this debate."))
    return draft


def _amendment(draft: DraftText, amendment_id) -> Amendment:
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("draft", "proposer__organization", "proposer__user")
        .filter(draft=draft, pk=amendment_id)
        .first()
    )
    if amendment is None:
        raise NotFound(_("There is no such amendment to this text."))
    return amendment


def _clean_operations(operations, *, keys: list[str], language: str, parent) -> list[dict]:
    """The operations as given, checked against the paragraphs they may change: those of
    the current version, or for an amendment to an amendment those the other changes or
    inserts."""
    if not isinstance(operations, list) or not operations or len(operations) > MAX_OPERATIONS:
        raise ServiceError(_("An amendment has between 1 and 50 operations."), code="empty_text")
    if parent is not None:
        parent_operations = events_texts.operation_entries(parent)
        keys = sorted(
            amending.touched(parent_operations)
            | {op["key"] for op in parent_operations if op["op"] == "insert"}
        )
    cleaned = []
    for operation in operations:
        if not isinstance(operation, dict) or operation.get("op") not in amending.OPERATIONS:
            raise ServiceError(_("Each operation replaces, inserts or deletes a paragraph."))
        kind = operation["op"]
        target = operation.get("after" if kind == "insert" else "paragraph")
        if not (kind == "insert" and target is None and parent is None) and target not in keys:
            raise ServiceError(
                _("Paragraph %(paragraph)s is not in this version of the text.")
                % {"paragraph": target if isinstance(target, str) else "?"},
                code="no_such_paragraph",
            )
        entry = {"op": kind, "paragraph": target or ""}
        if kind != "delete":
            entry["text"] = clean_words(operation.get("text"), what=_("The new text"))
        cleaned.append(entry)
    return cleaned


def _record(amendment: Amendment, operations: list[dict], language: str) -> None:
    for position, entry in enumerate(operations, start=1):
        inserts = entry["op"] == "insert"
        Operation.objects.create(
            amendment=amendment,
            position=position,
            kind=entry["op"],
            paragraph=entry["paragraph"],
            key=amending.inserted_key(amendment.pk, position) if inserts else "",
            **({f"text_{language}": entry["text"]} if "text" in entry else {}),
        )
    Signoff.objects.create(amendment=amendment, language=language, signed_by=None)


def _announce(debate: Debate, amendment: Amendment, actor: dict) -> None:
    order, conflicts = voting_order(debate, amendment.draft)
    append(
        debate,
        events_texts.amendment_submitted(amendment, order=order, conflicts=conflicts, actor=actor),
    )


@transaction.atomic
def amendment_submit(
    *,
    actor,
    debate_id: int,
    text_id: int,
    version: int,
    language: str,
    reason: str,
    operations: list,
    amends: int | None = None,
) -> Amendment:
    """Submit an amendment to ``version`` of a text (delegates, and the chair), before
    the item's deadline, in one language: the other two are marked translation needed."""
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE, CHAIR})
    draft = _draft(debate, text_id)
    if draft.status not in ("draft", "debating"):
        raise Conflict(_("This text is no longer open to amendments."))
    deadline = draft.item.amendment_deadline
    if deadline is not None and now() > deadline:
        raise Conflict(_("The deadline for amendments to this text has passed."), code="deadline")
    if version != draft.version:
        raise Conflict(
            _("This amendment is to version %(old)d; the text is now at version %(new)d.")
            % {"old": version, "new": draft.version},
            code="old_version",
        )
    language = clean_language(language)
    parent = _amendment(draft, amends) if amends is not None else None
    if parent is not None and (parent.status != "submitted" or parent.amends_id is not None):
        raise Conflict(_("Only a pending amendment to the text itself can be amended."))
    keys = [p["key"] for p in text_now(debate, draft)["paragraphs"]]
    cleaned = _clean_operations(operations, keys=keys, language=language, parent=parent)
    reason = clean_words(reason, what=_("The reason"))
    amendment = Amendment.objects.create(
        draft=draft,
        amends=parent,
        proposer=participant.delegate,
        language=language,
        version=draft.version,
        reason=reason[:MAX_PARAGRAPH_CHARS],
    )
    _record(amendment, cleaned, language)
    _announce(debate, amendment, participant.person)
    return amendment


@transaction.atomic
def amendment_withdraw(*, actor, debate_id: int, text_id: int, amendment_id: int) -> Amendment:
    debate = lock(debate_id)
    participant = require(actor, debate, {DELEGATE, CHAIR})
    draft = _draft(debate, text_id)
    amendment = _amendment(draft, amendment_id)
    amendment_transition(amendment=amendment, to="withdrawn", actor=participant)
    order, conflicts = voting_order(debate, draft)
    append(
        debate,
        events_texts.amendment_withdrawn(
            amendment, order=order, conflicts=conflicts, actor=participant.person
        ),
    )
    fall_orphans(debate, amendment, "withdrawn")
    return amendment


@transaction.atomic
def amendment_merge(
    *,
    actor,
    debate_id: int,
    text_id: int,
    amendments: list,
    language: str,
    reason: str,
    operations: list,
) -> Amendment:
    """The chair merges pending amendments into one, whose operations they give."""
    debate = lock(debate_id)
    participant = _require_chair(actor, debate, _("Only the chair merges amendments."))
    draft = _draft(debate, text_id)
    if not isinstance(amendments, list) or len(set(amendments)) < 2:
        raise ServiceError(_("Merge at least two amendments."))
    merged = [_amendment(draft, amendment_id) for amendment_id in sorted(set(amendments))]
    if any(amendment.amends_id is not None for amendment in merged):
        raise Conflict(_("Amendments to an amendment are not merged."))
    language = clean_language(language)
    keys = [p["key"] for p in text_now(debate, draft)["paragraphs"]]
    cleaned = _clean_operations(operations, keys=keys, language=language, parent=None)
    for amendment in merged:
        amendment_transition(amendment=amendment, to="merged", actor=participant)
    into = Amendment.objects.create(
        draft=draft,
        proposer=participant.delegate or merged[0].proposer,
        language=language,
        version=draft.version,
        reason=clean_words(reason, what=_("The reason"))[:MAX_PARAGRAPH_CHARS],
    )
    _record(into, cleaned, language)
    Amendment.objects.filter(pk__in=[a.pk for a in merged]).update(merged_into=into)
    order, conflicts = voting_order(debate, draft)
    append(
        debate,
        events_texts.amendment_merged(
            [a.pk for a in merged], into, order=order, conflicts=conflicts, actor=participant.person
        ),
    )
    for amendment in merged:
        fall_orphans(debate, amendment, "merged")
    return into


@transaction.atomic
def amendment_accept(*, actor, debate_id: int, text_id: int, amendment_id: int) -> Amendment:
    """The chair takes a pending amendment into the text as a friendly change, without a
    vote; what it makes impossible falls."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    draft = _draft(debate, text_id)
    amendment = _amendment(draft, amendment_id)
    if amendment.amends_id is not None:
        raise Conflict(_("An amendment to an amendment is put to the vote."))
    amendment_transition(amendment=amendment, to="accepted", actor=participant)
    draft.version += 1
    draft.save(update_fields=["version"])
    order, conflicts = voting_order(debate, draft)
    append(
        debate,
        events_texts.amendment_accepted(
            amendment,
            version=draft.version,
            order=order,
            conflicts=conflicts,
            actor=participant.person,
        ),
    )
    fall_orphans(debate, amendment, "accepted")
    fall_impossible(debate, amendment)
    return amendment


def _require_signed(signoffs, *, override: bool, what: str) -> bool:
    """Whether the chair's override was needed (refused when it was and is not given)."""
    missing = unsigned(signoffs)
    if missing and not override:
        raise Conflict(
            _(
                "%(what)s is not yet signed off in %(languages)s. "
                "Wait for the translators, or override."
            )
            % {"what": what, "languages": describe_languages(missing)},
            code="unsigned",
        )
    return bool(missing)


def _motion(debate: Debate, *, text: str, proposer) -> Motion:
    """The motion a text's vote is on: put by the chair, so already seconded."""
    return Motion.objects.create(
        debate=debate, text=text, proposer=proposer, status=Motion.Status.SECONDED
    )


@transaction.atomic
def amendment_put_to_vote(
    *,
    actor,
    debate_id: int,
    text_id: int,
    amendment_id: int,
    secret: bool = False,
    override_translation: bool = False,
):
    """Open the vote on the amendment first in the voting order (chairs)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    require_status(debate, {Status.LIVE})
    draft = _draft(debate, text_id)
    if draft.item.status != "open":
        raise Conflict(_("Open the agenda item first."))
    amendment = _amendment(draft, amendment_id)
    order, _conflicts = voting_order(debate, draft)
    if amendment.status == "submitted" and order and order[0] != amendment.pk:
        raise Conflict(
            _(
                "Amendment %(first)d comes first in the voting order; "
                "override the order to put this one first."
            )
            % {"first": order[0]},
            code="voting_order",
        )
    overridden = _require_signed(
        amendment.signoffs.all(), override=override_translation, what=_("This amendment")
    )
    amendment_transition(amendment=amendment, to="voting", actor=participant)
    if overridden and not draft.provisional:
        draft.provisional = True
        draft.save(update_fields=["provisional"])
    proposer = amendment.proposer or draft.sponsor
    motion = _motion(
        debate,
        text=_("Amendment %(number)d to “%(title)s”")
        % {"number": amendment.pk, "title": draft.title},
        proposer=proposer,
    )
    amendment.motion = motion
    amendment.save(update_fields=["motion"])
    append(debate, events.motion_proposed(motion, participant.person))
    append(
        debate,
        events_texts.amendment_put_to_vote(
            amendment, motion=motion, override=overridden, actor=participant.person
        ),
    )
    return vote_open(actor=actor, debate_id=debate_id, motion_id=motion.pk, secret=secret)


@transaction.atomic
def voting_order_override(*, actor, debate_id: int, text_id: int, order: list) -> DraftText:
    """The chair puts the pending amendments in another order (logged beside the computed
    one). ``order`` names every pending amendment once."""
    debate = lock(debate_id)
    participant = _require_chair(
        actor, debate, _("Only the chair changes the voting order."), roles=VOTING_ORDER_ROLES
    )
    draft = _draft(debate, text_id)
    draft.order_override = None
    computed, _conflicts = voting_order(debate, draft)
    if (
        not isinstance(order, list)
        or sorted(order) != sorted(computed)
        or len(set(order)) != len(order)
    ):
        raise ServiceError(_("The order names every pending amendment once."), code="bad_order")
    draft.order_override = order
    draft.save(update_fields=["order_override"])
    append(
        debate,
        events_texts.voting_order_overridden(
            draft, order=order, computed=computed, actor=participant.person
        ),
    )
    return draft


@transaction.atomic
def text_put_to_vote(
    *, actor, debate_id: int, text_id: int, secret: bool = False, override_translation: bool = False
):
    """The final vote on the text as a whole, once no amendment is pending (chairs)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    require_status(debate, {Status.LIVE})
    draft = _draft(debate, text_id)
    if draft.status != "debating" or draft.item.status != "open":
        raise Conflict(_("This text is not under debate."))
    if draft.amendments.filter(status__in=("submitted", "voting")).exists():
        raise Conflict(_("Amendments are still pending: put them to the vote first."))
    parts = [draft.signoffs.all()] + [
        amendment.signoffs.all()
        for amendment in draft.amendments.filter(status__in=("carried", "accepted"))
    ]
    overridden = False
    for signoffs in parts:
        overridden |= _require_signed(
            signoffs, override=override_translation, what=_("The text as amended")
        )
    motion = _motion(
        debate, text=_("Adoption of “%(title)s”") % {"title": draft.title}, proposer=draft.sponsor
    )
    draft.status = DraftText.Status.VOTING
    draft.motion = motion
    draft.provisional = draft.provisional or overridden
    draft.save(update_fields=["status", "motion", "provisional"])
    append(debate, events.motion_proposed(motion, participant.person))
    append(
        debate,
        events_texts.text_put_to_vote(
            draft, motion=motion, override=overridden, actor=participant.person
        ),
    )
    return vote_open(actor=actor, debate_id=debate_id, motion_id=motion.pk, secret=secret)
