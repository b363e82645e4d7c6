"""Every change to a debate: its lifecycle (``debates.services.debates``), the floor and
the timer (``.floor``), motions and votes (``.votes``), questions, chat and reactions
(``.conversation``), all on the log (``.log``). The live room's commands, the API and the
admin call these; each returns the model it changed (or a small dataclass)."""

from debates.services.conversation import (
    QUESTION_TRANSITIONS,
    message_post,
    message_remove,
    question_ask,
    question_moderate,
    question_transition,
    question_upvote,
    reaction_send,
)
from debates.services.debates import (
    DEBATE_TRANSITIONS,
    debate_allowed_transitions,
    debate_create,
    debate_transition,
    debate_update,
)
from debates.services.floor import (
    FLOOR_TRANSITIONS,
    floor_end,
    floor_grant,
    floor_reorder,
    floor_request,
    floor_time_up,
    floor_transition,
    floor_withdraw,
    timer_control,
)
from debates.services.votes import (
    MOTION_TRANSITIONS,
    VOTE_TRANSITIONS,
    CastBallot,
    motion_allowed_transitions,
    motion_propose,
    motion_second,
    motion_transition,
    motion_withdraw,
    vote_cast,
    vote_close,
    vote_open,
    vote_transition,
)

__all__ = [
    "DEBATE_TRANSITIONS",
    "FLOOR_TRANSITIONS",
    "MOTION_TRANSITIONS",
    "QUESTION_TRANSITIONS",
    "VOTE_TRANSITIONS",
    "CastBallot",
    "debate_allowed_transitions",
    "debate_create",
    "debate_transition",
    "debate_update",
    "floor_end",
    "floor_grant",
    "floor_reorder",
    "floor_request",
    "floor_time_up",
    "floor_transition",
    "floor_withdraw",
    "message_post",
    "message_remove",
    "motion_allowed_transitions",
    "motion_propose",
    "motion_second",
    "motion_transition",
    "motion_withdraw",
    "question_ask",
    "question_moderate",
    "question_transition",
    "question_upvote",
    "reaction_send",
    "timer_control",
    "vote_cast",
    "vote_close",
    "vote_open",
    "vote_transition",
]
