"""The position papers API: ``/api/v1/papers/`` with its actions, reviews and files."""

import django_filters
from django.conf import settings
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from events.models import Delegate, Event
from events.selectors import delegate_for_user
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
from papers.pdf import FileTooLarge, too_large_message
from papers.views import FORM_OVERHEAD_BYTES, pdf_response
from plenary.api.fields import IdField
from plenary.api.parsers import JSONParser

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
        if not _access(self, paper).sees_history:
            return []
        changes = paper.history.select_related("version").order_by("at", "id")
        return PaperHistorySerializer(changes, many=True).data


def _keywords_field():
    return serializers.ListField(
        child=serializers.CharField(max_length=services.MAX_KEYWORD_LENGTH),
        required=False,
        max_length=services.MAX_KEYWORDS,
    )


class PaperCreateSerializer(serializers.Serializer):
    forum = IdField(
        queryset=Forum.objects.filter(event__status=Event.Status.PUBLISHED).select_related("event")
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


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the view answers the file itself."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


def _check_upload_size(request) -> None:
    """Refuse an oversized upload from its Content-Length, before parsing the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if length > settings.PAPER_MAX_BYTES + FORM_OVERHEAD_BYTES:
        raise FileTooLarge(too_large_message())


class PaperViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Position papers the caller may see: accepted papers for everyone; drafts and papers
    in review for their author, the organization's delegates, their reviewers and the
    chairs. ``POST`` (multipart with ``file``, or JSON without) starts a draft; the
    actions move it through the workflow: submit, start-review, accept, reject,
    request-revisions, withdraw."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = PaperFilter
    search_fields = ["title"]
    ordering_fields = ["title", "submitted_at", "updated_at", "mean_score"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.paper_list_visible(user=self.request.user).order_by("-updated_at", "-id")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PaperDetailSerializer
        return PaperSerializer

    def _detail(self, paper, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=paper.pk)
        return Response(
            PaperDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    @extend_schema(request=PaperCreateSerializer, responses={201: PaperDetailSerializer})
    def create(self, request, *args, **kwargs):
        _check_upload_size(request)
        payload = PaperCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        paper = services.paper_create(
            actor=request.user,
            forum=data["forum"],
            title=data["title"],
            abstract=data["abstract"],
            language=data["language"],
            keywords=data.get("keywords", []),
            file=data.get("file"),
        )
        return self._detail(paper, status.HTTP_201_CREATED)

    @extend_schema(request=PaperUpdateSerializer, responses=PaperDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        payload = PaperUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        paper = services.paper_update(
            actor=request.user, paper=self.get_object(), **payload.validated_data
        )
        return self._detail(paper)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed(request.method)
        return super().update(request, *args, **kwargs)

    def _transition(self, request, to, payload_class=MessageSerializer):
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        paper = services.paper_transition(
            actor=request.user,
            paper=self.get_object(),
            to=to,
            message=payload.validated_data.get("message", ""),
        )
        return self._detail(paper)

    @extend_schema(request=None, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft, or a revision after the chairs asked for one (author)."""
        return self._transition(request, S.SUBMITTED)

    @extend_schema(request=MessageSerializer, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the paper before a decision (author)."""
        return self._transition(request, S.WITHDRAWN)

    @extend_schema(request=None, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        """Put a submitted paper under review (chairs)."""
        return self._transition(request, S.UNDER_REVIEW)

    @extend_schema(request=PaperDecisionSerializer, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept and publish the paper, with a message to the author (chairs)."""
        return self._transition(request, S.ACCEPTED, PaperDecisionSerializer)

    @extend_schema(request=PaperDecisionSerializer, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject the paper, with a message to the author (chairs)."""
        return self._transition(request, S.REJECTED, PaperDecisionSerializer)

    @extend_schema(request=PaperDecisionSerializer, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"], url_path="request-revisions")
    def request_revisions(self, request, pk=None):
        """Ask the author for a revision, saying what to change (chairs)."""
        return self._transition(request, S.REVISIONS_REQUESTED, PaperDecisionSerializer)

    @extend_schema(request=AssignSerializer, responses={201: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Give the paper to a reviewer of the forum's pool (chairs)."""
        payload = AssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assignment = services.paper_assign_reviewer(
            actor=request.user, paper=self.get_object(), reviewer=payload.validated_data["reviewer"]
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Take the paper to review (a reviewer of the forum's pool)."""
        delegate = delegate_for_user(request.user)
        if delegate is None:
            raise Http404
        try:
            paper = get_object_or_404(selectors.claimable_papers(delegate=delegate), pk=pk)
        except Http404:
            paper = self.get_object()
        assignment = services.paper_claim(actor=request.user, paper=paper)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LateRevisionSerializer, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"], url_path="late-revision")
    def late_revision(self, request, pk=None):
        """Allow a revision until ``until``, even after the call closed (chairs)."""
        payload = LateRevisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        paper = services.paper_grant_late_revision(
            actor=request.user, paper=self.get_object(), until=payload.validated_data["until"]
        )
        return self._detail(paper)

    @extend_schema(methods=["get"], request=None, responses=PaperVersionSerializer(many=True))
    @extend_schema(
        methods=["post"], request=VersionUploadSerializer, responses={201: PaperVersionSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def versions(self, request, pk=None):
        """Every version of the paper; ``POST`` (multipart ``file``) uploads a new one."""
        if request.method == "POST":
            _check_upload_size(request)
            paper = self.get_object()
            payload = VersionUploadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            version = services.paper_add_version(
                actor=request.user, paper=paper, file=payload.validated_data["file"]
            )
            return Response(
                PaperVersionSerializer(version, context=self.get_serializer_context()).data,
                status=status.HTTP_201_CREATED,
            )
        paper = self.get_object()
        access = selectors.paper_access(request.user, paper)
        versions = paper.versions.order_by("number") if access.sees_versions else []
        return Response(
            PaperVersionSerializer(versions, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(methods=["get"], request=None, responses=ReviewSerializer(many=True))
    @extend_schema(
        methods=["post"], request=ReviewInputSerializer, responses={201: ReviewSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def reviews(self, request, pk=None):
        """Reviews: all of them for the chairs, their own for a reviewer; the author gets
        only the comments meant for them, after the decision. ``POST`` records or updates
        the caller's review."""
        paper = self.get_object()
        if request.method == "POST":
            payload = ReviewInputSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            existed = Review.objects.filter(paper=paper, reviewer__user=request.user).exists()
            review = services.review_submit(
                actor=request.user, paper=paper, **payload.validated_data
            )
            review = Review.objects.select_related("reviewer__user", "version").get(pk=review.pk)
            return Response(
                ReviewSerializer(review).data,
                status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
            )
        access = selectors.paper_access(request.user, paper)
        if access.is_chair or access.is_reviewer:
            reviews = selectors.reviews_for(paper=paper, access=access, user=request.user)
            return Response(ReviewSerializer(reviews, many=True).data)
        comments = selectors.comments_for_author(paper=paper, access=access)
        return Response([{"comments_to_author": text} for text in comments])

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(
                "version", int, description="A version number (default: the current one)."
            )
        ],
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, PdfRenderer],
        filter_backends=[],
    )
    def file(self, request, pk=None):
        """Download the PDF (the current version, or ``?version=N``)."""
        unknown = set(request.query_params) - {"version", "format"}
        if unknown:
            raise exceptions.ValidationError(
                {"query": [f"Unknown query parameter: {', '.join(sorted(unknown))}."]},
                code="unknown_parameter",
            )
        paper = self.get_object()
        access = selectors.paper_access(request.user, paper)
        raw = request.query_params.get("version")
        if raw is None:
            version = paper.current_version
        else:
            try:
                number = int(raw)
            except ValueError:
                raise exceptions.ValidationError(
                    {"version": ["A version number is a whole number."]}
                ) from None
            version = paper.versions.filter(number=number).first() if access.sees_versions else None
        if version is None:
            raise exceptions.NotFound("This paper has no such file.")
        return pdf_response(version, public=access.public and version == paper.current_version)


__all__ = ["AuthorCommentSerializer", "PaperViewSet"]
