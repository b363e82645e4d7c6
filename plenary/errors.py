"""The errors that services raise when a request cannot be carried out.

Views, the API and the live room each translate them into their own answer (a form
error, a 4xx JSON body, a protocol ``error`` frame), so a service never needs to know who
called it. Each carries the HTTP status the API answers with; nothing here depends on the
REST framework (``plenary.api.errors`` does the mapping).
"""


class ServiceError(Exception):
    """A refusal with a stable machine-readable ``code`` and a human ``message``."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code


class NotAllowed(ServiceError):
    status_code = 403
    default_code = "forbidden"


class NotFound(ServiceError):
    status_code = 404
    default_code = "not_found"


class Conflict(ServiceError):
    status_code = 409
    default_code = "conflict"


class RateLimited(ServiceError):
    status_code = 429
    default_code = "rate_limited"
