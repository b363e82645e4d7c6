"""Remind reviewers of open reviews two days before their forum's review deadline.

Meant for cron (hourly or daily): each assignment is reminded once, so running it again
sends nothing twice.
"""

from django.core.management.base import BaseCommand

from papers.services import review_send_reminders


class Command(BaseCommand):
    help = "Email reviewers whose reviews are still open two days before the review deadline."

    def handle(self, *args, **options):
        sent = review_send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
