"""Anonymous review: no page, email, feed or API answer the author's side gets names a
reviewer, and none a reviewer gets names the author or their organization."""

import json

import pytest
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from papers.models import PaperStatus
from papers.services import paper_claim, paper_transition, review_submit
from tests.papers.conftest import make_paper

pytestmark = pytest.mark.django_db


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def everything_seen_by(delegate, paper) -> str:
    """The text of every page, API answer and feed the delegate can open about the
    paper, and of every email sent to them."""
    pages = page_client(delegate.user)
    api = api_client(delegate.user)
    texts = [
        pages.get(f"/papers/{paper.pk}/").content.decode(),
        pages.get("/papers/").content.decode(),
        pages.get("/papers/reviews/").content.decode(),
        pages.get("/me/").content.decode(),
        json.dumps(api.get(f"/api/v1/papers/{paper.pk}/").json()),
        json.dumps(api.get("/api/v1/papers/").json()),
        json.dumps(api.get(f"/api/v1/papers/{paper.pk}/reviews/").json()),
        json.dumps(api.get(f"/api/v1/papers/{paper.pk}/versions/").json()),
        pages.get(f"/calendar/me/{delegate.calendar_token}.ics").content.decode(),
    ]
    address = delegate.user.email
    for message in mail.outbox:
        if address in message.to:
            texts += [message.subject, message.body]
            texts += [content for content, _type in getattr(message, "alternatives", [])]
    return "\n".join(texts)


@pytest.fixture
def claimed(forum, author, reviewer, chair):
    """Under anonymous review: the reviewer claims the paper, reviews it, and the chairs
    ask for a revision, so that the author's side has a history, emails and comments."""
    forum.anonymous_review = True
    forum.save()
    paper = make_paper(forum, author, status=PaperStatus.SUBMITTED)
    paper_claim(actor=reviewer.user, paper=paper)
    review_submit(
        actor=reviewer.user,
        paper=paper,
        score=3,
        recommendation="revise",
        comments_to_author="Say more about transport.",
    )
    paper_transition(
        actor=chair, paper=paper, to=PaperStatus.REVISIONS_REQUESTED, message="Please revise."
    )
    return paper


def test_author_and_colleagues_never_see_the_reviewers_name(claimed, author, colleague, reviewer):
    for person in (author, colleague):
        seen = everything_seen_by(person, claimed)
        assert ("Jiwoo" in seen, "Park" in seen, "Seoul" in seen) == (False, False, False)
        assert "a reviewer" in page_client(person.user).get(f"/papers/{claimed.pk}/").text


def test_the_reviewer_never_sees_the_author_or_organization(claimed, reviewer):
    seen = everything_seen_by(reviewer, claimed)

    assert ("Amina" in seen, "Diallo" in seen, "Dakar" in seen) == (False, False, False)


def test_the_chairs_still_see_who_claimed_the_paper(claimed, chair):
    page = page_client(chair).get(f"/papers/{claimed.pk}/").text

    assert ("Jiwoo Park" in page, "a reviewer" in page) == (True, False)


def test_without_anonymous_review_the_author_sees_the_reviewer(forum, author, reviewer):
    paper = make_paper(forum, author, status=PaperStatus.SUBMITTED)
    paper_claim(actor=reviewer.user, paper=paper)

    page = page_client(author.user).get(f"/papers/{paper.pk}/").text

    assert ("Jiwoo Park" in page, "a reviewer" in page) == (True, False)
