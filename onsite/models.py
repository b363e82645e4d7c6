"""On site: badges (signed credentials), the signing key of each event, check-in lists
with their doors, and the scans at those doors.

Who is inside a list's room is the direction of the last accepted scan of each
accreditation there (``selectors.inside``); nothing else records presence.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
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
