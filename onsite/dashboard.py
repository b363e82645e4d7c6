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
    y: float
    width: float


# Horizontal bars (they read on a phone): a label column, then the bar and its value.
CHART_WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT = 360, 150, 170, 26


def bars(rows: list[tuple[str, int]]) -> list[Bar]:
    """One bar a row; the longest is ``BAR_WIDTH`` long."""
    longest = max((value for _label, value in rows), default=0) or 1
    return [
        Bar(
            label=label,
            value=value,
            y=index * ROW_HEIGHT,
            width=round(BAR_WIDTH * value / longest, 1),
        )
        for index, (label, value) in enumerate(rows)
    ]


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
        "chart": {"width": CHART_WIDTH, "label": LABEL_WIDTH, "row": ROW_HEIGHT},
        "title": _("Attendance"),
    }
