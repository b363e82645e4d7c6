"""Making sessions at local times, and reading feeds back with vobject."""

import datetime
import re

import vobject
from django.utils import timezone

from events.models import Event
from forums.models import Forum, Room, Seat, Session, SessionStar
from tests.factories import (
    SessionFactory,
)

UTC = datetime.UTC


def at(event, day, hour, minute=0):
    date = event.start_date + datetime.timedelta(days=day)
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=event.zone)


def make_session(forum, day=0, hour=9, room=None, **kwargs):
    return SessionFactory(
        forum=forum,
        starts_at=at(forum.event, day, hour),
        ends_at=at(forum.event, day, hour + 1),
        room=room,
        **kwargs,
    )


def age_everything(by=datetime.timedelta(minutes=10)):
    """Move every timestamp a feed depends on into the past, as if nothing had changed
    for a while (HTTP dates count whole seconds)."""
    from django.contrib.auth import get_user_model

    past = timezone.now() - by
    Event.objects.update(updated_at=past)
    Forum.objects.update(updated_at=past)
    Room.objects.update(updated_at=past)
    Session.objects.update(updated_at=past, created_at=past)
    Seat.objects.update(created_at=past, confirmed_at=past)
    SessionStar.objects.update(created_at=past)
    get_user_model().objects.update(date_joined=past)
    return past


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode("utf-8"))


def vevents(response) -> list:
    return list(parse(response).vevent_list) if b"BEGIN:VEVENT" in response.content else []


def uids(response) -> list[str]:
    return [component.uid.value for component in vevents(response)]


def unfolded(response) -> str:
    return response.content.decode().replace("\r\n ", "")


def blocks(response) -> list[bytes]:
    return re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", response.content, re.S)


def parse_http_date(value: str) -> int:
    from django.utils.http import parse_http_date as parse

    return parse(value)
