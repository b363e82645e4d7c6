"""The back office's CSV import of standing: a preview with errors per row, then the
import through the services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assembly.models import VotingRight
from tests.factories import OrganizationFactory, ProxyFactory

pytestmark = pytest.mark.django_db

HEADER = "event,organization,basis,note\n"


def upload(client, text):
    return client.post(
        "/admin/assembly/votingright/import/",
        {
            "import_file": SimpleUploadedFile("standing.csv", text.encode(), "text/csv"),
            "format": "0",
            "resource": "0",
        },
    )


@pytest.fixture
def back_office(client, secretariat):
    client.force_login(secretariat)
    return client


def test_a_sheet_with_bad_rows_is_refused_row_by_row_and_writes_nothing(back_office, event):
    OrganizationFactory(name="City of Lyon")
    OrganizationFactory(name="Friends of Cities", is_member=False)
    rows = (
        f"{event.slug},City of Lyon,fees_paid,\n"
        f"{event.slug},Atlantis,fees_paid,\n"
        f"{event.slug},Friends of Cities,fees_paid,\n"
        f"{event.slug},City of Lyon,bribed,\n"
    )

    html = upload(back_office, HEADER + rows).content.decode()

    assert "No organization is called “Atlantis”." in html
    assert "Friends of Cities is not a member" in html
    assert "The basis is fees_paid or exception." in html
    assert 'name="confirm"' not in html.replace("_confirm", "")
    assert not VotingRight.objects.exists()


def test_a_good_sheet_is_previewed_then_imported(back_office, secretariat, event):
    lyon = OrganizationFactory(name="City of Lyon")
    porto = OrganizationFactory(name="Porto", short_name="PRT")
    rows = f"{event.slug},city of lyon,fees_paid,\n{event.slug},PRT,exception,Floods\n"

    preview = upload(back_office, HEADER + rows)
    assert not VotingRight.objects.exists()
    done = back_office.post(
        "/admin/assembly/votingright/process_import/",
        {**preview.context["confirm_form"].initial, "resource": "0"},
    )

    assert done.status_code == 302
    assert sorted(
        VotingRight.objects.values_list("organization__name", "basis", "note", "granted_by")
    ) == [
        ("City of Lyon", "fees_paid", "", secretariat.pk),
        ("Porto", "exception", "Floods", secretariat.pk),
    ]
    assert {lyon.pk, porto.pk} == set(VotingRight.objects.values_list("organization", flat=True))


def test_proxies_are_approved_from_the_back_office(back_office, event):
    proxy = ProxyFactory(event=event, status="pending")

    response = back_office.post(
        "/admin/assembly/proxy/",
        {"action": "approve_selected", "_selected_action": [proxy.pk]},
        follow=True,
    )

    assert "1 proxy approved." in response.content.decode()
    proxy.refresh_from_db()
    assert proxy.status == "approved"
