"""Filtering that tells a client when it asked for something the endpoint does not know."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

# Query parameters that are not filters but are understood by every endpoint.
GENERIC_QUERY_PARAMS = {"page", "page_size", "format", "lang"}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, except that an unknown query parameter is a 400, not silently ignored.

    A client that misspells a filter would otherwise get the unfiltered list and believe it.
    """

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) not in (None, "list"):
            # A single record, or an action on one, takes no list filter: any other
            # parameter than its own is unknown (and nothing filters the lookup).
            allowed = set(GENERIC_QUERY_PARAMS) | set(getattr(view, "extra_query_params", ()))
            unknown = sorted(set(request.query_params) - allowed)
            if unknown:
                raise exceptions.ValidationError(
                    {"query": [f"Unknown query parameter: {', '.join(unknown)}."]},
                    code="unknown_parameter",
                )
            return queryset
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
