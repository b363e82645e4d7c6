"""API throttles keyed on the client address behind the configured proxies
(``plenary.clientip``) and counted atomically (``plenary.ratelimit``), so a rotating
``X-Forwarded-For`` gets no new allowance and simultaneous requests do not overshoot."""

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from plenary import ratelimit
from plenary.clientip import client_address

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"30/minute"`` as ``(30, 60)``."""
    number, period = rate.split("/")
    return int(number), DURATIONS[period.strip()[0]]


class RateThrottle(BaseThrottle):
    """One rate per ``scope`` from ``DEFAULT_THROTTLE_RATES``, read when the request comes."""

    scope: str = ""

    def __init__(self):
        self.retry_after: int | None = None

    def get_ident(self, request) -> str:
        return client_address(request)

    def get_scope(self, view) -> str:
        return self.scope

    def get_cache_key(self, request, view) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        scope = self.get_scope(view)
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope) if scope else None
        if not rate:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        limit, seconds = parse_rate(rate)
        result = ratelimit.hit(f"throttle:{scope}:{key}", limit=limit, seconds=seconds)
        self.retry_after = result.retry_after
        return result.allowed

    def wait(self) -> float | None:
        return self.retry_after


class AnonRateThrottle(RateThrottle):
    """Anonymous requests, per client address (``anon``)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.get_ident(request)


class UserRateThrottle(RateThrottle):
    """Signed-in requests, per user (``user``); anonymous ones are the ``anon`` rate's."""

    scope = "user"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return None


class ScopedRateThrottle(RateThrottle):
    """A view's own ``throttle_scope``, per user or client address."""

    def get_scope(self, view) -> str:
        return getattr(view, "throttle_scope", "") or ""

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return self.get_ident(request)
