from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from debates import services
from debates.events import CONFIG_FIELDS
from debates.models import Debate, DebateEvent
from plenary.errors import ServiceError


class DebateEventInline(admin.TabularInline):
    model = DebateEvent
    fields = ["seq", "type", "actor", "data", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-seq"]
    max_num = 0
    show_change_link = False


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "status", "seq", "room_link"]
    list_filter = ["status", "forum__event", "visibility"]
    search_fields = ["title", "motion", "forum__title"]
    list_select_related = ["forum"]
    readonly_fields = ["status", "seq", "room_link"]
    fields = [
        "forum",
        "session",
        "title",
        "motion",
        "scheduled_start",
        "visibility",
        "observers_may_ask",
        "speaking_seconds",
        "voting_rule",
        "majority",
        "quorum_percent",
        "status",
        "seq",
        "room_link",
    ]
    inlines = [DebateEventInline]

    def get_readonly_fields(self, request, obj=None):
        # Once created, a debate keeps its forum, session and start: the service changes
        # only its settings, so the form shows these rather than drop edits silently.
        if obj is not None:
            return [*self.readonly_fields, "forum", "session", "scheduled_start"]
        return self.readonly_fields

    @admin.display(description=_("room"))
    def room_link(self, debate):
        if not debate.pk:
            return "-"
        return format_html('<a href="{}">{}</a>', debate.get_absolute_url(), _("Open the room"))

    def save_model(self, request, obj, form, change):
        """Debates change only through the services, so that every change is logged."""
        config = {
            field: form.cleaned_data[field] for field in CONFIG_FIELDS if field in form.cleaned_data
        }
        try:
            if change:
                services.debate_update(actor=request.user, debate_id=obj.pk, **config)
            else:
                title = config.pop("title")
                created = services.debate_create(
                    actor=request.user,
                    forum=form.cleaned_data["forum"],
                    title=title,
                    session=form.cleaned_data.get("session"),
                    scheduled_start=form.cleaned_data.get("scheduled_start"),
                    **config,
                )
                obj.pk = created.pk
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)


from debates import elections_admin  # noqa: E402, F401 - registers the election admin
