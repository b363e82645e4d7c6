"""Ids read from a request body: a whole number, or a 400 that names the field."""

import datetime
import importlib

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Accreditation
from forums.models import Seat
from papers.models import PositionPaper, ReviewAssignment
from tests.factories import (
    DelegateFactory,
    EventFactory,
    ForumFactory,
    PositionPaperFactory,
    UserFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db

NOT_IDS = ["1e999", "-1e999", "12.9", "12.0", "true", '"12.9"', '"1e3"', "[1]", '{"id": 1}']


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def post_raw(client, url, field, raw, rest=""):
    return client.post(url, f'{{"{field}": {raw}{rest}}}', content_type="application/json")


@pytest.fixture
def world():
    event = EventFactory()
    now = timezone.now()
    forum = ForumFactory(
        event=event,
        call_opens_at=now - datetime.timedelta(days=1),
        call_closes_at=now + datetime.timedelta(days=1),
    )
    delegate = accredited_delegate(event)
    chair = UserFactory()
    forum.chairs.add(chair)
    reviewer = DelegateFactory()
    forum.reviewers.add(reviewer)
    paper = PositionPaperFactory(forum=forum, status="submitted")
    return {
        "event": event,
        "forum": forum,
        "delegate": delegate,
        "chair": chair,
        "reviewer": reviewer,
        "paper": paper,
    }


def endpoints(world):
    """Every API body that reads an id: (who posts, url, field, the right id, rows, the
    rest of a valid body)."""
    delegate = world["delegate"].user
    return [
        (delegate, "/api/v1/seats/", "forum", world["forum"].pk, Seat.objects, ""),
        (
            delegate,
            "/api/v1/accreditations/",
            "event",
            world["event"].pk,
            Accreditation.objects,
            "",
        ),
        (
            delegate,
            "/api/v1/papers/",
            "forum",
            world["forum"].pk,
            PositionPaper.objects,
            ', "title": "T", "abstract": "A", "language": "en"',
        ),
        (
            world["chair"],
            f"/api/v1/papers/{world['paper'].pk}/assign/",
            "reviewer",
            world["reviewer"].pk,
            ReviewAssignment.objects,
            "",
        ),
    ]


@pytest.mark.parametrize("raw", NOT_IDS)
def test_an_id_that_is_not_a_whole_number_is_a_400_naming_the_field(world, raw):
    answers = []
    for user, url, field, _right, rows, rest in endpoints(world):
        before = rows.count()
        response = post_raw(client_for(user), url, field, raw, rest)
        body = response.json()
        answers.append(
            (url, response.status_code, body["code"], list(body["errors"]), rows.count() - before)
        )
    assert answers == [
        (url, 400, "incorrect_type", [field], 0)
        for _user, url, field, _right, _rows, _rest in endpoints(world)
    ]


def test_the_message_says_what_an_id_is(world):
    user, url, field, _right, _rows, _rest = endpoints(world)[0]

    response = post_raw(client_for(user), url, field, "12.9")

    assert response.json()["errors"] == {field: ["An id is a whole number; received float."]}


def test_an_id_far_beyond_any_row_is_not_found(world):
    user, url, field, _right, rows, _rest = endpoints(world)[0]

    response = post_raw(client_for(user), url, field, "1" + "0" * 30)

    assert (response.status_code, response.json()["code"], rows.count()) == (
        400,
        "does_not_exist",
        0,
    )


def test_a_form_may_send_the_id_as_digits(world):
    user, url, field, right, _rows, _rest = endpoints(world)[0]

    response = client_for(user).post(url, {field: str(right)}, format="multipart")

    assert (response.status_code, response.json()["forum"]) == (201, right)


# Serializers that only ever write answers; no view reads a request body with them.
OUTPUT_ONLY = {
    "DebateSerializer",
    "DebateSnapshotSerializer",
    "ForumSerializer",
    "SessionSerializer",
    "AssignmentSerializer",
    "PaperSerializer",
    "PaperDetailSerializer",
}


def _writable_related_fields():
    found = []
    for module_name in (
        "assembly.api",
        "events.api",
        "forums.api",
        "papers.api",
        "papers.serializers",
        "debates.api",
    ):
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.Serializer)
                and name not in OUTPUT_ONLY
            ):
                try:
                    fields = value().fields
                except Exception:  # noqa: S112 - a serializer that needs context to build
                    continue
                for field_name, field in fields.items():
                    if isinstance(field, serializers.RelatedField) and not field.read_only:
                        found.append((value.__module__, name, field_name, type(field).__name__))
    return sorted(set(found))


def test_every_id_an_api_body_reads_is_an_id_field():
    found = _writable_related_fields()

    assert found == [
        ("assembly.api", "MandateSetSerializer", "event", "IdField"),
        ("assembly.api", "MandateSetSerializer", "organization", "IdField"),
        ("assembly.api", "ProxyRequestSerializer", "event", "IdField"),
        ("assembly.api", "ProxyRequestSerializer", "grantor", "IdField"),
        ("assembly.api", "ProxyRequestSerializer", "holder", "IdField"),
        ("assembly.api", "StandingImportSerializer", "event", "IdField"),
        ("assembly.api", "VotingRightSerializer", "event", "IdField"),
        ("assembly.api", "VotingRightSerializer", "organization", "IdField"),
        ("events.api", "AccreditationSerializer", "delegate_id", "IdField"),
        ("events.api", "AccreditationSerializer", "event", "IdField"),
        ("forums.api", "SeatSerializer", "forum", "IdField"),
        ("papers.serializers", "AssignSerializer", "reviewer", "IdField"),
        ("papers.serializers", "PaperCreateSerializer", "forum", "IdField"),
    ]
