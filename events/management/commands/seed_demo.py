"""Load the demo: every app with a ``demo`` module adds its part, in dependency order.

Safe to run again: each part creates only what is missing.
"""

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from events import notifications
from events.demo.data import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load a realistic demo association, delegates, events and forums (idempotent)."

    def handle(self, *args, **options):
        context: dict = {"stdout": self.stdout}
        with transaction.atomic(), notifications.suppressed():
            for app_config in apps.get_app_configs():
                if not Path(app_config.path).is_relative_to(settings.BASE_DIR):
                    continue
                module_name = f"{app_config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).seed(context)
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(
            self.style.SUCCESS("Demo data is loaded. Demo logins (password for all):")
        )
        self.stdout.write(f"  password:     {DEMO_PASSWORD}")
        self.stdout.write("  secretariat:  secretariat  (admin at /admin/)")
        self.stdout.write("  chair:        chair")
        self.stdout.write("  delegates:    amina, diego")
