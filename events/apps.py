from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and members")

    def ready(self):
        from allauth.account.signals import password_reset

        from events import dashboard
        from events.accounts.delegation import me_section
        from events.accounts.two_factor import register_two_factor_role
        from events.selectors import is_focal_point
        from plenary.sections import register_section

        register_two_factor_role("focal_points", is_focal_point)
        register_section("me_account", me_section)
        register_section("admin_dashboard", dashboard.accreditations_panel)
        # Whoever resets the password by email proves they hold the account: its lock goes.
        password_reset.connect(_lift_locks_after_reset, dispatch_uid="plenary-lift-locks")


def _lift_locks_after_reset(sender, request, user, **kwargs):
    from events.accounts.signin import signin_lockouts_lift_for_user

    signin_lockouts_lift_for_user(user=user)
