"""Loading the demo, part by part, in the order the parts build on each other."""

from django.db import transaction

from demo import (
    Demo,
    accounts,
    assembly,
    debates,
    forums,
    members,
    onsite,
    papers,
    programme,
    schedule,
)
from events import notifications

# Each part creates only what is missing, so loading again changes nothing.
PARTS = (
    members.seed,
    accounts.seed,
    forums.seed,
    schedule.seed,
    programme.seed,
    papers.seed,
    assembly.seed,
    onsite.seed,
    debates.seed,
)


def demo_load() -> Demo:
    """Create the demo (what is missing of it) in one transaction, without sending email."""
    demo = Demo()
    with transaction.atomic(), notifications.suppressed():
        for part in PARTS:
            part(demo)
    return demo
