"""Reads of forums, seats and the schedule (``forums.selectors.seats``, ``.schedule``)."""

from forums.selectors.forums import (
    chairs_forum,
    forum_list,
    forum_list_visible,
    user_chairs_a_forum,
    user_is_chair,
)
from forums.selectors.schedule import (
    CALENDAR_TOKEN_PATTERN,
    ScheduleDay,
    ScheduleRow,
    debate_sessions,
    delegate_by_calendar_token,
    delegate_sessions,
    schedule_by_day,
    schedule_by_time,
    schedule_days,
    session_list,
    sessions_filtered,
    sessions_on_day,
)
from forums.selectors.seats import (
    forum_occupancy,
    seat_is_confirmed,
    seat_list,
    waitlist,
    waitlist_position,
)

__all__ = [
    "CALENDAR_TOKEN_PATTERN",
    "ScheduleDay",
    "ScheduleRow",
    "chairs_forum",
    "debate_sessions",
    "delegate_by_calendar_token",
    "delegate_sessions",
    "forum_list",
    "forum_list_visible",
    "forum_occupancy",
    "schedule_by_day",
    "schedule_by_time",
    "schedule_days",
    "seat_is_confirmed",
    "seat_list",
    "session_list",
    "sessions_filtered",
    "sessions_on_day",
    "user_chairs_a_forum",
    "user_is_chair",
    "waitlist",
    "waitlist_position",
]
