"""The OpenAPI document validates, names every endpoint, and the docs page is served from our static files."""

import re

import pytest
from openapi_spec_validator import validate

from api.tests.openapi import document

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/plans/": {"get"},
    "/api/v1/plans/{code}/": {"get"},
    "/api/v1/departments/": {"get"},
    "/api/v1/departments/{id}/": {"get"},
    "/api/v1/staff/": {"get"},
    "/api/v1/staff/{id}/": {"get"},
    "/api/v1/projects/": {"get"},
    "/api/v1/projects/{id}/": {"get"},
    "/api/v1/achievements/": {"get"},
    "/api/v1/achievements/{id}/": {"get"},
    "/api/v1/milestones/": {"get"},
    "/api/v1/milestones/{id}/": {"get"},
    "/api/v1/milestones/{id}/comments/": {"get", "post"},
    "/api/v1/milestones/{id}/history/": {"get"},
    "/api/v1/milestones/{id}/proposals/": {"get", "post"},
    "/api/v1/milestones/{id}/follow/": {"post", "delete"},
    "/api/v1/projects/{id}/follow/": {"post", "delete"},
    "/api/v1/date-proposals/": {"get"},
    "/api/v1/date-proposals/{id}/approve/": {"post"},
    "/api/v1/date-proposals/{id}/reject/": {"post"},
    "/api/v1/notifications/": {"get"},
    "/api/v1/notifications/read/": {"post"},
    "/api/v1/milestones/{id}/progress/": {"post"},
    "/api/v1/milestones/{id}/status/": {"post"},
    "/api/v1/budget-tables/": {"get"},
    "/api/v1/budget-tables/{id}/": {"get"},
}


def test_the_document_is_valid_openapi_3(plan_2023):
    spec = document()

    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_the_document_names_every_endpoint_and_the_token_scheme(plan_2023):
    spec = document()

    assert {path: set(ops) - {"parameters"} for path, ops in spec["paths"].items()} == ENDPOINTS
    assert spec["components"]["securitySchemes"]["personalToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal token made on the settings page: Authorization: Bearer gt_…",
    }
    milestone_filters = {p["name"] for p in spec["paths"]["/api/v1/milestones/"]["get"]["parameters"]}
    assert {"plan", "department", "team", "project", "owner", "status", "overdue", "due_from", "due_to", "as_of"} <= (
        milestone_filters
    )
    progress = spec["paths"]["/api/v1/milestones/{id}/progress/"]["post"]
    assert {"200", "400", "403", "404", "412", "428"} <= set(progress["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in progress["parameters"])


def test_the_docs_page_loads_swagger_ui_from_the_sites_static_files(client, officer):
    client.force_login(officer)

    page = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/?script=")

    html = page.content.decode()
    assert page.status_code == 200 and "swagger-ui" in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources  # no CDN
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)  # no inline script nor style, as the CSP asks
    assert "<style" not in html
    assert script.status_code == 200 and b"/api/v1/schema/" in script.content
