"""The API of accounts and delegations: the token endpoint, invitations, focal points,
delegations and sign-in lockouts."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from events.accounts import signin
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
