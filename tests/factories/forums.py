"""Factories of the forums app: forums, seats, rooms, sessions, speaker profiles, stars,
schedule removals."""

import datetime
import uuid

import factory
from django.utils import timezone

from forums.models import (
    Forum,
    Room,
    ScheduleRemoval,
    Seat,
    Session,
    SessionStar,
    SpeakerProfile,
)
from tests.factories.events import DelegateFactory, EventFactory


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    theme = "Metropolitan governance"
    seat_capacity = 10
    working_languages = ["en", "fr"]


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    position = factory.Sequence(lambda n: n)


def _session_start(session):
    """9:00 on the event's first day, in the event's zone."""
    event = session.forum.event
    return datetime.datetime.combine(event.start_date, datetime.time(9, 0), tzinfo=event.zone)


class SessionFactory(factory.django.DjangoModelFactory):
    """A session row for setting up tests (the services create real ones)."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = Session.Kind.PANEL
    starts_at = factory.LazyAttribute(_session_start)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=1))

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)


class SpeakerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerProfile

    delegate = factory.SubFactory(DelegateFactory)
    bio = "Leads urban planning and chairs the metropolitan housing board."


class SessionStarFactory(factory.django.DjangoModelFactory):
    """A star row (the agenda services make real ones)."""

    class Meta:
        model = SessionStar

    delegate = factory.SubFactory(DelegateFactory)
    session = factory.SubFactory(SessionFactory)


class SeatFactory(factory.django.DjangoModelFactory):
    """A seat row in a given state (the seat services keep the forum's counter: use them
    when the counter matters)."""

    class Meta:
        model = Seat

    delegate = factory.SubFactory(DelegateFactory)
    forum = factory.SubFactory(ForumFactory)
    status = Seat.Status.WAITLISTED
    created_at = factory.LazyFunction(timezone.now)


class ScheduleRemovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleRemoval

    event = factory.SubFactory(EventFactory)
    forum = factory.SubFactory(ForumFactory, event=factory.SelfAttribute("..event"))
    session_uuid = factory.LazyFunction(uuid.uuid4)
