"""Every write to forums: seats (``forums.services.seats``) and the schedule
(``forums.services.schedule``)."""

from forums.services.schedule import (
    SEQUENCE_FIELDS,
    SESSION_FIELDS,
    SESSION_TRANSITIONS,
    forum_delete,
    session_allowed_transitions,
    session_cancel,
    session_change,
    session_check,
    session_create,
    session_delete,
    session_reinstate,
    session_reschedule,
    session_transition,
    session_update,
)
from forums.services.seats import (
    SEAT_TRANSITIONS,
    forum_set_capacity,
    lock_forum,
    seat_allowed_transitions,
    seat_cancel,
    seat_release_for_accreditation,
    seat_take,
    seat_transition,
)

__all__ = [
    "SEAT_TRANSITIONS",
    "SEQUENCE_FIELDS",
    "SESSION_FIELDS",
    "SESSION_TRANSITIONS",
    "forum_delete",
    "forum_set_capacity",
    "lock_forum",
    "seat_allowed_transitions",
    "seat_cancel",
    "seat_release_for_accreditation",
    "seat_take",
    "seat_transition",
    "session_allowed_transitions",
    "session_cancel",
    "session_change",
    "session_check",
    "session_create",
    "session_delete",
    "session_reinstate",
    "session_reschedule",
    "session_transition",
    "session_update",
]
