"""On site: badges (signed credentials), the signing key of each event, check-in lists
with their doors, and the scans at those doors.

Who is inside a list's room is the direction of the last accepted scan of each
accreditation there (``selectors.inside``); nothing else records presence.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Accreditation, Event
from forums.models import Forum


class SigningKey(models.Model):
    """An event's Ed25519 key: badges are signed with the private half; scanners verify
    them offline with the public half."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="signing_key")
    private_key = models.BinaryField(editable=False)
    public_key = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("badge signing key")
        verbose_name_plural = _("badge signing keys")

    def __str__(self):
        return f"{self.event}"


class BadgeRole(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    CHAIR = "chair", pgettext_lazy("badge role", "Chair")
    PRESS = "press", _("Press")
    STAFF = "staff", _("Staff")
    OBSERVER = "observer", _("Observer")


class Badge(models.Model):
    """One printing of an accreditation's badge. Reprinting (a lost badge) makes a new
    version and revokes the one before: its QR code is refused at the doors."""

    Role = BadgeRole

    accreditation = models.ForeignKey(
        Accreditation, on_delete=models.CASCADE, related_name="badges"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=BadgeRole.choices)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["accreditation", "-version"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(fields=["accreditation", "version"], name="badge_version_once"),
            models.UniqueConstraint(
                fields=["accreditation"],
                condition=Q(revoked_at__isnull=True),
                name="badge_one_valid_per_accreditation",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="badge_version_positive"),
            models.CheckConstraint(condition=Q(role__in=BadgeRole.values), name="badge_role_valid"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"


class BadgeLayout(models.TextChoices):
    CLASSIC = "classic", _("Classic: the event on the region's colour, the role at the foot")
    BAND = "band", _("Band: a large name on a wide band of the role's colour")
    CONTRAST = "contrast", _("High contrast: the largest name, black on white")


class BadgePaper(models.TextChoices):
    A4 = "a4", _("Four to an A4 sheet")
    A6 = "a6", _("One to an A6 page")


class BadgeSettings(models.Model):
    """How an event's badges are printed: the layout the secretariat chose, and the paper
    a batch is printed on unless asked otherwise. An event without settings prints the
    classic layout on A4 sheets."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="badge_settings")
    layout = models.CharField(
        _("layout"), max_length=20, choices=BadgeLayout.choices, default=BadgeLayout.CLASSIC
    )
    paper = models.CharField(
        _("paper"), max_length=10, choices=BadgePaper.choices, default=BadgePaper.A4
    )

    class Meta:
        verbose_name = _("badge settings")
        verbose_name_plural = _("badge settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(layout__in=BadgeLayout.values), name="badge_settings_layout_valid"
            ),
            models.CheckConstraint(
                condition=Q(paper__in=BadgePaper.values), name="badge_settings_paper_valid"
            ),
        ]

    def __str__(self):
        return f"{self.event}"


class PrintStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Printing")
    DONE = "done", _("Ready")
    FAILED = "failed", pgettext_lazy("print job", "Failed")


class BadgePrintJob(models.Model):
    """A batch of an event's badges rendered to one PDF away from the request that asked
    for it (a thread started when that request's transaction commits). ``done`` counts
    the badges drawn so far; ``updated_at`` moves with it, so a job whose process died is
    seen as stale once it has not moved for ``STALE_AFTER``, and may be started again
    (``attempt`` tells the new run from the old one)."""

    Status = PrintStatus
    STALE_AFTER = datetime.timedelta(minutes=3)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="badge_print_jobs")
    badges = models.ManyToManyField(Badge, related_name="print_jobs", verbose_name=_("badges"))
    layout = models.CharField(_("layout"), max_length=20, choices=BadgeLayout.choices)
    paper = models.CharField(_("paper"), max_length=10, choices=BadgePaper.choices)
    # The language the badges' words are printed in: the requester's.
    language = models.CharField(_("language"), max_length=10, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PrintStatus.choices, default=PrintStatus.QUEUED
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    total = models.PositiveIntegerField(_("badges to print"), default=0)
    done = models.PositiveIntegerField(_("badges printed"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last progress"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("badge print job")
        verbose_name_plural = _("badge print jobs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PrintStatus.values), name="badge_print_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(layout__in=BadgeLayout.values), name="badge_print_layout_valid"
            ),
            models.CheckConstraint(
                condition=Q(paper__in=BadgePaper.values), name="badge_print_paper_valid"
            ),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="badge_print_done_within_total"
            ),
        ]

    def __str__(self):
        return f"{self.event} #{self.pk}"

    def get_absolute_url(self):
        return reverse("onsite:print-job", args=[self.pk])

    def is_stale(self, now=None) -> bool:
        """Queued or printing, and not moved for ``STALE_AFTER``: its process is gone."""
        if self.status not in (PrintStatus.QUEUED, PrintStatus.RUNNING):
            return False
        return self.updated_at < (now or timezone.now()) - self.STALE_AFTER


class CheckInList(models.Model):
    """A room with doors: the event's entrance (no forum) or a forum's room. Pretix's
    lists are independent the same way: being inside one says nothing of another."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkin_lists")
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="checkin_lists"
    )
    name = models.CharField(_("name"), max_length=120)
    requires_seat = models.BooleanField(
        _("a seat in the forum is required"),
        default=True,
        help_text=_("Refuse delegates without a confirmed seat in the forum."),
    )

    class Meta:
        ordering = ["event", "forum_id", "name"]
        verbose_name = _("check-in list")
        verbose_name_plural = _("check-in lists")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="checkin_list_name_once"),
        ]

    def __str__(self):
        return self.name


class Door(models.Model):
    checkin_list = models.ForeignKey(CheckInList, on_delete=models.CASCADE, related_name="doors")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["checkin_list", "name"]
        verbose_name = _("door")
        verbose_name_plural = _("doors")
        constraints = [
            models.UniqueConstraint(fields=["checkin_list", "name"], name="door_name_once"),
        ]

    def __str__(self):
        return self.name


class Direction(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ALREADY_INSIDE = "already_inside", _("Already inside")
    REFUSED = "refused", _("Refused")


class Scan(models.Model):
    """A badge (or a name found by hand) at a door. ``scan_id`` is chosen by the scanner
    when the scan happens, so a scan uploaded twice (a retry, an offline queue synced
    from two tabs) is recorded once and answers the same."""

    Direction = Direction
    Outcome = Outcome

    scan_id = models.UUIDField(unique=True, default=uuid.uuid4)
    checkin_list = models.ForeignKey(CheckInList, on_delete=models.CASCADE, related_name="scans")
    door = models.ForeignKey(
        Door, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    accreditation = models.ForeignKey(
        Accreditation, on_delete=models.CASCADE, null=True, blank=True, related_name="scans"
    )
    badge = models.ForeignKey(
        Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    manual = models.BooleanField(_("found by name"), default=False)
    scanned_at = models.DateTimeField(_("scanned"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["checkin_list", "scanned_at", "id"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        permissions = [("scan_badges", _("Can scan badges at the doors"))]
        indexes = [
            models.Index(
                fields=["checkin_list", "accreditation", "scanned_at"], name="scan_by_person"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="scan_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="scan_outcome_valid"
            ),
        ]

    def __str__(self):
        return f"{self.scan_id} {self.direction} {self.outcome}"

    @property
    def counts(self) -> bool:
        return self.outcome == Outcome.ACCEPTED
