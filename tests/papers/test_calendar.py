"""Paper deadlines in the delegate's private calendar feed."""

import datetime

import pytest
import vobject
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.http import parse_http_date

from forums.models import Forum
from papers import services
from papers.models import (
    PaperStatus,
    PositionPaper,
    Review,
    ReviewAssignment,
    ReviewUnassignment,
)
from tests.papers.conftest import make_paper

pytestmark = pytest.mark.django_db


def feed(client, delegate):
    response = client.get(f"/calendar/me/{delegate.calendar_token}.ics")
    assert response.status_code == 200
    calendar = vobject.readOne(response.content.decode())
    entries = list(calendar.vevent_list) if hasattr(calendar, "vevent_list") else []
    return response, {entry.uid.value: entry for entry in entries}


def test_draft_shows_when_the_call_closes(client, forum, author):
    paper = make_paper(forum, author, status=PaperStatus.DRAFT)

    response, entries = feed(client, author)

    entry = entries[f"paper-{paper.pk}@localhost"]
    assert entry.summary.value == "Call for papers closes: Metropolitan Governance"
    assert entry.dtstart.value == forum.call_closes_at.replace(microsecond=0)
    assert b"DTSTART;TZID=Europe/Madrid:" in response.content
    assert f"/papers/{paper.pk}/" in entry.url.value


def test_revision_due_at_a_late_revision_granted_by_the_chairs(client, forum, author):
    paper = make_paper(forum, author, status=PaperStatus.REVISIONS_REQUESTED)
    late = (timezone.now() + datetime.timedelta(days=30)).replace(microsecond=0)
    PositionPaper.objects.filter(pk=paper.pk).update(late_revision_until=late)

    _response, entries = feed(client, author)

    entry = entries[f"paper-{paper.pk}@localhost"]
    assert entry.summary.value == "Revision due: Who governs the metropolis?"
    assert entry.dtstart.value == late


def test_submitted_paper_leaves_the_feed_and_moves_last_modified(client, forum, author):
    paper = make_paper(forum, author, status=PaperStatus.DRAFT)
    past = timezone.now() - datetime.timedelta(minutes=10)
    PositionPaper.objects.filter(pk=paper.pk).update(updated_at=past)
    forum.__class__.objects.filter(pk=forum.pk).update(updated_at=past)
    first, entries = feed(client, author)
    assert list(entries) == [f"paper-{paper.pk}@localhost"]

    paper.status = PaperStatus.SUBMITTED
    paper.save()
    second, entries = feed(client, author)

    assert entries == {}
    assert second["ETag"] != first["ETag"]


def test_reviewer_sees_the_review_deadline_until_the_review_is_in(client, forum, author, reviewer):
    papers = [
        make_paper(
            forum, author, status=PaperStatus.UNDER_REVIEW, title=f"Paper {n}", reviewers=[reviewer]
        )
        for n in range(2)
    ]

    _response, entries = feed(client, reviewer)
    entry = entries[f"reviews-{forum.pk}-{reviewer.pk}@localhost"]
    assert entry.summary.value == "Reviews due: Metropolitan Governance"
    assert entry.description.value.startswith("2 papers to review.")
    assert entry.dtstart.value == forum.review_deadline.replace(microsecond=0)

    for paper in papers:
        Review.objects.create(
            paper=paper,
            reviewer=reviewer,
            version=paper.current_version,
            score=4,
            recommendation="accept",
        )
    _response, entries = feed(client, reviewer)
    assert entries == {}


def test_a_paper_taken_back_from_a_reviewer_moves_last_modified(
    client, forum, author, reviewer, chair
):
    papers = [
        make_paper(
            forum, author, status=PaperStatus.UNDER_REVIEW, title=f"Paper {n}", reviewers=[reviewer]
        )
        for n in range(2)
    ]
    past = timezone.now() - datetime.timedelta(minutes=10)
    PositionPaper.objects.update(updated_at=past)
    ReviewAssignment.objects.update(created_at=past)
    Forum.objects.update(updated_at=past)
    User.objects.update(date_joined=past)
    first, entries = feed(client, reviewer)
    entry = entries[f"reviews-{forum.pk}-{reviewer.pk}@localhost"]
    assert entry.description.value.startswith("2 papers to review.")

    services.paper_unassign_reviewer(actor=chair, assignment=papers[0].assignments.get())
    # Last-Modified is only sent for changes at least a second old.
    ReviewUnassignment.objects.update(removed_at=past + datetime.timedelta(minutes=5))
    url = f"/calendar/me/{reviewer.calendar_token}.ics"
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert by_date.status_code == by_etag.status_code == 200
    assert parse_http_date(by_date["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    _response, entries = feed(client, reviewer)
    entry = entries[f"reviews-{forum.pk}-{reviewer.pk}@localhost"]
    assert entry.description.value.startswith("1 paper to review.")


def test_other_delegates_do_not_see_someone_elses_deadlines(client, forum, author, colleague):
    make_paper(forum, author, status=PaperStatus.DRAFT)

    _response, entries = feed(client, colleague)

    assert entries == {}


def test_feed_in_french(client, forum, author):
    make_paper(forum, author, status=PaperStatus.DRAFT)
    forum.title_fr = "Gouvernance métropolitaine"
    forum.save()

    response = client.get(f"/calendar/me/{author.calendar_token}.ics?lang=fr")

    assert "Clôture de l'appel à contributions : Gouvernance métropolitaine" in (
        vobject.readOne(response.content.decode()).vevent.summary.value
    )
