import pytest

from tests.factories import FocalPointFactory, OrganizationFactory


@pytest.fixture
def dakar(db):
    return OrganizationFactory(
        name="City of Dakar", short_name="Dakar", country="SN", region="africa"
    )


@pytest.fixture
def focal_point(dakar):
    return FocalPointFactory(
        organization=dakar,
        user__username="fatou",
        user__first_name="Fatou",
        user__last_name="Sarr",
        user__email="fatou@dakar.example.org",
    )


@pytest.fixture
def invite():
    """Make an invitation through the service, with sensible defaults."""
    from events.accounts import services

    def make(actor, organization, **fields):
        values = {
            "email": "awa.ndiaye@dakar.example.org",
            "first_name": "Awa",
            "last_name": "Ndiaye",
            "title": "Deputy Mayor",
            "languages": ["fr", "en"],
            "time_zone": "Africa/Dakar",
            **fields,
        }
        return services.invitation_create(actor=actor, organization=organization, **values)

    return make
