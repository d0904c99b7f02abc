"""The JSON API (django-ninja) under ``/api/v1/``; OpenAPI at ``/api/v1/openapi.json``.

Each app contributes a router; every operation declares who may use it with
``integritas.core.permissions.public`` or ``api_requires`` (checked by the URL-walk test).

Errors (issue 11, item 9): every error of every operation answers one documented shape,
``ErrorOut`` ``{"detail": "<one sentence>", "errors": ["<each problem>", …]}`` — validation
errors (422) included, whose ``errors`` name each field. The statuses an operation can give
through the layers around it are documented on it once, here: 422 (input the schema refuses),
404 (a path parameter naming nothing, or an operation the caller may not use), 401 (a
signed-in operation without a session), 400 (a malformed request; input a service refuses),
413/415 on a body (too large, not JSON), 429 on public operations (rate limits). Messages follow the request's language,
Indonesian by default.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from integritas.assessment.api import router as assessment_router
from integritas.complaints.api import router as complaints_router
from integritas.core.api import ErrorOut, install_error_handlers
from integritas.core.api import router as core_router
from integritas.gratification.api import router as gratification_router
from integritas.pengawasan.api import router as pengawasan_router
from integritas.portal.api import router as portal_router
from integritas.surveys.api import router as surveys_router
from integritas.whistleblowing.api import router as whistleblowing_router

_METHODS = ("get", "put", "post", "patch", "delete")
_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}}


class IntegritasAPI(NinjaAPI):
    """The API whose schema documents the error statuses every layer can answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema()
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method in _METHODS:
                    _document_errors(method, operation)
        return schema


def _document_errors(method: str, operation: dict[str, Any]) -> None:
    responses: dict[Any, Any] = operation.setdefault("responses", {})
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        # A header, query or path parameter is absent or a string, never JSON null.
        schema = parameter.get("schema", {})
        branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
        if len(branches) == 1 and len(schema["anyOf"]) == 2:
            del schema["anyOf"]
            schema.update(branches[0])
    signed_in = bool(operation.get("security"))
    extra: dict[int, str] = {
        # Every operation answers 404 to a caller it is not for (``api_requires``), and to a
        # path parameter naming nothing.
        404: "Nothing found, or not available to the caller.",
        # The edge (``BadBytesMiddleware``, ``RequestSizeLimitMiddleware``) refuses control
        # characters in the path or query and a malformed request, on every route.
        400: "The request is malformed or was refused (each problem in errors).",
    }
    if parameters or "requestBody" in operation:
        extra[422] = "The input does not match the schema."
    if signed_in:
        extra[401] = "Not signed in."
    if "requestBody" in operation:
        extra[413] = "The request body is larger than the limit."
        extra[415] = "The request body is not JSON."
    if not signed_in:
        extra[429] = "Too many requests; try again later."
    for status, description in extra.items():
        if status not in responses and str(status) not in responses:
            responses[status] = _error_response(description)
    for status, response in responses.items():
        if 400 <= int(status) < 600:
            response["content"] = {"application/json": {"schema": _ERROR_REF}}


api = IntegritasAPI(
    title="Integritas API",
    version="1",
    description=(
        "Zona Integritas: organisations, complaints, surveys, assessments, audit reports (LHP)."
    ),
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/assessments", assessment_router)
api.add_router("/surveys", surveys_router)
api.add_router("/complaints", complaints_router)
api.add_router("/pengawasan", pengawasan_router)
api.add_router("/portal", portal_router)
api.add_router("/wbs", whistleblowing_router)
api.add_router("/gratification", gratification_router)


install_error_handlers(api)
