import django_filters
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from events.models import Delegate, Event
from events.selectors import delegate_for_user
from forums import ical, selectors, services
from forums.models import Forum, Room, Seat, Session
from plenary.access import is_secretariat
from plenary.api.fields import IdField


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
    """Forums of the events the caller may see, with seats left and the length of the waiting
    list."""

    serializer_class = ForumSerializer
    filterset_class = ForumFilter
    search_fields = ["title", "theme"]

    def get_queryset(self):
        return selectors.forum_list_visible(user=self.request.user)


class SeatSerializer(serializers.ModelSerializer):
    forum = IdField(queryset=Forum.objects.exclude(event__status=Event.Status.DRAFT))
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
        if is_secretariat(user):
            return selectors.seat_list()
        delegate = delegate_for_user(user)
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


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "capacity"]


class SpeakerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    organization = serializers.CharField(source="organization.name")

    class Meta:
        model = Delegate
        fields = ["id", "name", "title", "organization"]


class SessionSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="forum.event_id", read_only=True)
    time_zone = serializers.CharField(source="forum.event.time_zone", read_only=True)
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    room = RoomSerializer(read_only=True, allow_null=True)
    speakers = SpeakerSerializer(many=True, read_only=True)
    uid = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "uuid",
            "uid",
            "event",
            "forum",
            "title",
            "description",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "time_zone",
            "room",
            "speakers",
            "sequence",
            "updated_at",
            "url",
            "ics_url",
        ]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, session) -> str:
        return timezone.localtime(session.starts_at, session.forum.event.zone).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, session) -> str:
        return timezone.localtime(session.ends_at, session.forum.event.zone).isoformat()

    def get_uid(self, session) -> str:
        return ical.session_uid(session.uuid)

    def get_url(self, session) -> str:
        return ical.session_page_url(session, get_language())

    def get_ics_url(self, session) -> str:
        return ical.session_ics_url(session, get_language())


class SessionFilter(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(
        field_name="forum__event", queryset=Event.objects.all(), label="event"
    )
    day = django_filters.DateFilter(
        method="filter_day", label="day (YYYY-MM-DD, in the event's time zone)"
    )
    kind = django_filters.ChoiceFilter(choices=Session.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Session.Status.choices)

    class Meta:
        model = Session
        fields = ["event", "forum", "day", "kind", "room", "status"]

    def filter_day(self, queryset, name, value):
        return selectors.sessions_on_day(queryset, value)


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """The schedule: sessions of the events the caller may see, times in each event's zone.

    Filters: ``event``, ``forum``, ``room`` (ids), ``day`` (a date in the event's zone),
    ``kind``, ``status``. Cancelled sessions stay, with ``status: "cancelled"``.
    """

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    search_fields = ["title"]
    ordering_fields = ["starts_at", "title"]

    def get_queryset(self):
        return selectors.session_list(visible_to=self.request.user)
