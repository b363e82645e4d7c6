"""Every HTML form that has an API twin refuses what the API refuses, with the same
message, and changes nothing: both call the same service, which holds the checks."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Accreditation, Event
from forums.models import Seat
from papers.models import PaperStatus, PaperStatusChange, PositionPaper, ReviewAssignment
from tests.factories import (
    DelegateFactory,
    EventFactory,
    ForumFactory,
    PaperVersionFactory,
    PositionPaperFactory,
    UserFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def page_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_refusal(response) -> str:
    """What the page tells the user: its JSON answer (the upload script), or the message
    shown beside the form after the redirect."""
    if response.headers.get("Content-Type", "").startswith("application/json"):
        return response.json()["detail"]
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    return shown[0] if shown else f"(nothing said, {response.status_code})"


def snapshot():
    return (
        list(Accreditation.objects.order_by("pk").values_list("pk", "status")),
        list(Seat.objects.order_by("pk").values_list("pk", "status")),
        list(PositionPaper.objects.order_by("pk").values_list("pk", "status", "title")),
        list(ReviewAssignment.objects.order_by("pk").values_list("pk", "reviewer_id")),
        PaperStatusChange.objects.count(),
    )


@pytest.fixture
def cancelled():
    """A cancelled event whose forum has an open call, an accredited delegate with a
    draft that has its PDF, and a chair."""
    now = timezone.now()
    event = EventFactory(status=Event.Status.CANCELLED, accreditation_requires_approval=False)
    forum = ForumFactory(
        event=event,
        call_opens_at=now - datetime.timedelta(days=1),
        call_closes_at=now + datetime.timedelta(days=5),
    )
    delegate = accredited_delegate(event)
    newcomer = DelegateFactory()
    paper = PositionPaperFactory(forum=forum, author=delegate, organization=delegate.organization)
    paper.current_version = PaperVersionFactory(paper=paper)
    paper.save()
    return {
        "event": event,
        "forum": forum,
        "delegate": delegate,
        "newcomer": newcomer,
        "paper": paper,
    }


def twins(world):
    """(name, who, the page's request, the API's request) for every form with a twin."""
    event, forum, paper = world["event"], world["forum"], world["paper"]
    delegate, newcomer = world["delegate"].user, world["newcomer"].user
    paper_fields = {"title": "Housing first", "abstract": "Cities act.", "language": "en"}
    return [
        (
            "accreditation",
            newcomer,
            lambda c: c.post(f"/events/{event.slug}/accreditation/"),
            lambda c: c.post("/api/v1/accreditations/", {"event": event.pk}, format="json"),
        ),
        (
            "seat",
            delegate,
            lambda c: c.post(f"/events/{event.slug}/forums/{forum.slug}/seat/"),
            lambda c: c.post("/api/v1/seats/", {"forum": forum.pk}, format="json"),
        ),
        (
            "new paper",
            delegate,
            lambda c: c.post(
                f"/papers/submit/{event.slug}/{forum.slug}/",
                paper_fields,
                headers={"X-Requested-With": "XMLHttpRequest"},
            ),
            lambda c: c.post("/api/v1/papers/", {"forum": forum.pk, **paper_fields}, format="json"),
        ),
        (
            "submit a paper",
            delegate,
            lambda c: c.post(f"/papers/{paper.pk}/transition/", {"to": "submitted"}),
            lambda c: c.post(f"/api/v1/papers/{paper.pk}/submit/"),
        ),
    ]


def test_every_form_with_an_api_twin_refuses_a_cancelled_event_as_the_api_does(cancelled):
    before = snapshot()
    answers = []
    for name, user, on_page, on_api in twins(cancelled):
        page = page_refusal(on_page(page_for(user)))
        api = on_api(api_for(user))
        answers.append((name, page, api.status_code, api.json()))
    title = cancelled["event"].title
    message = f"{title} is cancelled: it takes no registrations or papers."
    assert answers == [
        (name, message, 409, {"detail": message, "code": "event_cancelled"})
        for name, *_rest in twins(cancelled)
    ]
    assert snapshot() == before


@pytest.fixture
def review_world():
    """A paper that is not under review, a pool reviewer of the author's organization,
    and a chair."""
    now = timezone.now()
    event = EventFactory()
    forum = ForumFactory(
        event=event,
        call_opens_at=now - datetime.timedelta(days=1),
        call_closes_at=now + datetime.timedelta(days=5),
    )
    chair = UserFactory()
    forum.chairs.add(chair)
    author = accredited_delegate(event)
    colleague = DelegateFactory(organization=author.organization)
    outsider = DelegateFactory()
    forum.reviewers.add(colleague, outsider)
    paper = PositionPaperFactory(
        forum=forum, author=author, organization=author.organization, status=PaperStatus.SUBMITTED
    )
    paper.current_version = PaperVersionFactory(paper=paper)
    paper.save()
    paper.assignments.create(reviewer=outsider)
    return {"chair": chair, "paper": paper, "colleague": colleague, "outsider": outsider}


def test_paper_forms_refuse_as_their_api_twins(review_world):
    paper, chair = review_world["paper"], review_world["chair"]
    colleague, outsider = review_world["colleague"], review_world["outsider"]
    review = {"score": 4, "recommendation": "accept", "comments_to_author": "Good."}
    cases = [
        (
            "assign a reviewer of the author's organization",
            chair,
            lambda c: c.post(f"/papers/{paper.pk}/assign/", {"reviewer": colleague.pk}),
            lambda c: c.post(
                f"/api/v1/papers/{paper.pk}/assign/", {"reviewer": colleague.pk}, format="json"
            ),
        ),
        (
            "review a paper not under review",
            outsider.user,
            lambda c: c.post(f"/papers/{paper.pk}/review/", review),
            lambda c: c.post(f"/api/v1/papers/{paper.pk}/reviews/", review, format="json"),
        ),
        (
            "accept a paper not under review",
            chair,
            lambda c: c.post(
                f"/papers/{paper.pk}/transition/",
                {"to": "decision", "decision": "accepted", "message": "Well done."},
            ),
            lambda c: c.post(
                f"/api/v1/papers/{paper.pk}/accept/", {"message": "Well done."}, format="json"
            ),
        ),
    ]
    before = snapshot()
    answers = []
    for name, user, on_page, on_api in cases:
        page = page_refusal(on_page(page_for(user)))
        api = on_api(api_for(user)).json()
        answers.append((name, page == api["detail"], api["code"]))

    assert answers == [
        ("assign a reviewer of the author's organization", True, "own_organization"),
        ("review a paper not under review", True, "not_under_review"),
        ("accept a paper not under review", True, "invalid_transition"),
    ]
    assert snapshot() == before
