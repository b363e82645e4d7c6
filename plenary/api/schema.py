"""The OpenAPI schema as the API's exact contract (drf-spectacular, adjusted).

- Filters and pagination belong to the ``list`` action and to actions that say so
  (``paginated_actions``): a detail action that answers a bare list (a paper's versions,
  its reviews) is documented as a bare list, with no list filter among its parameters;
  ``search`` and ``ordering`` only where the view has fields for them.
- Every operation documents the errors it can answer, all in the shape of
  ``plenary.api.errors`` (``{"detail", "code", "errors"?}``): 400, 401, 403, 404 and 429
  everywhere; 409, 413 and 415 where a body is sent.
- Answer objects are closed (``additionalProperties: false``): a field the schema does
  not name is a violation, so the schema cannot fall behind the serializers.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.parsers import MultiPartParser

ALWAYS = (400, 401, 403, 404, 429)
WITH_BODY = (409, 415)
UPLOAD = (413,)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(required=False, help_text="Messages by field.")


class AutoSchema(SpectacularAutoSchema):
    def _lists(self) -> bool:
        action = getattr(self.view, "action", None)
        return action == "list" or action in getattr(self.view, "paginated_actions", ())

    def get_filter_backends(self):
        if getattr(self.view, "action", None) != "list":
            return []
        # Search and ordering only where the view has fields for them (the filter
        # backends refuse them elsewhere; DRF would advertise them everywhere).
        return [
            backend
            for backend in super().get_filter_backends()
            if not (
                issubclass(backend, SearchFilter) and not getattr(self.view, "search_fields", None)
            )
            and not (
                issubclass(backend, OrderingFilter)
                and not getattr(self.view, "ordering_fields", None)
            )
        ]

    def _get_paginator(self):
        if not self._lists():
            return None
        return super()._get_paginator()

    def _error_codes(self) -> list[int]:
        codes = list(ALWAYS)
        if self.method not in SAFE_METHODS:
            codes += WITH_BODY
            if any(isinstance(parser, MultiPartParser) for parser in self.view.get_parsers()):
                codes += UPLOAD
        return codes

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        for code in self._error_codes():
            bodies.setdefault(
                str(code),
                self._get_response_for_code(ErrorSerializer, str(code), direction=direction),
            )
        return bodies


def close_answer_objects(result, generator, request, public):
    """Postprocessing hook: no answer object holds fields its schema does not name."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or component.get("type") != "object":
            continue
        if "properties" in component and "additionalProperties" not in component:
            component["additionalProperties"] = False
    return result
