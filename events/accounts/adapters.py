"""django-allauth fitted to Plenary: no open sign-up (accounts come from invitations or
single sign-on), the client address behind the configured proxies, and every password
check counted by ``events.accounts.signin``."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.contrib.auth import authenticate
from django.shortcuts import render
from django.utils.translation import gettext as _

from events.accounts import services, signin
from plenary.clientip import client_address
from plenary.errors import ServiceError


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        return client_address(request)

    def authenticate(self, request, **credentials):
        login = credentials.get("username") or credentials.get("email") or ""
        try:
            attempt = signin.signin_begin(request=request, login=login)
        except signin.SignInLocked as locked:
            raise forms.ValidationError(locked.message, code=locked.code) from None
        AuthenticationBackend.unstash_authenticated_user()
        user = authenticate(request, **credentials)
        user = user or AuthenticationBackend.unstash_authenticated_user()
        if user is None:
            attempt.failed()
        else:
            attempt.succeeded()
        return user


def _verified_emails(sociallogin) -> list[str]:
    return [address.email for address in sociallogin.email_addresses if address.verified]


def _refuse(request, message: str, code: str):
    raise ImmediateHttpResponse(
        render(
            request,
            "accounts/sso_refused.html",
            {"message": message, "code": code},
            status=403,
        )
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """A provider's account signs in when its *verified* address is that of a Plenary
    account (linked on first use) or of a pending invitation (accepted on the spot)."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            return
        emails = _verified_emails(sociallogin)
        if not emails:
            _refuse(
                request,
                _("Your provider did not confirm your email address, so it cannot be matched."),
                "sso_email_unverified",
            )
        known = next(
            (
                found
                for email in emails
                if (
                    found := EmailAddress.objects.select_related("user")
                    .filter(email__iexact=email, verified=True)
                    .first()
                )
            ),
            None,
        )
        if known is not None:
            sociallogin.connect(request, known.user)
            return
        for email in emails:
            try:
                delegate = services.invitation_accept_by_email(email=email)
            except ServiceError as error:
                _refuse(request, error.message, error.code)
            if delegate is not None:
                sociallogin.connect(request, delegate.user)
                return
        _refuse(
            request,
            _(
                "There is no invitation for %(email)s. Ask your organization's focal point "
                "to invite you at this address."
            )
            % {"email": emails[0]},
            "sso_not_invited",
        )
