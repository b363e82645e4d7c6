"""Load the demo association, its events, forums, schedule, papers and debates.

Safe to run again: each part creates only what is missing.
"""

from django.core.management.base import BaseCommand

from demo.accounts import pending_invitation_url
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
        self.stdout.write("  door staff:   doors  (scanning page at /onsite/)")
        self.stdout.write("  focal point:  fatou  (Dakar's delegation at /delegation/)")
        self.stdout.write("                focal-<city> for every other member city")
        url = pending_invitation_url()
        if url:
            self.stdout.write(f"  invitation:   {url}  (Moussa Diop, Dakar: waiting)")
