"""The delegation page's part of the assembly: standing, mandate and proxies, as a focal
point sees and sets them."""

import pytest
from django.contrib.messages import get_messages

from assembly import selectors
from assembly.models import Mandate
from tests.factories import (
    DelegateFactory,
    EventFactory,
    FocalPointFactory,
    MandateFactory,
    OrganizationFactory,
    ProxyFactory,
    VotingRightFactory,
    accredited_delegate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dakar(db):
    return OrganizationFactory(name="City of Dakar", short_name="Dakar", is_member=True)


@pytest.fixture
def focal_point(dakar):
    return FocalPointFactory(organization=dakar)


@pytest.fixture
def assembly_event(dakar):
    event = EventFactory(title="General Assembly")
    VotingRightFactory(event=event, organization=dakar)
    return event


def named(event, organization, first_name, last_name):
    return accredited_delegate(
        event, organization=organization, user__first_name=first_name, user__last_name=last_name
    )


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_delegation_page_shows_standing_mandate_and_proxies(
    client, focal_point, dakar, assembly_event
):
    awa = named(assembly_event, dakar, "Awa", "Diop")
    named(assembly_event, dakar, "Moussa", "Ba")
    MandateFactory(event=assembly_event, delegate=awa)
    seoul = OrganizationFactory(name="Seoul Metropolitan Government")
    ProxyFactory(event=assembly_event, grantor=dakar, holder=seoul, status="pending")
    client.force_login(focal_point.user)

    html = client.get(f"/delegation/{dakar.pk}/").content.decode()

    section = html[html.index('id="statutes"') :]
    assert "General Assembly" in section
    assert "In good standing" in section
    assert "Moussa Ba" in section
    assert f'<option value="{awa.pk}" selected>Awa Diop</option>' in section
    assert "Our vote is cast by Seoul Metropolitan Government · Pending" in section


def test_a_member_without_standing_is_told_why_it_does_not_vote(client, focal_point, dakar):
    event = EventFactory(title="General Assembly")
    VotingRightFactory(event=event)
    client.force_login(focal_point.user)

    html = client.get(f"/delegation/{dakar.pk}/").content.decode()

    assert "Not in good standing" in html
    assert "until then this member does not vote" in html


def test_a_focal_point_sets_the_mandate_from_the_page(client, focal_point, dakar, assembly_event):
    awa = named(assembly_event, dakar, "Awa", "Diop")
    moussa = named(assembly_event, dakar, "Moussa", "Ba")
    client.force_login(focal_point.user)

    response = client.post(
        f"/delegation/{dakar.pk}/mandates/{assembly_event.pk}/",
        {"delegate": [str(moussa.pk), "", str(awa.pk)]},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/delegation/{dakar.pk}/#statutes"
    assert shown_messages(response) == [
        "Moussa Ba casts the ballot of City of Dakar at General Assembly."
    ]
    assert list(Mandate.objects.order_by("rank").values_list("delegate", "rank")) == [
        (moussa.pk, 1),
        (awa.pk, 2),
    ]


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("1e999", "Choose the delegates from the list."),
        ("999999", "Choose the delegates from the list."),
        ("other_city", "is not a delegate of City of Dakar."),
        ("not_accredited", "has no approved accreditation for this event."),
        ("twice", "A delegate appears twice in the mandate."),
    ],
)
def test_a_mandate_that_cannot_be_is_refused_on_the_page_and_nothing_changes(
    client, focal_point, dakar, assembly_event, choice, message
):
    awa = named(assembly_event, dakar, "Awa", "Diop")
    MandateFactory(event=assembly_event, delegate=awa)
    values = {
        "1e999": ["1e999"],
        "999999": ["999999"],
        "other_city": [str(accredited_delegate(assembly_event).pk)],
        "not_accredited": [str(DelegateFactory(organization=dakar).pk)],
        "twice": [str(awa.pk), str(awa.pk)],
    }[choice]
    client.force_login(focal_point.user)

    response = client.post(
        f"/delegation/{dakar.pk}/mandates/{assembly_event.pk}/", {"delegate": values}
    )

    assert response.status_code == 302
    [shown] = shown_messages(response)
    assert shown.endswith(message)
    assert list(Mandate.objects.values_list("delegate", "rank")) == [(awa.pk, 1)]


def test_another_citys_focal_point_cannot_set_the_mandate(client, dakar, assembly_event):
    awa = named(assembly_event, dakar, "Awa", "Diop")
    client.force_login(FocalPointFactory().user)

    response = client.post(
        f"/delegation/{dakar.pk}/mandates/{assembly_event.pk}/", {"delegate": [str(awa.pk)]}
    )

    assert response.status_code == 404
    assert Mandate.objects.count() == 0


def test_the_statutes_of_a_delegation_are_read_in_four_queries(dakar, django_assert_num_queries):
    events = []
    for number in range(3):
        event = EventFactory(title=f"Assembly {number}")
        VotingRightFactory(event=event, organization=dakar)
        MandateFactory(event=event, delegate=named(event, dakar, "Awa", f"Diop {number}"))
        ProxyFactory(event=event, grantor=dakar)
        ProxyFactory(event=event, holder=dakar)
        events.append(event)

    with django_assert_num_queries(4):
        sittings = selectors.delegation_statutes(organization=dakar, events=events)
        shown = [
            (
                sitting["event"].title,
                sitting["right"] is not None,
                [delegate.display_name for delegate in sitting["mandate"]],
                [delegate.display_name for delegate in sitting["accredited"]],
                sorted(
                    (proxy.grantor == dakar, proxy.holder == dakar) for proxy in sitting["proxies"]
                ),
            )
            for sitting in sittings
        ]

    assert shown == [
        (
            f"Assembly {n}",
            True,
            [f"Awa Diop {n}"],
            [f"Awa Diop {n}"],
            [(False, True), (True, False)],
        )
        for n in range(3)
    ]
