"""The statutes' records through the API: members in good standing, mandates, proxies."""

import logging

import django_filters
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import (
    exceptions,
    mixins,
    permissions,
    renderers,
    serializers,
    status,
    viewsets,
)
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assembly import selectors, services
from assembly.models import Mandate, Proxy, StandingBasis, VotingRight
from events.models import Delegate, Event, Organization
from plenary.api.fields import IdField
from plenary.api.parsers import JSONParser
from plenary.api.renderers import PdfRenderer
from plenary.errors import ServiceError

logger = logging.getLogger(__name__)


class VotingRightSerializer(serializers.ModelSerializer):
    event = IdField(queryset=Event.objects.all())
    organization = IdField(queryset=Organization.objects.all())

    class Meta:
        model = VotingRight
        fields = ["id", "event", "organization", "basis", "note", "granted_at"]
        read_only_fields = ["granted_at"]
        # The service refuses a second grant with its own code (already_in_standing).
        validators = []


class StandingImportRowSerializer(serializers.Serializer):
    organization = serializers.CharField(max_length=200)
    basis = serializers.ChoiceField(choices=StandingBasis.choices, default=StandingBasis.FEES_PAID)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class StandingImportSerializer(serializers.Serializer):
    event = IdField(queryset=Event.objects.all())
    rows = StandingImportRowSerializer(many=True, allow_empty=False, max_length=1000)


class StandingImportResultSerializer(serializers.Serializer):
    added = serializers.IntegerField()


class EventFilter(django_filters.FilterSet):
    class Meta:
        model = VotingRight
        fields = ["event", "organization"]


class VotingRightViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members in good standing per event (they may vote there). Signed-in users read the
    list; the secretariat records and takes standing away, one by one or by import."""

    serializer_class = VotingRightSerializer
    filterset_class = EventFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.voting_right_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        right = services.voting_right_grant(
            actor=request.user,
            event=data["event"],
            organization=data["organization"],
            basis=data.get("basis", StandingBasis.FEES_PAID),
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(right).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.voting_right_revoke(actor=request.user, voting_right=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=StandingImportSerializer, responses=StandingImportResultSerializer)
    @action(detail=False, methods=["post"], url_path="import", filterset_class=None)
    def import_rows(self, request):
        """Put many members in good standing at once (secretariat); one bad row refuses
        them all, each bad row named in ``errors`` (by row number)."""
        payload = StandingImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = [services.StandingRow(**row) for row in payload.validated_data["rows"]]
        try:
            added = services.voting_rights_import(
                actor=request.user, event=payload.validated_data["event"], rows=rows
            )
        except ServiceError as error:
            if getattr(error, "errors", None):
                raise ValidationError(
                    {"rows": {str(number): [text] for number, text in error.errors.items()}},
                    code=error.code,
                ) from None
            raise
        return Response({"added": added}, status=status.HTTP_201_CREATED)


class MandateSerializer(serializers.ModelSerializer):
    delegate = serializers.SerializerMethodField()

    class Meta:
        model = Mandate
        fields = ["id", "event", "organization", "rank", "delegate"]
        read_only_fields = fields

    def get_delegate(self, mandate) -> dict:
        return {"id": mandate.delegate_id, "name": mandate.delegate.display_name}


class MandateSetSerializer(serializers.Serializer):
    event = IdField(queryset=Event.objects.all())
    organization = IdField(queryset=Organization.objects.all())
    delegates = serializers.ListField(
        child=IdField(queryset=Delegate.objects.select_related("user")),
        allow_empty=False,
        max_length=20,
    )


class MandateFilter(django_filters.FilterSet):
    class Meta:
        model = Mandate
        fields = ["event", "organization"]


class MandateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Voting mandates: each member's voting delegate (rank 1) and substitutes per event.
    ``POST`` replaces a member's mandate (the secretariat, or the member's delegation)."""

    serializer_class = MandateSerializer
    filterset_class = MandateFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.mandate_list(user=self.request.user)

    @extend_schema(request=MandateSetSerializer, responses={201: MandateSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        payload = MandateSetSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        mandates = services.mandate_set(
            actor=request.user,
            event=data["event"],
            organization=data["organization"],
            delegates=data["delegates"],
        )
        for mandate in mandates:
            mandate.delegate = next(d for d in data["delegates"] if d.pk == mandate.delegate_id)
        return Response(MandateSerializer(mandates, many=True).data, status=status.HTTP_201_CREATED)


class ProxySerializer(serializers.ModelSerializer):
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Proxy
        fields = [
            "id",
            "event",
            "grantor",
            "holder",
            "status",
            "letter_sha256",
            "requested_at",
            "decided_at",
            "note",
            "actions",
        ]
        read_only_fields = fields

    def get_actions(self, proxy) -> list[str]:
        """What the caller may do with the proxy now (approve, reject, withdraw)."""
        names = {"approved": "approve", "rejected": "reject", "withdrawn": "withdraw"}
        allowed = services.proxy_allowed_transitions(
            proxy=proxy, actor=self.context["request"].user
        )
        return [names[target] for target in allowed]


class ProxyRequestSerializer(serializers.Serializer):
    event = IdField(queryset=Event.objects.all())
    grantor = IdField(queryset=Organization.objects.all())
    holder = IdField(queryset=Organization.objects.all())
    letter = serializers.FileField(allow_empty_file=True)


class ProxyDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ProxyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Proxy.Status.choices)

    class Meta:
        model = Proxy
        fields = ["event", "grantor", "holder", "status"]


class ProxyViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Proxies: a member gives its vote at an event to another, with a letter (a PDF,
    multipart ``letter``); the secretariat approves or rejects; the member withdraws.
    Delegates see the proxies given or held by their member; the secretariat all."""

    serializer_class = ProxySerializer
    filterset_class = ProxyFilter
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return selectors.proxy_list(user=self.request.user)

    @extend_schema(request=ProxyRequestSerializer, responses={201: ProxySerializer})
    def create(self, request, *args, **kwargs):
        payload = ProxyRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        proxy = services.proxy_request(
            actor=request.user,
            event=data["event"],
            grantor=data["grantor"],
            holder=data["holder"],
            letter=data["letter"],
        )
        return Response(self.get_serializer(proxy).data, status=status.HTTP_201_CREATED)

    def _move(self, request, to):
        payload = ProxyDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        proxy = services.proxy_transition(
            proxy=self.get_object(), to=to, actor=request.user, note=payload.validated_data["note"]
        )
        return Response(self.get_serializer(proxy).data)

    @extend_schema(request=ProxyDecisionSerializer, responses=ProxySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the proxy (secretariat); the holder's cap is checked again."""
        return self._move(request, Proxy.Status.APPROVED)

    @extend_schema(request=ProxyDecisionSerializer, responses=ProxySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject the proxy, with a note (secretariat)."""
        return self._move(request, Proxy.Status.REJECTED)

    @extend_schema(request=ProxyDecisionSerializer, responses=ProxySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the proxy (the grantor's delegation, or the secretariat)."""
        return self._move(request, Proxy.Status.WITHDRAWN)

    @extend_schema(request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, PdfRenderer],
        filter_backends=[],
    )
    def letter(self, request, pk=None):
        """The proxy letter (the secretariat and the two members' delegations)."""
        proxy = self.get_object()
        try:
            letter = proxy.letter.open("rb")
        except FileNotFoundError:
            logger.error("The letter of proxy %s is missing from storage", proxy.pk)
            raise exceptions.NotFound(
                _(
                    "The letter of this proxy is missing from the site's storage. "
                    "The secretariat can ask for it again."
                )
            ) from None
        response = FileResponse(
            letter,
            content_type="application/pdf",
            as_attachment=True,
            filename=f"proxy-{proxy.pk}.pdf",
        )
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        response["Cache-Control"] = "private, no-store"
        return response
