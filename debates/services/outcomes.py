"""What a decision does to a text: an amendment carried (or accepted as a change) enters
the consolidated text and makes others fall; an amendment to an amendment revises it;
the final vote adopts the text or rejects it. The voting order of what is pending is
computed here too. ``debates.services.votes`` calls ``vote_settle`` once a vote closes.
"""

from django.utils.translation import gettext as _

from debates import amending, events_texts
from debates.models import Amendment, Debate, DraftText, Operation, Vote
from debates.services.log import append, now

PENDING = ("submitted",)


def text_now(debate: Debate, draft: DraftText) -> dict:
    """The text's entry as the room has it (the snapshot is the fold of the log); a text
    not yet under debate is its draft, with its amendments."""
    for text in debate.state.get("texts", []):
        if text["id"] == draft.pk:
            return text
    entry = events_texts.text_entry(draft)
    entry["paragraphs"] = entry["draft"]
    return entry


def pending_entries(draft: DraftText) -> list[dict]:
    amendments = draft.amendments.filter(status__in=PENDING).prefetch_related(
        "operations", "signoffs", "proposer__organization", "proposer__user"
    )
    return [events_texts.amendment_entry(amendment) for amendment in amendments]


def voting_order(debate: Debate, draft: DraftText) -> tuple[list[int], list[list[int]]]:
    """The order in which the pending amendments are put, and the pairs in conflict. The
    chair's override, when there is one, leads; amendments it does not name follow in the
    computed order."""
    pending = pending_entries(draft)
    paragraphs = text_now(debate, draft)["paragraphs"]
    computed = amending.voting_order(pending, paragraphs, draft.authentic_language)
    if draft.order_override:
        chosen = [a for a in draft.order_override if a in computed]
        computed = chosen + [a for a in computed if a not in chosen]
    return computed, amending.conflicts(pending)


def operations_of(amendment: Amendment) -> list[dict]:
    return events_texts.operation_entries(amendment)


def amendment_fall(debate: Debate, amendment: Amendment, reason: dict) -> None:
    amendment.status = Amendment.Status.FELL
    amendment.fell_reason = reason
    amendment.save(update_fields=["status", "fell_reason"])
    order, conflicts = voting_order(debate, amendment.draft)
    append(
        debate,
        events_texts.amendment_fell(amendment, reason=reason, order=order, conflicts=conflicts),
    )


def fall_impossible(debate: Debate, carried: Amendment) -> list[int]:
    """Make fall every pending amendment that ``carried`` made impossible, and the
    amendments to those, each logged with its reason. Returns their ids."""
    operations = operations_of(carried)
    fallen = []
    pending = carried.draft.amendments.filter(status__in=PENDING, amends__isnull=True)
    for other in pending.exclude(pk=carried.pk).prefetch_related("operations"):
        reason = amending.impossible_reason(operations_of(other), operations)
        if reason is not None:
            amendment_fall(debate, other, {**reason, "by": carried.pk})
            fallen.append(other.pk)
    for child in carried.draft.amendments.filter(status__in=PENDING, amends__in=fallen):
        amendment_fall(
            debate, child, {"code": "amended_fell", "paragraph": None, "by": child.amends_id}
        )
        fallen.append(child.pk)
    return fallen


def fall_orphans(debate: Debate, parent: Amendment, how: str) -> None:
    """An amendment that leaves the voting order (``how``: voted, accepted, withdrawn or
    merged) takes with it the amendments to it not yet put: they would revise a text
    already decided, or one that is gone."""
    for child in parent.sub_amendments.filter(status__in=PENDING):
        reason = {"code": f"amended_{how}", "paragraph": None, "by": parent.pk}
        amendment_fall(debate, child, reason)


def revise(parent: Amendment, sub: Amendment) -> dict:
    """Rewrite ``parent``'s operations as the carried ``sub`` changes them."""
    revised = amending.revise(operations_of(parent), operations_of(sub))
    parent.operations.all().delete()
    for position, entry in enumerate(revised, start=1):
        texts = entry.get("text") or {}
        Operation.objects.create(
            amendment=parent,
            position=position,
            kind=entry["op"],
            paragraph=(entry.get("after") if entry["op"] == "insert" else entry["paragraph"]) or "",
            key=entry.get("key", ""),
            **{f"text_{language}": texts.get(language, "") for language in amending.LANGUAGES},
        )
    return {"amendment": parent.pk, "operations": revised}


def vote_settle(debate: Debate, vote: Vote) -> None:
    """After a vote closes (the caller holds the lock): what it decided of a text."""
    amendment = Amendment.objects.filter(motion_id=vote.motion_id).select_related("draft").first()
    if amendment is not None:
        amendment_settle(debate, amendment, carried=vote.result == "carried")
        return
    draft = DraftText.objects.filter(motion_id=vote.motion_id).first()
    if draft is not None:
        text_settle(debate, draft, vote)


def amendment_settle(debate: Debate, amendment: Amendment, *, carried: bool) -> None:
    draft = amendment.draft
    amendment.status = Amendment.Status.CARRIED if carried else Amendment.Status.FAILED
    amendment.save(update_fields=["status"])
    revised = None
    if carried and amendment.amends_id is not None:
        revised = revise(amendment.amends, amendment)
    elif carried:
        draft.version += 1
        draft.save(update_fields=["version"])
    order, conflicts = voting_order(debate, draft)
    append(
        debate,
        events_texts.amendment_decided(
            amendment,
            result=amendment.status,
            version=draft.version,
            revised=revised,
            order=order,
            conflicts=conflicts,
        ),
    )
    fall_orphans(debate, amendment, "voted")
    if carried and amendment.amends_id is None:
        fall_impossible(debate, amendment)


def text_settle(debate: Debate, draft: DraftText, vote: Vote) -> None:
    if vote.result == "carried":
        draft.status = DraftText.Status.ADOPTED
        draft.adopted = text_now(debate, draft)["paragraphs"]
        draft.adopted_at = now()
        draft.save(update_fields=["status", "adopted", "adopted_at"])
        append(debate, events_texts.text_adopted(draft, paragraphs=draft.adopted, vote=vote))
    else:
        draft.status = DraftText.Status.REJECTED
        draft.save(update_fields=["status"])
        append(debate, events_texts.text_rejected(draft, vote=vote))


def unsigned(signoffs) -> list[str]:
    """The languages not yet signed off, in the order of ``amending.LANGUAGES``."""
    done = {signoff.language for signoff in signoffs}
    return [language for language in amending.LANGUAGES if language not in done]


def describe_languages(languages: list[str]) -> str:
    names = {"en": _("English"), "fr": _("French"), "es": _("Spanish")}
    return ", ".join(names[language] for language in languages)
