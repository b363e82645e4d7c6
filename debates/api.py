from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from debates import selectors, services
from debates.models import Debate, Election, VotingRule
from debates.protocol import wire
from debates.protocol.commands import lifecycle_commands


class DebateSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Debate
        fields = ["id", "forum", "title", "motion", "status", "visibility", "seq", "url"]

    def get_url(self, debate) -> str:
        request = self.context.get("request")
        path = debate.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class DebateSnapshotSerializer(DebateSerializer):
    state = serializers.JSONField()
    actions = serializers.SerializerMethodField()

    class Meta(DebateSerializer.Meta):
        fields = [*DebateSerializer.Meta.fields, "state", "actions"]

    def get_actions(self, debate) -> list[str]:
        """The lifecycle commands of the live room the caller may send now."""
        targets = services.debate_allowed_transitions(
            debate=debate, actor=self.context["request"].user
        )
        return lifecycle_commands(debate.status, targets)


class CandidateInputSerializer(serializers.Serializer):
    delegate = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    organization = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def validate(self, attrs):
        if len(attrs) != 1:
            raise serializers.ValidationError("Name a delegate or an organization.")
        return attrs


class ElectionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    seats = serializers.IntegerField(min_value=1, max_value=200)
    method = serializers.ChoiceField(choices=Election.Method.choices, default="choose")
    rule = serializers.ChoiceField(choices=VotingRule.choices, default="per_organization")
    regional_minimum = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=200), required=False, default=dict
    )
    quorum_percent = serializers.IntegerField(min_value=0, max_value=100, default=50)
    candidates = CandidateInputSerializer(many=True, allow_empty=False, max_length=200)


class ElectionSerializer(serializers.ModelSerializer):
    candidates = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "id",
            "debate",
            "title",
            "seats",
            "method",
            "rule",
            "regional_minimum",
            "quorum_percent",
            "round",
            "previous",
            "status",
            "eligible",
            "result",
            "candidates",
        ]
        read_only_fields = fields

    def get_candidates(self, election) -> list[dict]:
        return [
            {"id": c.pk, "name": c.name, "region": c.region, "votes": c.yes}
            if election.status not in ("prepared", "open")
            else {"id": c.pk, "name": c.name, "region": c.region}
            for c in election.candidates.all()
        ]


class DebateEventSerializer(serializers.Serializer):
    type = serializers.CharField()
    hash = serializers.CharField()
    seq = serializers.IntegerField()
    at = serializers.CharField()
    actor = serializers.JSONField(allow_null=True)
    data = serializers.JSONField()

    def to_representation(self, event):
        return wire(event)


class DebateViewSet(viewsets.ReadOnlyModelViewSet):
    """Live debates. The snapshot (``state`` at ``seq``) and the log are the room's own
    data: exactly what the WebSocket carries, never a secret ballot."""

    filterset_fields = ["forum", "status"]
    extra_query_params = ("since",)
    # The log is paginated like a list (the schema says so).
    paginated_actions = ("events",)

    def get_queryset(self):
        return selectors.debate_list_visible(
            user=self.request.user, listing=self.action == "list"
        ).order_by("-id")

    def get_serializer_class(self):
        return DebateSnapshotSerializer if self.action == "retrieve" else DebateSerializer

    def get_object(self):
        debate = super().get_object()
        if selectors.role_for(self.request.user, debate) is None:
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied()
        return debate

    @extend_schema(methods=["get"], request=None, responses=ElectionSerializer(many=True))
    @extend_schema(
        methods=["post"], request=ElectionInputSerializer, responses={201: ElectionSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filterset_fields=[],
        permission_classes=[permissions.IsAuthenticatedOrReadOnly],
    )
    def elections(self, request, pk=None):
        """The debate's elections; ``POST`` prepares one with its candidates (chairs)."""
        debate = self.get_object()
        if request.method == "POST":
            payload = ElectionInputSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
            election = services.election_create(
                actor=request.user,
                debate_id=debate.pk,
                title=data["title"],
                seats=data["seats"],
                method=data["method"],
                rule=data["rule"],
                regional_minimum=data["regional_minimum"],
                quorum_percent=data["quorum_percent"],
                candidates=[next(iter(c.items())) for c in data["candidates"]],
            )
            return Response(ElectionSerializer(election).data, status=status.HTTP_201_CREATED)
        elections = debate.elections.prefetch_related("candidates").order_by("id")
        return Response(ElectionSerializer(elections, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("since", int, description="Events after this seq.")],
        responses=DebateEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filterset_fields=[])
    def events(self, request, pk=None):
        """The debate's log after ``since`` (default 0), oldest first, paginated."""
        debate = self.get_object()
        try:
            since = int(request.query_params.get("since", 0))
        except ValueError:
            raise exceptions.ValidationError(
                {"since": ["A whole number is required."]}, code="invalid"
            ) from None
        if since < 0:
            raise exceptions.ValidationError({"since": ["Must be 0 or more."]}, code="invalid")
        events = selectors.events_since(debate.pk, since)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(DebateEventSerializer(page, many=True).data)
