"""Every write of the surveys app, in three modules along their seams.

- :mod:`.surveys`: services (jenis layanan), surveys and their settings, the publication of
  results, improvement plans (``workflows.PLAN_WF``), kiosks — staff actions;
- :mod:`.responses`: citizens' answer sheets (``Public("web" | "kiosk" | "api")``);
- :mod:`.imports`: paper or other-tool responses read from a file (run as a job).

Every service takes ``actor: Actor`` (keyword-only, never None), checks it with the
predicates of ``surveys.permissions``, runs in one transaction and records one audit event
in it (``core.audit.audited`` for a row's change). The pure rules (windows, answer sheets)
live in ``surveys.answering``.

Errors: ``ValidationError`` with messages in the active language (nothing is written),
``PermissionDenied``, :class:`SurveyClosed` (a ``ValidationError``: outside the answering
window) and :class:`RateLimited`.
"""

from __future__ import annotations

from integritas.surveys.services.imports import IMPORT_MAX_BYTES, ImportRefused, responses_import
from integritas.surveys.services.responses import (
    RATE_WINDOW_SECONDS,
    CleanResponse,
    RateLimited,
    SurveyClosed,
    check_rate,
    clean_response,
    response_submit,
    response_submit_once,
    responses_audit_daily,
    responses_shuffle,
    survey_flood,
    survey_window_state,
)
from integritas.surveys.services.surveys import (
    SURVEY_FIELDS,
    kiosk_create,
    kiosk_deactivate,
    local_window,
    plan_create,
    plan_publish,
    plan_transition,
    result_publish,
    result_unpublish,
    service_create,
    survey_create,
    survey_update,
)

__all__ = [
    "IMPORT_MAX_BYTES",
    "RATE_WINDOW_SECONDS",
    "SURVEY_FIELDS",
    "CleanResponse",
    "ImportRefused",
    "RateLimited",
    "SurveyClosed",
    "check_rate",
    "clean_response",
    "kiosk_create",
    "kiosk_deactivate",
    "local_window",
    "plan_create",
    "plan_publish",
    "plan_transition",
    "response_submit",
    "response_submit_once",
    "responses_audit_daily",
    "responses_import",
    "responses_shuffle",
    "result_publish",
    "result_unpublish",
    "service_create",
    "survey_create",
    "survey_flood",
    "survey_update",
    "survey_window_state",
]
