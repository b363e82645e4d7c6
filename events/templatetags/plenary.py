"""Template helpers for showing times in the zone they happen in."""

import zoneinfo

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def in_zone(value, zone_name):
    """An aware datetime converted to the IANA zone ``zone_name``."""
    if value is None:
        return ""
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))


@register.simple_tag
def zoned(value, zone_name, fmt="DATETIME_FORMAT"):
    """Format an aware datetime in ``zone_name`` and name the zone: "12 May 2027, 09:30 (Europe/Madrid)"."""
    if value is None:
        return ""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
    return f"{formats.date_format(local, fmt)} ({zone_name})"
