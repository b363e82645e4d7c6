import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from forums import selectors, services
from forums.admin_choices import ForumChoicesMixin
from forums.models import Forum, Room, Seat, Session, SpeakerProfile
from plenary.backoffice import confirm_action, zoned_column
from plenary.csvexport import csv_response
from plenary.errors import ServiceError
from plenary.localtime import FIRST, SECOND, is_ambiguous, local_datetime

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SESSION_FORM_FIELDS = ["title", "description", "kind", "starts_at", "ends_at", "room", "speakers"]


class WallTimeField(forms.SplitDateTimeField):
    """The date and time as typed (naive): the form reads them in the event's zone."""

    widget = AdminSplitDateTime

    def compress(self, data_list):
        if data_list and data_list[0] is not None and data_list[1] is not None:
            return datetime.datetime.combine(*data_list)
        return super().compress(data_list)


OCCURRENCES = [
    ("", _("(only when the time comes twice)")),
    (str(FIRST), _("the first, before the clocks go back")),
    (str(SECOND), _("the second, after the clocks go back")),
]


class SessionAdminForm(forms.ModelForm):
    """Times are entered in the event's time zone: one the clocks skip is refused, and
    one of the hour they repeat needs its occurrence chosen. The schedule rules (no
    overlap in a room, days of the event) are checked here so that errors show next to
    the fields."""

    starts_at = WallTimeField(label=_("starts"))
    ends_at = WallTimeField(label=_("ends"))
    starts_at_occurrence = forms.TypedChoiceField(
        label=_("if the start comes twice"), choices=OCCURRENCES, required=False, coerce=int
    )
    ends_at_occurrence = forms.TypedChoiceField(
        label=_("if the end comes twice"), choices=OCCURRENCES, required=False, coerce=int
    )

    class Meta:
        model = Session
        fields = ["forum", *SESSION_FORM_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            if name in self.fields:
                self.fields[name].help_text = _("In the event's time zone.")
                value = getattr(self.instance, name, None)
                zone = self._zone()
                if value is not None and zone is not None:
                    local = value.astimezone(zone)
                    # Shown as wall time in the event's zone, with its occurrence.
                    self.initial[name] = local.replace(tzinfo=None)
                    if is_ambiguous(local):
                        self.initial[f"{name}_occurrence"] = local.fold

    def _zone(self):
        forum = getattr(self.instance, "forum", None) if self.instance.forum_id else None
        return forum.event.zone if forum is not None else None

    def _forum(self):
        return self.cleaned_data.get("forum") or getattr(self.instance, "forum", None)

    def clean(self):
        cleaned = super().clean()
        try:
            forum = self._forum()
        except Forum.DoesNotExist:
            forum = None
        if forum is None or cleaned.get("starts_at") is None or cleaned.get("ends_at") is None:
            return cleaned
        zone = forum.event.zone
        for name in ("starts_at", "ends_at"):
            wall = cleaned[name]
            if timezone.is_aware(wall):
                wall = timezone.make_naive(wall, timezone.get_current_timezone())
            try:
                cleaned[name] = local_datetime(wall, zone, fold=cleaned.get(f"{name}_occurrence"))
            except ServiceError as error:
                self.add_error(name, error.message)
        if self.errors:
            return cleaned
        try:
            services.session_check(
                forum=forum,
                starts_at=cleaned["starts_at"],
                ends_at=cleaned["ends_at"],
                room=cleaned.get("room"),
                status=self.instance.status,
                exclude=self.instance.pk,
            )
        except ServiceError as error:
            field = "room" if error.code in {"room_taken", "room_other_event"} else "starts_at"
            self.add_error(field, error.message)
        return cleaned


class SessionInlineForm(SessionAdminForm):
    class Meta:
        model = Session
        fields = ["title_en", "kind", "starts_at", "ends_at", "room"]


def _session_changes(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in form.changed_data
        if name in services.SESSION_FIELDS and name in form.cleaned_data
    }


def _session_create(request, form, forum) -> Session:
    data = form.cleaned_data
    return services.session_create(
        actor=request.user,
        forum=forum,
        title={code: data.get(f"title_{code}") or "" for code in LANGUAGE_CODES},
        description={code: data.get(f"description_{code}") or "" for code in LANGUAGE_CODES},
        kind=data["kind"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        room=data.get("room"),
        speakers=data.get("speakers") or (),
    )


class EventZoneAdminMixin:
    """Show and read the times of a change form in the zone of the object's event."""

    def event_zone_for(self, request, object_id):
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.event_zone_for(request, object_id)
        if zone is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Render now: the form's times must be written in the zone they are read in.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response


class SessionInline(admin.TabularInline):
    """The forum's schedule at a glance; translations and speakers on the session's page."""

    model = Session
    form = SessionInlineForm
    fields = [
        "title_en",
        "kind",
        "starts_at",
        "starts_at_occurrence",
        "ends_at",
        "ends_at_occurrence",
        "room",
        "status",
        "sequence",
    ]
    readonly_fields = ["status", "sequence"]
    extra = 0
    show_change_link = True
    ordering = ["starts_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "room":
            forum_id = request.resolver_match.kwargs.get("object_id")
            forum = Forum.objects.filter(pk=forum_id).first() if forum_id else None
            if forum is not None:
                kwargs["queryset"] = Room.objects.filter(event_id=forum.event_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
class ForumAdmin(EventZoneAdminMixin, TranslationAdmin):
    form = ForumAdminForm
    inlines = [SessionInline]
    list_display = ["title", "event", "seat_capacity", "seats_taken", "call_closes_at"]
    list_filter = ["event"]
    search_fields = ["title", "theme"]
    readonly_fields = ["seats_taken"]
    filter_horizontal = ["chairs", "reviewers"]
    list_select_related = ["event"]
    actions = ["export_seats"]

    def event_zone_for(self, request, object_id):
        forum = Forum.objects.select_related("event").filter(pk=object_id).first()
        return forum.event.zone if forum else None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "chairs" in form.changed_data:
            # Who chairs its debates changed: their open sockets follow.
            services.forum_people_changed(forum_id=form.instance.pk, user_ids=None)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            super().save_formset(request, form, formset, change)
            return
        # Through the session services: sequence, overlap checks and removals kept.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                services.session_delete(actor=request.user, session=inline_form.instance)
                formset.deleted_objects.append(inline_form.instance)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            try:
                if inline_form.instance.pk:
                    session = services.session_update(
                        actor=request.user,
                        session=inline_form.instance,
                        **_session_changes(inline_form),
                    )
                    formset.changed_objects.append((session, inline_form.changed_data))
                else:
                    formset.new_objects.append(_session_create(request, inline_form, form.instance))
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)

    def delete_model(self, request, obj):
        services.forum_delete(actor=request.user, forum=obj)

    def delete_queryset(self, request, queryset):
        for forum in queryset:
            services.forum_delete(actor=request.user, forum=forum)

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
class SeatAdmin(ForumChoicesMixin, admin.ModelAdmin):
    list_display = ["delegate", "forum", "status", "created_at_local", "confirmed_at_local"]
    list_filter = ["status", "forum__event", "forum"]
    search_fields = ["delegate__user__first_name", "delegate__user__last_name", "forum__title"]
    list_select_related = ["delegate__user", "forum__event"]
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
    created_at_local = zoned_column(Seat, "created_at", event="forum.event")
    confirmed_at_local = zoned_column(Seat, "confirmed_at", event="forum.event")

    def has_add_permission(self, request):
        # Seats are taken by delegates, where capacity and accreditation are checked.
        return False

    @admin.action(description=_("Cancel selected seats (promotes from the waiting list)"))
    def cancel_selected(self, request, queryset):
        seats = queryset.select_related("delegate__user", "forum")
        page = confirm_action(
            self,
            request,
            seats,
            title=_("Cancel seats"),
            question=_(
                "Cancel these seats? Each confirmed seat goes at once to the first on its "
                "forum's waiting list."
            ),
            button=_("Yes, cancel them"),
        )
        if page is not None:
            return page
        done = 0
        for seat in seats:
            try:
                services.seat_cancel(actor=request.user, seat=seat)
            except ServiceError as error:
                self.message_user(request, f"{seat}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d seats cancelled.") % {"count": done})
        return None


@admin.register(SpeakerProfile)
class SpeakerProfileAdmin(TranslationAdmin):
    list_display = ["delegate", "updated_at"]
    search_fields = ["delegate__user__first_name", "delegate__user__last_name"]
    list_select_related = ["delegate__user"]
    autocomplete_fields = ["delegate"]


@admin.register(Room)
class RoomAdmin(TranslationAdmin):
    list_display = ["name", "event", "position", "capacity"]
    list_filter = ["event"]
    search_fields = ["name"]
    list_select_related = ["event"]
    ordering = ["event", "position", "name"]


@admin.register(Session)
class SessionAdmin(ForumChoicesMixin, EventZoneAdminMixin, TranslationAdmin):
    form = SessionAdminForm
    list_display = ["title", "forum", "kind", "starts_at_local", "room", "status", "sequence"]
    list_filter = ["status", "kind", "forum__event", "forum"]
    search_fields = ["title", "forum__title"]
    list_select_related = ["forum__event", "room"]
    autocomplete_fields = ["speakers"]
    readonly_fields = ["uuid", "status", "sequence", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["forum", "title", "description", "kind"]}),
        (
            _("Time and place"),
            {
                "fields": [
                    ("starts_at", "starts_at_occurrence"),
                    ("ends_at", "ends_at_occurrence"),
                    "room",
                ]
            },
        ),
        (_("Speakers"), {"fields": ["speakers"]}),
        (
            _("Calendar"),
            {
                "fields": ["status", "sequence", "uuid", "created_at", "updated_at"],
                "description": _(
                    "The sequence grows when the time, room or status changes, so that "
                    "subscribed calendars replace their copy. Cancel rather than delete: "
                    "a cancelled session stays in every feed as cancelled."
                ),
            },
        ),
    ]
    actions = ["cancel_selected", "reinstate_selected"]
    date_hierarchy = "starts_at"
    starts_at_local = zoned_column(Session, "starts_at", event="forum.event")

    def get_readonly_fields(self, request, obj=None):
        # A session stays in its forum: its feeds and UID go with it.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "forum"] if obj is not None else fields

    def event_zone_for(self, request, object_id):
        if object_id:
            session = Session.objects.select_related("forum__event").filter(pk=object_id).first()
            return session.forum.event.zone if session else None
        forum = Forum.objects.select_related("event").filter(pk=request.GET.get("forum")).first()
        return forum.event.zone if forum else None

    def save_model(self, request, obj, form, change):
        if change:
            services.session_update(actor=request.user, session=obj, **_session_changes(form))
            return
        session = _session_create(request, form, form.cleaned_data["forum"])
        obj.pk, obj.uuid = session.pk, session.uuid

    def save_related(self, request, form, formsets, change):
        """Speakers were set by the service."""

    def delete_model(self, request, obj):
        services.session_delete(actor=request.user, session=obj)

    def delete_queryset(self, request, queryset):
        for session in queryset:
            services.session_delete(actor=request.user, session=session)

    def _each(self, request, queryset, service, done_message):
        done = 0
        for session in queryset:
            try:
                service(actor=request.user, session=session)
            except ServiceError as error:
                self.message_user(request, f"{session}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done})

    @admin.action(description=_("Cancel selected sessions (they stay in feeds as cancelled)"))
    def cancel_selected(self, request, queryset):
        page = confirm_action(
            self,
            request,
            queryset,
            title=_("Cancel sessions"),
            question=_(
                "Cancel these sessions? They stay in the schedule and in every calendar "
                "feed as cancelled, until they are reinstated."
            ),
            button=_("Yes, cancel them"),
        )
        if page is not None:
            return page
        self._each(request, queryset, services.session_cancel, _("%(count)d sessions cancelled."))
        return None

    @admin.action(description=_("Reinstate selected cancelled sessions"))
    def reinstate_selected(self, request, queryset):
        self._each(
            request, queryset, services.session_reinstate, _("%(count)d sessions reinstated.")
        )
