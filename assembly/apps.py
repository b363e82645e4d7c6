from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "assembly"
    verbose_name = _("Statutory assembly")

    def ready(self):
        from assembly import sections
        from plenary.sections import register_section

        register_section("delegation", sections.delegation_statutes)
