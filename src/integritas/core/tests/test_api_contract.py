"""The OpenAPI document tells the truth (issue 11, item 9).

schemathesis generates requests for every operation of ``/api/v1/openapi.json`` and sends them
through the WSGI application (no network): any 5xx, any status the operation does not
document, any body outside its documented schema, fails. Bounded and deterministic
(``derandomize``, a few examples per operation), so it runs in CI time on SQLite. Each
operation runs twice: anonymous, and signed in as the Pemda's admin (all roles' reads).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from integritas.complaints.tests.factories import make_complaint
from integritas.config.api import api
from integritas.conftest import Tree
from integritas.core.actors import System
from integritas.core.idempotency import KEY_PATTERN
from integritas.surveys.api import PERIOD_PATTERN

pytestmark = pytest.mark.django_db

# The document as /api/v1/openapi.json serves it (built without the database at collection).
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = get_wsgi_application()
schema.location = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI application directly, and Django closes the database
    connection at the end of each request (``close_old_connections``) — on PostgreSQL that
    ends the test's transaction. Django's test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(tree: Tree) -> dict[str, str]:
    """Some data behind the operations, and the cookie of a signed-in admin."""
    make_complaint(actor=System("test"))
    client = Client()
    client.force_login(tree.users["pimpinan"])
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    }


@schema.parametrize()
@hypothesis_settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_contract(case: Any, session_cookie: dict[str, str]) -> None:
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(checks=CHECKS, headers=session_cookie)


def test_the_error_shape_is_one_and_documented() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    error = document["components"]["schemas"]["ErrorOut"]
    assert error["properties"]["detail"]["type"] == "string"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = operation["responses"]
            assert "404" in codes, (method, path)
            if operation.get("security"):
                assert "401" in codes, (method, path)
            if "requestBody" in operation:
                assert {"400", "413", "415", "422"} <= set(codes), (method, path)
            for code, response in codes.items():
                if code.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorOut", (method, path, code)


def test_patterns_and_enums_are_in_the_schema() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    complaint = paths["/api/v1/complaints"]["post"]
    header = next(p for p in complaint["parameters"] if p["name"] == "Idempotency-Key")
    assert header["schema"]["pattern"] == KEY_PATTERN
    body_ref = complaint["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = document["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
    assert body["properties"]["identity"]["enum"] == ["terbuka", "rahasia", "anonim"]
    results = paths["/api/v1/surveys/{slug}/results"]["get"]
    period = next(p for p in results["parameters"] if p["name"] == "period")
    assert period["schema"]["pattern"] == PERIOD_PATTERN


def test_a_validation_error_has_a_string_detail_and_field_errors() -> None:
    response = Client().post(
        "/api/v1/complaints", {"subject": "x"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str)
    assert any(e.startswith("description") for e in body["errors"])
    assert any(e.startswith("identity") for e in body["errors"])


def test_unknown_survey_results_answer_in_indonesian_by_default() -> None:
    response = Client().get("/api/v1/surveys/tidak-ada/results")
    assert response.status_code == 404
    assert response.json()["detail"] == "Tidak ditemukan."
    english = Client().get("/api/v1/surveys/tidak-ada/results", headers={"accept-language": "en"})
    assert english.json()["detail"] == "Not found."
