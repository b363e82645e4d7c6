"""Deciding: roll calls, votes on motions and elections, each with the roll of who may
cast a ballot (frozen when it opens), the ballots and the receipts of secret ones."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from debates.models.sitting import Debate, Majority, Motion, VotingRule
from events.models import Delegate, Organization


class RollCallStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("roll call status", "Open")
    CLOSED = "closed", pgettext_lazy("roll call status", "Closed")


class RollCall(models.Model):
    """Who is present at a sitting: delegates answer, the chair marks those in the hall;
    closing it fixes who is present for the votes that follow."""

    Status = RollCallStatus

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="roll_calls")
    status = models.CharField(
        max_length=10, choices=RollCallStatus.choices, default=RollCallStatus.OPEN
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["debate", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate"], condition=Q(status="open"), name="roll_call_one_open_per_debate"
            )
        ]

    def __str__(self):
        return f"Roll call {self.pk} of debate {self.debate_id}"


class AttendanceHow(models.TextChoices):
    ANSWERED = "answered", pgettext_lazy("attendance", "Answered the roll call")
    MARKED = "marked", pgettext_lazy("attendance", "Marked by the chair")


class Attendance(models.Model):
    """A delegate present at a roll call, in the hall or by videoconference."""

    How = AttendanceHow

    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="attendances")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    how = models.CharField(max_length=10, choices=AttendanceHow.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["roll_call", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["roll_call", "delegate"], name="attendance_once_per_roll_call"
            )
        ]

    def __str__(self):
        return f"{self.delegate_id} present at roll call {self.roll_call_id}"


class Vote(models.Model):
    """A vote on a motion. Secret votes keep counters only: no row links a voter to a choice.

    Its roll (``RollEntry``) is frozen when it opens: who may cast a ballot, for whom. For
    one vote per member organization (the statutory votes), ``members`` is the number of
    members in good standing (the quorum's base) and the majority is of the members
    present or represented (``eligible``); for one vote per delegate, of the votes cast.
    """

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="votes")
    secret = models.BooleanField()
    rule = models.CharField(max_length=20, choices=VotingRule.choices)
    majority = models.CharField(max_length=20, choices=Majority.choices)
    quorum_percent = models.PositiveSmallIntegerField()
    # The roll: voters present or represented (``present`` + ``represented``).
    eligible = models.PositiveIntegerField()
    present = models.PositiveIntegerField(default=0)
    represented = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)
    roll_call = models.ForeignKey(
        RollCall, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_open = models.BooleanField(default=True)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    result = models.CharField(max_length=20, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["debate", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate"], condition=Q(is_open=True), name="vote_one_open_per_debate"
            )
        ]

    def __str__(self):
        return f"Vote {self.pk} on motion {self.motion_id}"

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Ballot(models.Model):
    """That a voter (or organization) has voted. ``choice`` is kept only for roll-call votes."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    # "d<delegate id>" or "o<organization id>": one ballot per key and vote.
    voter_key = models.CharField(max_length=30)
    delegate = models.ForeignKey(
        Delegate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    # Cast by the holder of a proxy, for ``organization``.
    by_proxy = models.BooleanField(default=False)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["vote", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter_key"], name="ballot_once_per_voter"),
        ]

    def __str__(self):
        return f"Ballot {self.pk}"


class RollEntry(models.Model):
    """One line of a vote's or an election's roll, frozen when it opens: a ballot that may
    be cast (``key``), for whom (``organization``, or the delegate for one vote per
    delegate) and by whom (``delegate``: the mandate holder present, the delegate, or the
    proxy holder's voter; None when any present delegate of the member may cast it)."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, null=True, blank=True, related_name="roll"
    )
    election = models.ForeignKey(
        "debates.Election", on_delete=models.CASCADE, null=True, blank=True, related_name="roll"
    )
    key = models.CharField(max_length=30)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The member whose voter casts this ballot by proxy.
    proxy_holder = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mandate_rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["vote", "election", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "key"], name="roll_entry_once_per_vote"),
            models.UniqueConstraint(
                fields=["election", "key"], name="roll_entry_once_per_election"
            ),
            models.CheckConstraint(
                condition=Q(vote__isnull=True) ^ Q(election__isnull=True),
                name="roll_entry_of_a_vote_or_an_election",
            ),
        ]

    def __str__(self):
        return self.key


class Receipt(models.Model):
    """The receipt of a secret ballot: a random code told to its voter only, published
    with the result. Nothing links it to the voter or the choice (no time, no order: the
    code is the key)."""

    code = models.CharField(max_length=16, primary_key=True)
    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, null=True, blank=True, related_name="receipts"
    )
    election = models.ForeignKey(
        "debates.Election",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="receipts",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vote__isnull=True) ^ Q(election__isnull=True),
                name="receipt_of_a_vote_or_an_election",
            ),
        ]

    def __str__(self):
        return self.code


class ElectionMethod(models.TextChoices):
    CHOOSE = "choose", _("Choose up to the number of seats")
    APPROVE = "approve", _("Yes, no or abstain for each candidate")


class ElectionStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    OPEN = "open", pgettext_lazy("election status", "Open")
    CLOSED = "closed", pgettext_lazy("election status", "Closed")
    TIED = "tied", _("Tied")
    NO_QUORUM = "no_quorum", _("No quorum")


class Election(models.Model):
    """An election of a sitting (the Board by the General Assembly), always secret: one
    ballot per voter on its roll, up to ``seats`` candidates (or yes/no/abstain for each),
    with ``regional_minimum`` seats per region. Ties for the last seats are reported for
    the chair to resolve (by lot, or by a further round: ``previous``)."""

    Method = ElectionMethod
    Status = ElectionStatus

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="elections")
    title = models.CharField(_("title"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("seats"))
    method = models.CharField(
        _("method"), max_length=10, choices=ElectionMethod.choices, default=ElectionMethod.CHOOSE
    )
    rule = models.CharField(
        _("voting rule"),
        max_length=20,
        choices=VotingRule.choices,
        default=VotingRule.PER_ORGANIZATION,
    )
    regional_minimum = models.JSONField(_("seats per region, at least"), default=dict, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (%)"), default=50)
    status = models.CharField(
        max_length=10, choices=ElectionStatus.choices, default=ElectionStatus.PREPARED
    )
    round = models.PositiveSmallIntegerField(default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_rounds"
    )
    eligible = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    represented = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)
    roll_call = models.ForeignKey(
        RollCall, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["debate", "id"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(
                fields=["debate"], condition=Q(status="open"), name="election_one_open_per_debate"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats"),
        ]

    def __str__(self):
        return self.title


class Candidate(models.Model):
    """A candidate of an election (a delegate, or a member organization), with the
    counters of the ballots: ``yes`` is how many chose them."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["election", "position", "id"]

    def __str__(self):
        return self.name


class ElectionBallot(models.Model):
    """That a voter cast their ballot in an election; the choices go to the candidates'
    counters only."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    voter_key = models.CharField(max_length=30)
    delegate = models.ForeignKey(
        Delegate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_proxy = models.BooleanField(default=False)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["election", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "voter_key"], name="election_ballot_once_per_voter"
            ),
        ]

    def __str__(self):
        return f"Ballot {self.pk} of election {self.election_id}"
