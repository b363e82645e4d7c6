"""Every model of Plenary's apps has a factory, and each factory makes a row that its
model's own validation accepts."""

import factory
import pytest
from django.apps import apps

from tests import factories

APPS = ("events", "forums", "papers", "assembly", "onsite", "debates")


def all_factories() -> list[type[factory.django.DjangoModelFactory]]:
    return [
        value
        for value in vars(factories).values()
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory)
    ]


def test_every_model_has_a_factory():
    models = {model for label in APPS for model in apps.get_app_config(label).get_models()}
    covered = {made._meta.model for made in all_factories()}
    assert sorted(model.__name__ for model in models - covered) == []


@pytest.mark.parametrize("made", all_factories(), ids=lambda made: made.__name__)
def test_factory_makes_a_valid_row(db, made):
    row = made()

    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()
