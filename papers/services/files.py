"""Stored paper files that no version refers to."""

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from papers.models import PaperVersion
from papers.pdf import delete_stored, stored_names

ORPHAN_GRACE = datetime.timedelta(hours=1)
_SWEEP_BATCH = 500


def paper_files_sweep(
    *, grace: datetime.timedelta = ORPHAN_GRACE, dry_run: bool = False, now=None
) -> list[str]:
    """Delete stored paper files that no version refers to, and return their names.

    A file is written before the transaction that records its version commits; when an
    outer transaction rolls back after the service returned, the file stays behind
    (Django has no hook on rollback). Files younger than ``grace`` are kept: their
    transaction may still be under way. With ``dry_run``, nothing is deleted.
    """
    cutoff = (now or timezone.now()) - grace
    names = stored_names()
    referenced = set()
    for start in range(0, len(names), _SWEEP_BATCH):
        batch = names[start : start + _SWEEP_BATCH]
        referenced.update(
            PaperVersion.objects.filter(file__in=batch).values_list("file", flat=True)
        )
    orphans = [
        name
        for name in names
        if name not in referenced and default_storage.get_modified_time(name) <= cutoff
    ]
    if not dry_run:
        for name in orphans:
            delete_stored(name)
    return orphans
