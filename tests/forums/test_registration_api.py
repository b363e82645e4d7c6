import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Accreditation, Event
from forums.models import Seat
from forums.services import seat_take
from tests.factories import (
    AccreditationFactory,
    DelegateFactory,
    EventFactory,
    ForumFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


# --- accreditations ----------------------------------------------------------------


def test_request_accreditation_for_self(delegate_client, delegate, event):
    response = delegate_client.post("/api/v1/accreditations/", {"event": event.id}, format="json")

    assert response.status_code == 201
    body = response.json()
    accreditation = Accreditation.objects.get(delegate=delegate)
    assert body == {
        "id": accreditation.id,
        "event": event.id,
        "delegate": {"id": delegate.id, "name": delegate.display_name},
        "organization": delegate.organization_id,
        "status": "pending",
        "requested_at": body["requested_at"],
        "decided_at": None,
        "note": "",
    }


def test_request_accreditation_refusal_is_a_clear_4xx(delegate_client, event):
    event.registration_opens_at = None
    event.registration_closes_at = event.registration_opens_at
    event.status = Event.Status.PUBLISHED
    event.save()
    Event.objects.filter(pk=event.pk).update(
        registration_closes_at="2000-01-01T00:00:00Z", registration_opens_at=None
    )

    response = delegate_client.post("/api/v1/accreditations/", {"event": event.id}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"Registration for {event.title} is not open.",
        "code": "registration_closed",
    }
    assert not Accreditation.objects.exists()


def test_request_accreditation_twice_is_409(delegate_client, event):
    delegate_client.post("/api/v1/accreditations/", {"event": event.id}, format="json")

    response = delegate_client.post("/api/v1/accreditations/", {"event": event.id}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "already_registered"


@pytest.mark.parametrize(
    "payload",
    [{}, {"event": "abc"}, {"event": 999999}, {"event": [1]}, {"event": None}],
)
def test_request_accreditation_with_bad_event_is_400(delegate_client, payload):
    response = delegate_client.post("/api/v1/accreditations/", payload, format="json")

    assert response.status_code == 400
    assert "event" in response.json()["errors"]
    assert not Accreditation.objects.exists()


def test_draft_event_cannot_be_requested_through_the_api(delegate_client):
    draft = EventFactory(status=Event.Status.DRAFT)

    response = delegate_client.post("/api/v1/accreditations/", {"event": draft.id}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "does_not_exist"


def test_anonymous_cannot_list_or_request_accreditations(api_client, event):
    assert api_client.get("/api/v1/accreditations/").status_code == 401
    response = api_client.post("/api/v1/accreditations/", {"event": event.id}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_delegate_lists_only_own_accreditations(delegate_client, delegate, event):
    own = AccreditationFactory(delegate=delegate, event=event)
    AccreditationFactory(event=event)

    body = delegate_client.get("/api/v1/accreditations/").json()

    assert [a["id"] for a in body["results"]] == [own.id]


def test_delegate_cannot_see_another_delegates_accreditation(delegate_client, event):
    other = AccreditationFactory(event=event)

    response = delegate_client.get(f"/api/v1/accreditations/{other.id}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_delegate_cannot_cancel_another_delegates_accreditation(delegate_client, event):
    other = AccreditationFactory(event=event)

    response = delegate_client.post(f"/api/v1/accreditations/{other.id}/cancel/")

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.status == Accreditation.Status.APPROVED


def test_delegate_cannot_approve_own_accreditation(delegate_client, delegate, event):
    pending = AccreditationFactory(
        delegate=delegate, event=event, status=Accreditation.Status.PENDING
    )

    response = delegate_client.post(f"/api/v1/accreditations/{pending.id}/approve/")

    pending.refresh_from_db()
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the secretariat decides on accreditations.",
        "code": "forbidden",
    }
    assert pending.status == Accreditation.Status.PENDING


def test_secretariat_filters_and_approves(secretariat_client, event):
    pending = AccreditationFactory(event=event, status=Accreditation.Status.PENDING)
    AccreditationFactory(event=event, status=Accreditation.Status.APPROVED)

    listed = secretariat_client.get(
        "/api/v1/accreditations/", {"event": event.id, "status": "pending"}
    ).json()
    response = secretariat_client.post(
        f"/api/v1/accreditations/{pending.id}/approve/", {"note": "Welcome"}, format="json"
    )

    assert [a["id"] for a in listed["results"]] == [pending.id]
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["note"] == "Welcome"


def test_secretariat_rejects_with_a_note(secretariat_client, event):
    pending = AccreditationFactory(event=event, status=Accreditation.Status.PENDING)

    response = secretariat_client.post(
        f"/api/v1/accreditations/{pending.id}/reject/", {"note": "Quota"}, format="json"
    )

    assert response.json()["status"] == "rejected"
    assert response.json()["note"] == "Quota"


def test_decision_note_of_wrong_type_is_400(secretariat_client, event):
    pending = AccreditationFactory(event=event, status=Accreditation.Status.PENDING)

    response = secretariat_client.post(
        f"/api/v1/accreditations/{pending.id}/reject/", {"note": {"x": 1}}, format="json"
    )

    pending.refresh_from_db()
    assert response.status_code == 400
    assert pending.status == Accreditation.Status.PENDING


def test_accreditation_list_query_count_does_not_grow(
    secretariat_client, django_assert_max_num_queries, event
):
    AccreditationFactory.create_batch(2, event=event)
    with django_assert_max_num_queries(3):
        small = secretariat_client.get("/api/v1/accreditations/")
    AccreditationFactory.create_batch(25, event=event)
    with django_assert_max_num_queries(3):
        large = secretariat_client.get("/api/v1/accreditations/")

    assert (small.json()["count"], large.json()["count"]) == (2, 27)


# --- forums ------------------------------------------------------------------------


def test_forum_list_shows_seats_and_waiting_list(api_client, event):
    forum = ForumFactory(event=event, seat_capacity=1, title="Housing", slug="housing")
    for _ in range(3):
        seat_take(actor=accredited_delegate(event).user, forum=forum)

    body = api_client.get("/api/v1/forums/", {"event": event.id}).json()

    assert body["count"] == 1
    result = body["results"][0]
    assert {
        key: result[key]
        for key in ("id", "title", "seat_capacity", "seats_taken", "seats_left", "waitlist_length")
    } == {
        "id": forum.id,
        "title": "Housing",
        "seat_capacity": 1,
        "seats_taken": 1,
        "seats_left": 0,
        "waitlist_length": 2,
    }
    assert result["url"] == f"http://testserver/events/{event.slug}/forums/housing/"


def test_forums_of_draft_events_are_hidden(api_client):
    ForumFactory(event=EventFactory(status=Event.Status.DRAFT))

    assert api_client.get("/api/v1/forums/").json()["count"] == 0


def test_forum_list_query_count_does_not_grow(api_client, django_assert_max_num_queries, event):
    ForumFactory.create_batch(2, event=event)
    with django_assert_max_num_queries(2):
        small = api_client.get("/api/v1/forums/")
    ForumFactory.create_batch(20, event=event)
    with django_assert_max_num_queries(2):
        large = api_client.get("/api/v1/forums/")

    assert (small.json()["count"], large.json()["count"]) == (2, 22)


# --- seats -------------------------------------------------------------------------


def test_post_seat_confirms_then_waitlists(event):
    forum = ForumFactory(event=event, seat_capacity=1)
    first = client_for(accredited_delegate(event).user)
    second = client_for(accredited_delegate(event).user)

    confirmed = first.post("/api/v1/seats/", {"forum": forum.id}, format="json")
    waitlisted = second.post("/api/v1/seats/", {"forum": forum.id}, format="json")

    assert confirmed.status_code == 201
    assert confirmed.json() == {
        "id": confirmed.json()["id"],
        "forum": forum.id,
        "status": "confirmed",
        "position": None,
    }
    assert waitlisted.status_code == 201
    assert waitlisted.json() == {
        "id": waitlisted.json()["id"],
        "forum": forum.id,
        "status": "waitlisted",
        "position": 1,
    }


def test_post_seat_without_accreditation_is_403(delegate_client, event):
    forum = ForumFactory(event=event)

    response = delegate_client.post("/api/v1/seats/", {"forum": forum.id}, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You need an approved accreditation for this event to take a seat.",
        "code": "not_accredited",
    }
    assert not Seat.objects.exists()


@pytest.mark.parametrize("payload", [{}, {"forum": "x"}, {"forum": 424242}, {"forum": {}}])
def test_post_seat_with_bad_forum_is_400(delegate_client, payload):
    response = delegate_client.post("/api/v1/seats/", payload, format="json")

    assert response.status_code == 400
    assert "forum" in response.json()["errors"]


def test_post_seat_with_malformed_json_is_400(delegate_client):
    response = delegate_client.generic(
        "POST", "/api/v1/seats/", "{forum: 1", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_delete_seat_cancels_and_promotes(event):
    forum = ForumFactory(event=event, seat_capacity=1)
    holder = accredited_delegate(event)
    waiting = accredited_delegate(event)
    seat = seat_take(actor=holder.user, forum=forum)
    seat_take(actor=waiting.user, forum=forum)

    response = client_for(holder.user).delete(f"/api/v1/seats/{seat.id}/")

    assert response.status_code == 204
    assert Seat.objects.get(pk=seat.pk).status == "cancelled"
    assert Seat.objects.get(delegate=waiting).status == "confirmed"


def test_cancel_action_answers_with_the_cancelled_seat(event):
    forum = ForumFactory(event=event)
    holder = accredited_delegate(event)
    seat = seat_take(actor=holder.user, forum=forum)

    response = client_for(holder.user).post(f"/api/v1/seats/{seat.id}/cancel/")

    assert response.status_code == 200
    assert response.json() == {
        "id": seat.id,
        "forum": forum.id,
        "status": "cancelled",
        "position": None,
    }


def test_delegate_cannot_see_or_delete_another_delegates_seat(delegate_client, event):
    forum = ForumFactory(event=event)
    seat = seat_take(actor=accredited_delegate(event).user, forum=forum)

    assert delegate_client.get(f"/api/v1/seats/{seat.id}/").status_code == 404
    assert delegate_client.delete(f"/api/v1/seats/{seat.id}/").status_code == 404
    assert delegate_client.get("/api/v1/seats/").json()["count"] == 0
    seat.refresh_from_db()
    assert seat.status == "confirmed"


def test_user_without_delegate_profile_sees_no_seats(event):
    from tests.factories import UserFactory

    seat_take(actor=accredited_delegate(event).user, forum=ForumFactory(event=event))

    body = client_for(UserFactory()).get("/api/v1/seats/").json()

    assert body["count"] == 0


def test_own_seat_list_shows_waitlist_positions(event):
    forum = ForumFactory(event=event, seat_capacity=1)
    for _ in range(2):
        seat_take(actor=accredited_delegate(event).user, forum=forum)
    me = accredited_delegate(event)
    seat_take(actor=me.user, forum=forum)

    body = client_for(me.user).get("/api/v1/seats/").json()

    assert [(s["status"], s["position"]) for s in body["results"]] == [("waitlisted", 2)]


def test_seat_list_query_count_does_not_grow(django_assert_max_num_queries, secretariat_client):
    event = EventFactory()
    forum = ForumFactory(event=event, seat_capacity=3)
    for _ in range(2):
        seat_take(actor=accredited_delegate(event).user, forum=forum)
    with django_assert_max_num_queries(3):
        small = secretariat_client.get("/api/v1/seats/")
    for _ in range(15):
        seat_take(actor=accredited_delegate(event).user, forum=forum)
    with django_assert_max_num_queries(3):
        large = secretariat_client.get("/api/v1/seats/")

    assert (small.json()["count"], large.json()["count"]) == (2, 17)
    assert sorted(
        s["position"] for s in large.json()["results"] if s["status"] == "waitlisted"
    ) == list(range(1, 15))


def test_delegate_factory_in_other_org_does_not_share_seats():
    assert DelegateFactory().organization_id != DelegateFactory().organization_id
