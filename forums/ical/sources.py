"""Other entries of the private feed.

The private feed shows a delegate's sessions and, from other parts of Plenary, personal
entries such as the deadlines of their position papers. Such a part registers a source
here (in its app's ``ready()``); the feed asks each source for its state (to decide a 304
and to compute Last-Modified) and, when it builds, for its entries.
"""

import datetime
from collections.abc import Iterable
from typing import Protocol

from icalendar import Event as VEvent

from events.models import Delegate


class PersonalSource(Protocol):
    #: Short stable name, part of the cache key of the feed state.
    name: str

    def state(self, delegate: Delegate) -> tuple[int, datetime.datetime | None]:
        """How many entries the delegate has, and the newest change to them (cheap: one
        aggregate query). Removals must keep moving the date forward."""

    def events(self, delegate: Delegate) -> Iterable[VEvent]:
        """The entries, built in the active language, with a UID that never changes,
        DTSTAMP and LAST-MODIFIED from the data, and DTSTART/DTEND in a named zone."""


PERSONAL_SOURCES: list[PersonalSource] = []


def register_personal_source(source: PersonalSource) -> PersonalSource:
    if all(existing.name != source.name for existing in PERSONAL_SOURCES):
        PERSONAL_SOURCES.append(source)
    return source


def personal_sources() -> list[PersonalSource]:
    """The registered sources, in order of registration."""
    return PERSONAL_SOURCES
