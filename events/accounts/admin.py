"""The back office of accounts and delegations: focal points, invitations (with a bulk
import from CSV: a preview with the errors of each row, nothing written while a row is
wrong) and sign-in lockouts that the secretariat lifts."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportMixin

from events.accounts import services, signin
from events.models import FocalPoint, Invitation, Organization, SignInLockout
from plenary.errors import ServiceError


def _apply(modeladmin, request, queryset, change, done_message):
    done = 0
    for item in queryset:
        try:
            change(item)
        except ServiceError as error:
            modeladmin.message_user(request, f"{item}: {error.message}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "status", "appointed_at", "changed_at"]
    list_filter = ["status", "organization__region"]
    search_fields = ["user__username", "user__email", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]
    fields = ["user", "organization"]
    actions = ["revoke_selected", "reinstate_selected"]

    def has_change_permission(self, request, obj=None):
        # Appointed once; revoked and reinstated by the actions (one transition each).
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        appointed = services.focal_point_appoint(
            actor=request.user, user=obj.user, organization=obj.organization
        )
        obj.pk = appointed.pk
        obj.status = appointed.status

    @admin.action(description=_("Revoke selected focal points"))
    def revoke_selected(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda fp: services.focal_point_change(
                actor=request.user, focal_point=fp, to="revoked"
            ),
            _("%(count)d focal points revoked."),
        )

    @admin.action(description=_("Reinstate selected focal points"))
    def reinstate_selected(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda fp: services.focal_point_change(actor=request.user, focal_point=fp, to="active"),
            _("%(count)d focal points reinstated."),
        )


class LanguagesWidget(widgets.Widget):
    """``fr en`` or ``fr,en`` in a cell, a list of codes in the model."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").replace(",", " ").replace(";", " ")
        return [code.strip().lower() for code in text.split() if code.strip()]

    def render(self, value, obj=None, **kwargs):
        return " ".join(value or [])


class InvitationResource(resources.ModelResource):
    """One invitation per row: email, first_name, last_name, organization (its name or
    short name), title, languages, time_zone. Every row goes through the same checks as
    an invitation made on the site; the import writes nothing while any row is wrong."""

    organization = fields.Field(
        attribute="organization",
        column_name="organization",
        widget=widgets.ForeignKeyWidget(Organization, field="name"),
    )
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=LanguagesWidget()
    )

    class Meta:
        model = Invitation
        fields = [
            "email",
            "first_name",
            "last_name",
            "organization",
            "title",
            "languages",
            "time_zone",
        ]
        import_id_fields = []
        skip_unchanged = False
        use_transactions = True
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        self.actor = kwargs.get("user")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "organization":
            name = str(row.get("organization") or "").strip()
            found = Organization.objects.filter(name__iexact=name).first() or (
                Organization.objects.filter(short_name__iexact=name).first()
            )
            if found is None:
                raise ValueError(_("No organization is called “%(name)s”.") % {"name": name})
            instance.organization = found
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.email = (instance.email or "").strip()
        instance.time_zone = (instance.time_zone or "").strip() or "UTC"
        instance.expires_at = timezone.now() + datetime.timedelta(days=1)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique=False)
        try:
            services.invitation_check(
                actor=self.actor, organization=instance.organization, email=instance.email
            )
        except ServiceError as error:
            field = "organization" if error.code == "not_focal_point" else "email"
            raise ValidationError({field: [f"{error.message} ({error.code})"]}) from None

    def do_instance_save(self, instance, is_create):
        created = services.invitation_create(
            actor=self.actor,
            organization=instance.organization,
            email=instance.email,
            first_name=instance.first_name,
            last_name=instance.last_name,
            title=instance.title,
            languages=instance.languages,
            time_zone=instance.time_zone,
        )
        instance.pk = created.pk


@admin.register(Invitation)
class InvitationAdmin(ImportMixin, admin.ModelAdmin):
    resource_classes = [InvitationResource]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "organization",
        "status",
        "sent_at",
        "expires_at",
    ]
    list_filter = ["status", "organization__region"]
    search_fields = ["email", "first_name", "last_name", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = [
        "organization",
        "email",
        "first_name",
        "last_name",
        "title",
        "languages",
        "time_zone",
        "status",
        "sent_at",
        "expires_at",
        "send_count",
        "invited_by",
        "decided_at",
        "delegate",
    ]
    actions = ["resend_selected", "revoke_selected"]

    def has_add_permission(self, request):
        # One by one on the delegation pages or the API; many at once with the import.
        return False

    @admin.action(description=_("Send selected invitations again (new links)"))
    def resend_selected(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda i: services.invitation_resend(actor=request.user, invitation=i),
            _("%(count)d invitations sent again."),
        )

    @admin.action(description=_("Withdraw selected invitations"))
    def revoke_selected(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda i: services.invitation_revoke(actor=request.user, invitation=i),
            _("%(count)d invitations withdrawn."),
        )


@admin.register(SignInLockout)
class SignInLockoutAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "user",
        "address",
        "failures",
        "locked_at",
        "locked_until",
        "lifted_at",
    ]
    list_filter = ["kind", "locked_at"]
    search_fields = ["login", "address", "user__username", "user__email"]
    list_select_related = ["user"]
    actions = ["lift_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lift selected sign-in locks"))
    def lift_selected(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda lockout: signin.signin_lockout_lift(actor=request.user, lockout=lockout),
            _("%(count)d sign-in locks lifted."),
        )
