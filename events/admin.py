from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin

from events import services
from events.models import Accreditation, Delegate, Event, Organization
from plenary.backoffice import confirm_action, zoned_column
from plenary.csvexport import csv_response
from plenary.errors import ServiceError


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "region", "is_member"]
    list_filter = ["region", "kind", "is_member", "country"]
    search_fields = ["name", "short_name", "country"]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "title", "time_zone"]
    list_filter = ["organization__region", "organization"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "organization__name",
    ]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]
    exclude = ["calendar_token"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "host_city", "start_date", "end_date", "status"]
    list_filter = ["status", "start_date"]
    search_fields = ["title", "host_city", "venue"]
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "start_date"
    actions = ["export_accredited_delegates"]

    @admin.action(description=_("Export accredited delegates (CSV)"))
    def export_accredited_delegates(self, request, queryset):
        accreditations = (
            Accreditation.objects.filter(event__in=queryset, status=Accreditation.Status.APPROVED)
            .select_related("event", "delegate__user", "organization")
            .order_by("event__start_date", "organization__name", "delegate__user__last_name")
        )
        return csv_response(
            "accredited-delegates.csv",
            [
                "event",
                "delegate",
                "email",
                "title",
                "organization",
                "country",
                "region",
                "requested_at",
                "decided_at",
            ],
            (
                [
                    a.event.slug,
                    a.delegate.display_name,
                    a.delegate.user.email,
                    a.delegate.title,
                    a.organization.name,
                    a.organization.country,
                    a.organization.get_region_display(),
                    a.requested_at.isoformat(),
                    a.decided_at.isoformat() if a.decided_at else "",
                ]
                for a in accreditations
            ),
        )


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):
    list_display = [
        "delegate",
        "organization",
        "event",
        "status",
        "requested_at_local",
        "decided_at_local",
    ]
    list_filter = ["status", "event", "organization__region"]
    search_fields = [
        "delegate__user__first_name",
        "delegate__user__last_name",
        "delegate__user__email",
        "organization__name",
    ]
    list_select_related = ["delegate__user", "organization", "event"]
    readonly_fields = [
        "delegate",
        "event",
        "organization",
        "status",
        "requested_at",
        "decided_at",
        "decided_by",
        "note",
    ]
    actions = ["approve_selected", "reject_selected", "cancel_selected"]
    requested_at_local = zoned_column(Accreditation, "requested_at", event="event")
    decided_at_local = zoned_column(Accreditation, "decided_at", event="event")

    def has_add_permission(self, request):
        # Delegates ask for accreditation themselves; quotas and windows are checked there.
        return False

    def _apply(self, request, queryset, change, done_message):
        done, refused = 0, []
        for accreditation in queryset.select_related("delegate__user", "event"):
            try:
                change(accreditation)
            except ServiceError as error:
                refused.append(f"{accreditation.delegate}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Approve selected accreditations"))
    def approve_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.accreditation_decide(
                actor=request.user, accreditation=a, approve=True
            ),
            ngettext_lazy(
                "%(count)d accreditation approved.", "%(count)d accreditations approved.", "count"
            ),
        )

    @admin.action(description=_("Reject selected accreditations"))
    def reject_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.accreditation_decide(
                actor=request.user, accreditation=a, approve=False
            ),
            ngettext_lazy(
                "%(count)d accreditation rejected.", "%(count)d accreditations rejected.", "count"
            ),
        )

    @admin.action(description=_("Cancel selected accreditations (releases their seats)"))
    def cancel_selected(self, request, queryset):
        page = confirm_action(
            self,
            request,
            queryset.select_related("delegate__user", "event"),
            title=_("Cancel accreditations"),
            question=_(
                "Cancel these accreditations? Their delegates lose their seats in the "
                "event's forums, and the first on each waiting list takes the seat."
            ),
            button=_("Yes, cancel them"),
        )
        if page is not None:
            return page
        self._apply(
            request,
            queryset,
            lambda a: services.accreditation_cancel(actor=request.user, accreditation=a),
            ngettext_lazy(
                "%(count)d accreditation cancelled.",
                "%(count)d accreditations cancelled.",
                "count",
            ),
        )
        return None


# Focal points, invitations and sign-in lockouts.
from events.accounts import admin as _accounts_admin  # noqa: E402, F401
