import pytest
from django.core import mail

from events.models import Accreditation, Event
from forums.models import Seat
from forums.services import seat_take
from tests.factories import AccreditationFactory, EventFactory, ForumFactory, accredited_delegate

pytestmark = pytest.mark.django_db


def test_event_page_lists_forums_with_seats_left(client, event):
    ForumFactory(event=event, title="Housing", seat_capacity=12)
    full = ForumFactory(event=event, title="Climate", seat_capacity=1)
    seat_take(actor=accredited_delegate(event).user, forum=full)
    seat_take(actor=accredited_delegate(event).user, forum=full)

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Housing" in html
    assert "12 seats left" in html
    assert "Full" in html
    assert "1 on the waiting list" in html


def test_anonymous_visitor_is_invited_to_log_in(client, event):
    html = client.get(event.get_absolute_url()).content.decode()

    assert "Delegates of member governments log in to register." in html


def test_delegate_requests_accreditation_from_the_event_page(client, delegate, event):
    client.force_login(delegate.user)

    response = client.post(f"/events/{event.slug}/accreditation/", follow=True)

    html = response.content.decode()
    assert Accreditation.objects.get(delegate=delegate).status == "pending"
    assert "Your request is with the secretariat. You will hear by email." in html
    assert "Awaiting approval" in html


def test_refusal_is_shown_beside_the_registration_form(client, delegate):
    event = EventFactory(delegation_quota=0)
    client.force_login(delegate.user)

    response = client.post(f"/events/{event.slug}/accreditation/", follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/events/{event.slug}/#registration"
    assert 'class="inline-message inline-message-error" role="alert"' in html
    assert "has already registered 0 of its 0 delegates for this event." in html
    assert not Accreditation.objects.exists()


def test_accreditation_request_needs_post_and_login(client, event):
    assert client.get(f"/events/{event.slug}/accreditation/").status_code == 302
    assert not Accreditation.objects.exists()


def test_accreditation_request_needs_csrf_token(delegate, event):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(delegate.user)

    response = csrf_client.post(f"/events/{event.slug}/accreditation/")

    assert response.status_code == 403
    assert not Accreditation.objects.exists()


def test_cancel_accreditation_from_the_event_page(client, delegate, event):
    AccreditationFactory(delegate=delegate, event=event)
    client.force_login(delegate.user)

    html = client.post(f"/events/{event.slug}/accreditation/cancel/", follow=True).content.decode()

    assert Accreditation.objects.get(delegate=delegate).status == "cancelled"
    assert "Your accreditation is cancelled; your seats were released." in html
    assert "Request accreditation" in html


def test_take_seat_and_join_waiting_list_from_the_forum_page(client, event):
    forum = ForumFactory(event=event, seat_capacity=1, slug="housing")
    first = accredited_delegate(event)
    second = accredited_delegate(event)

    client.force_login(first.user)
    first_html = client.post(f"/events/{event.slug}/forums/housing/seat/", follow=True)
    client.force_login(second.user)
    second_html = client.post(f"/events/{event.slug}/forums/housing/seat/", follow=True)

    assert "Your seat is confirmed." in first_html.content.decode()
    assert "Seat confirmed" in first_html.content.decode()
    text = second_html.content.decode()
    assert (
        '<p class="inline-message inline-message-warning" role="status">'
        "The forum is full: you are number 1 on the waiting list.</p>"
    ) in text
    assert "Waiting list: number 1" in text
    assert "Leave the waiting list" in text
    assert forum.seats.filter(status="waitlisted").count() == 1


def test_a_full_forum_says_so_and_how_many_wait_ahead(client, event):
    forum = ForumFactory(event=event, seat_capacity=1, slug="housing")
    holder, waiting, newcomer = (accredited_delegate(event) for _ in range(3))
    seat_take(actor=holder.user, forum=forum)
    seat_take(actor=waiting.user, forum=forum)

    client.force_login(newcomer.user)
    newcomer_html = client.get(f"/events/{event.slug}/forums/housing/").content.decode()
    client.force_login(holder.user)
    holder_html = client.get(f"/events/{event.slug}/forums/housing/").content.decode()

    assert "Full — join the waiting list (1 ahead of you)" in newcomer_html
    assert "0 seats left" not in newcomer_html
    assert 'low="1" high="1" optimum="0" value="1"' in newcomer_html
    assert (
        'data-confirm="Your seat goes at once to the next delegate on the waiting list, '
        'and you cannot take it back. Give up your seat?"'
    ) in holder_html
    assert '<p class="seat-count seat-count-full">Full</p>' in holder_html


def test_a_new_calendar_address_is_asked_for_with_a_warning(client, event):
    delegate = accredited_delegate(event)
    client.force_login(delegate.user)

    html = client.get("/me/").content.decode()

    assert (
        'data-confirm="The old address stops working at once: every calendar app subscribed '
        'to it stops updating until you give it the new one. Get a new address?"'
    ) in html


def test_forum_page_tells_unaccredited_delegate_what_to_do(client, delegate, event):
    ForumFactory(event=event, slug="housing")
    client.force_login(delegate.user)

    html = client.get(f"/events/{event.slug}/forums/housing/").content.decode()

    assert "Seats are for delegates accredited for the event." in html
    assert "Take a seat" not in html


def test_refused_seat_is_explained_inline(client, delegate, event):
    ForumFactory(event=event, slug="housing")
    client.force_login(delegate.user)

    html = client.post(f"/events/{event.slug}/forums/housing/seat/", follow=True).content.decode()

    assert "You need an approved accreditation for this event to take a seat." in html
    assert not Seat.objects.exists()


def test_give_up_seat_from_the_forum_page(client, event):
    forum = ForumFactory(event=event, slug="housing")
    delegate = accredited_delegate(event)
    seat_take(actor=delegate.user, forum=forum)
    client.force_login(delegate.user)

    html = client.post(
        f"/events/{event.slug}/forums/housing/seat/cancel/", follow=True
    ).content.decode()

    assert "You gave up your place in this forum." in html
    assert Seat.objects.get(delegate=delegate).status == "cancelled"


def test_forum_of_draft_event_is_404(client):
    forum = ForumFactory(event=EventFactory(status=Event.Status.DRAFT), slug="secret")

    response = client.get(f"/events/{forum.event.slug}/forums/secret/")

    assert response.status_code == 404


def test_me_lists_accreditations_and_seats(client, event):
    forum = ForumFactory(event=event, title="Housing", seat_capacity=0)
    delegate = accredited_delegate(event)
    seat_take(actor=delegate.user, forum=forum)
    client.force_login(delegate.user)

    html = client.get("/me/").content.decode()

    assert event.title in html
    assert "Accredited" in html
    assert "Housing" in html
    assert "Waiting list: number 1" in html


def test_pages_in_spanish(client, event):
    ForumFactory(event=event, title_en="Housing", title_es="Vivienda", seat_capacity=3)

    html = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Vivienda" in html
    assert "Quedan 3 plazas" in html


# --- back office -------------------------------------------------------------------


def admin_change_data(client, forum) -> dict:
    """The forum's change form as the back office would post it back, inlines included."""
    context = client.get(f"/admin/forums/forum/{forum.pk}/change/").context
    form = context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"chairs", "reviewers", "working_languages"}
    }
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, value in management.initial.items():
            data[f"{management.prefix}-{name}"] = value
    return data


def test_admin_bulk_approve_calls_the_service(
    client, secretariat, event, django_capture_on_commit_callbacks
):
    pending = AccreditationFactory.create_batch(2, event=event, status=Accreditation.Status.PENDING)
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/events/accreditation/",
            {"action": "approve_selected", "_selected_action": [a.pk for a in pending]},
            follow=True,
        )

    assert "2 accreditations approved." in response.content.decode()
    assert set(Accreditation.objects.values_list("status", flat=True)) == {"approved"}
    assert len(mail.outbox) == 2


def test_admin_bulk_reject_reports_what_it_could_not_do(client, secretariat, event):
    approved = AccreditationFactory(event=event, status=Accreditation.Status.APPROVED)
    client.force_login(secretariat)

    response = client.post(
        "/admin/events/accreditation/",
        {"action": "reject_selected", "_selected_action": [approved.pk]},
        follow=True,
    )

    assert "cannot become Rejected" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_admin_exports_accredited_delegates_as_csv(client, secretariat, event):
    delegate = accredited_delegate(event, title="=cmd|' /C calc'!A0")
    AccreditationFactory(event=event, status=Accreditation.Status.PENDING)
    client.force_login(secretariat)

    response = client.post(
        "/admin/events/event/",
        {"action": "export_accredited_delegates", "_selected_action": [event.pk]},
    )

    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0].startswith("event,delegate,email,title,organization")
    assert len(lines) == 2
    assert delegate.user.email in lines[1]
    assert "'=cmd" in lines[1]


def test_admin_exports_seats_per_forum(client, secretariat, event):
    forum = ForumFactory(event=event, seat_capacity=1)
    seat_take(actor=accredited_delegate(event).user, forum=forum)
    seat_take(actor=accredited_delegate(event).user, forum=forum)
    client.force_login(secretariat)

    response = client.post(
        "/admin/forums/forum/", {"action": "export_seats", "_selected_action": [forum.pk]}
    )

    rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert rows[0] == "forum,delegate,email,organization,country,region,status,position"
    assert [row.rsplit(",", 2)[1:] for row in rows[1:]] == [["confirmed", ""], ["waitlisted", "1"]]


def test_admin_capacity_change_promotes_from_waiting_list(client, secretariat, event):
    forum = ForumFactory(event=event, seat_capacity=1)
    seat_take(actor=accredited_delegate(event).user, forum=forum)
    waiting = accredited_delegate(event)
    seat_take(actor=waiting.user, forum=forum)
    client.force_login(secretariat)
    data = admin_change_data(client, forum)
    data.update(seat_capacity=2, working_languages='["en"]', event=event.pk)

    response = client.post(f"/admin/forums/forum/{forum.pk}/change/", data)

    assert response.status_code == 302
    forum.refresh_from_db()
    assert (forum.seat_capacity, forum.seats_taken) == (2, 2)
    assert Seat.objects.get(delegate=waiting).status == "confirmed"


def test_admin_refuses_capacity_below_confirmed(client, secretariat, event):
    forum = ForumFactory(event=event, seat_capacity=2)
    seat_take(actor=accredited_delegate(event).user, forum=forum)
    seat_take(actor=accredited_delegate(event).user, forum=forum)
    client.force_login(secretariat)
    data = admin_change_data(client, forum)
    data.update(seat_capacity=1, working_languages='["en"]', event=event.pk)

    response = client.post(f"/admin/forums/forum/{forum.pk}/change/", data)

    assert response.status_code == 200
    assert "2 seats are already confirmed; capacity cannot go below that." in (
        response.content.decode()
    )
    forum.refresh_from_db()
    assert forum.seat_capacity == 2


def test_admin_seat_cancel_action_promotes(client, secretariat, event):
    forum = ForumFactory(event=event, seat_capacity=1)
    seat = seat_take(actor=accredited_delegate(event).user, forum=forum)
    waiting = accredited_delegate(event)
    seat_take(actor=waiting.user, forum=forum)
    client.force_login(secretariat)

    asked = client.post(
        "/admin/forums/seat/", {"action": "cancel_selected", "_selected_action": [seat.pk]}
    )

    assert asked.status_code == 200
    assert "Cancel these seats?" in asked.content.decode()
    assert Seat.objects.get(pk=seat.pk).status == "confirmed"
    assert Seat.objects.get(delegate=waiting).status == "waitlisted"

    response = client.post(
        "/admin/forums/seat/",
        {"action": "cancel_selected", "_selected_action": [seat.pk], "confirmed": "1"},
        follow=True,
    )

    assert "1 seats cancelled." in response.content.decode()
    assert Seat.objects.get(pk=seat.pk).status == "cancelled"
    assert Seat.objects.get(delegate=waiting).status == "confirmed"
