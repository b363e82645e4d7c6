"""The agenda of a sitting and its texts: items added, opened and closed by the chair,
draft texts tabled in three languages, language versions signed off by translators."""

from django.db import transaction
from django.utils.translation import gettext as _

from debates import amending, events_texts, selectors
from debates.models import (
    AgendaItem,
    Amendment,
    Debate,
    DraftText,
    FloorRequest,
    FloorStatus,
    Paragraph,
    Signoff,
)
from debates.selectors import CHAIR
from debates.services.floor import floor_transition
from debates.services.log import append, lock, now, require, require_open
from debates.services.outcomes import voting_order
from debates.services.votes import ballot_box_is_open
from events.models import Delegate
from plenary.errors import Conflict, NotAllowed, NotFound, ServiceError
from plenary.transitions import TransitionTable

Status = Debate.Status
LANGUAGES = amending.LANGUAGES
MAX_PARAGRAPHS = 200
MAX_PARAGRAPH_CHARS = 5000

# The chair opens an item, then closes it; one item is open at a time.
AGENDA_ITEM_TRANSITIONS = TransitionTable(
    {("pending", "open"): {CHAIR}, ("open", "closed"): {CHAIR}}
)


def agenda_item_allowed_transitions(*, item: AgendaItem, role: str | None) -> list[str]:
    return AGENDA_ITEM_TRANSITIONS.allowed(item.status, {role} if role else set())


def agenda_item_transition(*, item: AgendaItem, to: str, actor) -> AgendaItem:
    """The one place where an agenda item changes state (the caller holds the lock)."""
    if not AGENDA_ITEM_TRANSITIONS.exists(item.status, to):
        raise Conflict(
            _("This agenda item is %(status)s.") % {"status": item.get_status_display().lower()}
        )
    if not AGENDA_ITEM_TRANSITIONS.permits(item.status, to, {actor.role}):
        raise NotAllowed(_("Only the chair opens and closes agenda items."))
    item.status = to
    if to == "open":
        item.opened_at = now()
    else:
        item.closed_at = now()
    item.save(update_fields=["status", "opened_at", "closed_at"])
    return item


def _item(debate: Debate, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().filter(debate=debate, pk=item_id).first()
    if item is None:
        raise NotFound(_("There is no such agenda item in this debate."))
    return item


def clean_words(value, *, what: str) -> str:
    """A text of the user's, stripped; refused when empty or too long."""
    if not isinstance(value, str) or not value.strip():
        raise ServiceError(_("%(what)s is empty.") % {"what": what}, code="empty_text")
    if len(value) > MAX_PARAGRAPH_CHARS:
        raise ServiceError(
            _("%(what)s is longer than %(count)d characters.")
            % {"what": what, "count": MAX_PARAGRAPH_CHARS},
            code="too_long",
        )
    return value.strip()


def clean_language(value) -> str:
    if value not in LANGUAGES:
        raise ServiceError(_("The language is English, French or Spanish (en, fr, es)."))
    return value


@transaction.atomic
def agenda_item_add(*, actor, debate_id: int, title: dict, amendment_deadline=None) -> AgendaItem:
    """Add an item at the end of the agenda (chairs). ``title`` by language."""
    debate = lock(debate_id)
    require(actor, debate, {CHAIR})
    titles = {language: (title.get(language) or "").strip()[:200] for language in LANGUAGES}
    if not titles["en"]:
        raise ServiceError(_("An agenda item has a title in English."), code="empty_text")
    position = AgendaItem.objects.filter(debate=debate).count() + 1
    return AgendaItem.objects.create(
        debate=debate,
        position=position,
        amendment_deadline=amendment_deadline,
        **{f"title_{language}": words for language, words in titles.items()},
    )


@transaction.atomic
def draft_text_table(
    *,
    actor,
    debate_id: int,
    item_id: int,
    title: str,
    language: str,
    paragraphs: list[dict],
    sponsor_id: int | None = None,
) -> DraftText:
    """Give an item its draft text (chairs): numbered paragraphs, each by language, the
    language of drafting complete and signed; the other versions may follow, each
    signed off by a translator. ``sponsor_id``: the delegate who presents it (by default
    the chair's own delegate profile)."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    item = _item(debate, item_id)
    sponsor = participant.delegate
    if sponsor_id is not None:
        sponsor = Delegate.objects.filter(pk=sponsor_id).first()
    if sponsor is None:
        raise ServiceError(_("Name the delegate who presents the text."), code="no_sponsor")
    if item.status == "closed" or DraftText.objects.filter(item=item).exists():
        raise Conflict(_("This agenda item already has its text."))
    language = clean_language(language)
    if not isinstance(paragraphs, list) or not paragraphs or len(paragraphs) > MAX_PARAGRAPHS:
        raise ServiceError(_("A text has between 1 and 200 paragraphs."), code="empty_text")
    draft = DraftText.objects.create(
        item=item,
        title=clean_words(title, what=_("The title")),
        authentic_language=language,
        sponsor=sponsor,
    )
    for position, (key, versions) in enumerate(
        zip(amending.draft_keys(len(paragraphs)), paragraphs, strict=True), start=1
    ):
        if not isinstance(versions, dict):
            raise ServiceError(_("Each paragraph gives its text by language."))
        words = {lang: (versions.get(lang) or "") for lang in LANGUAGES}
        words[language] = clean_words(words[language], what=_("A paragraph"))
        Paragraph.objects.create(
            draft=draft,
            key=key,
            position=position,
            **{f"text_{lang}": str(text)[:MAX_PARAGRAPH_CHARS] for lang, text in words.items()},
        )
    Signoff.objects.create(draft=draft, language=language, signed_by=participant.user)
    return draft


@transaction.atomic
def agenda_item_open(*, actor, debate_id: int, item_id: int) -> AgendaItem:
    """Open an item (chairs): its text, if any, comes under debate."""
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    item = _item(debate, item_id)
    current = AgendaItem.objects.filter(debate=debate, status="open").exclude(pk=item.pk)
    if current.exists():
        raise Conflict(_("Another agenda item is open: close it first."))
    agenda_item_transition(item=item, to="open", actor=participant)
    draft = DraftText.objects.filter(item=item).first()
    if draft is not None and draft.status == "draft":
        draft.status = "debating"
        draft.save(update_fields=["status"])
    order, conflicts = voting_order(debate, draft) if draft is not None else ([], [])
    append(
        debate,
        events_texts.item_opened(
            item, draft, order=order, conflicts=conflicts, actor=participant.person
        ),
    )
    return item


@transaction.atomic
def agenda_item_close(*, actor, debate_id: int, item_id: int) -> AgendaItem:
    debate = lock(debate_id)
    participant = require(actor, debate, {CHAIR})
    item = _item(debate, item_id)
    draft = DraftText.objects.filter(item=item).first()
    if draft is not None and draft.status == "voting":
        raise Conflict(_("The text of this item is being voted."))
    if ballot_box_is_open(debate):
        raise Conflict(_("A vote is open: close it before closing the item."))
    if FloorRequest.objects.filter(
        debate=debate, status__in=(FloorStatus.SPEAKING, FloorStatus.INTERRUPTED)
    ).exists():
        raise Conflict(_("Someone has the floor: end the speech before closing the item."))
    agenda_item_transition(item=item, to="closed", actor=participant)
    # The speakers' list belongs to the item: what is still waiting on it ends with it.
    withdrawn = []
    for request in FloorRequest.objects.filter(debate=debate, status=FloorStatus.QUEUED):
        request.debate = debate
        floor_transition(request=request, to="withdrawn", actor=participant, at=now())
        withdrawn.append(request.pk)
    append(debate, events_texts.item_closed(item, sorted(withdrawn), participant.person))
    return item


def is_translator(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("debates.sign_translation"))


@transaction.atomic
def translation_sign(
    *, actor, debate_id: int, text_id: int, language: str, texts, amendment_id=None
) -> Signoff:
    """A translator fills one language version of a draft (``texts``: paragraph key ->
    words) or of an amendment (``texts``: the words of each operation, in order, None for
    a deletion) and signs it off."""
    debate = lock(debate_id)
    require_open(debate)
    if not is_translator(actor):
        raise NotAllowed(_("Only the secretariat's translators sign off translations."))
    participant = selectors.participant(actor, debate)
    language = clean_language(language)
    draft = DraftText.objects.filter(item__debate=debate, pk=text_id).first()
    if draft is None:
        raise NotFound(_("There is no such text in this debate."))
    if draft.status in ("adopted", "rejected"):
        raise Conflict(_("This text has been voted: its versions no longer change."))
    amendment = None
    if amendment_id is not None:
        amendment = Amendment.objects.filter(draft=draft, pk=amendment_id).first()
        if amendment is None:
            raise NotFound(_("There is no such amendment to this text."))
        subject = amendment.signoffs
        _fill_operations(amendment, language, texts)
    else:
        subject = draft.signoffs
        _fill_paragraphs(draft, language, texts)
    if subject.filter(language=language).exists():
        raise Conflict(_("This language version is already signed off."))
    signoff = Signoff.objects.create(
        draft=None if amendment else draft,
        amendment=amendment,
        language=language,
        signed_by=actor,
    )
    append(
        debate,
        events_texts.translation_signed(
            draft=draft, amendment=amendment, language=language, actor=participant.person
        ),
    )
    return signoff


def _fill_paragraphs(draft: DraftText, language: str, texts) -> None:
    paragraphs = list(draft.paragraphs.all())
    if not isinstance(texts, dict) or set(texts) != {p.key for p in paragraphs}:
        raise ServiceError(_("Give the words of every paragraph of the text, by its key."))
    for paragraph in paragraphs:
        setattr(
            paragraph, f"text_{language}", clean_words(texts[paragraph.key], what=_("A paragraph"))
        )
        paragraph.save(update_fields=[f"text_{language}"])


def _fill_operations(amendment: Amendment, language: str, texts) -> None:
    operations = list(amendment.operations.all())
    if not isinstance(texts, list) or len(texts) != len(operations):
        raise ServiceError(_("Give the words of every operation of the amendment, in order."))
    for operation, words in zip(operations, texts, strict=True):
        if operation.kind == "delete":
            continue
        setattr(operation, f"text_{language}", clean_words(words, what=_("A paragraph")))
        operation.save(update_fields=[f"text_{language}"])
