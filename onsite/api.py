"""Check-in through the API, for the scanning page and any scanning app: the lists a door
keeps, what a scanner holds offline, a search by name, and scans sent one or many at a
time (each idempotent by its ``scan_id``)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from forums.models import Forum
from forums.selectors import user_is_chair
from onsite import credentials, selectors, services
from onsite.models import CheckInList, Direction, Door, Outcome
from plenary.api.fields import IdField
from plenary.errors import ServiceError

MAX_BATCH = 500


class DoorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Door
        fields = ["id", "name"]


class CheckInListSerializer(serializers.ModelSerializer):
    doors = DoorSerializer(many=True, read_only=True)

    class Meta:
        model = CheckInList
        fields = ["id", "event", "forum", "name", "requires_seat", "doors"]


class ScanInSerializer(serializers.Serializer):
    scan_id = serializers.UUIDField()
    code = serializers.CharField(
        max_length=credentials.MAX_CODE_LENGTH, required=False, trim_whitespace=True
    )
    accreditation = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.ENTRY)
    scanned_at = serializers.DateTimeField()
    door = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    def validate(self, attrs):
        if ("code" in attrs) == ("accreditation" in attrs):
            raise serializers.ValidationError(_("Give a badge code or a person, not both."))
        return attrs


class ScanBatchSerializer(serializers.Serializer):
    list = IdField(queryset=CheckInList.objects.all())
    scans = ScanInSerializer(many=True, allow_empty=False, max_length=MAX_BATCH)


def person_of(accreditation, badge, *, look_up: bool = True) -> dict | None:
    """Who a scan or a search found, as their badge names them (the current one when the
    scan had none: a delegate found by name)."""
    if accreditation is None:
        return None
    if badge is None and look_up:
        badge = selectors.current_badge(accreditation.pk)
    return {
        "accreditation": accreditation.pk,
        "name": badge.name if badge else accreditation.delegate.display_name,
        "latin_name": badge.latin_name if badge else "",
        "organization": accreditation.organization.name,
        "role": badge.role if badge else "delegate",
    }


def result_body(result: services.ScanResult) -> dict:
    scan = result.scan
    return {
        "scan_id": str(scan.scan_id),
        "outcome": scan.outcome,
        "reason": scan.reason,
        "message": result.message,
        "direction": scan.direction,
        "replayed": result.replayed,
        "inside_since": result.inside_since.isoformat() if result.inside_since else None,
        "person": person_of(scan.accreditation, scan.badge),
    }


class CheckInListViewSet(viewsets.ReadOnlyModelViewSet):
    """Check-in lists (the event's entrance, each forum's room) for door staff."""

    serializer_class = CheckInListSerializer
    permission_classes = [permissions.IsAuthenticated]
    extra_query_params = ("q",)

    def get_queryset(self):
        return selectors.checkin_list_visible(user=self.request.user).order_by("pk")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def offline(self, request, pk=None):
        """What a scanner keeps to decide alone: public key, people, who is inside."""
        return Response(selectors.offline_bundle(self.get_object()))

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def search(self, request, pk=None):
        """Approved accreditations by name (``?q=``), for a delegate without their badge."""
        query = request.query_params.get("q", "")[:100]
        rows = list(selectors.accreditation_search(checkin_list=self.get_object(), query=query))
        badges = selectors.current_badges([accreditation.pk for accreditation in rows])
        return Response(
            {
                "results": [
                    person_of(accreditation, badges.get(accreditation.pk), look_up=False)
                    for accreditation in rows
                ]
            }
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def counts(self, request, pk=None):
        """Inside now, and entries and exits per door (a re-entry is not counted twice)."""
        checkin_list = self.get_object()
        doors = checkin_list.doors.annotate(
            entries=Count(
                "scans", filter=Q(scans__outcome=Outcome.ACCEPTED, scans__direction="entry")
            ),
            exits=Count(
                "scans", filter=Q(scans__outcome=Outcome.ACCEPTED, scans__direction="exit")
            ),
        ).order_by("name")
        return Response(
            {
                "inside": len(selectors.inside(checkin_list.pk)),
                "doors": [
                    {"id": door.pk, "name": door.name, "entries": door.entries, "exits": door.exits}
                    for door in doors
                ],
            }
        )


class ScanViewSet(viewsets.ViewSet):
    """``POST /scans/ {"list", "scans": [...]}``: one scan or an offline queue's worth."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ScanBatchSerializer, responses=OpenApiTypes.OBJECT)
    def create(self, request):
        if not selectors.can_scan(request.user):
            raise PermissionDenied(_("Only door staff scan badges."))
        payload = ScanBatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        checkin_list = payload.validated_data["list"]
        doors = {door.pk: door for door in checkin_list.doors.all()}
        results = []
        for scan in payload.validated_data["scans"]:
            door_id = scan.get("door")
            if door_id is not None and door_id not in doors:
                raise NotFound(_("This door is not one of this list's."))
            try:
                result = services.scan_record(
                    actor=request.user,
                    checkin_list=checkin_list,
                    scan_id=scan["scan_id"],
                    direction=scan["direction"],
                    scanned_at=scan["scanned_at"],
                    code=scan.get("code"),
                    accreditation_id=scan.get("accreditation"),
                    door=doors.get(door_id),
                )
            except ServiceError as error:
                results.append(
                    {
                        "scan_id": str(scan["scan_id"]),
                        "error": {"code": error.code, "detail": error.message},
                    }
                )
                continue
            results.append(result_body(result))
        return Response({"results": results})


class PresenceView(APIView):
    """``GET /presence/?forum=<id>``: who is in the forum's room by its doors, for its
    chairs (before a roll call or a vote) and door staff."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        forum_id = request.query_params.get("forum", "")
        if not (forum_id.isascii() and forum_id.isdigit()) or len(forum_id) > 10:
            raise serializers.ValidationError({"forum": [_("An id is a whole number.")]})
        forum = Forum.objects.filter(pk=int(forum_id)).first()
        if forum is None:
            raise NotFound(_("There is no forum by that id."))
        if not (user_is_chair(request.user, forum) or selectors.can_scan(request.user)):
            raise PermissionDenied(_("Only the forum's chairs see who is in its room."))
        room = selectors.presence(forum_id=forum.pk)
        return Response(
            {
                "forum": forum.pk,
                "tracked": room.tracked,
                "in_room": room.in_room,
                "delegates": sorted(room.in_room_ids),
            }
        )
