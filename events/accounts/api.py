"""The API of accounts and delegations: the token endpoint, invitations, focal points,
delegations and sign-in lockouts."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from events import selectors
from events.accounts import services, signin
from events.models import (
    Accreditation,
    Delegate,
    FocalPoint,
    Invitation,
    Organization,
    SignInLockout,
)
from plenary.access import is_secretariat
from plenary.api.parsers import JSONParser
from plenary.api.throttling import ScopedRateThrottle


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text="Username or email.")
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="A code from the account's authenticator app (or a recovery code), "
        "for accounts with two-factor authentication.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """Exchange a username (or email) and password for an API token
    (``Authorization: Token <key>``). Failed attempts count against the account and the
    address like the sign-in form's; accounts with two-factor authentication send a code."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token = signin.signin_token_issue(
            request=request,
            login=form.validated_data["username"],
            password=form.validated_data["password"],
            code=form.validated_data.get("code", ""),
        )
        return Response({"token": token})


# --- Invitations -------------------------------------------------------------------------


class InvitationSerializer(serializers.ModelSerializer):
    expired = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organization",
            "email",
            "first_name",
            "last_name",
            "title",
            "languages",
            "time_zone",
            "status",
            "expired",
            "sent_at",
            "expires_at",
            "send_count",
            "delegate",
            "actions",
        ]
        read_only_fields = fields

    def get_expired(self, invitation) -> bool:
        return invitation.status == Invitation.Status.PENDING and invitation.is_expired()

    def get_actions(self, invitation) -> list[str]:
        """What the caller may do: ``resend`` (pending ones) and the states it may set."""
        user = self.context["request"].user
        if "managed" not in self.context:
            self.context["managed"] = set(
                selectors.organizations_managed_by(user).values_list("pk", flat=True)
            )
        allowed = services.invitation_allowed_transitions(
            invitation=invitation, actor=user, managed=self.context["managed"]
        )
        resend = ["resend"] if "revoked" in allowed else []
        return resend + ["revoke" if to == "revoked" else to for to in allowed]


class InvitationCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    email = serializers.EmailField(max_length=254)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list, max_length=10
    )
    time_zone = serializers.CharField(max_length=64, required=False, default="UTC")


class InvitationAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class AcceptedSerializer(serializers.Serializer):
    delegate = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    organization = serializers.IntegerField()


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Invitation.Status.choices)

    class Meta:
        model = Invitation
        fields = ["status", "organization"]


class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations to become a delegate: focal points for their organization, the
    secretariat for any. The invitee accepts with the link's token (``accept``)."""

    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter
    permission_classes = [permissions.IsAuthenticated]

    # Accepting is limited like signing in (the token of a link is a secret too).
    throttle_scope = "auth"

    def get_throttles(self):
        if self.action == "accept":
            return [ScopedRateThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        return selectors.invitation_list(user=self.request.user)

    @extend_schema(request=InvitationCreateSerializer, responses={201: InvitationSerializer})
    def create(self, request, *args, **kwargs):
        form = InvitationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        invitation = services.invitation_create(actor=request.user, **form.validated_data)
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        """Send a new link; the previous one stops working."""
        invitation = services.invitation_resend(actor=request.user, invitation=self.get_object())
        return Response(self.get_serializer(invitation).data)

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Withdraw a pending invitation; its link stops working."""
        invitation = services.invitation_revoke(actor=request.user, invitation=self.get_object())
        return Response(self.get_serializer(invitation).data)

    @extend_schema(request=InvitationAcceptSerializer, responses={201: AcceptedSerializer})
    @action(detail=False, methods=["post"], permission_classes=[permissions.AllowAny])
    def accept(self, request):
        """Accept an invitation with the token of its link and a password of your choice."""
        form = InvitationAcceptSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        delegate = services.invitation_accept(**form.validated_data)
        return Response(
            {
                "delegate": delegate.pk,
                "username": delegate.user.username,
                "email": delegate.user.email,
                "organization": delegate.organization_id,
            },
            status=status.HTTP_201_CREATED,
        )


# --- Focal points and delegations --------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()


class FocalPointSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = FocalPoint
        fields = ["id", "user", "organization", "status", "appointed_at", "changed_at", "actions"]
        read_only_fields = fields

    def get_actions(self, focal_point) -> list[str]:
        user = self.context["request"].user
        allowed = services.focal_point_allowed_transitions(focal_point=focal_point, actor=user)
        return ["revoke" if to == "revoked" else "reinstate" for to in allowed]


class FocalPointCreateSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


class FocalPointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Focal points: the secretariat appoints and revokes them; a focal point sees its own."""

    serializer_class = FocalPointSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["organization", "status"]

    def get_queryset(self):
        return selectors.focal_point_list(user=self.request.user)

    @extend_schema(request=FocalPointCreateSerializer, responses={201: FocalPointSerializer})
    def create(self, request, *args, **kwargs):
        form = FocalPointCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        focal_point = services.focal_point_appoint(actor=request.user, **form.validated_data)
        return Response(self.get_serializer(focal_point).data, status=status.HTTP_201_CREATED)

    def _change(self, request, to):
        focal_point = services.focal_point_change(
            actor=request.user, focal_point=self.get_object(), to=to
        )
        return Response(self.get_serializer(focal_point).data)

    @extend_schema(request=None, responses=FocalPointSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._change(request, FocalPoint.Status.REVOKED)

    @extend_schema(request=None, responses=FocalPointSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        return self._change(request, FocalPoint.Status.ACTIVE)


class DelegationAccreditationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Accreditation
        fields = ["id", "event", "status", "requested_at", "decided_at"]


class DelegationDelegateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    email = serializers.EmailField(source="user.email")
    accreditations = DelegationAccreditationSerializer(many=True, read_only=True)

    class Meta:
        model = Delegate
        fields = ["id", "name", "email", "title", "languages", "time_zone", "accreditations"]


class DelegationSerializer(serializers.ModelSerializer):
    delegates = serializers.IntegerField(source="delegate_count")
    pending_invitations = serializers.IntegerField(source="pending_invitation_count")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "short_name",
            "country",
            "region",
            "delegates",
            "pending_invitations",
        ]


class DelegationViewSet(viewsets.ReadOnlyModelViewSet):
    """The delegations the caller registers (their organizations as focal point, all for
    the secretariat); ``delegates`` lists one delegation's people and accreditations.
    Register one of them for an event with ``POST /api/v1/accreditations/`` and
    ``{"event": id, "delegate_id": id}``."""

    serializer_class = DelegationSerializer
    permission_classes = [permissions.IsAuthenticated]
    search_fields = ["name", "short_name"]

    def get_queryset(self):
        return selectors.organizations_managed_by(self.request.user).annotate(
            delegate_count=Count("delegates", distinct=True),
            pending_invitation_count=Count(
                "invitations",
                filter=Q(invitations__status=Invitation.Status.PENDING),
                distinct=True,
            ),
        )

    @extend_schema(responses=DelegationDelegateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def delegates(self, request, pk=None):
        organization = self.get_object()
        page = self.paginate_queryset(selectors.delegation_delegates(organization))
        return self.get_paginated_response(DelegationDelegateSerializer(page, many=True).data)


# --- Sign-in lockouts --------------------------------------------------------------------


class IsSecretariat(permissions.BasePermission):
    def has_permission(self, request, view):
        return is_secretariat(request.user)


class SignInLockoutSerializer(serializers.ModelSerializer):
    active = serializers.SerializerMethodField()

    class Meta:
        model = SignInLockout
        fields = [
            "id",
            "kind",
            "user",
            "login",
            "address",
            "failures",
            "locked_at",
            "locked_until",
            "lifted_at",
            "active",
        ]
        read_only_fields = fields

    def get_active(self, lockout) -> bool:
        return lockout.is_active()


class SignInLockoutViewSet(viewsets.ReadOnlyModelViewSet):
    """Accounts and addresses locked after too many failed sign-ins (secretariat only)."""

    serializer_class = SignInLockoutSerializer
    permission_classes = [permissions.IsAuthenticated, IsSecretariat]
    filterset_fields = ["kind", "user"]

    def get_queryset(self):
        return selectors.signin_lockout_list()

    @extend_schema(request=None, responses=SignInLockoutSerializer)
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        """Lift the lock: the account (or address) may sign in again at once."""
        lockout = signin.signin_lockout_lift(actor=request.user, lockout=self.get_object())
        return Response(self.get_serializer(lockout).data)
