"""Factories of the agenda and the texts debated."""

import factory

from debates.models import AgendaItem, Amendment, DraftText, Operation, Paragraph, Signoff
from tests.factories.debates import DebateFactory
from tests.factories.events import DelegateFactory, UserFactory


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    debate = factory.SubFactory(DebateFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class DraftTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftText

    item = factory.SubFactory(AgendaItemFactory)
    title = "Declaration on housing"
    sponsor = factory.SubFactory(DelegateFactory)


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    draft = factory.SubFactory(DraftTextFactory)
    key = factory.Sequence(lambda n: f"p{n + 1}")
    position = factory.Sequence(lambda n: n + 1)
    text = "Cities commit to affordable housing."


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amendment

    draft = factory.SubFactory(DraftTextFactory)
    proposer = factory.SubFactory(DelegateFactory)
    language = "en"
    version = 1
    reason = "Clearer."


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation

    amendment = factory.SubFactory(AmendmentFactory)
    position = 1
    kind = "replace"
    paragraph = "p1"
    text = "Cities guarantee housing."


class SignoffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signoff

    amendment = factory.SubFactory(AmendmentFactory)
    language = "fr"
    signed_by = factory.SubFactory(UserFactory)
