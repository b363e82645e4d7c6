import dataclasses
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from assembly.models import VotingRight
from debates.services import debate_create
from forums.services import seat_take
from tests.factories import (
    DelegateFactory,
    EventFactory,
    ForumFactory,
    OrganizationFactory,
    UserFactory,
    accredited_delegate,
)


@dataclasses.dataclass
class Room:
    debate: object
    forum: object
    chair: object
    delegates: list
    observer: object
    tokens: dict
    # A member in good standing with nobody here, whose proxy the first delegate's member
    # holds (``tests.debates.scenarios.statutory_room``).
    absent_member: object = None

    def token(self, user) -> str:
        return self.tokens[user.pk]


def make_room(*, delegates: int = 3, standing: bool = True, **debate_config) -> Room:
    """A live-debate set-up: an event, a forum with a chair, ``delegates`` delegates of as
    many member cities (in good standing at the event unless ``standing`` is False), each
    with a confirmed seat, an observer, and a debate; API tokens for all."""
    event = EventFactory()
    forum = ForumFactory(event=event, seat_capacity=50)
    chair = UserFactory(username=f"chair{forum.pk}", first_name="Kwame", last_name="Mensah")
    forum.chairs.add(chair)
    regions = ["africa", "americas", "asia_pacific", "europe"]
    people = []
    for n in range(delegates):
        organization = OrganizationFactory(region=regions[n % 4], short_name=f"City{n}")
        delegate = accredited_delegate(event, organization=organization)
        seat_take(actor=delegate.user, forum=forum)
        if standing:
            VotingRight.objects.create(event=event, organization=organization)
        people.append(delegate)
    observer = DelegateFactory().user
    debate = debate_create(actor=chair, forum=forum, title="Housing resolution", **debate_config)
    users = [chair, observer, *[d.user for d in people]]
    tokens = {user.pk: Token.objects.create(user=user).key for user in users}
    return Room(debate, forum, chair, people, observer, tokens)


@pytest.fixture
def clock():
    """A clock the test moves on itself: everything stamped reads it."""
    from tests.debates.scenarios import Clock  # scenarios builds on this module

    ticking = Clock()
    with mock.patch.object(timezone, "now", ticking):
        yield ticking


@pytest.fixture
def room(transactional_db):
    return make_room()
