"""Factories of the on-site app: signing keys, badges, badge settings and print jobs,
check-in lists, doors, scans (the services issue real badges, record real scans and
print real jobs)."""

import datetime
import uuid

import factory
from django.utils import timezone

from onsite import credentials
from onsite.models import (
    Badge,
    BadgeLayout,
    BadgePaper,
    BadgePrintJob,
    BadgeSettings,
    CheckInList,
    Door,
    Scan,
    SigningKey,
)
from tests.factories.events import AccreditationFactory, EventFactory


class SigningKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SigningKey
        exclude = ["pair"]

    event = factory.SubFactory(EventFactory)
    pair = factory.LazyFunction(credentials.new_key_pair)
    private_key = factory.LazyAttribute(lambda key: key.pair[0])
    public_key = factory.LazyAttribute(lambda key: key.pair[1])


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    accreditation = factory.SubFactory(AccreditationFactory)
    version = 1
    name = factory.LazyAttribute(lambda badge: badge.accreditation.delegate.display_name)
    role = Badge.Role.DELEGATE
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class BadgeSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeSettings

    event = factory.SubFactory(EventFactory)
    layout = BadgeLayout.BAND
    paper = BadgePaper.A6


class BadgePrintJobFactory(factory.django.DjangoModelFactory):
    """A job as it stands once started: queued, nothing printed yet."""

    class Meta:
        model = BadgePrintJob
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    layout = BadgeLayout.CLASSIC
    paper = BadgePaper.A4
    language = "en"
    done = 0
    total = factory.SelfAttribute("done")

    @factory.post_generation
    def badges(self, create, extracted, **kwargs):
        if create and extracted:
            self.badges.set(extracted)
            self.total = len(extracted)
            self.save(update_fields=["total"])


class CheckInListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckInList

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Entrance {n}")


class DoorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Door

    checkin_list = factory.SubFactory(CheckInListFactory)
    name = factory.Sequence(lambda n: f"Door {n}")


class ScanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scan

    scan_id = factory.LazyFunction(uuid.uuid4)
    checkin_list = factory.SubFactory(CheckInListFactory)
    accreditation = factory.SubFactory(
        AccreditationFactory, event=factory.SelfAttribute("..checkin_list.event")
    )
    direction = Scan.Direction.ENTRY
    outcome = Scan.Outcome.ACCEPTED
    scanned_at = factory.LazyFunction(timezone.now)
