"""Every write to position papers, their files and reviews (``papers.services.papers``,
``.reviews``, ``.files``; what they share in ``.common``).

The state of a paper changes only in ``paper_transition``; pages, the API, admin actions
and the other services here all go through it. Each write takes the forum row lock and
then the paper row lock (in that order, always), so that the per-organization limit is
decided under the lock and two writes to one paper never interleave.

Files are checked (``papers.pdf``) before anything is written, and a stored file
is deleted again when the database transaction that was to record it fails.
"""

from papers.services.calendar import calendar_entry_record
from papers.services.common import (
    COUNTED,
    DECISIONS,
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    PAPER_TRANSITIONS,
    REMINDER_LEAD,
    REVIEWABLE,
    normalise_keywords,
)
from papers.services.files import ORPHAN_GRACE, paper_files_sweep
from papers.services.papers import (
    paper_add_version,
    paper_allowed_transitions,
    paper_create,
    paper_grant_late_revision,
    paper_transition,
    paper_update,
)
from papers.services.reviews import (
    paper_assign_reviewer,
    paper_claim,
    paper_unassign_reviewer,
    review_send_reminders,
    review_submit,
)

__all__ = [
    "COUNTED",
    "DECISIONS",
    "MAX_KEYWORDS",
    "MAX_KEYWORD_LENGTH",
    "ORPHAN_GRACE",
    "PAPER_TRANSITIONS",
    "REMINDER_LEAD",
    "REVIEWABLE",
    "calendar_entry_record",
    "normalise_keywords",
    "paper_add_version",
    "paper_allowed_transitions",
    "paper_assign_reviewer",
    "paper_claim",
    "paper_create",
    "paper_files_sweep",
    "paper_grant_late_revision",
    "paper_transition",
    "paper_unassign_reviewer",
    "paper_update",
    "review_send_reminders",
    "review_submit",
]
