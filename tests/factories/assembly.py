"""Factories of the assembly app: standing, mandates and proxies, as rows for setting up
tests (the services check them when they are made for real)."""

import factory
from django.core.files.base import ContentFile

from assembly.models import Mandate, Proxy, VotingRight
from demo.pdfmake import make_pdf
from tests.factories.events import DelegateFactory, EventFactory, OrganizationFactory


class VotingRightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VotingRight

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    event = factory.SubFactory(EventFactory)
    delegate = factory.SubFactory(DelegateFactory)
    organization = factory.LazyAttribute(lambda mandate: mandate.delegate.organization)
    rank = 1


class ProxyFactory(factory.django.DjangoModelFactory):
    """An approved proxy with a real stored letter."""

    class Meta:
        model = Proxy

    event = factory.SubFactory(EventFactory)
    grantor = factory.SubFactory(OrganizationFactory)
    holder = factory.SubFactory(OrganizationFactory)
    letter = factory.LazyFunction(
        lambda: ContentFile(make_pdf("Proxy letter", "We give our vote."), name="proxy.pdf")
    )
    letter_sha256 = "0" * 64
    status = Proxy.Status.APPROVED
