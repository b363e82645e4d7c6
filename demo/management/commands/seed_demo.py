"""Load the demo association, its events, forums, schedule, papers and debates.

Safe to run again: each part creates only what is missing.
"""

from django.core.management.base import BaseCommand

from demo.data import DEMO_PASSWORD
from demo.load import demo_load


class Command(BaseCommand):
    help = "Load a realistic demo association, delegates, events and forums (idempotent)."

    def handle(self, *args, **options):
        demo_load()
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(
            self.style.SUCCESS("Demo data is loaded. Demo logins (password for all):")
        )
        self.stdout.write(f"  password:     {DEMO_PASSWORD}")
        self.stdout.write("  secretariat:  secretariat  (admin at /admin/)")
        self.stdout.write("  chair:        chair")
        self.stdout.write("  delegates:    amina, diego")
