"""The JSON API (django-ninja) under ``/api/v1/``; OpenAPI at ``/api/v1/openapi.json``.

Each app contributes a router; every operation declares who may use it with
``integritas.core.permissions.public`` or ``api_requires`` (checked by the URL-walk test).
"""

from __future__ import annotations

from ninja import NinjaAPI

from integritas.assessment.api import router as assessment_router
from integritas.complaints.api import router as complaints_router
from integritas.core.api import router as core_router
from integritas.gratification.api import router as gratification_router
from integritas.pengawasan.api import router as pengawasan_router
from integritas.portal.api import router as portal_router
from integritas.surveys.api import router as surveys_router
from integritas.whistleblowing.api import router as whistleblowing_router

api = NinjaAPI(
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
