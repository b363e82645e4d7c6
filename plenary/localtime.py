"""Wall times entered by people, read in a time zone: a time the clocks skip does not
exist, and a time of the hour they repeat needs to say which of the two it is."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from plenary.errors import ServiceError

FIRST, SECOND = 0, 1


class NonexistentTime(ServiceError):
    default_code = "nonexistent_time"


class AmbiguousTime(ServiceError):
    default_code = "ambiguous_time"


def _offset(value: datetime.datetime) -> str:
    offset = value.utcoffset() or datetime.timedelta(0)
    sign = "+" if offset >= datetime.timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def is_ambiguous(value: datetime.datetime) -> bool:
    """Whether the wall time of aware ``value`` comes twice in its zone."""
    other = value.replace(fold=1 - value.fold)
    return other.utcoffset() != value.utcoffset()


def local_datetime(
    wall: datetime.datetime, zone: datetime.tzinfo, *, fold: int | None = None
) -> datetime.datetime:
    """The instant that the naive ``wall`` time means in ``zone``.

    Refused when the clocks skip that time (``NonexistentTime``), and, unless ``fold``
    says which (``FIRST``: before the clocks go back, ``SECOND``: after), when it comes
    twice (``AmbiguousTime``). The messages say what happens that night and what to do.
    """
    wall = wall.replace(tzinfo=None)
    first = wall.replace(tzinfo=zone, fold=FIRST)
    second = wall.replace(tzinfo=zone, fold=SECOND)
    name = getattr(zone, "key", str(zone))
    when = {
        "time": formats.time_format(wall.time(), "TIME_FORMAT"),
        "date": formats.date_format(wall.date(), "DATE_FORMAT"),
        "zone": name,
    }
    round_trip = first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != wall:
        raise NonexistentTime(
            _(
                "%(time)s does not exist on %(date)s in %(zone)s: the clocks go forward "
                "over it. Choose a time before or after the change."
            )
            % when
        )
    if first.utcoffset() == second.utcoffset():
        return first
    if fold in (FIRST, SECOND):
        return second if fold == SECOND else first
    raise AmbiguousTime(
        _(
            "%(time)s happens twice on %(date)s in %(zone)s (the clocks go back): say "
            "which one, the first (%(first)s) or the second (%(second)s)."
        )
        % {**when, "first": _offset(first), "second": _offset(second)}
    )
