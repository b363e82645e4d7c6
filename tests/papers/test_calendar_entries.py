"""The shape of the paper deadlines in a private feed: an instant (DTSTART, no DTEND,
RFC 5545 3.6.1 and 3.8.2.2), and a SEQUENCE that counts the entry's changes."""

import datetime
import json

import pytest
from django.utils import timezone

from forums.models import Forum
from papers.models import PaperStatus, PositionPaper
from tests.factories import CalendarEntryFactory
from tests.papers.conftest import make_paper
from tests.papers.test_calendar import feed
from tests.support import run_node_script

pytestmark = pytest.mark.django_db


def test_a_deadline_has_a_start_and_no_end(client, forum, author):
    paper = make_paper(forum, author, status=PaperStatus.DRAFT)

    response, entries = feed(client, author)

    entry = entries[f"paper-{paper.pk}@localhost"]
    assert (hasattr(entry, "dtend"), hasattr(entry, "duration")) == (False, False)
    assert entry.dtstart.value == forum.call_closes_at.replace(microsecond=0)
    assert b"DTEND" not in response.content


def test_sequence_counts_the_changes_of_an_entry(client, forum, author):
    paper = make_paper(forum, author, status=PaperStatus.DRAFT)
    uid = f"paper-{paper.pk}@localhost"

    def sequence():
        return feed(client, author)[1][uid].sequence.value

    seen = [sequence(), sequence()]
    Forum.objects.filter(pk=forum.pk).update(
        call_closes_at=forum.call_closes_at + datetime.timedelta(days=2)
    )
    seen += [sequence(), sequence()]
    PositionPaper.objects.filter(pk=paper.pk).update(
        status=PaperStatus.REVISIONS_REQUESTED,
        decided_at=timezone.now(),
        late_revision_until=timezone.now() + datetime.timedelta(days=20),
    )
    seen.append(sequence())
    client.get(f"/calendar/me/{author.calendar_token}.ics?lang=fr")
    seen.append(sequence())

    assert seen == ["0", "0", "1", "1", "2", "2"]


def test_a_review_deadline_counts_its_changes_too(client, forum, author, reviewer):
    make_paper(forum, author, status=PaperStatus.UNDER_REVIEW, reviewers=[reviewer])
    uid = f"reviews-{forum.pk}-{reviewer.pk}@localhost"

    first = feed(client, reviewer)[1][uid].sequence.value
    make_paper(forum, author, status=PaperStatus.UNDER_REVIEW, reviewers=[reviewer], title="Two")
    second = feed(client, reviewer)[1][uid].sequence.value

    assert (first, second) == ("0", "1")


def test_a_recorded_entry_starts_from_its_sequence(client, forum, author):
    paper = make_paper(forum, author, status=PaperStatus.DRAFT)
    CalendarEntryFactory(uid=f"paper-{paper.pk}@localhost", sequence=7)

    _response, entries = feed(client, author)

    assert entries[f"paper-{paper.pk}@localhost"].sequence.value == "8"


def test_icaljs_reads_a_deadline_as_an_instant(client, forum, author):
    make_paper(forum, author, status=PaperStatus.DRAFT)

    response, _entries = feed(client, author)

    [read] = json.loads(run_node_script("read_ics.mjs", response.content))

    closes = int(forum.call_closes_at.timestamp())
    assert (read["start"], read["end"], read["has_end"], read["sequence"]) == (
        closes,
        closes,
        False,
        0,
    )
