"""Reads of the texts debated: whether a reader may propose an amendment, the language
versions still to sign off, and the texts adopted (listed on the forum and event pages)."""

import zoneinfo

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from debates import amending
from debates.models import DraftText
from debates.selectors import CHAIR, DELEGATE, debate_list_visible


def amendment_refusal(*, debate, text: dict, role: str | None) -> str | None:
    """Why a reader with ``role`` may not propose an amendment to ``text`` (a text of
    the state) now, in words for the text's page; None when they may. The service
    (``amendment_submit``) checks the same rules when one is submitted."""
    if role not in (DELEGATE, CHAIR):
        return _("Delegates with a seat in this forum propose amendments.")
    if text["status"] not in ("draft", "debating"):
        return _("This text is no longer open to amendments.")
    deadline = (
        DraftText.objects.filter(pk=text["id"], item__debate=debate)
        .values_list("item__amendment_deadline", flat=True)
        .first()
    )
    if deadline is not None and timezone.now() > deadline:
        local = timezone.localtime(deadline, zoneinfo.ZoneInfo(debate.forum.event.time_zone))
        return _("The deadline for amendments passed on %(date)s, %(time)s %(zone)s.") % {
            "date": formats.date_format(local, "DATE_FORMAT"),
            "time": f"{local:%H:%M}",
            "zone": local.tzname(),
        }
    return None


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
