"""Factories of the events app: organizations, users, delegates, events, accreditations,
focal points, invitations and sign-in lockouts."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import (
    Accreditation,
    Delegate,
    Event,
    FocalPoint,
    Invitation,
    Organization,
    SignInLockout,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"City of Testville {n}")
    short_name = factory.Sequence(lambda n: f"Testville {n}")
    kind = Organization.Kind.CITY
    country = "FR"
    region = "europe"
    is_member = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Councillor"
    languages = ["en"]
    time_zone = "Europe/Paris"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Congress {n}")
    slug = factory.Sequence(lambda n: f"congress-{n}")
    host_city = "Barcelona"
    venue = "Convention Centre"
    time_zone = "Europe/Madrid"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda event: event.start_date + datetime.timedelta(days=2))
    status = Event.Status.PUBLISHED
    registration_opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )
    registration_closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=20)
    )
    accreditation_requires_approval = True


class AccreditationFactory(factory.django.DjangoModelFactory):
    """An accreditation in a given state, for setting up tests (the services create real ones)."""

    class Meta:
        model = Accreditation

    delegate = factory.SubFactory(DelegateFactory)
    event = factory.SubFactory(EventFactory)
    organization = factory.LazyAttribute(lambda accreditation: accreditation.delegate.organization)
    status = Accreditation.Status.APPROVED


def accredited_delegate(event, **kwargs):
    """A delegate with an approved accreditation for ``event``."""
    delegate = DelegateFactory(**kwargs)
    AccreditationFactory(delegate=delegate, event=event, status=Accreditation.Status.APPROVED)
    return delegate


class FocalPointFactory(factory.django.DjangoModelFactory):
    """An active focal point (the services appoint real ones)."""

    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = FocalPoint.Status.ACTIVE


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation that has not expired (``invitation_create`` makes real ones)."""

    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    first_name = "Nadia"
    last_name = factory.Sequence(lambda n: f"Invitee{n}")
    title = "Councillor"
    languages = ["fr", "en"]
    time_zone = "Africa/Dakar"
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class SignInLockoutFactory(factory.django.DjangoModelFactory):
    """A lock that is in force (the sign-in guard records real ones)."""

    class Meta:
        model = SignInLockout

    kind = SignInLockout.Kind.ACCOUNT
    user = factory.SubFactory(UserFactory)
    login = factory.LazyAttribute(lambda lockout: lockout.user.username)
    address = "203.0.113.5"
    key = factory.LazyAttribute(lambda lockout: f"user-{lockout.user.pk}")
    failures = 5
    locked_until = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(minutes=15))
