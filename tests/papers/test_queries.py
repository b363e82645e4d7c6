"""The number of queries of every paper list stays the same whatever the number of papers.
Every signed-in page also reads the user's permissions once (two queries), for the menu's
link to the doors."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from papers.models import PaperStatus, Review
from tests.factories import DelegateFactory
from tests.papers.conftest import make_paper

pytestmark = pytest.mark.django_db

S = PaperStatus


def fill(forum, author, reviewer, count):
    """``count`` papers of each kind: the author's, reviewed by ``reviewer``, published."""
    for n in range(count):
        other = DelegateFactory()
        make_paper(forum, author, status=S.DRAFT, title=f"Draft {n}")
        reviewed = make_paper(
            forum, other, status=S.UNDER_REVIEW, title=f"Review {n}", reviewers=[reviewer]
        )
        Review.objects.create(paper=reviewed, reviewer=reviewer, score=3, recommendation="accept")
        make_paper(forum, other, status=S.ACCEPTED, title=f"Accepted {n}")


def counts(django_assert_max_num_queries, limit, request, forum, author, reviewer):
    """Run ``request`` with 2, then 12 papers of each kind, under the same limit."""
    for size in (2, 10):
        fill(forum, author, reviewer, size)
        with django_assert_max_num_queries(limit):
            response = request()
        assert response.status_code == 200


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def page(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["anonymous", "author", "reviewer", "chair", "secretariat"])
def test_api_paper_list_query_count(
    django_assert_max_num_queries, forum, author, reviewer, chair, secretariat, role
):
    user = {
        "anonymous": None,
        "author": author.user,
        "reviewer": reviewer.user,
        "chair": chair,
        "secretariat": secretariat,
    }[role]
    client = api(user)

    counts(
        django_assert_max_num_queries,
        3,
        lambda: client.get("/api/v1/papers/?page_size=200"),
        forum,
        author,
        reviewer,
    )


def test_api_reviews_query_count(django_assert_max_num_queries, forum, author, reviewer, chair):
    paper = make_paper(forum, author, status=S.UNDER_REVIEW)
    client = api(chair)

    for size in (2, 10):
        for _ in range(size):
            other = DelegateFactory()
            forum.reviewers.add(other)
            paper.assignments.create(reviewer=other)
            Review.objects.create(paper=paper, reviewer=other, score=4, recommendation="accept")
        with django_assert_max_num_queries(4):
            response = client.get(f"/api/v1/papers/{paper.pk}/reviews/")
        assert len(response.json()) == paper.reviews.count()


def test_forum_page_query_count(django_assert_max_num_queries, forum, author, reviewer):
    client = page(author.user)

    # 16: whether the author may submit reads the accreditation and the places taken.
    counts(
        django_assert_max_num_queries,
        16,
        lambda: client.get(forum.get_absolute_url()),
        forum,
        author,
        reviewer,
    )


def test_my_papers_page_query_count(django_assert_max_num_queries, forum, author, reviewer):
    client = page(author.user)

    counts(
        django_assert_max_num_queries, 10, lambda: client.get("/papers/"), forum, author, reviewer
    )


def test_me_page_query_count(django_assert_max_num_queries, forum, author, reviewer):
    client = page(author.user)

    # The page also looks up the delegations the user registers as a focal point.
    counts(django_assert_max_num_queries, 9, lambda: client.get("/me/"), forum, author, reviewer)


def test_review_queue_query_count(django_assert_max_num_queries, forum, author, reviewer):
    client = page(reviewer.user)

    counts(
        django_assert_max_num_queries,
        7,
        lambda: client.get("/papers/reviews/"),
        forum,
        author,
        reviewer,
    )


def test_decision_board_query_count(django_assert_max_num_queries, forum, author, reviewer, chair):
    client = page(chair)
    url = f"/papers/board/{forum.event.slug}/{forum.slug}/"

    # 10: whether the chair has a delegate profile (whose language the site would speak).
    counts(django_assert_max_num_queries, 10, lambda: client.get(url), forum, author, reviewer)
