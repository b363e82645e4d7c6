"""Reads of the texts debated: the language versions still to sign off, and the texts
adopted (listed on the forum and event pages)."""

from django.db.models import QuerySet

from debates import amending
from debates.models import DraftText
from debates.selectors import debate_list_visible


def translations_pending(draft: DraftText) -> list[dict]:
    """Each version of the draft and of its pending amendments not yet signed off:
    ``{"amendment", "language", "source", "rows"}``, the rows giving each paragraph (or
    operation) in the language it was written in, beside the words so far."""
    pending = []
    source = draft.authentic_language
    signed = set(draft.signoffs.values_list("language", flat=True))
    paragraphs = list(draft.paragraphs.all())
    for language in amending.LANGUAGES:
        if language in signed:
            continue
        rows = [
            {
                "key": p.key,
                "kind": "paragraph",
                "source": getattr(p, f"text_{source}"),
                "words": getattr(p, f"text_{language}") or "",
            }
            for p in paragraphs
        ]
        pending.append({"amendment": None, "language": language, "source": source, "rows": rows})
    amendments = draft.amendments.filter(status__in=("submitted", "voting", "carried", "accepted"))
    for amendment in amendments.prefetch_related("operations", "signoffs"):
        done = {signoff.language for signoff in amendment.signoffs.all()}
        operations = list(amendment.operations.all())
        for language in amending.LANGUAGES:
            if language in done:
                continue
            rows = [
                {
                    "key": op.paragraph or op.key,
                    "kind": op.kind,
                    "source": getattr(op, f"text_{amendment.language}"),
                    "words": getattr(op, f"text_{language}") or "",
                }
                for op in operations
            ]
            pending.append(
                {
                    "amendment": amendment.pk,
                    "language": language,
                    "source": amendment.language,
                    "rows": rows,
                }
            )
    return pending


def resolutions_adopted(*, user, forum=None, event=None) -> QuerySet[DraftText]:
    """The texts adopted in the debates ``user`` may list, of one forum or one event,
    the latest first."""
    texts = DraftText.objects.filter(
        status=DraftText.Status.ADOPTED,
        item__debate__in=debate_list_visible(user=user),
    ).select_related("item__debate__forum__event")
    if forum is not None:
        texts = texts.filter(item__debate__forum=forum)
    if event is not None:
        texts = texts.filter(item__debate__forum__event=event)
    return texts.order_by("-adopted_at", "-pk")
