"""The schema says exactly what the API does: bare lists where the answer is a bare list,
no list filter on single records, every error answer documented."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def spec():
    return SchemaGenerator().get_schema(request=None, public=True)


def _ok(spec, path, method="get"):
    return spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]


def test_a_papers_reviews_and_versions_are_bare_lists(spec):
    reviews = _ok(spec, "/api/v1/papers/{id}/reviews/")
    versions = _ok(spec, "/api/v1/papers/{id}/versions/")

    assert (reviews["type"], versions["type"]) == ("array", "array")
    assert reviews["items"] == {"$ref": "#/components/schemas/PaperReviewOrComment"}
    assert spec["components"]["schemas"]["PaperReviewOrComment"]["oneOf"] == [
        {"$ref": "#/components/schemas/Review"},
        {"$ref": "#/components/schemas/AuthorComment"},
    ]


def test_the_authors_comments_and_reviews_cannot_be_taken_for_one_another(spec):
    schemas = spec["components"]["schemas"]

    assert (
        schemas["AuthorComment"]["additionalProperties"],
        schemas["Review"]["additionalProperties"],
    ) == (False, False)


def test_single_records_advertise_no_list_filter(spec):
    advertised = {
        f"{method.upper()} {path}": sorted(
            parameter["name"]
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        )
        for path, operations in spec["paths"].items()
        if "{id}" in path
        for method, operation in operations.items()
    }

    assert {name: query for name, query in advertised.items() if query} == {
        "GET /api/v1/debates/{id}/events/": ["page", "page_size", "since"],
        "GET /api/v1/papers/{id}/file/": ["format", "version"],
        "GET /api/v1/proxies/{id}/letter/": ["format"],
    }


def test_every_operation_documents_its_error_answers(spec):
    missing = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            needed = {"400", "401", "403", "404", "429"}
            if method != "get":
                needed |= {"409", "415"}
            if needed - codes:
                missing[f"{method.upper()} {path}"] = sorted(needed - codes)

    assert missing == {}
    error = spec["paths"]["/api/v1/seats/"]["post"]["responses"]["409"]
    assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_search_and_ordering_only_where_a_list_has_them(spec):
    def query(path):
        return sorted(p["name"] for p in spec["paths"][path]["get"].get("parameters", []))

    assert query("/api/v1/accreditations/") == [
        "event",
        "organization",
        "page",
        "page_size",
        "status",
    ]
    assert "search" in query("/api/v1/papers/")
