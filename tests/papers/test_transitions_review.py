"""The paper state machine: every transition, who may make it, and every refusal."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from papers.models import PaperStatus, PositionPaper, Review
from papers.services import (
    paper_assign_reviewer,
    paper_claim,
    paper_transition,
    paper_unassign_reviewer,
    review_submit,
)
from plenary.errors import Conflict, NotAllowed
from tests.papers.conftest import make_paper
from tests.papers.transitions_support import create, statuses, under_review

pytestmark = pytest.mark.django_db

S = PaperStatus


# --- review ----------------------------------------------------------------------------


def test_assigning_a_reviewer_starts_the_review(
    forum, author, reviewer, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paper = under_review(forum, author, reviewer, chair)

    assert paper.status == S.UNDER_REVIEW
    assert statuses(paper)[-1] == ("submitted", "under_review")
    assignment = paper.assignments.get()
    assert (assignment.reviewer, assignment.assigned_by, assignment.claimed) == (
        reviewer,
        chair,
        False,
    )
    assert [m.subject for m in mail.outbox] == [
        "A position paper to review for Metropolitan Governance"
    ]


def test_chair_starts_the_review_without_assigning(forum, author, chair):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    paper = paper_transition(actor=chair, paper=paper, to=S.UNDER_REVIEW)

    assert paper.status == S.UNDER_REVIEW


def test_others_cannot_start_the_review(forum, author, outsider, reviewer):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    for actor in (author.user, outsider.user, reviewer.user):
        with pytest.raises(NotAllowed):
            paper_transition(actor=actor, paper=paper, to=S.UNDER_REVIEW)


def test_reviewer_claims_a_submitted_paper(forum, author, reviewer):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assignment = paper_claim(actor=reviewer.user, paper=paper)

    assert (assignment.claimed, assignment.assigned_by) == (True, None)
    assert PositionPaper.objects.get(pk=paper.pk).status == S.UNDER_REVIEW
    assert mail.outbox == []


def test_reviewer_outside_the_pool_cannot_claim_or_be_assigned(forum, author, outsider, chair):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    with pytest.raises(NotAllowed) as claimed:
        paper_claim(actor=outsider.user, paper=paper)
    with pytest.raises(NotAllowed) as assigned:
        paper_assign_reviewer(actor=chair, paper=paper, reviewer=outsider)

    assert claimed.value.code == assigned.value.code == "not_a_reviewer"
    assert not paper.assignments.exists()


def test_reviewer_never_reviews_own_organization(forum, author, colleague, chair):
    forum.reviewers.add(colleague)
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    with pytest.raises(NotAllowed) as assigned:
        paper_assign_reviewer(actor=chair, paper=paper, reviewer=colleague)
    with pytest.raises(NotAllowed) as claimed:
        paper_claim(actor=colleague.user, paper=paper)

    assert assigned.value.code == claimed.value.code == "own_organization"
    assert assigned.value.message == "A reviewer never reviews a paper of their own organization."


def test_only_chairs_assign(forum, author, reviewer, second_reviewer):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    with pytest.raises(NotAllowed):
        paper_assign_reviewer(actor=reviewer.user, paper=paper, reviewer=second_reviewer)


def test_assigning_twice_is_a_conflict(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)

    with pytest.raises(Conflict) as refused:
        paper_assign_reviewer(actor=chair, paper=paper, reviewer=reviewer)

    assert refused.value.code == "already_assigned"


def test_drafts_get_no_reviewers(forum, author, reviewer, chair):
    paper = create(forum, author)

    with pytest.raises(Conflict) as refused:
        paper_assign_reviewer(actor=chair, paper=paper, reviewer=reviewer)

    assert refused.value.code == "not_reviewable"


def test_review_is_recorded_and_updated_not_duplicated(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)

    review_submit(actor=reviewer.user, paper=paper, score=2, recommendation="revise")
    review = review_submit(
        actor=reviewer.user,
        paper=paper,
        score=4,
        recommendation="accept",
        comments_to_author="Clear and useful.",
        comments_to_chairs="Strong candidate for the debate.",
    )

    assert Review.objects.filter(paper=paper).count() == 1
    assert (review.score, review.recommendation, review.version) == (
        4,
        "accept",
        paper.current_version,
    )


@pytest.mark.parametrize(
    ("score", "recommendation", "field"),
    [
        (0, "accept", "score"),
        (6, "accept", "score"),
        ("4", "accept", "score"),
        (3, "maybe", "recommendation"),
    ],
)
def test_review_values_are_checked(forum, author, reviewer, chair, score, recommendation, field):
    paper = under_review(forum, author, reviewer, chair)

    with pytest.raises(ValidationError) as refused:
        review_submit(actor=reviewer.user, paper=paper, score=score, recommendation=recommendation)

    assert list(refused.value.message_dict) == [field]
    assert not Review.objects.exists()


def test_only_assigned_reviewers_review(forum, author, reviewer, second_reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)

    for actor in (second_reviewer.user, chair, author.user):
        with pytest.raises(NotAllowed) as refused:
            review_submit(actor=actor, paper=paper, score=3, recommendation="accept")
        assert refused.value.code == "not_assigned"


def test_reviews_only_while_under_review(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)
    paper_transition(actor=chair, paper=paper, to=S.ACCEPTED, message="Welcome.")

    with pytest.raises(Conflict) as refused:
        review_submit(actor=reviewer.user, paper=paper, score=3, recommendation="accept")

    assert refused.value.code == "not_under_review"


def test_database_keeps_one_review_per_reviewer_and_paper(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)
    review_submit(actor=reviewer.user, paper=paper, score=3, recommendation="accept")

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(paper=paper, reviewer=reviewer, score=2, recommendation="reject")


def test_database_refuses_scores_outside_1_to_5(forum, author, reviewer):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(paper=paper, reviewer=reviewer, score=7, recommendation="accept")


def test_unassigning_a_reviewer_who_reviewed_is_refused(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)
    review_submit(actor=reviewer.user, paper=paper, score=3, recommendation="accept")

    with pytest.raises(Conflict) as refused:
        paper_unassign_reviewer(actor=chair, assignment=paper.assignments.get())

    assert refused.value.code == "already_reviewed"


def test_unassigning_a_reviewer_who_has_not_reviewed(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)

    paper_unassign_reviewer(actor=chair, assignment=paper.assignments.get())

    assert not paper.assignments.exists()
