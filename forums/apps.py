from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        # Registers the seat release that follows the end of an accreditation.
        from events.accounts.two_factor import register_two_factor_role
        from forums import dashboard, services  # noqa: F401
        from forums.selectors import user_chairs_a_forum
        from plenary.sections import register_section

        # TWO_FACTOR_REQUIRED=chairs: whoever chairs a forum.
        register_two_factor_role("chairs", user_chairs_a_forum)
        register_section("admin_dashboard", dashboard.seats_panel)
