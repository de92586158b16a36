"""Checks a response against the OpenAPI document the API serves: its path, method, status and body schema."""

import re
from functools import cache
from urllib.parse import urlsplit

from django.test import Client
from openapi_schema_validator import OAS30Validator


@cache
def document():
    """The served document (as JSON), read once per test run."""
    return Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _operation(path, method):
    spec = document()
    for template, operations in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method in operations:
            return operations[method]
    raise AssertionError(f"{method.upper()} {path} is not in the OpenAPI document")


def assert_matches_schema(response, method="get"):
    """The response's status is documented for its operation, and its JSON body validates against that schema."""
    operation = _operation(urlsplit(response.request["PATH_INFO"]).path, method)
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, (
        f"{response.status_code} is not documented for {method.upper()} {response.request['PATH_INFO']}"
    )
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return
    full = {**schema, "components": document()["components"]}
    OAS30Validator(full, format_checker=OAS30Validator.FORMAT_CHECKER).validate(response.json())
