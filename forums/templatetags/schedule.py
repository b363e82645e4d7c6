"""Template helpers for schedules: times that can switch zone, calendar links."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from forums import ical

register = template.Library()

FORMATS = {"time": "TIME_FORMAT", "date": "DATE_FORMAT", "datetime": "DATETIME_FORMAT"}


@register.simple_tag
def zoned_time(value: datetime.datetime, zone, style: str = "time"):
    """``value`` shown in ``zone`` (the event's), marked up so that static/js/schedule.js
    can show it in the viewer's zone instead: ``<time datetime=... data-zoned=...>``."""
    local = timezone.localtime(value, zone)
    return format_html(
        '<time datetime="{}" data-zoned="{}">{}</time>',
        value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        style,
        formats.date_format(local, FORMATS[style]),
    )


@register.filter
def webcal(url: str) -> str:
    return ical.webcal_url(url)


@register.filter
def google_calendar(url: str) -> str:
    return ical.google_calendar_url(url)


@register.simple_tag
def session_ics_url(session) -> str:
    return ical.session_ics_url(session, get_language())
