from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from events.models import Delegate, Event, Organization


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
