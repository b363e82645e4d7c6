"""A clock for playing a past sitting: the demo's closed debate happens at its session's
time, with speeches that last, instead of all at the instant the demo is loaded."""

import contextlib
import datetime
from unittest import mock

from django.utils import timezone


class SittingClock:
    def __init__(self, start: datetime.datetime):
        self.moment = start

    def __call__(self) -> datetime.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += datetime.timedelta(seconds=seconds)


@contextlib.contextmanager
def sitting_clock(start: datetime.datetime):
    """Everything stamped inside (log events, ballots, roll calls) reads this clock."""
    clock = SittingClock(start)
    with mock.patch.object(timezone, "now", clock):
        yield clock
