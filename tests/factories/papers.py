"""Factories of the papers app: rows in a given state, for setting up tests (the services
make real ones, with checked files)."""

import hashlib

import factory
from django.core.files.base import ContentFile

from demo.pdfmake import make_pdf
from papers.models import (
    CalendarEntry,
    PaperStatus,
    PaperStatusChange,
    PaperVersion,
    PositionPaper,
    Review,
    ReviewAssignment,
    ReviewUnassignment,
)
from tests.factories.events import DelegateFactory
from tests.factories.forums import ForumFactory


class PositionPaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionPaper

    forum = factory.SubFactory(ForumFactory)
    author = factory.SubFactory(DelegateFactory)
    organization = factory.LazyAttribute(lambda paper: paper.author.organization)
    title = factory.Sequence(lambda n: f"Who governs the metropolis? ({n})")
    abstract = "Metropolitan areas outgrew their borders; their institutions did not."
    language = "en"
    keywords = factory.LazyFunction(lambda: ["governance", "metropolis"])
    status = PaperStatus.DRAFT


def _pdf(version) -> ContentFile:
    return ContentFile(make_pdf(version.paper.title, "Cities speak."), name="paper.pdf")


class PaperVersionFactory(factory.django.DjangoModelFactory):
    """A version with a real stored PDF."""

    class Meta:
        model = PaperVersion

    paper = factory.SubFactory(PositionPaperFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.LazyAttribute(_pdf)
    sha256 = factory.LazyAttribute(lambda version: hashlib.sha256(version.file.read()).hexdigest())
    size = factory.LazyAttribute(lambda version: version.file.size)
    pages = 1
    original_name = "paper.pdf"


class PaperStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperStatusChange

    paper = factory.SubFactory(PositionPaperFactory)
    from_status = ""
    to_status = PaperStatus.DRAFT


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    paper = factory.SubFactory(PositionPaperFactory, status=PaperStatus.UNDER_REVIEW)
    reviewer = factory.SubFactory(DelegateFactory)


class ReviewUnassignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewUnassignment

    paper = factory.SubFactory(PositionPaperFactory, status=PaperStatus.UNDER_REVIEW)
    reviewer = factory.SubFactory(DelegateFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    paper = factory.SubFactory(PositionPaperFactory, status=PaperStatus.UNDER_REVIEW)
    reviewer = factory.SubFactory(DelegateFactory)
    score = 4
    recommendation = Review.Recommendation.ACCEPT
    comments_to_author = "Clear and well argued."


class CalendarEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarEntry

    uid = factory.Sequence(lambda n: f"paper-{n}@localhost")
    fingerprint = "0" * 32
