"""Reads of forums, seats and the schedule (``forums.selectors.seats``, ``.schedule``)."""

from forums.selectors.forums import (
    chairs_forum,
    forum_list,
    forum_list_visible,
    user_chairs_a_forum,
    user_is_chair,
)
from forums.selectors.programme import (
    AgendaDay,
    AgendaEntry,
    OnNow,
    agenda,
    mark_clashes,
    on_now,
    session_for_page,
    starred_session_ids,
)
from forums.selectors.schedule import (
    CALENDAR_TOKEN_PATTERN,
    ScheduleDay,
    ScheduleRow,
    delegate_by_calendar_token,
    delegate_sessions,
    schedule_by_day,
    schedule_days,
    session_list,
    sessions_on_day,
)
from forums.selectors.seats import seat_is_confirmed, seat_list, waitlist, waitlist_position

__all__ = [
    "CALENDAR_TOKEN_PATTERN",
    "AgendaDay",
    "AgendaEntry",
    "OnNow",
    "ScheduleDay",
    "ScheduleRow",
    "agenda",
    "chairs_forum",
    "delegate_by_calendar_token",
    "delegate_sessions",
    "forum_list",
    "forum_list_visible",
    "mark_clashes",
    "on_now",
    "schedule_by_day",
    "schedule_days",
    "seat_is_confirmed",
    "seat_list",
    "session_for_page",
    "session_list",
    "sessions_on_day",
    "starred_session_ids",
    "user_chairs_a_forum",
    "user_is_chair",
    "waitlist",
    "waitlist_position",
]
