import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    CANCELLED = "cancelled", pgettext_lazy("seat status", "Cancelled")


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


class Room(models.Model):
    """A room at an event's venue. Rooms belong to the event: forums share them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order of the room's column in the schedule.")
    )
    map_url = models.URLField(
        _("map link"),
        blank=True,
        help_text=_("Where the room is: a floor plan or a map of the venue."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "position", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="room_name_unique_in_event"),
        ]

    def __str__(self):
        return self.name


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    DEBATE = "debate", _("Debate")
    WORKSHOP = "workshop", _("Workshop")
    BREAK = "break", _("Break")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")


class Session(models.Model):
    """A slot in a forum's schedule. Changed only through the session services.

    ``uuid`` never changes: it is the calendar UID in every feed. ``sequence`` counts the
    changes of time, room or status (RFC 5545 SEQUENCE); ``updated_at`` moves with every
    change, including title, description and speakers.
    """

    Kind = SessionKind
    Status = SessionStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.PANEL
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    speakers = models.ManyToManyField(
        Delegate, blank=True, related_name="speaking_sessions", verbose_name=_("speakers")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SessionStatus.choices,
        default=SessionStatus.SCHEDULED,
        editable=False,
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["forum", "starts_at"]),
            models.Index(fields=["room", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "session-detail",
            kwargs={"event_slug": self.forum.event.slug, "session_uuid": self.uuid},
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def is_live(self, at=None) -> bool:
        """Scheduled and happening at ``at`` (now by default). A session that hosts a
        debate room is live while its debate is, whatever the clock says."""
        if self.is_cancelled:
            return False
        room = getattr(self, "debate", None)  # the debates app's room, when there is one
        if room is not None:
            return room.is_live
        at = at or timezone.now()
        return self.starts_at <= at < self.ends_at


class SpeakerProfile(models.Model):
    """What the programme says about a speaker besides their name and organization."""

    delegate = models.OneToOneField(
        Delegate, on_delete=models.CASCADE, related_name="speaker_profile"
    )
    bio = models.TextField(_("short biography"), max_length=600, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("speaker profile")
        verbose_name_plural = _("speaker profiles")

    def __str__(self):
        return str(self.delegate)


class SessionStar(models.Model):
    """A session a delegate put on their agenda. Changed only through the agenda services."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="stars")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("starred session")
        verbose_name_plural = _("starred sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "session"], name="session_star_once_per_delegate"
            ),
        ]

    def __str__(self):
        return f"{self.delegate} ★ {self.session}"


class ScheduleRemoval(models.Model):
    """A session that left a feed: it was deleted, or a speaker was taken off it.

    Feeds take their ``Last-Modified`` from the newest change they contain and the
    newest removal that concerns them, so that deleting a session never makes it go
    backwards (calendar clients that revalidate by date would stop updating).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    forum = models.ForeignKey(
        Forum, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the session left one delegate's private feed only (speaker taken off).
    delegate = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    session_uuid = models.UUIDField()
    removed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("schedule removal")
        verbose_name_plural = _("schedule removals")
        indexes = [
            models.Index(fields=["event", "removed_at"]),
            models.Index(fields=["forum", "removed_at"]),
            models.Index(fields=["delegate", "removed_at"]),
        ]

    def __str__(self):
        return f"{self.session_uuid} removed at {self.removed_at:%Y-%m-%d %H:%M}"
