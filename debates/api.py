from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action

from debates import selectors, services
from debates.models import Debate
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


class DebateEventSerializer(serializers.Serializer):
    type = serializers.CharField()
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
