"""The secretariat's back office on site: badges (issue the missing ones of an event,
print a batch as A6 pages or A4 sheets, reprint a lost one), the badge layout of each
event, the print jobs, check-in lists with their doors, and the scans (read only). Every
write goes through the services.

Printing is a job that runs beside the request: an action starts it and leads to its
progress page, which offers the PDF once it is ready."""

from collections import defaultdict

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forums.admin_choices import ForumChoicesMixin
from onsite import services
from onsite.models import (
    Badge,
    BadgePrintJob,
    BadgeSettings,
    CheckInList,
    Door,
    Scan,
    SigningKey,
)
from plenary.errors import ServiceError


def _print(modeladmin, request, batches, *, paper=None):
    """Start a print job for each ``(event, badges)`` of ``batches``; lead to the job's
    progress page when there is one, to the list of jobs when there are more."""
    jobs = []
    for event, badges in batches:
        try:
            jobs.append(
                services.badge_print_job_start(
                    actor=request.user, event=event, badges=badges, paper=paper
                )
            )
        except ServiceError as error:
            modeladmin.message_user(request, f"{event}: {error.message}", messages.ERROR)
    if not jobs:
        return None
    if len(jobs) == 1:
        return redirect(jobs[0])
    modeladmin.message_user(
        request,
        ngettext("%(count)d print job started.", "%(count)d print jobs started.", len(jobs))
        % {"count": len(jobs)},
    )
    return redirect("admin:onsite_badgeprintjob_changelist")


def _by_event(badges):
    batches = defaultdict(list)
    for badge in badges:
        batches[badge.accreditation.event].append(badge)
    return list(batches.items())


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["event", "created_at"]
    fields = ["event"]
    actions = ["issue_missing_badges", "print_every_badge"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = services.signing_key_ensure(event=obj.event)
        obj.pk = created.pk

    @admin.action(description=_("Issue the missing badges of these events and print them"))
    def issue_missing_badges(self, request, queryset):
        batches = []
        for key in queryset.select_related("event"):
            issued = services.badges_issue_missing(actor=request.user, event=key.event)
            if issued:
                batches.append((key.event, issued))
        if not batches:
            self.message_user(request, _("Every approved accreditation has a badge."))
            return None
        return _print(self, request, batches)

    @admin.action(description=_("Print every valid badge of these events"))
    def print_every_badge(self, request, queryset):
        return _print(
            self, request, [(key.event, None) for key in queryset.select_related("event")]
        )


@admin.register(BadgeSettings)
class BadgeSettingsAdmin(admin.ModelAdmin):
    list_display = ["event", "layout", "paper"]
    fields = ["event", "layout", "paper"]

    def get_readonly_fields(self, request, obj=None):
        return ["event"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = services.badge_settings_set(
            actor=request.user, event=obj.event, layout=obj.layout, paper=obj.paper
        )
        obj.pk = saved.pk


@admin.register(BadgePrintJob)
class BadgePrintJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "layout", "paper", "status", "done", "total", "created_at", "page"]
    list_filter = ["event", "status"]
    list_select_related = ["event"]
    fields = [
        "event",
        "layout",
        "paper",
        "status",
        "done",
        "total",
        "message",
        "requested_by",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields
    actions = ["restart"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Progress"))

    @admin.action(description=_("Start again (a failed or stopped job)"))
    def restart(self, request, queryset):
        for job in queryset:
            try:
                services.badge_print_job_restart(actor=request.user, job=job)
            except ServiceError as error:
                self.message_user(request, f"{job}: {error.message}", messages.ERROR)


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["name", "latin_name", "role", "version", "issued_at", "revoked_at"]
    list_filter = ["accreditation__event", "role", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "latin_name", "accreditation__delegate__user__last_name"]
    list_select_related = ["accreditation"]
    readonly_fields = ["accreditation", "version", "issued_at", "issued_by", "expires_at"]
    fields = ["accreditation", "version", "name", "latin_name", "role", "issued_at", "revoked_at"]
    actions = ["print_a6", "print_a4", "reprint"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _valid(self, queryset):
        return queryset.filter(revoked_at__isnull=True).select_related("accreditation__event")

    @admin.action(description=_("Print the selected badges, one to an A6 page"))
    def print_a6(self, request, queryset):
        return _print(self, request, _by_event(self._valid(queryset)), paper="a6")

    @admin.action(description=_("Print the selected badges, four to an A4 sheet"))
    def print_a4(self, request, queryset):
        return _print(self, request, _by_event(self._valid(queryset)), paper="a4")

    @admin.action(description=_("Reprint (a lost badge): the old one is refused at the doors"))
    def reprint(self, request, queryset):
        new = []
        for badge in queryset.select_related("accreditation"):
            try:
                new.append(
                    services.badge_issue(actor=request.user, accreditation=badge.accreditation)
                )
            except ServiceError as error:
                self.message_user(request, f"{badge}: {error.message}", messages.ERROR)
        if not new:
            return None
        self.message_user(
            request,
            ngettext("%(count)d badge reprinted.", "%(count)d badges reprinted.", len(new))
            % {"count": len(new)},
        )
        return _print(self, request, _by_event(new), paper="a6")


class DoorInline(admin.TabularInline):
    model = Door
    extra = 1


@admin.register(CheckInList)
class CheckInListAdmin(ForumChoicesMixin, admin.ModelAdmin):
    list_display = ["name", "event", "forum", "requires_seat"]
    list_filter = ["event"]
    inlines = [DoorInline]


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ["scanned_at", "checkin_list", "door", "accreditation", "direction", "outcome"]
    list_filter = ["checkin_list__event", "checkin_list", "direction", "outcome"]
    list_select_related = ["checkin_list", "door", "accreditation__delegate__user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
