"""A sitting: the debate, its log, the floor and the motions; questions and chat."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Delegate
from forums.models import Forum, Session


class DebateStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", pgettext_lazy("debate status", "Open")
    LIVE = "live", _("Live")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class VotingRule(models.TextChoices):
    PER_DELEGATE = "per_delegate", _("One vote per delegate")
    PER_ORGANIZATION = "per_organization", _("One vote per member organization")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("Simple majority")
    TWO_THIRDS = "two_thirds", _("Two-thirds majority")


class TextLanguage(models.TextChoices):
    """The association's languages: of its texts, and of the speeches in its debates."""

    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone may watch")
    MEMBERS = "members", _("Signed-in users may watch")
    DELEGATES = "delegates", _("Only the forum's delegates and chairs")


class Debate(models.Model):
    """A live debate of a forum. Its room state is a function of its event log.

    ``seq`` is the number of the last event and ``state`` the room state after it (the
    fold of the log, kept for fast reads); both change only in ``debates.services``.
    """

    Status = DebateStatus

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="debates")
    session = models.OneToOneField(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debate",
        verbose_name=_("session"),
        help_text=_("The forum's session of kind debate that this room runs."),
    )
    title = models.CharField(_("title"), max_length=200)
    motion = models.TextField(_("motion under debate"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DebateStatus.choices, default=DebateStatus.SCHEDULED
    )
    visibility = models.CharField(
        _("who may watch"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    observers_may_ask = models.BooleanField(_("observers may ask questions"), default=True)
    speaking_seconds = models.PositiveIntegerField(_("speaking time (seconds)"), default=180)
    voting_rule = models.CharField(
        _("voting rule"),
        max_length=20,
        choices=VotingRule.choices,
        default=VotingRule.PER_DELEGATE,
    )
    majority = models.CharField(
        _("majority"), max_length=20, choices=Majority.choices, default=Majority.SIMPLE
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of eligible voters)"), default=50
    )
    scheduled_start = models.DateTimeField(_("scheduled start"), null=True, blank=True)
    seq = models.PositiveIntegerField(default=0, editable=False)
    state = models.JSONField(default=dict, editable=False)
    # The hash of the last event: the fingerprint of the whole log (see DebateEvent.hash).
    log_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_start", "-id"]
        verbose_name = _("debate")
        verbose_name_plural = _("debates")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DebateStatus.values), name="debate_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100), name="debate_quorum_is_a_percentage"
            ),
            models.CheckConstraint(
                condition=Q(speaking_seconds__gte=10), name="debate_speaking_time_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("debate-room", kwargs={"debate_id": self.pk})

    @property
    def is_live(self) -> bool:
        """Under way now: the chair has started it and has not suspended or closed it."""
        return self.status == DebateStatus.LIVE

    @property
    def group_name(self) -> str:
        return f"debate.{self.pk}"


class DebateEvent(models.Model):
    """One entry of a debate's append-only log. ``seq`` counts 1, 2, 3... per debate.

    ``hash`` chains the log: the SHA-256 of this event (its seq, type, time, actor and
    data) and of the previous event's hash (``debates.services.log.event_hash``), so the
    last hash vouches for every event before it.
    """

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=40)
    # Who acted, as shown in the room (None for the system, and for secret ballots).
    actor = models.JSONField(null=True, blank=True)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    previous_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["debate", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "seq"], name="debate_event_seq_unique"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="debate_event_seq_positive"),
        ]

    def __str__(self):
        return f"{self.debate_id}#{self.seq} {self.type}"


class FloorKind(models.TextChoices):
    POINT_OF_ORDER = "point_of_order", _("Point of order")
    REPLY = "reply", _("Right of reply")
    SPEECH = "speech", _("Speech")


class FloorStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SPEAKING = "speaking", _("Speaking")
    # A point of order took the floor; the speech resumes with its time left after it.
    INTERRUPTED = "interrupted", _("Interrupted")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", pgettext_lazy("floor request status", "Withdrawn")


class FloorRequest(models.Model):
    Kind = FloorKind
    Status = FloorStatus

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="floor_requests")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=FloorKind.choices)
    status = models.CharField(
        max_length=20, choices=FloorStatus.choices, default=FloorStatus.QUEUED
    )
    is_paper_author = models.BooleanField(default=False)
    # The language the delegate will speak in (for the interpreters and the minutes).
    language = models.CharField(max_length=2, choices=TextLanguage.choices, default="en")
    # Place in the queue (1 = next); renumbered by the floor services on every change.
    position = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    granted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The timer: while running, the speaker has until ``ends_at``; while paused,
    # ``paused_remaining`` seconds are left. ``spoken_seconds`` accumulates over pauses.
    ends_at = models.DateTimeField(null=True, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)
    paused_remaining = models.FloatField(null=True, blank=True)
    spoken_seconds = models.FloatField(default=0)
    time_up_announced = models.BooleanField(default=False)

    class Meta:
        ordering = ["debate", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "delegate", "kind"],
                condition=Q(status="queued"),
                name="floor_one_open_request_per_kind",
            ),
            models.UniqueConstraint(
                fields=["debate"],
                condition=Q(status="speaking"),
                name="floor_one_speaker_at_a_time",
            ),
            models.UniqueConstraint(
                fields=["debate"],
                condition=Q(status="interrupted"),
                name="floor_one_interrupted_speech",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.delegate_id} ({self.status})"


class MotionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SECONDED = "seconded", _("Seconded")
    WITHDRAWN = "withdrawn", pgettext_lazy("motion status", "Withdrawn")
    VOTING = "voting", _("Being voted")
    CARRIED = "carried", _("Carried")
    FAILED = "failed", _("Failed")
    NO_QUORUM = "no_quorum", _("No quorum")


class Motion(models.Model):
    Status = MotionStatus

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="motions")
    text = models.TextField()
    amends = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )
    proposer = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")
    seconder = models.ForeignKey(
        Delegate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=MotionStatus.choices, default=MotionStatus.PROPOSED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["debate", "id"]

    def __str__(self):
        return self.text[:60]


class Question(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("question status", "Open")
        ANSWERED = "answered", _("Answered")
        HIDDEN = "hidden", _("Hidden")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    upvotes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["debate", "id"]

    def __str__(self):
        return self.text[:60]


class QuestionUpvote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="upvote_set")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="question_upvote_once"),
        ]

    def __str__(self):
        return f"Upvote of question {self.question_id}"


class Message(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["debate", "id"]

    def __str__(self):
        return self.text[:60]
