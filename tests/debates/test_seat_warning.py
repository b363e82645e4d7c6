"""Giving up a seat while holding the floor: the forum page warns first."""

import html

import pytest

from debates import services
from tests.debates.conftest import make_room
from tests.support import signed_in

pytestmark = pytest.mark.django_db


def _confirmation(client, forum) -> str:
    page = client.get(forum.get_absolute_url()).content.decode()
    form = page[page.index('action="/events/') : page.index("Give up my seat")]
    return html.unescape(form.split('data-confirm="', 1)[1].split('"', 1)[0])


def test_a_speaker_is_warned_before_giving_up_her_seat_and_the_others_are_not():
    room = make_room()
    d = room.debate.pk
    services.debate_transition(actor=room.chair, debate_id=d, to="open")
    services.debate_transition(actor=room.chair, debate_id=d, to="live")
    amina, diego = room.delegates[0], room.delegates[1]
    services.floor_request(actor=amina.user, debate_id=d)
    services.floor_grant(actor=room.chair, debate_id=d)

    speaker = _confirmation(signed_in(amina.user), room.forum)
    listener = _confirmation(signed_in(diego.user), room.forum)
    services.floor_end(actor=room.chair, debate_id=d)
    after = _confirmation(signed_in(amina.user), room.forum)

    assert speaker == (
        f"You hold the floor in “{room.debate.title}”: giving up your seat ends your speech "
        "and takes you out of the room at once. Give up your seat?"
    )
    assert listener == after == "Give up your seat in this forum?"
