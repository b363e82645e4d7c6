"""The paper state machine: every transition, who may make it, and every refusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from papers.models import PaperStatus, PositionPaper
from papers.services import (
    paper_create,
    paper_transition,
)
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import AccreditationFactory, DelegateFactory, UserFactory
from tests.papers.conftest import pdf_upload, stored_files
from tests.papers.transitions_support import create, statuses

pytestmark = pytest.mark.django_db

S = PaperStatus


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
    second = create(forum, author)
    paper_transition(actor=colleague.user, paper=first, to=S.SUBMITTED)

    with pytest.raises(Conflict) as refused:
        paper_transition(actor=author.user, paper=second, to=S.SUBMITTED)

    assert refused.value.code == "organization_limit"
    assert refused.value.message == (
        "Your organization has already submitted 1 of the 1 position papers it may submit "
        "to this forum."
    )


def test_no_new_paper_once_the_organizations_places_are_taken(forum, author, colleague):
    first = create(forum, colleague)
    paper_transition(actor=colleague.user, paper=first, to=S.SUBMITTED)

    with pytest.raises(Conflict) as refused:
        create(forum, author)

    assert refused.value.code == "organization_limit"
    assert PositionPaper.objects.filter(author=author).count() == 0


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
