"""An event in Montréal (with a change to summer time during it), a forum and a room."""

import datetime

import pytest

from tests.factories import (
    EventFactory,
    ForumFactory,
    RoomFactory,
)


@pytest.fixture
def event():
    return EventFactory(
        slug="annual",
        title_en="Annual Meeting",
        title_fr="Réunion annuelle",
        time_zone="America/Toronto",
        host_city="Montréal",
        venue="Palais des congrès",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 15),
    )


@pytest.fixture
def forum(event):
    return ForumFactory(
        event=event, slug="housing", title_en="Housing", title_fr="Logement", title_es="Vivienda"
    )


@pytest.fixture
def room(event):
    return RoomFactory(event=event, name_en="Room 510A", name_fr="Salle 510A")
