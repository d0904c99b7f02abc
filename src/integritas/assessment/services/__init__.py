"""Every write of the assessment app: the ZI process of DOMAIN.md §1, step by step.

Each service takes the acting :data:`~integritas.core.actors.Actor` (a person, ``System`` for
the demo loader and jobs; never None), checks the access predicate of
:mod:`integritas.assessment.permissions` and the workflow state
(:data:`integritas.assessment.workflows.ASSESSMENT`), runs in one transaction and records its
audit event in that transaction (``core.audit.audited``). Errors are ``ValidationError``
(message in the active language, Indonesian by default) or ``PermissionDenied``; either way
nothing is written. Scores come from the pure engine (:mod:`integritas.assessment.scoring`)
through :mod:`integritas.assessment.scores`.

The package follows the process: :mod:`.answers` (opening, fed figures, answers, workbook
import, submit), :mod:`.evidence`, :mod:`.review` (the TPI team, values, consolidation,
responses, the lock) and :mod:`.after_lock` (proposal, TPN result, revocation).
"""

from __future__ import annotations

from integritas.assessment.services._common import ANSWER_FIELDS, FEEDS, score_of
from integritas.assessment.services.after_lock import (
    assessment_decide_proposal,
    assessment_record_tpn,
    assessment_revoke,
)
from integritas.assessment.services.answers import (
    CellProblem,
    ImportRefused,
    ImportResult,
    answer_save,
    answers_bulk_save,
    answers_import,
    assessment_create,
    assessment_refresh_feeds,
    assessment_submit,
    input_override,
)
from integritas.assessment.services.evidence import (
    EVIDENCE_KINDS,
    EVIDENCE_MAX_BYTES,
    evidence_max_bytes,
    evidence_upload,
)
from integritas.assessment.services.review import (
    assessment_lock,
    consolidate_agreeing,
    consolidate_save,
    response_add,
    review_copy_self,
    review_save,
    tpi_assign,
)
from integritas.assessment.services.settings import lke_settings_save

__all__ = [
    "ANSWER_FIELDS",
    "EVIDENCE_KINDS",
    "EVIDENCE_MAX_BYTES",
    "FEEDS",
    "CellProblem",
    "ImportRefused",
    "ImportResult",
    "answer_save",
    "answers_bulk_save",
    "answers_import",
    "assessment_create",
    "assessment_decide_proposal",
    "assessment_lock",
    "assessment_record_tpn",
    "assessment_refresh_feeds",
    "assessment_revoke",
    "assessment_submit",
    "consolidate_agreeing",
    "consolidate_save",
    "evidence_max_bytes",
    "evidence_upload",
    "input_override",
    "lke_settings_save",
    "response_add",
    "review_copy_self",
    "review_save",
    "score_of",
    "tpi_assign",
]
