"""The secretariat's back office for position papers.

Papers are written by delegates (where files are checked) and change state only through
the services: the admin shows everything, edits only the text, and its actions call
``paper_transition`` like every other entry point.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forums.admin_choices import ForumChoicesMixin
from papers import selectors, services
from papers.models import (
    PaperStatus,
    PaperStatusChange,
    PaperVersion,
    PositionPaper,
    Review,
    ReviewAssignment,
)
from plenary.backoffice import zoned_column
from plenary.csvexport import csv_response
from plenary.errors import ServiceError

S = PaperStatus


class PaperVersionInline(admin.TabularInline):
    model = PaperVersion
    extra = 0
    can_delete = False
    fields = ["number", "download", "pages", "size", "sha256", "original_name", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, version):
        url = reverse("papers:version-file", args=[version.paper_id, version.number])
        return format_html('<a href="{}">{}</a>', url, version.download_name)


class ReviewAssignmentInline(admin.TabularInline):
    model = ReviewAssignment
    extra = 0
    can_delete = False
    fields = ["reviewer", "assigned_by", "claimed", "created_at", "reminded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReviewInline(admin.StackedInline):
    model = Review
    extra = 0
    can_delete = False
    fields = [
        "reviewer",
        "score",
        "recommendation",
        "comments_to_author",
        "comments_to_chairs",
        "version",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PaperStatusChangeInline(admin.TabularInline):
    model = PaperStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "version", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DecisionMessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the authors"), widget=forms.Textarea(attrs={"rows": 5, "cols": 80})
    )


@admin.register(PositionPaper)
class PositionPaperAdmin(ForumChoicesMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "forum",
        "organization",
        "status",
        "mean_score_display",
        "review_count_display",
        "updated_at_local",
    ]
    list_filter = ["status", "forum__event", "forum", "language"]
    search_fields = [
        "title",
        "abstract",
        "organization__name",
        "author__user__first_name",
        "author__user__last_name",
    ]
    list_select_related = ["forum__event", "organization", "author__user"]
    fields = [
        "forum",
        "author",
        "organization",
        "status",
        "title",
        "abstract",
        "language",
        "keywords",
        "current_version",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decision_message",
        "late_revision_until",
    ]
    readonly_fields = [
        "forum",
        "author",
        "organization",
        "status",
        "current_version",
        "submitted_at",
        "decided_at",
        "decided_by",
        "decision_message",
        "late_revision_until",
    ]
    inlines = [
        PaperVersionInline,
        ReviewAssignmentInline,
        ReviewInline,
        PaperStatusChangeInline,
    ]
    actions = [
        "start_review",
        "accept_selected",
        "request_revisions_selected",
        "reject_selected",
        "export_papers",
    ]

    updated_at_local = zoned_column(PositionPaper, "updated_at", event="forum.event")

    def get_queryset(self, request):
        return selectors._with_scores(super().get_queryset(request))

    def has_add_permission(self, request):
        # Papers are submitted by delegates, where the file, the call and the limits are checked.
        return False

    def has_delete_permission(self, request, obj=None):
        # Withdraw or reject instead: the history of the call stays whole.
        return False

    @admin.display(description=_("mean score"), ordering="mean_score")
    def mean_score_display(self, paper):
        return "-" if paper.mean_score is None else f"{paper.mean_score:.1f}"

    @admin.display(description=_("reviews"), ordering="review_count")
    def review_count_display(self, paper):
        return f"{paper.review_count}/{paper.assignment_count}"

    def save_model(self, request, obj, form, change):
        # Only the text is edited here, through the service; the rest moves by transitions.
        data = form.cleaned_data
        try:
            services.paper_update(
                actor=request.user,
                paper=obj,
                title=data["title"],
                abstract=data["abstract"],
                language=data["language"],
                keywords=data["keywords"],
            )
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)

    def _apply(self, request, queryset, to, message=""):
        done, refused = 0, []
        for paper in queryset:
            try:
                services.paper_transition(actor=request.user, paper=paper, to=to, message=message)
            except ServiceError as error:
                refused.append(f"{paper}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                _("%(count)d papers are now %(status)s.")
                % {"count": done, "status": S(to).label.lower()},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    def _decide(self, request, queryset, to, title):
        """A decision needs a message to the authors: ask for it on an intermediate page."""
        if "apply" in request.POST:
            form = DecisionMessageForm(request.POST)
            if form.is_valid():
                self._apply(request, queryset, to, form.cleaned_data["message"])
                return None
        else:
            form = DecisionMessageForm()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "papers": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/papers/positionpaper/decide.html", context)

    @admin.action(description=_("Start the review of selected papers"))
    def start_review(self, request, queryset):
        self._apply(request, queryset, S.UNDER_REVIEW)

    @admin.action(description=_("Accept selected papers (with a message)"))
    def accept_selected(self, request, queryset):
        return self._decide(request, queryset, S.ACCEPTED, _("Accept position papers"))

    @admin.action(description=_("Request revisions of selected papers (with a message)"))
    def request_revisions_selected(self, request, queryset):
        return self._decide(
            request, queryset, S.REVISIONS_REQUESTED, _("Request revisions of position papers")
        )

    @admin.action(description=_("Reject selected papers (with a message)"))
    def reject_selected(self, request, queryset):
        return self._decide(request, queryset, S.REJECTED, _("Reject position papers"))

    @admin.action(description=_("Export papers (CSV)"))
    def export_papers(self, request, queryset):
        papers = queryset.select_related(
            "forum__event", "organization", "author__user", "current_version"
        )
        return csv_response(
            "position-papers.csv",
            [
                "event",
                "forum",
                "title",
                "organization",
                "country",
                "author",
                "email",
                "language",
                "status",
                "mean_score",
                "reviews",
                "pages",
                "sha256",
            ],
            (
                [
                    paper.forum.event.slug,
                    paper.forum.title,
                    paper.title,
                    paper.organization.name,
                    paper.organization.country,
                    paper.author.display_name,
                    paper.author.user.email,
                    paper.language,
                    paper.status,
                    "" if paper.mean_score is None else f"{paper.mean_score:.2f}",
                    paper.review_count,
                    paper.current_version.pages if paper.current_version else "",
                    paper.current_version.sha256 if paper.current_version else "",
                ]
                for paper in papers
            ),
        )
