"""Reviewers and reviews: assignments by the chairs or claimed from the pool, reviews,
and the reminders before the review deadline."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Delegate
from events.notifications import notify_delegate
from events.selectors import delegate_for_user
from forums.models import Forum
from papers.models import (
    PositionPaper,
    Review,
    ReviewAssignment,
    ReviewRecommendation,
    ReviewUnassignment,
)
from papers.selectors import assignment_is_reviewed
from papers.services.common import (
    REMINDER_LEAD,
    REVIEWABLE,
    S,
    lock_paper,
    require_chair,
)
from papers.services.papers import paper_transition
from plenary.errors import Conflict, NotAllowed


def _check_reviewer(paper: PositionPaper, forum: Forum, reviewer: Delegate) -> None:
    if not forum.reviewers.filter(pk=reviewer.pk).exists():
        raise NotAllowed(
            _("%(name)s is not in this forum's reviewer pool.") % {"name": reviewer},
            code="not_a_reviewer",
        )
    if reviewer.organization_id in (paper.organization_id, paper.author.organization_id):
        raise NotAllowed(
            _("A reviewer never reviews a paper of their own organization."),
            code="own_organization",
        )


def _assign(*, actor, paper, forum, reviewer: Delegate, claimed: bool) -> ReviewAssignment:
    if paper.status not in (*REVIEWABLE, S.REVISIONS_REQUESTED):
        raise Conflict(
            _("Reviewers can be added only to a submitted paper."), code="not_reviewable"
        )
    _check_reviewer(paper, forum, reviewer)
    if paper.assignments.filter(reviewer=reviewer).exists():
        raise Conflict(_("This reviewer already reviews this paper."), code="already_assigned")
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                paper=paper,
                reviewer=reviewer,
                assigned_by=None if claimed else actor,
                claimed=claimed,
            )
    except IntegrityError:
        raise Conflict(
            _("This reviewer already reviews this paper."), code="already_assigned"
        ) from None
    if not claimed:
        notify_delegate(
            delegate=reviewer,
            template="review_assigned",
            context={"paper": paper, "forum": forum, "event": forum.event},
        )
    if paper.status == S.SUBMITTED:
        paper_transition(actor=actor, paper=paper, to=S.UNDER_REVIEW)
    return assignment


@transaction.atomic
def paper_assign_reviewer(*, actor, paper: PositionPaper, reviewer: Delegate) -> ReviewAssignment:
    """A chair gives the paper to a reviewer of the forum's pool (never one of the
    paper's own organization). A submitted paper goes under review."""
    forum, paper = lock_paper(paper)
    require_chair(actor, forum)
    return _assign(actor=actor, paper=paper, forum=forum, reviewer=reviewer, claimed=False)


@transaction.atomic
def paper_claim(*, actor, paper: PositionPaper) -> ReviewAssignment:
    """A reviewer of the forum's pool takes a paper to review."""
    reviewer = delegate_for_user(actor)
    if reviewer is None:
        raise NotAllowed(_("Only reviewers of this forum may claim papers."), code="not_a_reviewer")
    forum, paper = lock_paper(paper)
    return _assign(actor=actor, paper=paper, forum=forum, reviewer=reviewer, claimed=True)


@transaction.atomic
def paper_unassign_reviewer(*, actor, assignment: ReviewAssignment) -> None:
    """A chair takes a paper back from a reviewer who has not reviewed it."""
    forum, paper = lock_paper(assignment.paper)
    require_chair(actor, forum)
    if Review.objects.filter(paper=paper, reviewer_id=assignment.reviewer_id).exists():
        raise Conflict(_("This reviewer has already reviewed the paper."), code="already_reviewed")
    ReviewAssignment.objects.filter(pk=assignment.pk).delete()
    ReviewUnassignment.objects.create(paper=paper, reviewer_id=assignment.reviewer_id)


@transaction.atomic
def review_submit(
    *,
    actor,
    paper: PositionPaper,
    score: int,
    recommendation: str,
    comments_to_author: str = "",
    comments_to_chairs: str = "",
) -> Review:
    """Record the caller's review of a paper under review (or update it: one review per
    reviewer and paper, which then covers the paper's current version)."""
    reviewer = delegate_for_user(actor)
    _forum, paper = lock_paper(paper)
    if reviewer is None or not paper.assignments.filter(reviewer=reviewer).exists():
        raise NotAllowed(_("Only the paper's reviewers may review it."), code="not_assigned")
    if reviewer.organization_id in (paper.organization_id, paper.author.organization_id):
        raise NotAllowed(
            _("A reviewer never reviews a paper of their own organization."),
            code="own_organization",
        )
    if paper.status != S.UNDER_REVIEW:
        raise Conflict(
            _("This paper is %(status)s: it is not open for review.")
            % {"status": paper.get_status_display().lower()},
            code="not_under_review",
        )
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": [_("The score is a whole number from 1 to 5.")]})
    if recommendation not in ReviewRecommendation.values:
        raise ValidationError(
            {"recommendation": [_("The recommendation is accept, revise or reject.")]}
        )
    review, _created = Review.objects.update_or_create(
        paper=paper,
        reviewer=reviewer,
        defaults={
            "score": score,
            "recommendation": recommendation,
            "comments_to_author": (comments_to_author or "").strip(),
            "comments_to_chairs": (comments_to_chairs or "").strip(),
            "version_id": paper.current_version_id,
        },
    )
    return review


def review_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind reviewers whose review is still open two days before the forum's review
    deadline. Each assignment is reminded once (``reminded_at``), so running this again,
    or from two machines at once, sends nothing twice. Returns how many were sent."""
    now = now or timezone.now()
    due = (
        ReviewAssignment.objects.filter(
            reminded_at__isnull=True,
            paper__status__in=REVIEWABLE,
            paper__forum__review_deadline__gt=now,
            paper__forum__review_deadline__lte=now + REMINDER_LEAD,
        )
        .exclude(assignment_is_reviewed())
        .select_related("reviewer__user", "paper__forum__event")
        .order_by("id")
    )
    sent = 0
    for assignment in due:
        with transaction.atomic():
            claimed = ReviewAssignment.objects.filter(
                pk=assignment.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            forum = assignment.paper.forum
            notify_delegate(
                delegate=assignment.reviewer,
                template="review_reminder",
                context={
                    "paper": assignment.paper,
                    "forum": forum,
                    "event": forum.event,
                    "deadline": forum.review_deadline,
                },
            )
            sent += 1
    return sent
