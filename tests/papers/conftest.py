"""People, forums and papers for the position paper tests.

A forum with an open call, a chair, and a reviewer pool; delegates in every role the
permission rules distinguish. ``make_paper`` writes a paper in any state directly (fast,
for lists and permissions); the transition tests go through the services.
"""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.pdfmake import make_pdf
from papers.models import PaperStatus, PaperStatusChange, PaperVersion, PositionPaper
from tests.factories import (
    DelegateFactory,
    ForumFactory,
    OrganizationFactory,
    UserFactory,
    accredited_delegate,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """These tests create many users; the production hasher costs a third of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh directory, so a test can see exactly what is left."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def stored_files(root):
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def pdf_upload(name="paper.pdf", *, title="A position paper", pages=1, data=None):
    content = data if data is not None else make_pdf(title, "Cities speak. " * 40, pages=pages)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def chair(db):
    return UserFactory(first_name="Kwame", last_name="Chair")


@pytest.fixture
def forum(event, chair):
    now = timezone.now()
    forum = ForumFactory(
        event=event,
        title="Metropolitan Governance",
        slug="governance",
        call_opens_at=now - datetime.timedelta(days=10),
        call_closes_at=now + datetime.timedelta(days=10),
        review_deadline=now + datetime.timedelta(days=20),
    )
    forum.chairs.add(chair)
    return forum


@pytest.fixture
def author(event):
    organization = OrganizationFactory(name="City of Dakar", short_name="Dakar")
    return accredited_delegate(
        event,
        organization=organization,
        user__first_name="Amina",
        user__last_name="Diallo",
    )


@pytest.fixture
def colleague(event, author):
    """Another delegate of the author's organization."""
    return accredited_delegate(event, organization=author.organization)


@pytest.fixture
def outsider(event):
    """A delegate of another organization, with no role in the forum."""
    return accredited_delegate(event)


@pytest.fixture
def reviewer(forum):
    delegate = DelegateFactory(
        organization=OrganizationFactory(name="City of Seoul", short_name="Seoul"),
        user__first_name="Jiwoo",
        user__last_name="Park",
    )
    forum.reviewers.add(delegate)
    return delegate


@pytest.fixture
def second_reviewer(forum):
    delegate = DelegateFactory()
    forum.reviewers.add(delegate)
    return delegate


def make_paper(
    forum,
    author,
    *,
    status=PaperStatus.DRAFT,
    title="Who governs the metropolis?",
    with_file=True,
    reviewers=(),
):
    """A paper in ``status`` written straight to the database, with a stored PDF."""
    now = timezone.now()
    paper = PositionPaper.objects.create(
        forum=forum,
        author=author,
        organization=author.organization,
        title=title,
        abstract="Metropolitan areas outgrew their borders; their institutions did not.",
        language="en",
        keywords=["governance", "metropolis"],
        status=status,
        submitted_at=None if status == PaperStatus.DRAFT else now,
        decided_at=now if status in PositionPaper.DECIDED else None,
        decision_message="Thank you." if status in PositionPaper.DECIDED else "",
    )
    if with_file:
        data = make_pdf(title, "Cities speak.")
        version = PaperVersion(
            paper=paper,
            number=1,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            pages=1,
            original_name="amina-diallo-paper.pdf",
        )
        version.file.save(f"papers/test-{paper.pk}.pdf", ContentFile(data), save=False)
        version.save()
        paper.current_version = version
        paper.save(update_fields=["current_version"])
    PaperStatusChange.objects.create(paper=paper, from_status="", to_status=status)
    for delegate in reviewers:
        paper.assignments.create(reviewer=delegate)
    return paper
