"""The secretariat's view of the doors: arrivals per hour, who is in each room now and
in the venue per region, who has not come; bar charts drawn as SVG on the server."""

import dataclasses
import zoneinfo
from collections import Counter

from django.utils.translation import gettext as _

from events.models import Accreditation, Event, Region
from onsite.models import CheckInList, Direction, Outcome, Scan
from onsite.selectors import inside


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    width: float
    height: float
    y: float


CHART_WIDTH, CHART_HEIGHT = 640, 180


def bars(rows: list[tuple[str, int]]) -> list[Bar]:
    """Bars of a chart ``CHART_WIDTH`` wide whose tallest is ``CHART_HEIGHT`` high."""
    if not rows:
        return []
    tallest = max(value for _label, value in rows) or 1
    step = CHART_WIDTH / len(rows)
    drawn = []
    for index, (label, value) in enumerate(rows):
        height = CHART_HEIGHT * value / tallest
        drawn.append(
            Bar(
                label=label,
                value=value,
                x=round(index * step + step * 0.1, 1),
                width=round(step * 0.8, 1),
                height=round(height, 1),
                y=round(CHART_HEIGHT - height, 1),
            )
        )
    return drawn


def _first_arrivals(event: Event) -> dict[int, object]:
    first = {}
    for accreditation_id, at in (
        Scan.objects.filter(
            checkin_list__event=event,
            checkin_list__forum__isnull=True,
            outcome=Outcome.ACCEPTED,
            direction=Direction.ENTRY,
        )
        .order_by("scanned_at")
        .values_list("accreditation_id", "scanned_at")
    ):
        first.setdefault(accreditation_id, at)
    return first


def attendance_rows(event: Event) -> list[dict]:
    """One row per approved accreditation: who, from where, first arrival, inside now."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    arrivals = _first_arrivals(event)
    venue = set()
    for checkin_list in CheckInList.objects.filter(event=event, forum__isnull=True):
        venue |= set(inside(checkin_list.pk))
    rows = []
    for accreditation in (
        Accreditation.objects.filter(event=event, status=Accreditation.Status.APPROVED)
        .select_related("delegate__user", "organization")
        .order_by("organization__name", "delegate__user__last_name", "pk")
    ):
        arrived = arrivals.get(accreditation.pk)
        rows.append(
            {
                "accreditation": accreditation,
                "name": accreditation.delegate.display_name,
                "organization": accreditation.organization.name,
                "region": accreditation.organization.region,
                "arrived": arrived.astimezone(zone) if arrived else None,
                "inside": accreditation.pk in venue,
            }
        )
    return rows


def dashboard(event: Event) -> dict:
    zone = zoneinfo.ZoneInfo(event.time_zone)
    rows = attendance_rows(event)
    hours = Counter(row["arrived"].strftime("%H:00") for row in rows if row["arrived"])
    regions = Counter(row["region"] for row in rows if row["inside"])
    rooms = [
        (checkin_list.name, len(inside(checkin_list.pk)))
        for checkin_list in CheckInList.objects.filter(event=event).order_by("forum_id", "name")
    ]
    return {
        "zone": zone,
        "arrivals": bars(sorted(hours.items())),
        "regions": bars([(str(label), regions.get(value, 0)) for value, label in Region.choices]),
        "rooms": bars(rooms),
        "accredited": len(rows),
        "arrived": sum(1 for row in rows if row["arrived"]),
        "inside": sum(1 for row in rows if row["inside"]),
        "no_shows": [row for row in rows if not row["arrived"]],
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "title": _("Attendance"),
    }
