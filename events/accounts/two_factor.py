"""Who must use two-factor authentication, and checking a code outside allauth's pages.

``TWO_FACTOR_REQUIRED`` names the roles that must have an authenticator (TOTP or a
security key) before they may use Plenary: ``secretariat`` and ``chairs`` (default in
production), ``focal_points``, or none. Delegates may always turn it on for themselves.
Roles that a higher app knows (forums: chairs) register their test here in ``ready()``.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings

from plenary.access import is_secretariat

_roles: dict[str, Callable[[object], bool]] = {"secretariat": is_secretariat}

# Authenticators that are a second factor on their own (recovery codes are a fallback).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def register_two_factor_role(name: str, holds: Callable[[object], bool]) -> None:
    """``holds(user)`` says whether ``user`` has the role ``name`` of TWO_FACTOR_REQUIRED."""
    _roles[name] = holds


def two_factor_roles() -> list[str]:
    return sorted(_roles)


def two_factor_required(user) -> bool:
    """Whether ``user`` holds a role that TWO_FACTOR_REQUIRED names."""
    if user is None or not user.is_authenticated:
        return False
    return any(role in _roles and _roles[role](user) for role in settings.TWO_FACTOR_REQUIRED)


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def two_factor_code_valid(user, code: str) -> bool:
    """A TOTP or recovery code of ``user``; a TOTP code works once (reuse is refused, also
    on another worker when the cache is Redis)."""
    code = (code or "").strip()
    if not code:
        return False
    authenticators = Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.WEBAUTHN
    )
    return any(authenticator.wrap().validate_code(code) for authenticator in authenticators)
