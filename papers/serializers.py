"""The position papers API's serializers: a paper as the caller may see it, the bodies
each action reads, and the list's filters."""

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Delegate, Event
from forums.models import Forum
from papers import selectors, services
from papers.models import (
    PaperStatus,
    PaperVersion,
    PositionPaper,
    Review,
    ReviewAssignment,
    ReviewRecommendation,
)
from plenary.api.fields import IdField

S = PaperStatus


def _access(serializer, paper):
    cache = serializer.context.setdefault("access_cache", {})
    if paper.pk not in cache:
        cache[paper.pk] = selectors.paper_access(serializer.context["request"].user, paper)
    return cache[paper.pk]


class PaperPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PaperOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class PaperVersionSerializer(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = PaperVersion
        fields = ["number", "pages", "size", "sha256", "created_at", "file_url"]

    def get_file_url(self, version) -> str:
        request = self.context.get("request")
        path = f"/api/v1/papers/{version.paper_id}/file/?version={version.number}"
        return request.build_absolute_uri(path) if request else path


class PaperHistorySerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    at = serializers.DateTimeField()
    message = serializers.CharField()
    version = serializers.IntegerField(source="version.number", allow_null=True, default=None)


class PaperSerializer(serializers.ModelSerializer):
    """A paper as the caller may see it: with anonymous review a reviewer gets neither
    ``author`` nor ``organization``; scores and messages only go to those who may read them."""

    author = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()
    current_version = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    decision_message = serializers.SerializerMethodField()
    late_revision_until = serializers.SerializerMethodField()
    mean_score = serializers.SerializerMethodField()
    review_count = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = PositionPaper
        fields = [
            "id",
            "forum",
            "title",
            "abstract",
            "language",
            "keywords",
            "status",
            "author",
            "organization",
            "current_version",
            "file_url",
            "submitted_at",
            "decided_at",
            "decision_message",
            "late_revision_until",
            "mean_score",
            "review_count",
            "actions",
            "url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(PaperPersonSerializer(allow_null=True))
    def get_author(self, paper):
        if _access(self, paper).hides_identity:
            return None
        return {"id": paper.author_id, "name": paper.author.display_name}

    @extend_schema_field(PaperOrganizationSerializer(allow_null=True))
    def get_organization(self, paper):
        if _access(self, paper).hides_identity:
            return None
        organization = paper.organization
        return {
            "id": organization.pk,
            "name": organization.name,
            "short_name": organization.short_name,
        }

    @extend_schema_field(PaperVersionSerializer(allow_null=True))
    def get_current_version(self, paper):
        if paper.current_version is None:
            return None
        return PaperVersionSerializer(paper.current_version, context=self.context).data

    def get_file_url(self, paper) -> str | None:
        if paper.current_version_id is None:
            return None
        request = self.context.get("request")
        path = f"/api/v1/papers/{paper.pk}/file/"
        return request.build_absolute_uri(path) if request else path

    def get_decision_message(self, paper) -> str | None:
        access = _access(self, paper)
        if access.is_chair or (access.author_side and paper.status in PositionPaper.DECIDED):
            return paper.decision_message
        return None

    def get_late_revision_until(self, paper) -> str | None:
        access = _access(self, paper)
        if (access.is_chair or access.author_side) and paper.late_revision_until:
            return serializers.DateTimeField().to_representation(paper.late_revision_until)
        return None

    def get_mean_score(self, paper) -> float | None:
        if not _access(self, paper).is_chair:
            return None
        score = getattr(paper, "mean_score", None)
        return round(score, 2) if score is not None else None

    def get_review_count(self, paper) -> int | None:
        if not _access(self, paper).is_chair:
            return None
        return getattr(paper, "review_count", None)

    def get_actions(self, paper) -> list[str]:
        """What the caller may do now (the names of the action endpoints)."""
        access = _access(self, paper)
        status_ = paper.status
        moves = services.paper_allowed_transitions(paper=paper, access=access)
        allowed = []
        if access.is_author:
            if paper.is_editable:
                allowed += ["update", "versions"]
            if S.SUBMITTED in moves:
                allowed.append("submit")
            if S.WITHDRAWN in moves:
                allowed.append("withdraw")
        if access.is_chair:
            if S.UNDER_REVIEW in moves:
                allowed.append("start-review")
            decisions = {
                S.ACCEPTED: "accept",
                S.REJECTED: "reject",
                S.REVISIONS_REQUESTED: "request-revisions",
            }
            allowed += [action for target, action in decisions.items() if target in moves]
            if status_ in (S.SUBMITTED, S.UNDER_REVIEW, S.REVISIONS_REQUESTED):
                allowed.append("assign")
            if status_ == S.REVISIONS_REQUESTED:
                allowed.append("late-revision")
        if access.is_reviewer and status_ == S.UNDER_REVIEW:
            allowed.append("review")
        return allowed

    def get_url(self, paper) -> str:
        request = self.context.get("request")
        path = paper.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PaperDetailSerializer(PaperSerializer):
    versions = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(PaperSerializer.Meta):
        fields = [*PaperSerializer.Meta.fields, "versions", "history"]

    @extend_schema_field(PaperVersionSerializer(many=True))
    def get_versions(self, paper):
        if not _access(self, paper).sees_versions:
            return []
        versions = paper.versions.order_by("number")
        return PaperVersionSerializer(versions, many=True, context=self.context).data

    @extend_schema_field(PaperHistorySerializer(many=True))
    def get_history(self, paper):
        changes = selectors.paper_history(paper=paper, access=_access(self, paper))
        return PaperHistorySerializer(changes, many=True).data


def _keywords_field():
    return serializers.ListField(
        child=serializers.CharField(max_length=services.MAX_KEYWORD_LENGTH),
        required=False,
        max_length=services.MAX_KEYWORDS,
    )


class PaperCreateSerializer(serializers.Serializer):
    forum = IdField(
        queryset=Forum.objects.exclude(event__status=Event.Status.DRAFT).select_related("event")
    )
    title = serializers.CharField(max_length=300)
    abstract = serializers.CharField(max_length=3000)
    language = serializers.CharField(max_length=3)
    keywords = _keywords_field()
    file = serializers.FileField(required=False, allow_empty_file=True)


class PaperUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    abstract = serializers.CharField(max_length=3000, required=False)
    language = serializers.CharField(max_length=3, required=False)
    keywords = _keywords_field()


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class PaperDecisionSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=5000)


class AssignSerializer(serializers.Serializer):
    reviewer = IdField(queryset=Delegate.objects.select_related("user"))


class AssignmentSerializer(serializers.ModelSerializer):
    reviewer = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAssignment
        fields = ["id", "paper", "reviewer", "claimed", "created_at"]

    @extend_schema_field(PaperPersonSerializer)
    def get_reviewer(self, assignment):
        return {"id": assignment.reviewer_id, "name": assignment.reviewer.display_name}


class LateRevisionSerializer(serializers.Serializer):
    until = serializers.DateTimeField()


class VersionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="version.number", allow_null=True, default=None)

    class Meta:
        model = Review
        fields = [
            "id",
            "reviewer",
            "score",
            "recommendation",
            "comments_to_author",
            "comments_to_chairs",
            "version",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(PaperPersonSerializer)
    def get_reviewer(self, review):
        return {"id": review.reviewer_id, "name": review.reviewer.display_name}


class ReviewInputSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    recommendation = serializers.ChoiceField(choices=ReviewRecommendation.choices)
    comments_to_author = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default=""
    )
    comments_to_chairs = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default=""
    )


class AuthorCommentSerializer(serializers.Serializer):
    comments_to_author = serializers.CharField()


class PaperFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PaperStatus.choices)
    event = django_filters.ModelChoiceFilter(
        field_name="forum__event", queryset=Event.objects.all(), label="event"
    )

    class Meta:
        model = PositionPaper
        fields = ["forum", "event", "status"]
