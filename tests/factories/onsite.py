"""Factories of the on-site app: signing keys, badges, check-in lists, doors, scans (the
services issue real badges and record real scans)."""

import datetime
import uuid

import factory
from django.utils import timezone

from onsite import credentials
from onsite.models import Badge, CheckInList, Door, Scan, SigningKey
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
