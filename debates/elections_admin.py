"""The secretariat prepares elections in the back office: the sitting, the seats, the
seats per region and the candidates (delegates or member organizations). Preparing goes
through ``election_create`` (logged, so the room shows it); the room opens and closes it."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from debates import services
from debates.models import Candidate, Debate, Election
from events.models import Delegate, Organization, Region
from plenary.errors import ServiceError


class ElectionForm(forms.ModelForm):
    candidate_delegates = forms.ModelMultipleChoiceField(
        label=_("Candidates (delegates)"),
        queryset=Delegate.objects.select_related("user", "organization"),
        required=False,
    )
    candidate_organizations = forms.ModelMultipleChoiceField(
        label=_("Candidates (member organizations)"),
        queryset=Organization.objects.filter(is_member=True),
        required=False,
    )

    class Meta:
        model = Election
        fields = ["debate", "title", "seats", "method", "rule", "quorum_percent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debate"].queryset = Debate.objects.exclude(status=Debate.Status.CLOSED)
        for code, label in Region.choices:
            self.fields[f"minimum_{code}"] = forms.IntegerField(
                label=_("Seats at least for %(region)s") % {"region": label},
                min_value=0,
                max_value=200,
                initial=0,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("candidate_delegates") or cleaned.get("candidate_organizations")):
            raise forms.ValidationError(_("Choose the candidates."))
        return cleaned

    def regional_minimum(self) -> dict:
        return {
            code: self.cleaned_data.get(f"minimum_{code}") or 0 for code, _label in Region.choices
        }

    def candidates(self) -> list[tuple[str, int]]:
        return [("delegate", d.pk) for d in self.cleaned_data["candidate_delegates"]] + [
            ("organization", o.pk) for o in self.cleaned_data["candidate_organizations"]
        ]


class CandidateInline(admin.TabularInline):
    model = Candidate
    fields = ["name", "region", "yes", "no", "abstain"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["title", "debate", "round", "seats", "status"]
    list_filter = ["status", "debate__forum__event"]
    search_fields = ["title", "debate__title"]
    list_select_related = ["debate"]
    inlines = [CandidateInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ElectionForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                *ElectionForm.Meta.fields,
                *(f"minimum_{code}" for code, _label in Region.choices),
                "candidate_delegates",
                "candidate_organizations",
            ]
        return ["debate", "title", "seats", "method", "rule", "status", "result"]

    def get_readonly_fields(self, request, obj=None):
        # Once prepared, an election changes only in the room (opened, closed, resolved).
        return self.get_fields(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change):
        try:
            election = services.election_create(
                actor=request.user,
                debate_id=form.cleaned_data["debate"].pk,
                title=form.cleaned_data["title"],
                seats=form.cleaned_data["seats"],
                method=form.cleaned_data["method"],
                rule=form.cleaned_data["rule"],
                quorum_percent=form.cleaned_data["quorum_percent"],
                regional_minimum=form.regional_minimum(),
                candidates=form.candidates(),
            )
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = election.pk

    def save_related(self, request, form, formsets, change):
        """Candidates were made by the service."""

    def log_addition(self, request, obj, message):
        if obj.pk is not None:
            super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            # Refused by the service: its reason is on the list page.
            return redirect("admin:debates_election_changelist")
        return super().response_add(request, obj, post_url_continue)

    def has_delete_permission(self, request, obj=None):
        return False
