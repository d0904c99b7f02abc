"""The JSON API (django-ninja) under ``/api/v1/``; OpenAPI at ``/api/v1/openapi.json``.

Each app contributes a router; every operation declares who may use it with
``integritas.core.permissions.public`` or ``api_requires`` (checked by the URL-walk test).
"""

from __future__ import annotations

from ninja import NinjaAPI

from integritas.core.api import router as core_router

api = NinjaAPI(
    title="Integritas API",
    version="1",
    description="Zona Integritas: organisations, complaints, surveys, assessments.",
    urls_namespace="api",
)
api.add_router("/", core_router)
