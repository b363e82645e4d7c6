import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.validators import (
    validate_country_code,
    validate_language_codes,
    validate_time_zone,
)


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas & the Caribbean")
    ASIA_PACIFIC = "asia_pacific", _("Asia & the Pacific")
    EUROPE = "europe", _("Europe")


class OrganizationKind(models.TextChoices):
    CITY = "city", _("City")
    METROPOLITAN_AREA = "metropolitan_area", _("Metropolitan area")
    REGION = "region", _("Region")
    PARTNER = "partner", _("Partner")


class Organization(models.Model):
    Kind = OrganizationKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = models.CharField(
        _("country"), max_length=2, validators=[validate_country_code], help_text=_("ISO code")
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    is_member = models.BooleanField(_("member"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__in=Region.values), name="organization_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class Delegate(models.Model):
    """The profile of a user who acts for an organization."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegate"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="delegates"
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("As badges and lists show it; the account's name when empty."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes, preferred first (en, fr, es, ...)."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        help_text=_("Of the site once signed in, and of emails; from the languages when empty."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    calendar_token = models.CharField(
        max_length=64, unique=True, default=new_calendar_token, editable=False
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.user.get_full_name() or self.user.get_username()

    @property
    def preferred_language(self) -> str:
        """The site's language for this delegate: the one they chose, else the first
        they speak that the site has, else the site's default."""
        supported = {code for code, _name in settings.LANGUAGES}
        for code in [self.language, *self.languages]:
            if code in supported:
                return code
        return settings.LANGUAGE_CODE


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Event(models.Model):
    Status = EventStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    host_city = models.CharField(_("host city"), max_length=120)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    delegation_quota = models.PositiveIntegerField(
        _("delegation quota"),
        null=True,
        blank=True,
        help_text=_("Most delegates one organization may accredit; empty for no limit."),
    )
    accreditation_requires_approval = models.BooleanField(
        _("accreditation needs approval"), default=True
    )
    proxies_per_holder = models.PositiveSmallIntegerField(
        _("proxies per member"),
        default=2,
        help_text=_(
            "Most votes of other members one member may hold by proxy (the statutes' cap)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values),
                name="event_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("event-detail", kwargs={"event_slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def registration_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        if self.status != EventStatus.PUBLISHED:
            return False
        if self.registration_opens_at and at < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and at >= self.registration_closes_at)


class AccreditationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", pgettext_lazy("accreditation status", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("accreditation status", "Cancelled")


class Accreditation(models.Model):
    """A delegate's registration for an event. Changed only through ``accreditation_transition``."""

    Status = AccreditationStatus
    # Accreditations that count against the organization's delegation quota.
    HOLDING = (AccreditationStatus.PENDING, AccreditationStatus.APPROVED)

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="accreditations")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="accreditations")
    # The organization the delegate represented when asking: quotas count by it.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="accreditations"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.PENDING,
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note to the delegate"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "event"], name="accreditation_one_per_delegate_and_event"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AccreditationStatus.values),
                name="accreditation_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["event", "organization", "status"])]

    def __str__(self):
        return f"{self.delegate} @ {self.event} ({self.get_status_display()})"


# --- Accounts and delegations ------------------------------------------------------------


class FocalPointStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class FocalPoint(models.Model):
    """Someone who registers an organization's delegation: invites its delegates, requests
    their accreditation and hears of the secretariat's decisions. Changed only through
    ``focal_point_transition``."""

    Status = FocalPointStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_points"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="focal_points"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FocalPointStatus.choices, default="active"
    )
    appointed_at = models.DateTimeField(_("appointed"), default=timezone.now)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["organization__name", "user__last_name", "user__first_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="focal_point_one_per_user_and_organization"
            ),
            models.CheckConstraint(
                condition=Q(status__in=FocalPointStatus.values), name="focal_point_status_valid"
            ),
        ]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.organization})"


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(24)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", pgettext_lazy("invitation status", "Revoked")


class Invitation(models.Model):
    """An invitation to become a delegate of an organization: a signed, expiring,
    single-use link sent by email. Sending again gives a new ``nonce``, so that only the
    latest link works. Changed only through ``invitation_transition``."""

    Status = InvitationStatus

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    title = models.CharField(_("title"), max_length=200, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("Language codes, preferred first (en, fr, es, ...)."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices, default="pending"
    )
    nonce = models.CharField(max_length=64, default=new_invitation_nonce, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    send_count = models.PositiveIntegerField(_("times sent"), default=1)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("accepted or revoked"), null=True, blank=True)
    delegate = models.OneToOneField(
        Delegate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=Q(status="pending"),
                name="invitation_one_pending_per_email",
                violation_error_code="already_invited",
                violation_error_message=_(
                    "This address already has an invitation waiting; send it again instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values), name="invitation_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}> ({self.organization})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def language(self) -> str:
        """The language the invitation is written in: the invitee's first that Plenary has."""
        supported = {code for code, _name in settings.LANGUAGES}
        return next((code for code in self.languages if code in supported), "en")

    def is_expired(self, at=None) -> bool:
        return (at or timezone.now()) >= self.expires_at


class SignInLockoutKind(models.TextChoices):
    ACCOUNT = "account", _("Account")
    ADDRESS = "address", _("Address")


class SignInLockout(models.Model):
    """A record of an account (or an address) locked after too many failed sign-ins; the
    lock itself lives in the cache until ``locked_until`` or until the secretariat lifts it."""

    Kind = SignInLockoutKind

    kind = models.CharField(_("kind"), max_length=20, choices=SignInLockoutKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signin_lockouts",
    )
    login = models.CharField(_("login tried"), max_length=254, blank=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    key = models.CharField(max_length=128, editable=False)
    failures = models.PositiveIntegerField(_("failed sign-ins"), default=0)
    locked_at = models.DateTimeField(_("locked"), default=timezone.now)
    locked_until = models.DateTimeField(_("locked until"))
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-locked_at", "-id"]
        verbose_name = _("sign-in lockout")
        verbose_name_plural = _("sign-in lockouts")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SignInLockoutKind.values), name="signin_lockout_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["key", "locked_until"])]

    def __str__(self):
        return self.login or self.address

    def is_active(self, at=None) -> bool:
        return self.lifted_at is None and (at or timezone.now()) < self.locked_until
