"""Template helpers every page may use: times in the zone they happen in, sections that other
apps add to a page."""

import zoneinfo

from django import template
from django.utils import formats, timezone

from plenary import access
from plenary.localtime import zone_label
from plenary.sections import render_sections

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


@register.simple_tag
def event_zone(event):
    """The event's time zone named by its host city: "Montréal time (Eastern Time, UTC-5)"."""
    return zone_label(event.time_zone, place=event.host_city, on=event.start_date)


@register.simple_tag(takes_context=True)
def sections(context, page, **objects):
    """The sections other apps add to ``page`` (see ``plenary.sections``)."""
    return render_sections(page, context["request"], **objects)


@register.filter
def is_secretariat(user) -> bool:
    """``{% if user|is_secretariat %}``: the rule of ``plenary.access``."""
    return access.is_secretariat(user)
