from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from config.csv_export import csv_response
from config.errors import ServiceError
from forums import selectors, services
from forums.models import Forum, Seat
from forums.papers import admin as papers_admin  # noqa: F401 - registers the paper admin


class ForumAdminForm(forms.ModelForm):
    class Meta:
        model = Forum
        fields = [
            "event",
            "title",
            "slug",
            "theme",
            "description",
            "working_languages",
            "seat_capacity",
            "chairs",
            "reviewers",
            "call_opens_at",
            "call_closes_at",
            "papers_per_organization",
            "anonymous_review",
            "review_deadline",
        ]

    def clean_seat_capacity(self):
        capacity = self.cleaned_data["seat_capacity"]
        if self.instance.pk and capacity < self.instance.seats_taken:
            raise forms.ValidationError(
                _("%(count)d seats are already confirmed; capacity cannot go below that.")
                % {"count": self.instance.seats_taken}
            )
        return capacity


@admin.register(Forum)
class ForumAdmin(TranslationAdmin):
    form = ForumAdminForm
    list_display = ["title", "event", "seat_capacity", "seats_taken", "call_closes_at"]
    list_filter = ["event"]
    search_fields = ["title", "theme"]
    readonly_fields = ["seats_taken"]
    filter_horizontal = ["chairs", "reviewers"]
    list_select_related = ["event"]
    actions = ["export_seats"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Never write the whole row: seats_taken moves under the seat services' lock.
        concrete = {field.name for field in Forum._meta.concrete_fields}
        fields = [
            name for name in form.changed_data if name in concrete and name != "seat_capacity"
        ]
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])
        if "seat_capacity" in form.changed_data:
            try:
                services.forum_set_capacity(
                    actor=request.user, forum=obj, capacity=form.cleaned_data["seat_capacity"]
                )
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)

    @admin.action(description=_("Export seats (CSV)"))
    def export_seats(self, request, queryset):
        seats = (
            selectors.seat_list().filter(forum__in=queryset).exclude(status=Seat.Status.CANCELLED)
        )
        return csv_response(
            "forum-seats.csv",
            [
                "forum",
                "delegate",
                "email",
                "organization",
                "country",
                "region",
                "status",
                "position",
            ],
            (
                [
                    seat.forum.title,
                    seat.delegate.display_name,
                    seat.delegate.user.email,
                    seat.delegate.organization.name,
                    seat.delegate.organization.country,
                    seat.delegate.organization.get_region_display(),
                    seat.status,
                    seat.position,
                ]
                for seat in seats
            ),
        )


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["delegate", "forum", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "forum__event", "forum"]
    search_fields = ["delegate__user__first_name", "delegate__user__last_name", "forum__title"]
    list_select_related = ["delegate__user", "forum"]
    readonly_fields = [
        "delegate",
        "forum",
        "status",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "was_waitlisted",
    ]
    actions = ["cancel_selected"]

    def has_add_permission(self, request):
        # Seats are taken by delegates, where capacity and accreditation are checked.
        return False

    @admin.action(description=_("Cancel selected seats (promotes from the waiting list)"))
    def cancel_selected(self, request, queryset):
        done = 0
        for seat in queryset:
            try:
                services.seat_cancel(actor=request.user, seat=seat)
            except ServiceError as error:
                self.message_user(request, f"{seat}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d seats cancelled.") % {"count": done})
