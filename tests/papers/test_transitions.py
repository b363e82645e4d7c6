"""The paper state machine: every transition, who may make it, and every refusal."""

import datetime
import itertools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Accreditation
from papers.models import PaperStatus, PositionPaper, Review
from papers.services import (
    PAPER_TRANSITIONS,
    paper_add_version,
    paper_assign_reviewer,
    paper_claim,
    paper_create,
    paper_grant_late_revision,
    paper_transition,
    paper_unassign_reviewer,
    paper_update,
    review_submit,
)
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import AccreditationFactory, DelegateFactory, UserFactory
from tests.papers.conftest import make_paper, pdf_upload, stored_files

pytestmark = pytest.mark.django_db

S = PaperStatus


def create(forum, author, **kwargs):
    fields = {
        "title": "Who governs the metropolis?",
        "abstract": "Institutions for cities that outgrew their borders.",
        "language": "en",
        "keywords": "governance, metropolis",
        "file": pdf_upload(),
    }
    fields.update(kwargs)
    return paper_create(actor=author.user, forum=forum, **fields)


def statuses(paper):
    return list(paper.history.order_by("at", "id").values_list("from_status", "to_status"))


def under_review(forum, author, reviewer, chair):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)
    paper_assign_reviewer(actor=chair, paper=paper, reviewer=reviewer)
    return PositionPaper.objects.get(pk=paper.pk)


# --- creating and submitting ---------------------------------------------------------


def test_create_makes_a_draft_with_its_first_version(forum, author, media_root):
    paper = create(forum, author, file=pdf_upload("Amina final.pdf", pages=3))

    version = paper.current_version
    assert paper.status == S.DRAFT
    assert paper.organization == author.organization
    assert paper.keywords == ["governance", "metropolis"]
    assert (version.number, version.pages, version.original_name) == (1, 3, "Amina final.pdf")
    assert len(version.sha256) == 64
    assert version.file.name.startswith("papers/")
    assert "Amina" not in version.file.name
    assert stored_files(media_root) == [version.file.name]
    assert statuses(paper) == [("", "draft")]


def test_create_without_accreditation_is_refused(forum, media_root):
    delegate = DelegateFactory()

    with pytest.raises(NotAllowed) as refused:
        create(forum, delegate)

    assert refused.value.code == "not_accredited"
    assert not PositionPaper.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("status", ["pending", "rejected", "cancelled"])
def test_submit_needs_an_approved_accreditation(forum, event, status):
    delegate = DelegateFactory()
    AccreditationFactory(delegate=delegate, event=event, status=status)

    with pytest.raises(NotAllowed) as refused:
        create(forum, delegate)

    assert refused.value.code == "not_accredited"


def test_user_without_delegate_profile_cannot_create(forum):
    with pytest.raises(NotAllowed) as refused:
        paper_create(actor=UserFactory(), forum=forum, title="T", abstract="A", language="en")

    assert refused.value.code == "not_a_delegate"


def test_create_after_the_call_closed_is_refused(forum, author, media_root):
    forum.call_opens_at = timezone.now() - datetime.timedelta(days=20)
    forum.call_closes_at = timezone.now() - datetime.timedelta(days=1)
    forum.save()

    with pytest.raises(ServiceError) as refused:
        create(forum, author)

    assert refused.value.code == "call_closed"
    assert str(refused.value) == "The call for position papers of this forum has closed."
    assert stored_files(media_root) == []


def test_forum_without_call_takes_no_papers(forum, author):
    forum.call_opens_at = forum.call_closes_at = None
    forum.save()

    with pytest.raises(ServiceError) as refused:
        create(forum, author)

    assert refused.value.message == "This forum has no call for position papers."


def test_draft_may_be_prepared_before_the_call_opens_but_not_submitted(forum, author):
    forum.call_opens_at = timezone.now() + datetime.timedelta(days=1)
    forum.save()
    paper = create(forum, author)

    with pytest.raises(ServiceError) as refused:
        paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert refused.value.code == "call_not_open"
    assert PositionPaper.objects.get(pk=paper.pk).status == S.DRAFT


def test_create_with_invalid_fields_is_refused(forum, author):
    with pytest.raises(ValidationError) as refused:
        create(forum, author, title="", language="english", keywords=["x"] * 3 + ["y" * 61])

    assert set(refused.value.message_dict) == {"title", "language"} or set(
        refused.value.message_dict
    ) == {"keywords"}


def test_too_many_keywords_are_refused(forum, author):
    with pytest.raises(ValidationError) as refused:
        create(forum, author, keywords=[f"k{n}" for n in range(11)])

    assert refused.value.message_dict == {"keywords": ["At most 10 keywords."]}


def test_submit_moves_a_draft_to_submitted(forum, author):
    paper = create(forum, author)

    paper = paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert paper.status == S.SUBMITTED
    assert paper.submitted_at is not None
    assert statuses(paper) == [("", "draft"), ("draft", "submitted")]
    assert paper.history.last().version_id == paper.current_version_id


def test_submit_without_a_file_is_refused(forum, author):
    paper = create(forum, author, file=None)

    with pytest.raises(ServiceError) as refused:
        paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert refused.value.code == "file_missing"


def test_submit_after_the_call_closed_is_refused(forum, author):
    paper = create(forum, author)
    forum.call_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    forum.call_opens_at = timezone.now() - datetime.timedelta(days=30)
    forum.save()

    with pytest.raises(ServiceError) as refused:
        paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert refused.value.code == "call_closed"


def test_only_the_author_submits(forum, author, colleague, chair, secretariat):
    paper = create(forum, author)

    for actor in (colleague.user, chair, secretariat):
        with pytest.raises(NotAllowed):
            paper_transition(actor=actor, paper=paper, to=S.SUBMITTED)

    assert PositionPaper.objects.get(pk=paper.pk).status == S.DRAFT


def test_one_paper_per_organization_by_default(forum, author, colleague):
    first = create(forum, colleague)
    paper_transition(actor=colleague.user, paper=first, to=S.SUBMITTED)
    second = create(forum, author)

    with pytest.raises(Conflict) as refused:
        paper_transition(actor=author.user, paper=second, to=S.SUBMITTED)

    assert refused.value.code == "organization_limit"
    assert refused.value.message == (
        "Your organization has already submitted 1 of the 1 position papers it may submit "
        "to this forum."
    )


def test_forum_may_allow_more_papers_per_organization(forum, author, colleague):
    forum.papers_per_organization = 2
    forum.save()
    first = create(forum, colleague)
    paper_transition(actor=colleague.user, paper=first, to=S.SUBMITTED)
    second = create(forum, author)

    paper = paper_transition(actor=author.user, paper=second, to=S.SUBMITTED)

    assert paper.status == S.SUBMITTED


def test_withdrawn_papers_free_the_organizations_place(forum, author, colleague):
    first = create(forum, colleague)
    paper_transition(actor=colleague.user, paper=first, to=S.SUBMITTED)
    paper_transition(actor=colleague.user, paper=first, to=S.WITHDRAWN)
    second = create(forum, author)

    paper = paper_transition(actor=author.user, paper=second, to=S.SUBMITTED)

    assert paper.status == S.SUBMITTED


def test_organization_is_the_one_at_submission(forum, author, event):
    paper = create(forum, author)
    new_home = DelegateFactory().organization
    author.organization = new_home
    author.save()

    paper = paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert paper.organization == new_home


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


# --- decisions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "subject"),
    [
        ("accepted", "Your position paper was accepted: Who governs the metropolis?"),
        ("rejected", "Your position paper was not accepted: Who governs the metropolis?"),
        (
            "revisions_requested",
            "Revisions requested for your position paper: Who governs the metropolis?",
        ),
    ],
)
def test_chair_decides_with_a_message_and_the_author_is_told(
    forum, author, reviewer, chair, decision, subject, django_capture_on_commit_callbacks
):
    paper = under_review(forum, author, reviewer, chair)
    review_submit(
        actor=reviewer.user,
        paper=paper,
        score=4,
        recommendation="accept",
        comments_to_author="Say more about financing.",
        comments_to_chairs="Only for the chairs.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_transition(actor=chair, paper=paper, to=decision, message="Thank you, Amina.")

    assert paper.status == decision
    assert (paper.decided_by, paper.decision_message) == (chair, "Thank you, Amina.")
    assert statuses(paper)[-1] == ("under_review", decision)
    assert [(m.to, m.subject) for m in mail.outbox] == [([author.user.email], subject)]
    body = mail.outbox[0].body
    assert "Thank you, Amina." in body
    assert "Say more about financing." in body
    assert "Only for the chairs." not in body
    assert "Jiwoo" not in body


def test_decision_without_a_message_is_refused(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)

    with pytest.raises(ServiceError) as refused:
        paper_transition(actor=chair, paper=paper, to=S.ACCEPTED, message="   ")

    assert refused.value.code == "message_required"
    assert PositionPaper.objects.get(pk=paper.pk).status == S.UNDER_REVIEW


def test_secretariat_decides_like_a_chair(forum, author, reviewer, chair, secretariat):
    paper = under_review(forum, author, reviewer, chair)

    paper = paper_transition(actor=secretariat, paper=paper, to=S.REJECTED, message="Sorry.")

    assert paper.status == S.REJECTED


def test_reviewers_and_authors_do_not_decide(forum, author, reviewer, chair, outsider):
    paper = under_review(forum, author, reviewer, chair)

    for actor in (reviewer.user, author.user, outsider.user, UserFactory()):
        with pytest.raises(NotAllowed):
            paper_transition(actor=actor, paper=paper, to=S.ACCEPTED, message="Yes")

    assert PositionPaper.objects.get(pk=paper.pk).status == S.UNDER_REVIEW


def test_chairs_of_another_forum_do_not_decide(forum, author, reviewer, chair, event):
    from tests.factories import ForumFactory

    other_chair = UserFactory()
    ForumFactory(event=event).chairs.add(other_chair)
    paper = under_review(forum, author, reviewer, chair)

    with pytest.raises(NotAllowed):
        paper_transition(actor=other_chair, paper=paper, to=S.ACCEPTED, message="Yes")


# --- revisions ---------------------------------------------------------------------------


def revisions_requested(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)
    review_submit(actor=reviewer.user, paper=paper, score=3, recommendation="revise")
    return paper_transition(
        actor=chair, paper=paper, to=S.REVISIONS_REQUESTED, message="Add the financing part."
    )


def test_revision_goes_back_to_its_reviewers_with_a_new_version(
    forum, author, reviewer, chair, media_root
):
    paper = revisions_requested(forum, author, reviewer, chair)

    version = paper_add_version(actor=author.user, paper=paper, file=pdf_upload("v2.pdf"))
    paper = paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert version.number == 2
    assert paper.current_version == version
    assert paper.status == S.UNDER_REVIEW
    assert statuses(paper)[-3:] == [
        ("under_review", "revisions_requested"),
        ("revisions_requested", "submitted"),
        ("submitted", "under_review"),
    ]
    assert paper.history.last().actor is None
    assert sorted(v.number for v in paper.versions.all()) == [1, 2]
    assert len(stored_files(media_root)) == 2


def test_revision_without_a_new_version_is_refused(forum, author, reviewer, chair):
    paper = revisions_requested(forum, author, reviewer, chair)

    with pytest.raises(ServiceError) as refused:
        paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert refused.value.code == "revision_missing"


def close_call(forum):
    forum.call_opens_at = timezone.now() - datetime.timedelta(days=30)
    forum.call_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    forum.save()


def test_revision_after_the_call_closed_is_refused(forum, author, reviewer, chair, media_root):
    paper = revisions_requested(forum, author, reviewer, chair)
    close_call(forum)

    with pytest.raises(ServiceError) as refused:
        paper_add_version(actor=author.user, paper=paper, file=pdf_upload())

    assert refused.value.code == "call_closed"
    assert len(stored_files(media_root)) == 1


def test_chair_grants_a_late_revision(forum, author, reviewer, chair):
    paper = revisions_requested(forum, author, reviewer, chair)
    close_call(forum)

    paper_grant_late_revision(
        actor=chair, paper=paper, until=timezone.now() + datetime.timedelta(days=3)
    )
    paper_add_version(actor=author.user, paper=paper, file=pdf_upload())
    paper = paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert paper.status == S.UNDER_REVIEW


def test_expired_late_revision_is_refused(forum, author, reviewer, chair):
    paper = revisions_requested(forum, author, reviewer, chair)
    paper_add_version(actor=author.user, paper=paper, file=pdf_upload())
    close_call(forum)
    PositionPaper.objects.filter(pk=paper.pk).update(
        late_revision_until=timezone.now() - datetime.timedelta(minutes=1)
    )

    with pytest.raises(ServiceError) as refused:
        paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert refused.value.code == "call_closed"


def test_late_revision_only_by_chairs_and_only_for_revisions(forum, author, reviewer, chair):
    paper = under_review(forum, author, reviewer, chair)
    until = timezone.now() + datetime.timedelta(days=3)

    with pytest.raises(Conflict):
        paper_grant_late_revision(actor=chair, paper=paper, until=until)
    paper = paper_transition(actor=chair, paper=paper, to=S.REVISIONS_REQUESTED, message="More.")
    with pytest.raises(NotAllowed):
        paper_grant_late_revision(actor=author.user, paper=paper, until=until)
    with pytest.raises(ServiceError) as past:
        paper_grant_late_revision(
            actor=chair, paper=paper, until=timezone.now() - datetime.timedelta(hours=1)
        )
    assert past.value.code == "invalid_date"


def test_author_edits_text_of_a_draft_only(forum, author, reviewer, chair, colleague):
    paper = create(forum, author)

    paper = paper_update(actor=author.user, paper=paper, title="  A   new title ", keywords=[])
    with pytest.raises(NotAllowed):
        paper_update(actor=colleague.user, paper=paper, title="Hijacked")
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)
    with pytest.raises(Conflict) as refused:
        paper_update(actor=author.user, paper=paper, title="Too late")

    assert PositionPaper.objects.get(pk=paper.pk).title == "A new title"
    assert refused.value.code == "not_editable"


def test_new_file_only_for_drafts_and_revisions(forum, author, media_root):
    paper = create(forum, author)
    paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    with pytest.raises(Conflict) as refused:
        paper_add_version(actor=author.user, paper=paper, file=pdf_upload())

    assert refused.value.code == "not_editable"
    assert len(stored_files(media_root)) == 1


# --- withdrawal and the table itself -------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "submitted", "under_review", "revisions_requested"])
def test_author_withdraws_before_a_final_decision(forum, author, status):
    paper = make_paper(forum, author, status=status)

    paper = paper_transition(actor=author.user, paper=paper, to=S.WITHDRAWN, message="Merged.")

    assert paper.status == S.WITHDRAWN
    assert statuses(paper)[-1] == (status, "withdrawn")


@pytest.mark.parametrize("status", ["accepted", "rejected", "withdrawn"])
def test_withdrawal_after_a_decision_is_refused(forum, author, status):
    paper = make_paper(forum, author, status=status)

    with pytest.raises(Conflict) as refused:
        paper_transition(actor=author.user, paper=paper, to=S.WITHDRAWN)

    assert refused.value.code == "invalid_transition"


def test_only_the_author_withdraws(forum, author, colleague, chair):
    paper = make_paper(forum, author, status=S.SUBMITTED)

    for actor in (colleague.user, chair):
        with pytest.raises(NotAllowed):
            paper_transition(actor=actor, paper=paper, to=S.WITHDRAWN)


MISSING = [
    pair
    for pair in itertools.product(PaperStatus.values, repeat=2)
    if pair not in PAPER_TRANSITIONS
]


@pytest.mark.parametrize(("start", "target"), MISSING)
def test_moves_outside_the_table_are_refused(forum, author, secretariat, start, target):
    paper = make_paper(forum, author, status=start)

    with pytest.raises(Conflict) as refused:
        paper_transition(actor=secretariat, paper=paper, to=target, message="Message")

    assert refused.value.code == "invalid_transition"
    assert PositionPaper.objects.get(pk=paper.pk).status == start


def test_transition_table_has_the_workflow_of_the_call():
    assert set(PAPER_TRANSITIONS) == {
        ("draft", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "accepted"),
        ("under_review", "rejected"),
        ("under_review", "revisions_requested"),
        ("revisions_requested", "submitted"),
        ("draft", "withdrawn"),
        ("submitted", "withdrawn"),
        ("under_review", "withdrawn"),
        ("revisions_requested", "withdrawn"),
    }


def test_accreditation_is_checked_at_submission(forum, author):
    paper = create(forum, author)
    Accreditation.objects.filter(delegate=author).update(status=Accreditation.Status.CANCELLED)

    with pytest.raises(NotAllowed) as refused:
        paper_transition(actor=author.user, paper=paper, to=S.SUBMITTED)

    assert refused.value.code == "not_accredited"
