"""Delete stored paper files that no paper version refers to.

Such files are left when a transaction rolls back after a file was written. Meant for
cron (daily); files younger than the grace period are never touched.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from papers.services import ORPHAN_GRACE, paper_files_sweep


class Command(BaseCommand):
    help = "Delete stored paper files that no paper version refers to."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files, delete nothing."
        )
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=ORPHAN_GRACE.total_seconds() / 3600,
            help="Keep files younger than this (default: %(default)s).",
        )

    def handle(self, *args, dry_run, grace_hours, **options):
        if grace_hours < 0:
            raise CommandError("--grace-hours cannot be negative.")
        orphans = paper_files_sweep(grace=datetime.timedelta(hours=grace_hours), dry_run=dry_run)
        for name in orphans:
            self.stdout.write(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(orphans)} unreferenced file(s) {verb}.")
