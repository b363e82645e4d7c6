"""Shared pieces of the REST API: error shape, pagination, strict filtering."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, parsers
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import ServiceError
from config.jsontext import is_valid_unicode

# Query parameters that are not filters but are understood by every endpoint.
GENERIC_QUERY_PARAMS = {"page", "page_size", "format", "lang"}


def exception_handler(exc, context):
    """Every API error is ``{"detail": str, "code": str}`` (plus ``errors`` for fields)."""
    if isinstance(exc, ServiceError):
        exc = exc.as_api_exception()
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


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, except that a body nested too deeply for the decoder, or with a
    string that holds a lone surrogate (``"\\ud800"``: text that cannot be stored nor
    echoed back in an error), is a 400 ``parse_error`` like any other malformed JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None
        if not is_valid_unicode(data):
            raise exceptions.ParseError("JSON parse error - a string holds a lone surrogate.")
        return data


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, except that an unknown query parameter is a 400, not silently ignored.

    A client that misspells a filter would otherwise get the unfiltered list and believe it.
    """

    def filter_queryset(self, request, queryset, view):
        allowed = set(GENERIC_QUERY_PARAMS) | set(getattr(view, "extra_query_params", ()))
        if getattr(view, "search_fields", None):
            allowed.add("search")
        if getattr(view, "ordering_fields", None):
            allowed.add("ordering")
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise exceptions.ValidationError(
                {"query": [f"Unknown query parameter: {', '.join(unknown)}."]},
                code="unknown_parameter",
            )
        return super().filter_queryset(request, queryset, view)
