"""The position papers API: ``/api/v1/papers/`` with its actions, reviews and files."""

from django.conf import settings
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import exceptions, mixins, permissions, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from events.selectors import delegate_for_user
from papers import selectors, services
from papers.models import Review
from papers.pdf import FileTooLarge, too_large_message
from papers.serializers import (
    AssignmentSerializer,
    AssignSerializer,
    AuthorCommentSerializer,
    LateRevisionSerializer,
    MessageSerializer,
    PaperCreateSerializer,
    PaperDecisionSerializer,
    PaperDetailSerializer,
    PaperFilter,
    PaperSerializer,
    PaperUpdateSerializer,
    PaperVersionSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    S,
    VersionUploadSerializer,
)
from papers.views import FORM_OVERHEAD_BYTES, pdf_response
from plenary.api.parsers import JSONParser
from plenary.api.renderers import PdfRenderer


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

    @extend_schema(
        methods=["get"],
        request=None,
        responses=PolymorphicProxySerializer(
            component_name="PaperReviewOrComment",
            serializers=[ReviewSerializer, AuthorCommentSerializer],
            resource_type_field_name=None,
            many=True,
        ),
        description="Chairs and reviewers get reviews; the author's side gets only the "
        "comments meant for them, after the decision.",
    )
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
        return pdf_response(
            version,
            public=access.public and version == paper.current_version,
            anonymous=access.hides_identity,
        )


__all__ = ["AuthorCommentSerializer", "PaperViewSet"]
