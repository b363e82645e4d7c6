import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from events import selectors, services
from events.models import Accreditation, Delegate, Event, Organization, Region
from plenary.access import is_secretariat
from plenary.api.fields import IdField, KnownFieldsMixin, TextField


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind", "country", "region", "is_member"]


class EventSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "description",
            "host_city",
            "venue",
            "time_zone",
            "start_date",
            "end_date",
            "status",
            "registration_opens_at",
            "registration_closes_at",
            "delegation_quota",
            "accreditation_requires_approval",
            "url",
        ]

    def get_url(self, event) -> str:
        request = self.context.get("request")
        path = event.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class OrganizationFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=Region.choices)
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    country = django_filters.CharFilter(method="filter_country")

    class Meta:
        model = Organization
        fields = ["region", "kind", "country", "is_member"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.strip().upper())


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", "upcoming"), ("past", "past")], method="filter_when"
    )
    status = django_filters.ChoiceFilter(choices=Event.Status.choices)

    class Meta:
        model = Event
        fields = ["when", "status"]

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(end_date__gte=today)
        return queryset.filter(end_date__lt=today)


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Member governments and partners of the association."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "country", "region"]

    def get_queryset(self):
        return selectors.organization_list()


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published events (the secretariat also sees drafts)."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    search_fields = ["title", "host_city"]
    ordering_fields = ["start_date", "title"]

    def get_queryset(self):
        return selectors.event_list_visible(user=self.request.user)


class DelegateSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)
    name = serializers.CharField(source="display_name")
    language = serializers.CharField(source="preferred_language")

    class Meta:
        model = Delegate
        fields = ["id", "organization", "name", "title", "languages", "language", "time_zone"]


class ProfileSerializer(KnownFieldsMixin, serializers.Serializer):
    """The fields of ``PATCH /api/v1/me/``, each optional; what values are allowed is the
    service's to say."""

    name = TextField(max_length=200, allow_blank=True, help_text="Your name as badges show it.")
    title = TextField(max_length=200, allow_blank=True)
    languages = serializers.ListField(
        child=TextField(max_length=8), max_length=20, help_text="Language codes, preferred first."
    )
    language = TextField(max_length=8, help_text="The site's language for you and your emails.")
    time_zone = TextField(max_length=64, help_text="An IANA time zone, such as Africa/Dakar.")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField()
    is_secretariat = serializers.BooleanField()
    delegate = DelegateSerializer(allow_null=True)


class MeView(APIView):
    """The caller's own account and delegate profile."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(self._me(request.user, selectors.delegate_for_user(request.user)))

    @extend_schema(request=ProfileSerializer, responses=MeSerializer)
    def patch(self, request):
        """Change your profile: any of name, title, languages, language, time_zone."""
        delegate = selectors.delegate_for_user(request.user)
        if delegate is None:
            return Response(
                {"detail": "Only delegates have a profile.", "code": "not_a_delegate"},
                status=404,
            )
        serializer = ProfileSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        delegate = services.delegate_update_profile(
            actor=request.user, delegate=delegate, **serializer.validated_data
        )
        return Response(self._me(request.user, delegate))

    @staticmethod
    def _me(user, delegate) -> dict:
        data = {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "is_secretariat": is_secretariat(user),
            "delegate": delegate,
        }
        return MeSerializer(data).data


class CalendarTokenSerializer(serializers.Serializer):
    calendar_token = serializers.CharField()


class RotateCalendarTokenView(APIView):
    """Replace the caller's private calendar token; the old feed URL stops working at once."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=CalendarTokenSerializer)
    def post(self, request):
        delegate = selectors.delegate_for_user(request.user)
        if delegate is None:
            return Response(
                {"detail": "Only delegates have a calendar feed.", "code": "not_a_delegate"},
                status=404,
            )
        token = services.delegate_rotate_calendar_token(delegate=delegate)
        return Response({"calendar_token": token})


class AccreditationDelegateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Delegate
        fields = ["id", "name"]


class AccreditationSerializer(serializers.ModelSerializer):
    delegate = AccreditationDelegateSerializer(read_only=True)
    organization = serializers.PrimaryKeyRelatedField(read_only=True)
    event = IdField(queryset=Event.objects.exclude(status=Event.Status.DRAFT))
    delegate_id = IdField(
        queryset=Delegate.objects.select_related("user", "organization"),
        required=False,
        write_only=True,
        help_text="For a focal point (or the secretariat): the delegate to register; "
        "yourself when left out.",
    )

    class Meta:
        model = Accreditation
        fields = [
            "id",
            "event",
            "delegate",
            "organization",
            "delegate_id",
            "status",
            "requested_at",
            "decided_at",
            "note",
        ]
        read_only_fields = ["status", "requested_at", "decided_at", "note"]


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class AccreditationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Accreditation.Status.choices)

    class Meta:
        model = Accreditation
        fields = ["event", "status", "organization"]


class AccreditationViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Accreditation for events. Delegates see and change their own, focal points their
    organization's; the secretariat all."""

    serializer_class = AccreditationSerializer
    filterset_class = AccreditationFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.accreditation_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        accreditation = services.accreditation_request(
            actor=request.user,
            event=serializer.validated_data["event"],
            delegate=serializer.validated_data.get("delegate_id"),
        )
        return Response(self.get_serializer(accreditation).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, *, approve: bool):
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        accreditation = services.accreditation_decide(
            actor=request.user,
            accreditation=self.get_object(),
            approve=approve,
            note=decision.validated_data["note"],
        )
        return Response(self.get_serializer(accreditation).data)

    @extend_schema(request=DecisionSerializer, responses=AccreditationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a pending accreditation (secretariat)."""
        return self._decide(request, approve=True)

    @extend_schema(request=DecisionSerializer, responses=AccreditationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a pending accreditation (secretariat), with a note to the delegate."""
        return self._decide(request, approve=False)

    @extend_schema(request=None, responses=AccreditationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Withdraw an accreditation; the delegate's seats in the event are released."""
        accreditation = services.accreditation_cancel(
            actor=request.user, accreditation=self.get_object()
        )
        return Response(self.get_serializer(accreditation).data)
