"""Failed sign-ins, limited per account and per client address, on every path that takes
a password (the sign-in form and allauth's other views through the account adapter, the
API's token endpoint).

An attempt is counted *before* the password is checked (``plenary.ratelimit``: atomic, in
Redis when configured), so simultaneous guesses cannot slip past the limit; a success
gives the place back. Once an account has ``LOGIN_FAILURES_PER_ACCOUNT`` failures in
``LOGIN_FAILURE_WINDOW_MINUTES``, it is locked for ``LOGIN_LOCKOUT_MINUTES`` whatever
address the next request comes from, the right password included; the same for an
address with ``LOGIN_FAILURES_PER_ADDRESS``. Each lock is recorded (``SignInLockout``)
so the secretariat sees it and can lift it; a password reset lifts the account's.
"""

import dataclasses
import datetime
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import SignInLockout
from plenary import ratelimit
from plenary.access import is_secretariat
from plenary.clientip import client_address
from plenary.errors import NotAllowed, RateLimited, ServiceError


class SignInLocked(RateLimited):
    default_code = "signin_locked"


def _limits() -> tuple[int, int, int, int]:
    return (
        settings.LOGIN_FAILURES_PER_ACCOUNT,
        settings.LOGIN_FAILURES_PER_ADDRESS,
        settings.LOGIN_FAILURE_WINDOW_MINUTES * 60,
        settings.LOGIN_LOCKOUT_MINUTES * 60,
    )


def account_key(login: str) -> tuple[str, int | None]:
    """One key per account however it is named (username or email, any case); a login
    that names no account gets a key of its own, so guessing names is limited too."""
    login = (login or "").strip()
    user_id = (
        get_user_model()
        .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
        if login
        else None
    )
    if user_id is not None:
        return f"user-{user_id}", user_id
    digest = hashlib.sha256(login.lower().encode()).hexdigest()[:32]
    return f"login-{digest}", None


def _counter(kind: str, key: str) -> str:
    return f"signin:failures:{kind}:{key}"


def _lock(kind: str, key: str) -> str:
    return f"signin:lock:{kind}:{key}"


def _refusal(seconds: int) -> SignInLocked:
    minutes = max(1, (seconds + 59) // 60)
    return SignInLocked(
        ngettext(
            "Too many failed sign-ins. Try again in %(minutes)d minute, reset your "
            "password, or ask the secretariat to lift the lock.",
            "Too many failed sign-ins. Try again in %(minutes)d minutes, reset your "
            "password, or ask the secretariat to lift the lock.",
            minutes,
        )
        % {"minutes": minutes}
    )


@dataclasses.dataclass
class SignInAttempt:
    """One password check under way; call ``failed()`` or ``succeeded()`` when it is done."""

    login: str
    address: str
    account: str
    user_id: int | None

    def succeeded(self) -> None:
        ratelimit.clear(_counter("account", self.account))
        ratelimit.release(_counter("address", self.address))

    def failed(self) -> None:
        per_account, per_address, _window, _lockout = _limits()
        if ratelimit.count(_counter("account", self.account)) >= per_account:
            self._lock(SignInLockout.Kind.ACCOUNT, self.account, per_account)
        if ratelimit.count(_counter("address", self.address)) >= per_address:
            self._lock(SignInLockout.Kind.ADDRESS, self.address, per_address)

    def _lock(self, kind: str, key: str, failures: int) -> None:
        seconds = _limits()[3]
        if not cache.add(_lock(kind, key), True, timeout=seconds):
            return  # a simultaneous attempt locked it already
        now = timezone.now()
        lockout = SignInLockout.objects.create(
            kind=kind,
            user_id=self.user_id if kind == SignInLockout.Kind.ACCOUNT else None,
            login=self.login[:254] if kind == SignInLockout.Kind.ACCOUNT else "",
            address=self.address,
            key=key,
            failures=failures,
            locked_at=now,
            locked_until=now + datetime.timedelta(seconds=seconds),
        )
        cache.set(_lock(kind, key), lockout.pk, timeout=seconds)
        # The full counter stays: clearing it here would let an attempt that checked the
        # lock a moment before start a fresh count.


def signin_begin(*, request, login: str) -> SignInAttempt:
    """Count a sign-in attempt for ``login`` from the request's client address, or refuse
    it (``SignInLocked``, 429) when the account or the address is locked or over its limit."""
    per_account, per_address, window, lockout = _limits()
    account, user_id = account_key(login)
    address = client_address(request) if request is not None else "unknown"
    for kind, key in (("account", account), ("address", address)):
        if cache.get(_lock(kind, key)) is not None:
            raise _refusal(lockout)
    counted = ratelimit.hit(_counter("account", account), limit=per_account, seconds=window)
    if not counted.allowed:
        raise _refusal(lockout)
    from_address = ratelimit.hit(_counter("address", address), limit=per_address, seconds=window)
    if not from_address.allowed:
        ratelimit.release(_counter("account", account))
        raise _refusal(lockout)
    return SignInAttempt(login=login or "", address=address, account=account, user_id=user_id)


def _unlock(lockout: SignInLockout) -> None:
    kind = lockout.kind
    cache.delete(_lock(kind, lockout.key))
    ratelimit.clear(_counter(kind, lockout.key))


@transaction.atomic
def signin_lockout_lift(*, actor, lockout: SignInLockout) -> SignInLockout:
    """The secretariat lifts a lock: the account (or address) may sign in again at once."""
    if not is_secretariat(actor):
        raise NotAllowed(_("Only the secretariat lifts sign-in locks."))
    lockout = SignInLockout.objects.select_for_update().get(pk=lockout.pk)
    if lockout.lifted_at is None:
        lockout.lifted_at = timezone.now()
        lockout.lifted_by = actor
        lockout.save(update_fields=["lifted_at", "lifted_by"])
    _unlock(lockout)
    return lockout


@transaction.atomic
def signin_lockouts_lift_for_user(*, user) -> int:
    """Lift every lock of ``user``'s account (after they reset their password by email)."""
    now = timezone.now()
    lockouts = list(
        SignInLockout.objects.select_for_update().filter(
            user=user, lifted_at__isnull=True, locked_until__gt=now
        )
    )
    for lockout in lockouts:
        lockout.lifted_at = now
        lockout.save(update_fields=["lifted_at"])
    key = f"user-{user.pk}"
    cache.delete(_lock("account", key))
    ratelimit.clear(_counter("account", key))
    return len(lockouts)


def signin_token_issue(*, request, login: str, password: str, code: str = "") -> str:
    """The API token of the account ``login`` names, for its password (and, where the
    account has a second factor, a code from it), under the same limits as the form."""
    from django.contrib.auth import authenticate
    from rest_framework.authtoken.models import Token

    from events.accounts.two_factor import (
        has_two_factor,
        two_factor_code_valid,
        two_factor_required,
    )

    attempt = signin_begin(request=request, login=login)
    user = authenticate(request, username=login, password=password)
    if user is None:
        attempt.failed()
        raise ServiceError(_("Unable to log in with provided credentials."), code="authorization")
    if has_two_factor(user):
        if not code:
            attempt.succeeded()
            raise ServiceError(
                _(
                    "This account signs in with two-factor authentication: send the code "
                    "from your authenticator app (or a recovery code) as “code”."
                ),
                code="two_factor_required",
            )
        if not two_factor_code_valid(user, code):
            attempt.failed()
            raise ServiceError(
                _("That code is wrong or was used already. Wait for the next one."),
                code="two_factor_invalid",
            )
    elif two_factor_required(user):
        attempt.succeeded()
        raise NotAllowed(
            _("Your role requires two-factor authentication: set it up on the website first."),
            code="two_factor_setup_required",
        )
    attempt.succeeded()
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
