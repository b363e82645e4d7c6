"""A factory per model, by app. Rows for setting up tests; the services make real ones."""

from tests.factories.debates import (
    BallotFactory,
    DebateEventFactory,
    DebateFactory,
    FloorRequestFactory,
    MessageFactory,
    MotionFactory,
    QuestionFactory,
    QuestionUpvoteFactory,
    VoteFactory,
)
from tests.factories.events import (
    AccreditationFactory,
    DelegateFactory,
    EventFactory,
    OrganizationFactory,
    UserFactory,
    accredited_delegate,
)
from tests.factories.forums import (
    ForumFactory,
    RoomFactory,
    ScheduleRemovalFactory,
    SeatFactory,
    SessionFactory,
)
from tests.factories.papers import (
    CalendarEntryFactory,
    PaperStatusChangeFactory,
    PaperVersionFactory,
    PositionPaperFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    ReviewUnassignmentFactory,
)

__all__ = [
    "AccreditationFactory",
    "BallotFactory",
    "CalendarEntryFactory",
    "DebateEventFactory",
    "DebateFactory",
    "DelegateFactory",
    "EventFactory",
    "FloorRequestFactory",
    "ForumFactory",
    "MessageFactory",
    "MotionFactory",
    "OrganizationFactory",
    "PaperStatusChangeFactory",
    "PaperVersionFactory",
    "PositionPaperFactory",
    "QuestionFactory",
    "QuestionUpvoteFactory",
    "ReviewAssignmentFactory",
    "ReviewFactory",
    "ReviewUnassignmentFactory",
    "RoomFactory",
    "ScheduleRemovalFactory",
    "SeatFactory",
    "SessionFactory",
    "UserFactory",
    "VoteFactory",
    "accredited_delegate",
]
