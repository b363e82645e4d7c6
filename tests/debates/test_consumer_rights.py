"""Rights follow the person while the socket is open: a seat given up, an accreditation
cancelled, a debate narrowed, a chair no longer chair; each socket concerned gets a fresh
welcome with its new role, or is closed with 4403."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from debates import services
from events.models import Accreditation
from events.services import accreditation_cancel
from forums.models import Seat
from forums.services import forum_people_changed, seat_cancel
from tests.debates.conftest import make_room
from tests.debates.support import closed_with, join

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def fresh_welcome(client, timeout=3.0) -> dict:
    first = client.welcome
    deadline = asyncio.get_running_loop().time() + timeout
    while client.welcome is first:
        assert asyncio.get_running_loop().time() < deadline, "no fresh welcome"
        await client.read(timeout=0.1)
    return client.welcome


def _give_up_seat(delegate, forum):
    seat = Seat.objects.get(delegate=delegate, forum=forum, status="confirmed")
    seat_cancel(actor=delegate.user, seat=seat)


async def test_a_delegate_who_gives_up_the_seat_of_a_delegates_only_debate_is_closed_out():
    room = await database_sync_to_async(make_room)(delegates=2, visibility="delegates")
    leaving = await join(room, room.delegates[0].user)
    staying = await join(room, room.delegates[1].user)

    await database_sync_to_async(_give_up_seat)(room.delegates[0], room.forum)

    assert await closed_with(leaving) == 4403
    await staying.read(timeout=0.3)
    assert staying.close_code is None
    await staying.close()


async def test_an_accreditation_cancelled_takes_the_socket_with_the_seat():
    room = await database_sync_to_async(make_room)(delegates=2, visibility="delegates")
    client = await join(room, room.delegates[0].user)

    def cancel():
        accreditation = Accreditation.objects.get(delegate=room.delegates[0])
        accreditation_cancel(actor=room.delegates[0].user, accreditation=accreditation)

    await database_sync_to_async(cancel)()

    assert await closed_with(client) == 4403


async def test_a_delegate_without_a_seat_watches_on_as_an_observer_of_a_public_debate():
    room = await database_sync_to_async(make_room)(delegates=2)
    client = await join(room, room.delegates[0].user)
    assert client.welcome["you"]["role"] == "delegate"

    await database_sync_to_async(_give_up_seat)(room.delegates[0], room.forum)

    welcome = await fresh_welcome(client)
    assert welcome["you"]["role"] == "observer"
    assert welcome["you"]["can_vote"] is False
    refused = await client.send("floor.request")
    assert refused["code"] == "forbidden"
    await client.close()


async def test_narrowing_who_may_watch_closes_the_observers_out():
    room = await database_sync_to_async(make_room)(delegates=1)
    chair = await join(room, room.chair)
    observer = await join(room, room.observer)
    delegate = await join(room, room.delegates[0].user)

    await database_sync_to_async(services.debate_update)(
        actor=room.chair, debate_id=room.debate.pk, visibility="delegates"
    )

    assert await closed_with(observer) == 4403
    await delegate.read(timeout=0.3)
    assert delegate.close_code is None
    assert chair.close_code is None
    for client in (chair, delegate):
        await client.close()


async def test_a_chair_taken_off_the_forum_is_a_chair_no_more():
    room = await database_sync_to_async(make_room)(delegates=1)
    chair = await join(room, room.chair)
    assert chair.welcome["you"]["role"] == "chair"

    def demote():
        room.forum.chairs.remove(room.chair)
        with transaction.atomic():
            forum_people_changed(forum_id=room.forum.pk, user_ids=None)

    await database_sync_to_async(demote)()

    welcome = await fresh_welcome(chair)
    assert welcome["you"]["role"] == "observer"
    refused = await chair.send("debate.open")
    assert refused["code"] == "forbidden"
    await chair.close()
