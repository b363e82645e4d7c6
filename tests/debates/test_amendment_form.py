"""The text's page offers delegates and the chair a form to propose an amendment: one
change to one paragraph, in one language, with its reason; bad input is named and
changes nothing."""

import datetime

import pytest
from django.utils import timezone

from debates.models import Amendment
from tests.debates.texts import submit, text_room
from tests.support import signed_in

pytestmark = pytest.mark.django_db


def page_of(room) -> str:
    return f"/debates/{room.debate.pk}/texts/{room.draft.pk}/"


def proposal(**changes) -> dict:
    return {
        "version": "1",
        "op": "replace",
        "paragraph": "p2",
        "text": "Chaque membre rend compte de ses progrès chaque année.",
        "language": "fr",
        "reason": "Un rapport annuel.",
        **changes,
    }


def test_a_delegate_proposes_an_amendment_in_french_from_the_page():
    room = text_room()
    client = signed_in(room.delegates[1].user)

    form = client.get(page_of(room)).content.decode()
    answer = client.post(page_of(room), proposal())

    assert 'id="propose-heading"' in form
    assert '<option value="p2">Paragraph 2</option>' in form
    amendment = Amendment.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"{page_of(room)}#amendment-{amendment.pk}"
    assert (amendment.proposer, amendment.language, amendment.reason) == (
        room.delegates[1],
        "fr",
        "Un rapport annuel.",
    )
    operation = amendment.operations.get()
    assert (operation.kind, operation.paragraph, operation.text_fr, operation.text_en) == (
        "replace",
        "p2",
        "Chaque membre rend compte de ses progrès chaque année.",
        None,
    )
    shown = client.get(page_of(room)).content.decode()
    assert f"Amendment {amendment.pk} is submitted." in shown
    assert "Translation needed:" in shown


def test_insert_before_the_first_paragraph_and_delete():
    room = text_room()
    client = signed_in(room.delegates[0].user)

    client.post(page_of(room), proposal(op="insert", paragraph="start", language="en"))
    client.post(page_of(room), proposal(op="delete", paragraph="p3", text=""))

    first, second = Amendment.objects.order_by("pk")
    assert list(first.operations.values_list("kind", "paragraph")) == [("insert", "")]
    assert list(second.operations.values_list("kind", "paragraph")) == [("delete", "p3")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "  "}, "Write the new text of the paragraph."),
        ({"reason": ""}, "This field is required."),
        ({"paragraph": "start"}, "Choose the paragraph to replace or delete."),
        ({"paragraph": "p99"}, "Select a valid choice. p99 is not one of the available choices."),
        ({"op": "rewrite"}, "Select a valid choice. rewrite is not one of the available choices."),
        ({"language": "de"}, "Select a valid choice. de is not one of the available choices."),
        (
            {"version": "1e999"},
            "This page is out of date: reload it to amend the text as it is now.",
        ),
    ],
)
def test_bad_input_is_named_and_nothing_is_submitted(changes, message):
    room = text_room()

    answer = signed_in(room.delegates[1].user).post(page_of(room), proposal(**changes))

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Amendment.objects.exists()


def test_an_amendment_to_an_old_version_is_refused_with_the_version_now():
    room = text_room()

    answer = signed_in(room.delegates[1].user).post(page_of(room), proposal(version="7"))

    assert answer.status_code == 400
    assert "This amendment is to version 7; the text is now at version 1." in (
        answer.content.decode()
    )
    assert not Amendment.objects.exists()


def test_an_observer_reads_the_text_without_the_form_and_may_not_post():
    room = text_room()
    client = signed_in(room.observer)

    page = client.get(page_of(room)).content.decode()
    answer = client.post(page_of(room), proposal())

    assert 'id="propose-heading"' not in page
    assert "Delegates with a seat in this forum propose amendments." in page
    assert answer.status_code == 403
    assert not Amendment.objects.exists()


def test_after_the_deadline_the_page_says_when_it_passed_instead_of_a_form():
    room = text_room(deadline=timezone.now() - datetime.timedelta(hours=1))
    client = signed_in(room.delegates[1].user)

    page = client.get(page_of(room)).content.decode()
    answer = client.post(page_of(room), proposal())

    assert 'id="propose-heading"' not in page
    assert "The deadline for amendments passed on " in page
    assert answer.status_code == 403
    assert not Amendment.objects.exists()


def test_the_form_stays_while_other_amendments_are_pending():
    room = text_room()
    submit(room)
    client = signed_in(room.delegates[1].user)

    assert 'id="propose-heading"' in client.get(page_of(room)).content.decode()
