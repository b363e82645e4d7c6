"""The agenda of a sitting and the texts it debates: agenda items, draft texts in
numbered paragraphs (English, French and Spanish), amendments as operations on whole
paragraphs, and the translators' sign-off of each language version.

Titles and paragraph texts are translated fields (``debates.translation``): ``text_en``,
``text_fr``, ``text_es``. An empty language version is a translation still needed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from debates.models.sitting import Debate, Motion, TextLanguage
from events.models import Delegate


class AgendaItemStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    OPEN = "open", pgettext_lazy("agenda item status", "Open")
    CLOSED = "closed", pgettext_lazy("agenda item status", "Closed")


class AgendaItem(models.Model):
    """One item of a sitting's agenda. One item at a time is open; the amendments of its
    text are submitted until ``amendment_deadline``."""

    Status = AgendaItemStatus

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=AgendaItemStatus.choices, default="pending"
    )
    amendment_deadline = models.DateTimeField(_("deadline for amendments"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["debate", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "position"], name="agenda_item_position_unique"
            ),
            models.UniqueConstraint(
                fields=["debate"], condition=Q(status="open"), name="agenda_one_item_open"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgendaItemStatus.values), name="agenda_item_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class DraftTextStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DEBATING = "debating", _("Under debate")
    VOTING = "voting", _("Being voted")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class DraftText(models.Model):
    """The text an agenda item debates (a declaration, a resolution). ``version`` counts
    the changes made to it (1: the draft); ``adopted`` keeps the text of record once the
    final vote carried, in the three languages."""

    Status = DraftTextStatus

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="text")
    title = models.CharField(_("title"), max_length=200)
    authentic_language = models.CharField(
        _("language of drafting"), max_length=2, choices=TextLanguage.choices, default="en"
    )
    # The delegate who presents the text (a rapporteur): the final vote is on their motion.
    sponsor = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="+", verbose_name=_("rapporteur")
    )
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=DraftTextStatus.choices, default="draft")
    provisional = models.BooleanField(
        default=False,
        help_text=_("Put to the vote before every language version was signed off."),
    )
    motion = models.OneToOneField(
        Motion, on_delete=models.SET_NULL, null=True, blank=True, related_name="adopts"
    )
    # The chair's voting order (amendment ids), when it departs from the computed one.
    order_override = models.JSONField(null=True, blank=True)
    adopted = models.JSONField(default=list, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item"]
        verbose_name = _("draft text")
        verbose_name_plural = _("draft texts")
        permissions = [("sign_translation", "Can sign off translations")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DraftTextStatus.values), name="draft_text_status_valid"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="draft_text_version_positive"),
        ]

    def __str__(self):
        return self.title


class Paragraph(models.Model):
    """A paragraph of the draft, in its three language versions."""

    draft = models.ForeignKey(DraftText, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=20)
    position = models.PositiveIntegerField()
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["draft", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="paragraph_key_unique"),
        ]

    def __str__(self):
        return f"{self.draft_id} {self.key}"


class AmendmentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("amendment status", "Withdrawn")
    MERGED = "merged", _("Merged")
    ACCEPTED = "accepted", _("Accepted as a change")
    VOTING = "voting", _("Being voted")
    CARRIED = "carried", _("Carried")
    FAILED = "failed", _("Failed")
    FELL = "fell", _("Fell")


class Amendment(models.Model):
    """Operations on whole paragraphs of a version of a text (or on another amendment,
    ``amends``), with the reason for them, submitted in one language."""

    Status = AmendmentStatus

    draft = models.ForeignKey(DraftText, on_delete=models.CASCADE, related_name="amendments")
    amends = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_amendments"
    )
    proposer = models.ForeignKey(Delegate, on_delete=models.SET_NULL, null=True, related_name="+")
    language = models.CharField(max_length=2, choices=TextLanguage.choices)
    version = models.PositiveIntegerField()
    reason = models.TextField(_("reason"))
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    motion = models.OneToOneField(
        Motion, on_delete=models.SET_NULL, null=True, blank=True, related_name="amendment"
    )
    # Why it fell: {"code", "paragraph", "by"} (see ``debates.amending.impossible_reason``).
    fell_reason = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["draft", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AmendmentStatus.values), name="amendment_status_valid"
            ),
        ]

    def __str__(self):
        return f"A{self.pk}"


class OperationKind(models.TextChoices):
    REPLACE = "replace", _("Replace")
    INSERT = "insert", _("Insert")
    DELETE = "delete", _("Delete")


class Operation(models.Model):
    """One operation of an amendment: replace or delete ``paragraph``, or insert a new
    paragraph ``key`` after ``paragraph`` (empty: at the start)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="operations")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=OperationKind.choices)
    paragraph = models.CharField(max_length=20, blank=True)
    key = models.CharField(max_length=20, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["amendment", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OperationKind.values), name="operation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.paragraph or self.key}"


class Signoff(models.Model):
    """A translator's sign-off of one language version of a draft or an amendment (the
    language it was written in is signed by its author on submission)."""

    draft = models.ForeignKey(
        DraftText, on_delete=models.CASCADE, null=True, blank=True, related_name="signoffs"
    )
    amendment = models.ForeignKey(
        Amendment, on_delete=models.CASCADE, null=True, blank=True, related_name="signoffs"
    )
    language = models.CharField(max_length=2, choices=TextLanguage.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(draft__isnull=True) ^ Q(amendment__isnull=True),
                name="signoff_of_one_version",
            ),
            models.UniqueConstraint(
                fields=["draft", "language"],
                condition=Q(amendment__isnull=True),
                name="signoff_draft_once",
            ),
            models.UniqueConstraint(
                fields=["amendment", "language"],
                condition=Q(draft__isnull=True),
                name="signoff_amendment_once",
            ),
        ]

    def __str__(self):
        return f"{self.language} {self.draft_id or self.amendment_id}"
