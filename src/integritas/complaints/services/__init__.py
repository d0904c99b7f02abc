"""Every write of the complaints app (issue 5; DOMAIN.md §6), in three modules along the
seams of the work: :mod:`.intake` (a complaint arrives), :mod:`.triage` (the complaint
manager's disposition, settings, the automatic close) and :mod:`.handling` (the unit's
work and the complainant's own actions).

Each service is keyword-only and takes an explicit ``actor`` (a staff ``User``,
``Public(channel)`` for the complainant, ``System(reason)`` for the platform; never None),
checks the access predicate of ``complaints.permissions`` (through the workflow in
``complaints.workflows`` for state changes), locks the complaint row before reading its state
so two racing changes end in one well-defined state, writes through ``core.audit.audited``
(one transaction with its audit event) and queues notifications after commit. Errors are
``ValidationError`` (Indonesian by default) or ``PermissionDenied``; either way nothing is
written.

Audit events never carry the complainant's identity or the complaint's text: the audit
trail is append-only and read by administrators and the Inspectorate.
"""

from __future__ import annotations

from integritas.complaints.rules import MAX_ATTACHMENTS, clean_text, max_upload_bytes
from integritas.complaints.services._common import AUDIT_FIELDS, policy_for
from integritas.complaints.services.handling import (
    complaint_answer,
    complaint_follow_up,
    complaint_note,
    complaint_public_reply,
    complaint_rate,
    complaint_remind,
    complaint_reopen,
    complaint_reply,
    complaint_return,
)
from integritas.complaints.services.intake import complaint_attach, complaint_submit
from integritas.complaints.services.triage import (
    complaint_autoclose,
    complaint_bulk_forward,
    complaint_close,
    complaint_forward,
    complaint_mark_duplicate,
    complaint_refer,
    complaint_reject,
    complaint_set_lapor_id,
    complaint_settings_set,
    complaint_verify,
)

__all__ = [
    "AUDIT_FIELDS",
    "MAX_ATTACHMENTS",
    "clean_text",
    "complaint_answer",
    "complaint_attach",
    "complaint_autoclose",
    "complaint_bulk_forward",
    "complaint_close",
    "complaint_follow_up",
    "complaint_forward",
    "complaint_mark_duplicate",
    "complaint_note",
    "complaint_public_reply",
    "complaint_rate",
    "complaint_refer",
    "complaint_reject",
    "complaint_remind",
    "complaint_reopen",
    "complaint_reply",
    "complaint_return",
    "complaint_set_lapor_id",
    "complaint_settings_set",
    "complaint_submit",
    "complaint_verify",
    "max_upload_bytes",
    "policy_for",
]
