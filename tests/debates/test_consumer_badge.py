"""A badge session in the live room: the socket it opens is its owner's, and a reprint of
the badge closes it (4401, the session has ended) while the owner's other sockets stay."""

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client

from events.models import Accreditation
from onsite.badges.prints import badge_code
from onsite.services import badge_issue
from tests.debates.conftest import make_room
from tests.debates.support import ORIGIN, RoomClient, closed_with, join
from tests.factories import UserFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def _sign_in_by_badge(room):
    secretariat = UserFactory(is_staff=True)
    accreditation = Accreditation.objects.get(delegate=room.delegates[0])
    badge = badge_issue(actor=secretariat, accreditation=accreditation)
    browser = Client()
    assert browser.get(badge_code(badge).removeprefix(settings.SITE_URL)).status_code == 302
    return secretariat, accreditation, browser.cookies[settings.SESSION_COOKIE_NAME].value


async def test_a_reprint_closes_the_badge_sessions_socket_and_no_other():
    room = await database_sync_to_async(make_room)(delegates=2, visibility="delegates")
    secretariat, accreditation, session = await database_sync_to_async(_sign_in_by_badge)(room)
    cookie = (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())
    by_badge = await RoomClient(room.debate.pk, headers=[*ORIGIN, cookie]).connect()
    by_token = await join(room, room.delegates[0].user)
    other = await join(room, room.delegates[1].user)
    assert by_badge.welcome["you"]["role"] == "delegate"
    assert by_badge.welcome["you"]["user"]["id"] == room.delegates[0].user_id

    await database_sync_to_async(badge_issue)(actor=secretariat, accreditation=accreditation)

    assert await closed_with(by_badge) == 4401
    await by_token.read(timeout=0.3)
    assert by_token.close_code is None
    assert other.close_code is None
    again = await RoomClient(room.debate.pk, headers=[*ORIGIN, cookie]).connect()
    assert again.close_code == 4401
    for client in (by_token, other):
        await client.close()
