"""``manage.py remind_reviewers``: once, two days before the review deadline, for open
reviews only."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from papers.models import PaperStatus, Review, ReviewAssignment
from papers.services import review_send_reminders
from tests.papers.conftest import make_paper

pytestmark = pytest.mark.django_db(transaction=True)

S = PaperStatus


@pytest.fixture
def due_forum(forum):
    forum.review_deadline = timezone.now() + datetime.timedelta(days=1, hours=12)
    forum.save()
    return forum


def test_open_reviews_are_reminded_once(due_forum, author, reviewer, second_reviewer, capsys):
    paper = make_paper(
        due_forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer, second_reviewer]
    )
    Review.objects.create(
        paper=paper,
        reviewer=second_reviewer,
        version=paper.current_version,
        score=4,
        recommendation="accept",
    )

    call_command("remind_reviewers")
    call_command("remind_reviewers")

    assert capsys.readouterr().out == "1 reminder(s) sent.\n0 reminder(s) sent.\n"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [reviewer.user.email],
            "Reminder: your review for Metropolitan Governance is due soon",
        )
    ]
    assert "Who governs the metropolis?" in mail.outbox[0].body
    assert ReviewAssignment.objects.get(reviewer=reviewer).reminded_at is not None
    assert ReviewAssignment.objects.get(reviewer=second_reviewer).reminded_at is None


@pytest.mark.parametrize(
    "deadline_in",
    [datetime.timedelta(days=3), datetime.timedelta(hours=-1)],
    ids=["more than two days away", "already passed"],
)
def test_no_reminder_outside_the_two_days(forum, author, reviewer, deadline_in):
    forum.review_deadline = timezone.now() + deadline_in
    forum.save()
    make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    assert review_send_reminders() == 0
    assert mail.outbox == []


def test_no_reminder_without_a_deadline(forum, author, reviewer):
    forum.review_deadline = None
    forum.save()
    make_paper(forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])

    assert review_send_reminders() == 0


def test_decided_papers_need_no_reminder(due_forum, author, reviewer):
    make_paper(due_forum, author, status=S.ACCEPTED, reviewers=[reviewer])

    assert review_send_reminders() == 0


def test_a_review_of_an_older_version_is_still_open(due_forum, author, reviewer):
    paper = make_paper(due_forum, author, status=S.UNDER_REVIEW, reviewers=[reviewer])
    Review.objects.create(
        paper=paper, reviewer=reviewer, version=None, score=3, recommendation="revise"
    )

    assert review_send_reminders() == 1
