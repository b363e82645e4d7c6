"""The OpenAPI schema is the API's contract: schemathesis generates requests for every
operation from it, sends them to a real daphne worker as a signed-in delegate and as the
secretariat, and checks every answer against it: no server error, only documented
status codes and content types, bodies of the documented shape."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.checks import response_headers_conformance

from events.models import Event
from harness.processes import DaphneWorker, wait_for_other_database_sessions_to_end
from tests.factories import EventFactory, ForumFactory, UserFactory, accredited_delegate

pytestmark = pytest.mark.once

# How many requests per operation and person: enough to reach every answer of an
# operation, few enough to keep the whole run to about a minute.
EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture(scope="module")
def api_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """A production-like worker (DEBUG off: error pages are the API's JSON) whose rate
    limits do not get in the way of a few thousand requests."""
    with django_db_blocker.unblock():
        worker = DaphneWorker(
            log_dir=tmp_path_factory.mktemp("daphne-api"),
            extra_env={
                "DEBUG": "0",
                "DEMO": "0",
                "API_THROTTLE_ANON": "100000/minute",
                "API_THROTTLE_USER": "100000/minute",
                "API_THROTTLE_AUTH": "100000/minute",
                "MEDIA_ROOT": str(tmp_path_factory.mktemp("api-media")),
            },
        ).start()
    yield worker
    worker.stop()
    with django_db_blocker.unblock():
        wait_for_other_database_sessions_to_end()


@pytest.fixture
def tokens(transactional_db):
    """A delegate accredited for a published event with a forum, and the secretariat."""
    event = EventFactory(status=Event.Status.PUBLISHED)
    ForumFactory(event=event)
    delegate = accredited_delegate(event)
    staff = UserFactory(is_staff=True, is_superuser=True)
    return {
        "delegate": Token.objects.create(user=delegate.user).key,
        "secretariat": Token.objects.create(user=staff).key,
    }


@pytest.mark.parametrize("role", ["delegate", "secretariat"])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_the_schema_says(case, role, api_server, tokens):
    response = case.call(
        base_url=api_server.http_url,
        headers={"Authorization": f"Token {tokens[role]}"},
        timeout=30,
    )

    case.validate_response(response, checks=CHECKS)


def _validated(operation, api_server, token, **path):
    case = schema[operation[1]][operation[0]].Case(path_parameters=path)
    response = case.call(
        base_url=api_server.http_url, headers={"Authorization": f"Token {token}"}, timeout=30
    )
    case.validate_response(response, checks=CHECKS)
    return response


@pytest.fixture
def reviewed(transactional_db):
    """A paper with a review and a decision: every side of its reviews and versions."""
    from papers.models import PaperStatus
    from papers.services import paper_claim, paper_transition, review_submit
    from tests.factories import DelegateFactory, PaperVersionFactory, PositionPaperFactory

    event = EventFactory()
    forum = ForumFactory(event=event)
    chair = UserFactory()
    forum.chairs.add(chair)
    author = accredited_delegate(event)
    reviewer = DelegateFactory()
    forum.reviewers.add(reviewer)
    paper = PositionPaperFactory(
        forum=forum, author=author, organization=author.organization, status="submitted"
    )
    paper.current_version = PaperVersionFactory(paper=paper)
    paper.save()
    paper_claim(actor=reviewer.user, paper=paper)
    review_submit(
        actor=reviewer.user,
        paper=paper,
        score=4,
        recommendation="accept",
        comments_to_author="Good.",
    )
    paper_transition(actor=chair, paper=paper, to=PaperStatus.ACCEPTED, message="Accepted.")
    tokens = {
        name: Token.objects.create(user=user).key
        for name, user in (("author", author.user), ("chair", chair), ("reviewer", reviewer.user))
    }
    return paper, tokens


@pytest.mark.parametrize("who", ["author", "chair", "reviewer"])
def test_reviews_and_versions_answer_the_documented_bare_lists(reviewed, api_server, who):
    paper, tokens = reviewed

    reviews = _validated(
        ("GET", "/api/v1/papers/{id}/reviews/"), api_server, tokens[who], id=paper.pk
    )
    versions = _validated(
        ("GET", "/api/v1/papers/{id}/versions/"), api_server, tokens[who], id=paper.pk
    )

    assert (type(reviews.json()), len(reviews.json()), len(versions.json())) == (list, 1, 1)
    if who == "author":
        assert reviews.json() == [{"comments_to_author": "Good."}]
    else:
        assert reviews.json()[0]["score"] == 4
