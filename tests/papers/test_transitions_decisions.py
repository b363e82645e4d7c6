"""The paper state machine: every transition, who may make it, and every refusal."""

import datetime
import itertools

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Accreditation
from papers.models import PaperStatus, PositionPaper
from papers.services import (
    PAPER_TRANSITIONS,
    paper_add_version,
    paper_grant_late_revision,
    paper_transition,
    paper_update,
    review_submit,
)
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import UserFactory
from tests.papers.conftest import make_paper, pdf_upload, stored_files
from tests.papers.transitions_support import create, statuses, under_review

pytestmark = pytest.mark.django_db

S = PaperStatus


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
