"""The error that services raise when a request cannot be carried out.

Views, the API and the live room each translate it into their own answer
(a form error, a 4xx JSON body, a protocol ``error`` frame), so a service
never needs to know who called it.
"""

from rest_framework import exceptions, status


class ServiceError(Exception):
    """A refusal with a stable machine-readable ``code`` and a human ``message``."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code

    def as_api_exception(self) -> exceptions.APIException:
        exc = exceptions.APIException(detail=self.message, code=self.code)
        exc.status_code = self.status_code
        return exc


class NotAllowed(ServiceError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "forbidden"


class NotFound(ServiceError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "not_found"


class Conflict(ServiceError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RateLimited(ServiceError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"
