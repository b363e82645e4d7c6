from django import forms
from django.contrib import admin, messages
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from debates import services
from debates.events import CONFIG_FIELDS
from debates.models import Debate, DebateEvent
from forums.admin_choices import ForumChoicesMixin
from forums.selectors import debate_sessions
from plenary.backoffice import zoned_column
from plenary.errors import ServiceError

# The log can hold thousands of events: the change form shows the newest few, read-only
# and outside the form (an inline posts hidden fields per row, and Django refuses a form
# of more than DATA_UPLOAD_MAX_NUMBER_FIELDS), with a link to the whole log in the API.
LOG_SHOWN = 50


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(session)s (%(forum)s)") % {"session": obj.title, "forum": obj.forum.title}


class DebateAdminForm(forms.ModelForm):
    """A debate runs in a session of kind debate of its own forum."""

    class Meta:
        model = Debate
        fields = ["forum", "session", "title"]

    def clean(self):
        cleaned = super().clean()
        forum, session = cleaned.get("forum"), cleaned.get("session")
        wrong = session is not None and (
            forum is None or session.forum_id != forum.pk or session.kind != "debate"
        )
        if wrong:
            self.add_error("session", _("Choose a session of kind debate of the debate's forum."))
        return cleaned


@admin.register(Debate)
class DebateAdmin(ForumChoicesMixin, admin.ModelAdmin):
    form = DebateAdminForm
    list_display = ["title", "forum", "status", "scheduled_start_local", "room_link"]
    list_filter = ["status", "forum__event", "visibility"]
    search_fields = ["title", "motion", "forum__title"]
    list_select_related = ["forum__event"]
    readonly_fields = ["status", "seq", "room_link", "event_log"]
    scheduled_start_local = zoned_column(Debate, "scheduled_start", event="forum.event")
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
        "event_log",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            # Only the chosen forum's debate sessions (from ?forum= or the posted form).
            forum_id = request.POST.get("forum") or request.GET.get("forum")
            sessions = debate_sessions(forum_id=int(forum_id) if str(forum_id).isdigit() else None)
            kwargs["queryset"] = sessions.filter(debate__isnull=True)
            kwargs["form_class"] = SessionChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

    @admin.display(description=_("log"))
    def event_log(self, debate):
        if not debate.pk:
            return "-"
        events = list(
            DebateEvent.objects.filter(debate=debate)
            .order_by("-seq")
            .values_list("seq", "type", "created_at")[:LOG_SHOWN]
        )
        total = debate.seq
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            ((seq, kind, date_format(at, "DATETIME_FORMAT")) for seq, kind, at in events),
        )
        link = format_html(
            '<a href="/api/v1/debates/{}/events/">{}</a>', debate.pk, _("The whole log (API)")
        )
        if not events:
            return format_html("{} · {}", _("No event yet."), link)
        shown = ngettext(
            "The newest event of %(total)d.",
            "The newest %(count)d events of %(total)d.",
            len(events),
        ) % {"count": len(events), "total": total}
        return format_html(
            '<p>{} {}</p><table class="debate-log"><thead><tr><th>seq</th><th>{}</th><th>{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            shown,
            link,
            _("type"),
            _("when"),
            rows,
        )

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
