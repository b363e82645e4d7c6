from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Position papers")

    def ready(self):
        from papers import calendar, dashboard, sections
        from plenary.sections import register_section

        # The paper deadlines of the private calendar feed.
        calendar.register()
        register_section("forum", sections.forum_papers)
        register_section("session", sections.session_papers)
        register_section("me", sections.my_papers)
        register_section("admin_dashboard", dashboard.papers_panel)
