"""The statutes' records: standing, mandates and proxies, and every refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assembly import services
from assembly.models import Mandate, Proxy, VotingRight
from demo.pdfmake import make_pdf
from plenary.errors import Conflict, NotAllowed, ServiceError
from tests.factories import (
    DelegateFactory,
    EventFactory,
    FocalPointFactory,
    OrganizationFactory,
    ProxyFactory,
    VotingRightFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db


def letter(data=None):
    content = data if data is not None else make_pdf("Proxy letter", "We give our vote.")
    return SimpleUploadedFile("proxy.pdf", content, content_type="application/pdf")


def test_the_secretariat_puts_members_in_good_standing(secretariat, event):
    city = OrganizationFactory()

    right = services.voting_right_grant(
        actor=secretariat, event=event, organization=city, basis="exception", note="Floods"
    )

    assert (right.basis, right.note, right.granted_by) == ("exception", "Floods", secretariat)


@pytest.mark.parametrize(
    ("who", "member", "error", "code"),
    [
        ("delegate", True, NotAllowed, "forbidden"),
        ("secretariat", False, ServiceError, "not_a_member"),
    ],
)
def test_standing_is_refused_to_others_and_to_partners(
    secretariat, event, who, member, error, code
):
    actor = secretariat if who == "secretariat" else DelegateFactory().user
    organization = OrganizationFactory(is_member=member)

    with pytest.raises(error) as refused:
        services.voting_right_grant(actor=actor, event=event, organization=organization)

    assert refused.value.code == code
    assert VotingRight.objects.count() == 0


def test_an_import_with_one_bad_row_writes_nothing(secretariat, event):
    OrganizationFactory(name="City of Dakar", short_name="Dakar")
    OrganizationFactory(name="Partner Bank", short_name="Bank", is_member=False)
    rows = [
        services.StandingRow("Dakar"),
        services.StandingRow("Nowhere"),
        services.StandingRow("Bank"),
        services.StandingRow("dakar"),
        services.StandingRow("Dakar", basis="gift"),
    ]

    with pytest.raises(ServiceError) as refused:
        services.voting_rights_import(actor=secretariat, event=event, rows=rows)

    assert refused.value.code == "import_rows_invalid"
    assert refused.value.errors == {
        2: "No organization is called “Nowhere”.",
        3: "Partner Bank is not a member of the association.",
        4: "City of Dakar is listed twice.",
        5: "The basis is fees_paid or exception.",
    }
    assert VotingRight.objects.count() == 0


def test_an_import_adds_what_is_missing(secretariat, event):
    dakar = OrganizationFactory(name="City of Dakar", short_name="Dakar")
    OrganizationFactory(name="Ville de Montréal", short_name="Montréal")
    VotingRightFactory(event=event, organization=dakar)

    added = services.voting_rights_import(
        actor=secretariat,
        event=event,
        rows=[services.StandingRow("Dakar"), services.StandingRow("montréal", note="Paid")],
    )

    assert added == 1
    assert sorted(VotingRight.objects.values_list("organization__short_name", flat=True)) == [
        "Dakar",
        "Montréal",
    ]


def test_a_members_delegation_designates_its_mandate(event):
    dakar = OrganizationFactory()
    first, second = (accredited_delegate(event, organization=dakar) for _ in range(2))

    mandates = services.mandate_set(
        actor=first.user, event=event, organization=dakar, delegates=[second, first]
    )

    assert [(m.delegate, m.rank) for m in mandates] == [(second, 1), (first, 2)]
    services.mandate_set(actor=first.user, event=event, organization=dakar, delegates=[first])
    assert list(Mandate.objects.values_list("delegate", "rank")) == [(first.pk, 1)]


def test_a_focal_point_designates_the_mandate_and_gives_the_proxy(event, members, media_root):
    grantor, holder = members
    focal_point = FocalPointFactory(organization=grantor)
    delegate = accredited_delegate(event, organization=grantor)

    services.mandate_set(
        actor=focal_point.user, event=event, organization=grantor, delegates=[delegate]
    )
    proxy = services.proxy_request(
        actor=focal_point.user, event=event, grantor=grantor, holder=holder, letter=letter()
    )

    assert list(Mandate.objects.values_list("organization", "delegate", "rank")) == [
        (grantor.pk, delegate.pk, 1)
    ]
    assert services.proxy_allowed_transitions(proxy=proxy, actor=focal_point.user) == ["withdrawn"]
    other_city = FocalPointFactory(organization=holder)
    with pytest.raises(NotAllowed):
        services.mandate_set(
            actor=other_city.user, event=event, organization=grantor, delegates=[delegate]
        )


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("other_city", "mandate_other_organization"),
        ("not_accredited", "not_accredited"),
        ("twice", "mandate_repeats"),
        ("outsider", "forbidden"),
    ],
)
def test_a_mandate_that_cannot_be_is_refused(secretariat, event, case, code):
    dakar = OrganizationFactory()
    holder = accredited_delegate(event, organization=dakar)
    actor = secretariat
    delegates = [holder]
    if case == "other_city":
        delegates = [accredited_delegate(event)]
    elif case == "not_accredited":
        delegates = [DelegateFactory(organization=dakar)]
    elif case == "twice":
        delegates = [holder, holder]
    else:
        actor = accredited_delegate(event).user

    with pytest.raises(ServiceError) as refused:
        services.mandate_set(actor=actor, event=event, organization=dakar, delegates=delegates)

    assert refused.value.code == code
    assert Mandate.objects.count() == 0


@pytest.fixture
def members(event):
    grantor, holder = OrganizationFactory(), OrganizationFactory()
    for organization in (grantor, holder):
        VotingRightFactory(event=event, organization=organization)
    return grantor, holder


def test_a_proxy_is_asked_with_its_letter_and_approved(secretariat, event, members, media_root):
    grantor, holder = members
    delegate = accredited_delegate(event, organization=grantor)

    proxy = services.proxy_request(
        actor=delegate.user, event=event, grantor=grantor, holder=holder, letter=letter()
    )
    approved = services.proxy_transition(proxy=proxy, to="approved", actor=secretariat)

    assert (approved.status, approved.decided_by) == ("approved", secretariat)
    assert approved.letter.name.startswith("proxies/")
    assert services.proxy_allowed_transitions(proxy=approved, actor=delegate.user) == ["withdrawn"]


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("to_self", "proxy_to_self"),
        ("holder_not_in_standing", "not_in_standing"),
        ("over_cap", "proxy_cap_reached"),
        ("chain", "proxy_chain"),
        ("again", "proxy_exists"),
        ("not_a_pdf", "not_a_pdf"),
        ("cancelled_event", "event_cancelled"),
    ],
)
def test_a_proxy_that_the_statutes_do_not_allow_is_refused(
    secretariat, event, members, media_root, case, code
):
    grantor, holder = members
    upload = letter()
    if case == "to_self":
        holder = grantor
    elif case == "holder_not_in_standing":
        holder = OrganizationFactory()
    elif case == "over_cap":
        for _ in range(event.proxies_per_holder):
            ProxyFactory(event=event, holder=holder)
    elif case == "chain":
        ProxyFactory(event=event, grantor=holder)
    elif case == "again":
        ProxyFactory(event=event, grantor=grantor, status=Proxy.Status.PENDING)
    elif case == "cancelled_event":
        event.status = "cancelled"
        event.save(update_fields=["status"])
    else:
        upload = letter(b"MZ\x90\x00 not a pdf")
    before = Proxy.objects.count()
    files_before = stored_files(media_root)

    with pytest.raises(ServiceError) as refused:
        services.proxy_request(
            actor=secretariat, event=event, grantor=grantor, holder=holder, letter=upload
        )

    assert refused.value.code == code
    assert Proxy.objects.count() == before
    assert stored_files(media_root) == files_before


def test_approval_checks_the_cap_again(secretariat, event, members, media_root):
    grantor, holder = members
    pending = services.proxy_request(
        actor=secretariat, event=event, grantor=grantor, holder=holder, letter=letter()
    )
    event.proxies_per_holder = 1
    event.save(update_fields=["proxies_per_holder"])
    ProxyFactory(event=event, holder=holder)

    with pytest.raises(Conflict) as refused:
        services.proxy_transition(proxy=pending, to="approved", actor=secretariat)

    assert refused.value.code == "proxy_cap_reached"
    assert Proxy.objects.get(pk=pending.pk).status == "pending"


def test_only_the_secretariat_decides_on_a_proxy(event, members, media_root):
    grantor, holder = members
    delegate = accredited_delegate(event, organization=grantor)
    proxy = services.proxy_request(
        actor=delegate.user, event=event, grantor=grantor, holder=holder, letter=letter()
    )

    with pytest.raises(NotAllowed):
        services.proxy_transition(proxy=proxy, to="approved", actor=delegate.user)

    assert Proxy.objects.get(pk=proxy.pk).status == "pending"


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def event():
    return EventFactory()
