"""The back office: a CSV of invitations is previewed with the errors of each row and
imports nothing while one row is wrong; lockouts are lifted by an action."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Invitation, SignInLockout
from tests.factories import OrganizationFactory, SignInLockoutFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "email,first_name,last_name,organization,title,languages,time_zone\n"
GOOD = (
    "awa@dakar.example.org,Awa,Ndiaye,City of Dakar,Deputy Mayor,fr en,Africa/Dakar\n"
    "moussa@dakar.example.org,Moussa,Diop,Dakar,Councillor,fr,Africa/Dakar\n"
)


def upload(client, text: str):
    return client.post(
        "/admin/events/invitation/import/",
        {
            "import_file": SimpleUploadedFile("invitations.csv", text.encode(), "text/csv"),
            "format": "0",
            "resource": "0",
        },
    )


@pytest.fixture
def back_office(client, secretariat, dakar):
    client.force_login(secretariat)
    return client


def test_a_csv_with_a_bad_row_is_refused_row_by_row_and_writes_nothing(
    back_office, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org")
    rows = GOOD + (
        "taken@example.org,Taken,Person,City of Dakar,,fr,Africa/Dakar\n"
        "x@example.org,No,Zone,City of Dakar,,fr,Mars/Olympus\n"
        "y@example.org,No,City,Atlantis,,fr,UTC\n"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(back_office, HEADER + rows)

    html = response.content.decode()
    assert response.status_code == 200
    assert "taken@example.org already belongs to an account. (email_in_use)" in html
    assert "Mars/Olympus is not an IANA time zone" in html
    assert "No organization is called “Atlantis”." in html
    assert 'name="confirm"' not in html.replace("_confirm", "")
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_good_csv_is_previewed_then_imported_and_the_invitations_sent(
    back_office, django_capture_on_commit_callbacks
):
    preview = upload(back_office, HEADER + GOOD)
    assert preview.status_code == 200
    assert not Invitation.objects.exists()
    form = preview.context["confirm_form"]

    with django_capture_on_commit_callbacks(execute=True):
        done = back_office.post(
            "/admin/events/invitation/process_import/", {**form.initial, "resource": "0"}
        )

    assert done.status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "awa@dakar.example.org",
        "moussa@dakar.example.org",
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "awa@dakar.example.org",
        "moussa@dakar.example.org",
    ]


def test_a_csv_that_names_the_same_address_twice_is_refused(back_office):
    row = "awa@dakar.example.org,Awa,Ndiaye,City of Dakar,,fr,Africa/Dakar\n"

    html = upload(back_office, HEADER + row + row.replace("awa@", "AWA@")).content.decode()

    assert "This address already has an invitation waiting; send it again instead." in html
    assert not Invitation.objects.exists()


def test_the_secretariat_lifts_lockouts_from_the_back_office(back_office):
    lockout = SignInLockoutFactory()
    OrganizationFactory()

    response = back_office.post(
        "/admin/events/signinlockout/",
        {"action": "lift_selected", "_selected_action": [lockout.pk]},
        follow=True,
    )

    assert "1 sign-in locks lifted." in response.content.decode()
    assert SignInLockout.objects.get().lifted_at is not None
