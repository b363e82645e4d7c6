"""Position papers submitted to a forum's call, their files, reviews and history.

Every change of state goes through ``papers.services.paper_transition``. The tables keep
the names they had when papers were part of the forums app (``forums_positionpaper``...).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Delegate, Organization
from events.validators import validate_language_code


class PaperStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    REVISIONS_REQUESTED = "revisions_requested", _("Revisions requested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", pgettext_lazy("paper status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("paper status", "Withdrawn")


class PositionPaper(models.Model):
    """A position paper an organization submits to a forum's call for papers.

    ``current_version`` is the newest uploaded file (kept by the services).
    ``organization`` is the author's organization when the paper was submitted.
    """

    Status = PaperStatus
    # States in which the author may still change the text and upload files.
    EDITABLE = (PaperStatus.DRAFT, PaperStatus.REVISIONS_REQUESTED)
    # States that end with a decision of the chairs.
    DECIDED = (PaperStatus.ACCEPTED, PaperStatus.REJECTED, PaperStatus.REVISIONS_REQUESTED)

    forum = models.ForeignKey("forums.Forum", on_delete=models.CASCADE, related_name="papers")
    author = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="papers")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), max_length=3000)
    language = models.CharField(
        _("language"),
        max_length=3,
        validators=[validate_language_code],
        help_text=_("ISO 639 code: en, fr, es or another language."),
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PaperStatus.choices, default=PaperStatus.DRAFT
    )
    current_version = models.ForeignKey(
        "papers.PaperVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_message = models.TextField(_("message to the author"), blank=True)
    late_revision_until = models.DateTimeField(
        _("late revision allowed until"),
        null=True,
        blank=True,
        help_text=_("Granted by the chairs: a revision may be submitted after the call closed."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["forum", "title", "id"]
        db_table = "forums_positionpaper"
        verbose_name = _("position paper")
        verbose_name_plural = _("position papers")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PaperStatus.values), name="paper_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "rejected", "revisions_requested"])
                | Q(decided_at__isnull=False),
                name="paper_decision_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["forum", "status"]),
            models.Index(fields=["forum", "organization", "status"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("papers:detail", kwargs={"paper_id": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == PaperStatus.ACCEPTED

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class PaperVersion(models.Model):
    """One uploaded file of a paper. Files are checked PDFs stored under a random name."""

    paper = models.ForeignKey(PositionPaper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), max_length=200, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    pages = models.PositiveSmallIntegerField(_("pages"), editable=False)
    # The name on the author's computer: shown to the author's side only.
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["paper", "number"]
        db_table = "forums_paperversion"
        verbose_name = _("paper version")
        verbose_name_plural = _("paper versions")
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="paper_version_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="paper_version_number_positive"
            ),
            models.CheckConstraint(condition=Q(pages__gte=1), name="paper_version_has_pages"),
        ]

    def __str__(self):
        return f"{self.paper} (v{self.number})"

    @property
    def download_name(self) -> str:
        # Never the uploaded name: it may carry the author's name into an anonymous review.
        return f"paper-{self.paper_id}-v{self.number}.pdf"


class PaperStatusChange(models.Model):
    """The history of a paper: one row per change of state, with the decision message."""

    paper = models.ForeignKey(PositionPaper, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("from"), max_length=20, choices=PaperStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=PaperStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The version that was current when the change happened.
    version = models.ForeignKey(
        PaperVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["paper", "at", "id"]
        db_table = "forums_paperstatuschange"
        verbose_name = _("paper status change")
        verbose_name_plural = _("paper status changes")

    def __str__(self):
        return f"{self.paper}: {self.from_status or '-'} -> {self.to_status}"


class ReviewAssignment(models.Model):
    """A reviewer from the forum's pool, assigned by a chair or self-claimed."""

    paper = models.ForeignKey(PositionPaper, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claimed = models.BooleanField(_("claimed by the reviewer"), default=False)
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)
    # When the reviewer was reminded of the review deadline (reminders go once).
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["paper", "created_at", "id"]
        db_table = "forums_reviewassignment"
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "reviewer"], name="review_assignment_one_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} reviews {self.paper}"


class ReviewUnassignment(models.Model):
    """A paper a chair took back from a reviewer. The reviewer's private calendar feed
    loses an entry; its ``Last-Modified`` takes the time from here so that it still moves
    forward (calendar clients that revalidate by date would keep the stale entry)."""

    paper = models.ForeignKey(PositionPaper, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")
    removed_at = models.DateTimeField(_("removed"), default=timezone.now)

    class Meta:
        db_table = "forums_reviewunassignment"
        verbose_name = _("review unassignment")
        verbose_name_plural = _("review unassignments")
        indexes = [models.Index(fields=["reviewer", "removed_at"])]

    def __str__(self):
        return f"{self.paper} taken back from {self.reviewer}"


class ReviewRecommendation(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REVISE = "revise", _("Revise")
    REJECT = "reject", _("Reject")


class Review(models.Model):
    """One reviewer's review of a paper (updated, not duplicated, for a new version)."""

    Recommendation = ReviewRecommendation

    paper = models.ForeignKey(PositionPaper, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(
        PaperVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("version reviewed"),
    )
    score = models.PositiveSmallIntegerField(_("score"), help_text=_("1 (weak) to 5 (strong)"))
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=ReviewRecommendation.choices
    )
    comments_to_author = models.TextField(_("comments for the author"), blank=True)
    comments_to_chairs = models.TextField(_("comments for the chairs"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["paper", "created_at", "id"]
        db_table = "forums_review"
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["paper", "reviewer"], name="review_one_per_reviewer"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="review_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(recommendation__in=ReviewRecommendation.values),
                name="review_recommendation_valid",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.paper}: {self.score}"


class CalendarEntry(models.Model):
    """The last shape of a personal calendar entry of the papers (a deadline in a
    delegate's private feed), and how many times it changed: its ``SEQUENCE``."""

    uid = models.CharField(max_length=255, unique=True)
    fingerprint = models.CharField(max_length=40)
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")

    def __str__(self):
        return f"{self.uid} #{self.sequence}"
