"""Template helpers for showing times in the zone they happen in."""

import zoneinfo

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.simple_tag
def zoned(value, zone_name, fmt="DATETIME_FORMAT"):
    """Format an aware datetime in ``zone_name`` and name the zone.

    For example "May 12, 2027, 9:30 a.m. (Europe/Madrid)".
    """
    if value is None:
        return ""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
    return f"{formats.date_format(local, fmt)} ({zone_name})"
