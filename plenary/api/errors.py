"""The API's error shape: every refusal is ``{"detail": str, "code": str}`` (plus
``errors`` for fields), with the HTTP status the service error carries."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from plenary.errors import ServiceError


def api_exception(error: ServiceError) -> exceptions.APIException:
    """The REST framework's form of a service refusal: same message, code and status."""
    exc = exceptions.APIException(detail=error.message, code=error.code)
    exc.status_code = error.status_code
    return exc


def exception_handler(exc, context):
    """Every API error is ``{"detail": str, "code": str}`` (plus ``errors`` for fields)."""
    if isinstance(exc, ServiceError):
        exc = api_exception(exc)
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        exc = RequestTooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail
        response.data = {
            "detail": _first_message(errors) or "Invalid input.",
            "code": _first_code(exc.get_codes()) or "invalid",
            "errors": errors,
        }
    else:
        detail = getattr(exc, "detail", str(exc))
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = {"detail": str(detail), "code": code if isinstance(code, str) else "error"}
    return response


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is larger than this server accepts."
    default_code = "request_too_large"


def _first_message(errors):
    if isinstance(errors, dict):
        for key, value in errors.items():
            message = _first_message(value)
            if message:
                return message if key in {"non_field_errors", "detail"} else f"{key}: {message}"
    elif isinstance(errors, list):
        for value in errors:
            message = _first_message(value)
            if message:
                return message
    elif errors:
        return str(errors)
    return None


def _first_code(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            code = _first_code(value)
            if code:
                return code
    elif isinstance(codes, list):
        for value in codes:
            code = _first_code(value)
            if code:
                return code
    elif codes:
        return str(codes)
    return None
