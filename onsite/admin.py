"""The secretariat's back office on site: badges (issue the missing ones of an event,
print a batch as A6 pages or A4 sheets, reprint a lost one), check-in lists with their
doors, and the scans (read only). Every write goes through the services."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from onsite import services
from onsite.badges.prints import badges_pdf
from onsite.models import Badge, CheckInList, Door, Scan, SigningKey
from plenary.errors import ServiceError


def _pdf_response(badges, layout: str) -> HttpResponse:
    response = HttpResponse(badges_pdf(badges, paper=layout), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="badges-{layout}.pdf"'
    return response


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["event", "created_at"]
    fields = ["event"]
    actions = ["issue_missing_badges"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = services.signing_key_ensure(event=obj.event)
        obj.pk = created.pk

    @admin.action(description=_("Issue the missing badges of these events and print them (A4)"))
    def issue_missing_badges(self, request, queryset):
        badges = []
        for key in queryset.select_related("event"):
            badges += services.badges_issue_missing(actor=request.user, event=key.event)
        if not badges:
            self.message_user(request, _("Every approved accreditation has a badge."))
            return None
        return _pdf_response(badges, "a4")


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

    @admin.action(description=_("Print the selected badges, one to an A6 page"))
    def print_a6(self, request, queryset):
        return _pdf_response(list(queryset.filter(revoked_at__isnull=True)), "a6")

    @admin.action(description=_("Print the selected badges, four to an A4 sheet"))
    def print_a4(self, request, queryset):
        return _pdf_response(list(queryset.filter(revoked_at__isnull=True)), "a4")

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
        return _pdf_response(new, "a6")


class DoorInline(admin.TabularInline):
    model = Door
    extra = 1


@admin.register(CheckInList)
class CheckInListAdmin(admin.ModelAdmin):
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
