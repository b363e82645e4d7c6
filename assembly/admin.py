"""The secretariat's back office for the statutes' records: standing (also by CSV import,
with a preview and errors per row), mandates and proxies. Every write goes through the
services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export import fields, resources, widgets
from import_export.admin import ImportMixin

from assembly import services
from assembly.models import Mandate, Proxy, VotingRight
from events.models import Event, Organization
from plenary.errors import ServiceError


class OrganizationWidget(widgets.ForeignKeyWidget):
    """An organization by its name or its short name, as a secretariat's sheet has it."""

    def clean(self, value, row=None, **kwargs):
        name = (value or "").strip()
        organization = (
            Organization.objects.filter(name__iexact=name).first()
            or Organization.objects.filter(short_name__iexact=name).first()
        )
        if organization is None:
            raise ValueError(_("No organization is called “%(name)s”.") % {"name": name})
        return organization


class VotingRightResource(resources.ModelResource):
    event = fields.Field(
        attribute="event", column_name="event", widget=widgets.ForeignKeyWidget(Event, "slug")
    )
    organization = fields.Field(
        attribute="organization",
        column_name="organization",
        widget=OrganizationWidget(Organization),
    )

    class Meta:
        model = VotingRight
        fields = ["event", "organization", "basis", "note"]
        import_id_fields = ["event", "organization"]
        skip_unchanged = True
        use_transactions = True

    def get_instance(self, instance_loader, row):
        # An unknown name is reported with the row's other errors, not as a failure of
        # the whole sheet (import_instance collects it).
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        try:
            services.check_member(instance.organization)
        except ServiceError as error:
            raise ValidationError({"organization": error.message}) from None
        if instance.basis not in VotingRight.Basis.values:
            raise ValidationError({"basis": _("The basis is fees_paid or exception.")})

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        services.voting_right_record(
            actor=kwargs["user"],
            event=instance.event,
            organization=instance.organization,
            basis=instance.basis,
            note=instance.note or "",
        )


@admin.register(VotingRight)
class VotingRightAdmin(ImportMixin, admin.ModelAdmin):
    resource_classes = [VotingRightResource]
    list_display = ["organization", "event", "basis", "note", "granted_at"]
    list_filter = ["event", "basis", "organization__region"]
    search_fields = ["organization__name", "organization__short_name"]
    list_select_related = ["organization", "event"]
    autocomplete_fields = ["organization"]
    fields = ["event", "organization", "basis", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["event", "organization"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        try:
            services.voting_right_record(
                actor=request.user,
                event=obj.event,
                organization=obj.organization,
                basis=obj.basis,
                note=obj.note,
            )
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)

    def delete_model(self, request, obj):
        services.voting_right_revoke(actor=request.user, voting_right=obj)

    def delete_queryset(self, request, queryset):
        for right in queryset:
            services.voting_right_revoke(actor=request.user, voting_right=right)


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    """Mandates are set as a whole per member (the API, or the member's delegation)."""

    list_display = ["organization", "event", "rank", "delegate"]
    list_filter = ["event"]
    search_fields = ["organization__name", "delegate__user__last_name"]
    list_select_related = ["organization", "event", "delegate__user"]
    readonly_fields = ["event", "organization", "rank", "delegate", "set_at", "set_by"]

    def has_add_permission(self, request):
        return False


@admin.register(Proxy)
class ProxyAdmin(admin.ModelAdmin):
    list_display = ["grantor", "holder", "event", "status", "requested_at", "decided_at"]
    list_filter = ["status", "event"]
    search_fields = ["grantor__name", "holder__name"]
    list_select_related = ["grantor", "holder", "event"]
    readonly_fields = [
        "event",
        "grantor",
        "holder",
        "letter_sha256",
        "status",
        "requested_at",
        "requested_by",
        "decided_at",
        "decided_by",
        "note",
    ]
    exclude = ["letter"]
    actions = ["approve_selected", "reject_selected"]

    def has_add_permission(self, request):
        # Proxies come with their letter, checked where they are asked for.
        return False

    def _apply(self, request, queryset, to, done):
        count = 0
        for proxy in queryset:
            try:
                services.proxy_transition(proxy=proxy, to=to, actor=request.user)
            except ServiceError as error:
                self.message_user(request, f"{proxy}: {error.message}", messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve selected proxies"))
    def approve_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            Proxy.Status.APPROVED,
            ngettext_lazy("%(count)d proxy approved.", "%(count)d proxies approved.", "count"),
        )

    @admin.action(description=_("Reject selected proxies"))
    def reject_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            Proxy.Status.REJECTED,
            ngettext_lazy("%(count)d proxy rejected.", "%(count)d proxies rejected.", "count"),
        )
