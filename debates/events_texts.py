"""The builders of the agenda's and the texts' events (their types are declared with the
others in ``debates.events``).

A text's entry holds its draft and its amendments; the state fold rebuilds the
consolidated text from them (``debates.amending.consolidate``). The voting order and the
conflicts are computed by the services and travel with every event that changes the
pending amendments, so every fold reads them rather than recomputing them.
"""

from debates import amending
from debates.events import (
    AGENDA_ITEM_CLOSED,
    AGENDA_ITEM_OPENED,
    AMENDMENT_ACCEPTED_AS_CHANGE,
    AMENDMENT_DECIDED,
    AMENDMENT_FELL,
    AMENDMENT_MERGED,
    AMENDMENT_PUT_TO_VOTE,
    AMENDMENT_SUBMITTED,
    AMENDMENT_WITHDRAWN,
    TEXT_ADOPTED,
    TEXT_PUT_TO_VOTE,
    TEXT_REJECTED,
    TRANSLATION_SIGNED,
    VOTING_ORDER_OVERRIDDEN,
    NewEvent,
    iso,
)
from debates.models import AgendaItem, Amendment, DraftText

LANGUAGES = amending.LANGUAGES


def translated(instance, field: str) -> dict:
    """A translated field's three language versions (empty: translation needed)."""
    return {language: getattr(instance, f"{field}_{language}") or "" for language in LANGUAGES}


def signed(signoffs) -> dict:
    languages = {signoff.language for signoff in signoffs}
    return {language: language in languages for language in LANGUAGES}


def draft_paragraphs(draft: DraftText) -> list[dict]:
    return [
        {"key": paragraph.key, "text": translated(paragraph, "text")}
        for paragraph in draft.paragraphs.all()
    ]


def operation_entries(amendment: Amendment) -> list[dict]:
    entries = []
    for operation in amendment.operations.all():
        entry = {"op": operation.kind}
        if operation.kind == "insert":
            entry.update(after=operation.paragraph or None, key=operation.key)
        else:
            entry["paragraph"] = operation.paragraph
        if operation.kind != "delete":
            entry["text"] = translated(operation, "text")
        entries.append(entry)
    return entries


def amendment_entry(amendment: Amendment) -> dict:
    proposer = amendment.proposer
    return {
        "id": amendment.pk,
        "text": amendment.draft_id,
        "amends": amendment.amends_id,
        "version": amendment.version,
        "language": amendment.language,
        "reason": amendment.reason,
        "operations": operation_entries(amendment),
        "status": amendment.status,
        "signed": signed(amendment.signoffs.all()),
        "proposer": (
            {
                "id": proposer.pk,
                "name": proposer.display_name,
                "organization": proposer.organization.short_name,
            }
            if proposer
            else None
        ),
        "motion": None,
        "fell": None,
    }


def text_entry(draft: DraftText) -> dict:
    return {
        "id": draft.pk,
        "item": draft.item_id,
        "title": draft.title,
        "authentic": draft.authentic_language,
        "version": draft.version,
        "status": draft.status,
        "provisional": draft.provisional,
        "signed": signed(draft.signoffs.all()),
        "draft": draft_paragraphs(draft),
        "paragraphs": [],
        "carried": [],
        "amendments": [amendment_entry(a) for a in draft.amendments.all()],
        "order": [],
        "overridden": False,
        "conflicts": [],
        "motion": None,
        "result": None,
    }


def item_entry(item: AgendaItem) -> dict:
    return {
        "id": item.pk,
        "position": item.position,
        "title": translated(item, "title"),
        "deadline": iso(item.amendment_deadline),
        "status": item.status,
    }


def item_opened(
    item: AgendaItem, draft: DraftText | None, *, order, conflicts, actor: dict
) -> NewEvent:
    """An item opens; its text (if any) comes with the amendments already submitted, in
    their voting ``order``."""
    text = None
    if draft is not None:
        text = {**text_entry(draft), "order": order, "conflicts": conflicts}
    return NewEvent(AGENDA_ITEM_OPENED, {"item": item_entry(item), "text": text}, actor)


def item_closed(item: AgendaItem, withdrawn: list[int], actor: dict) -> NewEvent:
    """``withdrawn``: the requests still waiting on the item's speakers' list, which ends
    with the item."""
    return NewEvent(AGENDA_ITEM_CLOSED, {"item": item.pk, "withdrawn": withdrawn}, actor)


def translation_signed(
    *, draft: DraftText, amendment: Amendment | None, language: str, actor: dict
) -> NewEvent:
    """A language version signed off, with its words: the draft's paragraphs by key, or
    the texts of the amendment's operations in order (None for a deletion)."""
    if amendment is None:
        texts = {p.key: getattr(p, f"text_{language}") for p in draft.paragraphs.all()}
    else:
        texts = [
            None if op.kind == "delete" else getattr(op, f"text_{language}")
            for op in amendment.operations.all()
        ]
    return NewEvent(
        TRANSLATION_SIGNED,
        {
            "text": draft.pk,
            "amendment": amendment.pk if amendment else None,
            "language": language,
            "texts": texts,
        },
        actor,
    )


def _pending(order: list[int], conflicts: list[list[int]]) -> dict:
    return {"order": order, "conflicts": conflicts}


def amendment_submitted(amendment, *, order, conflicts, actor) -> NewEvent:
    return NewEvent(
        AMENDMENT_SUBMITTED,
        {"amendment": amendment_entry(amendment), **_pending(order, conflicts)},
        actor,
    )


def amendment_withdrawn(amendment, *, order, conflicts, actor) -> NewEvent:
    return NewEvent(
        AMENDMENT_WITHDRAWN,
        {"text": amendment.draft_id, "amendment": amendment.pk, **_pending(order, conflicts)},
        actor,
    )


def amendment_merged(merged: list[int], into, *, order, conflicts, actor) -> NewEvent:
    return NewEvent(
        AMENDMENT_MERGED,
        {"amendments": merged, "into": amendment_entry(into), **_pending(order, conflicts)},
        actor,
    )


def amendment_accepted(amendment, *, version, order, conflicts, actor) -> NewEvent:
    """The chair takes an amendment into the text without a vote (a friendly change)."""
    return NewEvent(
        AMENDMENT_ACCEPTED_AS_CHANGE,
        {
            "text": amendment.draft_id,
            "amendment": amendment.pk,
            "version": version,
            **_pending(order, conflicts),
        },
        actor,
    )


def amendment_put_to_vote(amendment, *, motion, override: bool, actor) -> NewEvent:
    """``override``: the chair opened the vote before every language version was signed
    off, and the text becomes provisional."""
    return NewEvent(
        AMENDMENT_PUT_TO_VOTE,
        {
            "text": amendment.draft_id,
            "amendment": amendment.pk,
            "motion": motion.pk,
            "translation_override": override,
        },
        actor,
    )


def amendment_decided(amendment, *, result, version, revised, order, conflicts) -> NewEvent:
    """The vote on an amendment is closed: ``result`` is carried or failed; a carried
    amendment to an amendment ``revised`` the other's operations (``{"amendment",
    "operations"}``)."""
    return NewEvent(
        AMENDMENT_DECIDED,
        {
            "text": amendment.draft_id,
            "amendment": amendment.pk,
            "result": result,
            "version": version,
            "revised": revised,
            **_pending(order, conflicts),
        },
    )


def amendment_fell(amendment, *, reason, order, conflicts) -> NewEvent:
    """An amendment made impossible: ``reason`` is ``{"code", "paragraph", "by"}``."""
    return NewEvent(
        AMENDMENT_FELL,
        {
            "text": amendment.draft_id,
            "amendment": amendment.pk,
            "reason": reason,
            **_pending(order, conflicts),
        },
    )


def voting_order_overridden(draft, *, order, computed, actor) -> NewEvent:
    return NewEvent(
        VOTING_ORDER_OVERRIDDEN,
        {"text": draft.pk, "order": order, "computed": computed},
        actor,
    )


def text_put_to_vote(draft, *, motion, override: bool, actor) -> NewEvent:
    return NewEvent(
        TEXT_PUT_TO_VOTE,
        {"text": draft.pk, "motion": motion.pk, "translation_override": override},
        actor,
    )


def text_adopted(draft, *, paragraphs, vote) -> NewEvent:
    return NewEvent(
        TEXT_ADOPTED,
        {
            "text": draft.pk,
            "version": draft.version,
            "provisional": draft.provisional,
            "vote": vote.pk,
            "paragraphs": paragraphs,
        },
    )


def text_rejected(draft, *, vote) -> NewEvent:
    return NewEvent(TEXT_REJECTED, {"text": draft.pk, "vote": vote.pk})
