"""Who may vote at an event, as the statutes say: members in good standing (fees paid, or
a statutory exception), each member's voting mandate (its voting delegate and ordered
substitutes), and proxies from one member to another, with their letters.

A vote's roll (``debates``) is built from these when the vote opens, and frozen.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Delegate, Event, Organization


class StandingBasis(models.TextChoices):
    FEES_PAID = "fees_paid", _("Fees paid")
    EXCEPTION = "exception", _("Statutory exception")


class VotingRight(models.Model):
    """A member organization in good standing at an event: it may vote there."""

    Basis = StandingBasis

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="voting_rights")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="voting_rights"
    )
    basis = models.CharField(
        _("basis"), max_length=20, choices=StandingBasis.choices, default=StandingBasis.FEES_PAID
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["event", "organization__name"]
        verbose_name = _("member in good standing")
        verbose_name_plural = _("members in good standing")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="voting_right_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(basis__in=StandingBasis.values), name="voting_right_basis_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organization} @ {self.event}"


class Mandate(models.Model):
    """A member's voting delegate at an event (rank 1) or one of its substitutes (2, 3...):
    in a vote of one ballot per member, the highest-ranked one present casts it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mandates")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mandates"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="mandates")
    rank = models.PositiveSmallIntegerField(_("rank"))
    set_at = models.DateTimeField(default=timezone.now)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["event", "organization__name", "rank"]
        verbose_name = _("voting mandate")
        verbose_name_plural = _("voting mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "rank"], name="mandate_one_per_rank"
            ),
            models.UniqueConstraint(fields=["event", "delegate"], name="mandate_once_per_delegate"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="mandate_rank_positive"),
        ]

    def __str__(self):
        return f"{self.organization} #{self.rank}: {self.delegate}"


class ProxyStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", pgettext_lazy("proxy status", "Approved")
    REJECTED = "rejected", pgettext_lazy("proxy status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("proxy status", "Withdrawn")


class Proxy(models.Model):
    """A member (``grantor``) gives its vote at an event to another member (``holder``),
    with a letter; the secretariat approves it. The holder casts it separately, for the
    grantor, when the grantor is not present."""

    Status = ProxyStatus
    ACTIVE = (ProxyStatus.PENDING, ProxyStatus.APPROVED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proxies")
    grantor = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="proxies_given"
    )
    holder = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="proxies_held")
    letter = models.FileField(_("proxy letter"), max_length=200, editable=False)
    letter_sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ProxyStatus.choices, default=ProxyStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "grantor__name", "-requested_at"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "grantor"],
                condition=Q(status__in=["pending", "approved"]),
                name="proxy_one_active_per_grantor",
            ),
            models.CheckConstraint(condition=~Q(grantor=F("holder")), name="proxy_not_to_oneself"),
            models.CheckConstraint(
                condition=Q(status__in=ProxyStatus.values), name="proxy_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.grantor} → {self.holder} @ {self.event}"
