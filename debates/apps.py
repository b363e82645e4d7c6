from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebatesConfig(AppConfig):
    name = "debates"
    verbose_name = _("Live debates")

    def ready(self):
        from assembly.services import on_mandate_change
        from debates import dashboard, rights, sections, selectors
        from forums.selectors import on_seat_cancel_warning
        from forums.services import on_forum_people_changed
        from onsite.signin import register_landing
        from plenary.sections import register_section

        # Open sockets follow changes of seats and chairs; mandates hold still during votes.
        on_forum_people_changed(rights.forum_people_changed)
        on_mandate_change(rights.refuse_mandate_change_during_a_vote)
        on_seat_cancel_warning(selectors.floor_holder_warning)
        register_section("forum", sections.forum_resolutions)
        register_section("event", sections.event_resolutions)
        register_section("admin_dashboard", dashboard.debates_panel)
        # A badge signing its owner in opens the event's live room.
        register_landing(selectors.open_room_for)
