import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from forums import selectors, services
from forums.models import Forum, Seat


class ForumSerializer(serializers.ModelSerializer):
    seats_left = serializers.IntegerField(read_only=True)
    waitlist_length = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Forum
        fields = [
            "id",
            "event",
            "slug",
            "title",
            "theme",
            "description",
            "working_languages",
            "seat_capacity",
            "seats_taken",
            "seats_left",
            "waitlist_length",
            "call_opens_at",
            "call_closes_at",
            "papers_per_organization",
            "anonymous_review",
            "review_deadline",
            "url",
        ]

    def get_url(self, forum) -> str:
        request = self.context.get("request")
        path = forum.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ForumFilter(django_filters.FilterSet):
    class Meta:
        model = Forum
        fields = ["event"]


class ForumViewSet(viewsets.ReadOnlyModelViewSet):
    """Forums of published events, with seats left and the length of the waiting list."""

    serializer_class = ForumSerializer
    filterset_class = ForumFilter
    search_fields = ["title", "theme"]

    def get_queryset(self):
        forums = selectors.forum_list()
        if not self.request.user.is_staff:
            forums = forums.filter(event__status="published")
        return forums


class SeatSerializer(serializers.ModelSerializer):
    forum = serializers.PrimaryKeyRelatedField(
        queryset=Forum.objects.filter(event__status="published")
    )
    position = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Seat
        fields = ["id", "forum", "status", "position"]
        read_only_fields = ["status"]


class SeatFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Seat.Status.choices)

    class Meta:
        model = Seat
        fields = ["forum", "status"]


class SeatViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Seats in forums. ``POST {"forum": id}`` takes a seat (or a place on the waiting
    list) for the caller; ``DELETE`` gives it up. Delegates see their own seats only."""

    serializer_class = SeatSerializer
    filterset_class = SeatFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        user = self.request.user
        if user.is_staff:
            return selectors.seat_list()
        delegate = getattr(user, "delegate", None)
        if delegate is None:
            return Seat.objects.none()
        return selectors.seat_list(delegate=delegate)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seat = services.seat_take(actor=request.user, forum=serializer.validated_data["forum"])
        return Response(self.get_serializer(seat).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.seat_cancel(actor=request.user, seat=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=SeatSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Give up the seat (same as DELETE), answering with the cancelled seat."""
        seat = services.seat_cancel(actor=request.user, seat=self.get_object())
        seat.position = None
        return Response(self.get_serializer(seat).data)
