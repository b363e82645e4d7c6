"""Wall times entered by people, read in a time zone: a time the clocks skip does not
exist, and a time of the hour they repeat needs to say which of the two it is."""

import datetime
import zoneinfo

from babel.dates import get_timezone_name
from django.utils import formats, translation
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


def utc_offset_label(moment: datetime.datetime) -> str:
    """``UTC-5`` (a true minus sign), ``UTC+5:30``, ``UTC``: the offset of ``moment``."""
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(zone_name: str, *, place: str = "", on: datetime.date | None = None) -> str:
    """A time zone as people name it, in the active language: "Montréal time (Eastern
    Time, UTC-5)" (with a minus sign), with the offset in force on the day ``on``."""
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = datetime.datetime.combine(on or datetime.date.today(), datetime.time(12), zone)
    offset = utc_offset_label(moment)
    if zone_name in ("UTC", "Etc/UTC"):
        return offset
    region = get_timezone_name(
        zone,
        "long",
        locale=translation.to_locale(translation.get_language() or "en"),
        zone_variant="generic",
    )
    if not place:
        return f"{region} ({offset})"
    return _("%(place)s time (%(region)s, %(offset)s)") % {
        "place": place,
        "region": region,
        "offset": offset,
    }


def place_time(zone_name: str, *, place: str = "") -> str:
    """The short name of a zone, by the place whose clocks it is: "Montréal time"."""
    if zone_name in ("UTC", "Etc/UTC"):
        return "UTC"
    return _("%(place)s time") % {"place": place} if place else zone_name


def wall_time_label(
    value: datetime.datetime | None, zone_name: str, *, place: str = "", fmt="SHORT_DATETIME_FORMAT"
) -> str:
    """``value`` as the clocks of ``zone_name`` show it, with the zone named:
    "03/12/2027 10:00 (Montréal time)"; empty for no value."""
    if value is None:
        return ""
    local = value.astimezone(zoneinfo.ZoneInfo(zone_name))
    return f"{formats.date_format(local, fmt)} ({place_time(zone_name, place=place)})"
