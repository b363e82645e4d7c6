from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Delegate, Event
from events.validators import validate_language_codes


class Forum(models.Model):
    """A thematic track of an event, with its own seats, call for papers and schedule."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="forums")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    working_languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes, such as en, fr, es."),
    )
    seat_capacity = models.PositiveIntegerField(_("seats"))
    # Confirmed seats, kept by the seat services under a lock on this row.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    chairs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="chaired_forums",
        verbose_name=_("chairs"),
    )
    reviewers = models.ManyToManyField(
        Delegate, blank=True, related_name="reviewing_forums", verbose_name=_("reviewers")
    )
    call_opens_at = models.DateTimeField(_("call for papers opens"), null=True, blank=True)
    call_closes_at = models.DateTimeField(_("call for papers closes"), null=True, blank=True)
    papers_per_organization = models.PositiveSmallIntegerField(
        _("papers per organization"),
        default=1,
        help_text=_("How many position papers one organization may submit to this forum."),
    )
    anonymous_review = models.BooleanField(
        _("anonymous review"),
        default=False,
        help_text=_("Reviewers see neither the author nor the organization of a paper."),
    )
    review_deadline = models.DateTimeField(_("review deadline"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "title"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="forum_slug_unique_in_event"),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("seat_capacity")),
                name="forum_seats_taken_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(call_opens_at__isnull=True)
                | Q(call_closes_at__isnull=True)
                | Q(call_closes_at__gt=F("call_opens_at")),
                name="forum_call_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(papers_per_organization__gte=1),
                name="forum_papers_per_organization_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "forum-detail", kwargs={"event_slug": self.event.slug, "forum_slug": self.slug}
        )

    @property
    def seats_left(self) -> int:
        return max(self.seat_capacity - self.seats_taken, 0)

    @property
    def has_call(self) -> bool:
        return self.call_opens_at is not None or self.call_closes_at is not None

    def call_is_open(self, at=None) -> bool:
        """Whether papers may be submitted now: inside the call window, when there is one."""
        if not self.has_call:
            return False
        at = at or timezone.now()
        if self.call_opens_at and at < self.call_opens_at:
            return False
        return not (self.call_closes_at and at >= self.call_closes_at)

    def call_has_closed(self, at=None) -> bool:
        at = at or timezone.now()
        return bool(self.call_closes_at and at >= self.call_closes_at)


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Seat(models.Model):
    """A delegate's place in a forum. Changed only through the seat services.

    The waiting list is ordered by ``id`` (arrival order under the forum lock); a
    waitlisted seat's position is computed, so positions are always 1..n.
    """

    Status = SeatStatus
    ACTIVE = (SeatStatus.CONFIRMED, SeatStatus.WAITLISTED)

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="seats")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="seats")
    status = models.CharField(_("status"), max_length=20, choices=SeatStatus.choices)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    was_waitlisted = models.BooleanField(_("came from the waiting list"), default=False)

    class Meta:
        ordering = ["forum", "id"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "forum"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="seat_one_active_per_delegate_and_forum",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SeatStatus.values), name="seat_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["forum", "status", "id"])]

    def __str__(self):
        return f"{self.delegate} in {self.forum} ({self.get_status_display()})"


# Position papers and their reviews live in their own module; importing them here is
# what makes them models of this app.
from forums.papers.models import (  # noqa: E402, F401
    PaperStatus,
    PaperStatusChange,
    PaperVersion,
    PositionPaper,
    Review,
    ReviewAssignment,
    ReviewRecommendation,
)
