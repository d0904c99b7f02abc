"""Evidence files of the unit's answers: versioned, checked, stored privately."""

from __future__ import annotations

from typing import IO, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from integritas.assessment import permissions as perms
from integritas.assessment.choices import AssessmentStatus
from integritas.assessment.models import Assessment, Evidence
from integritas.assessment.services._common import check_item, locked_row
from integritas.core.actors import Actor, actor_user
from integritas.core.audit import audited
from integritas.core.permissions import require
from integritas.core.uploads import DOCUMENTS, IMAGES, check_upload, store_upload

S = AssessmentStatus

#: Evidence may be a PDF, an image or an Office document (DESIGN.md uploads allow-list).
EVIDENCE_KINDS: Final = IMAGES | DOCUMENTS
#: Default size limit per evidence file; ``INTEGRITAS_EVIDENCE_MAX_BYTES`` overrides it.
EVIDENCE_MAX_BYTES: Final = 10 * 1024 * 1024


def evidence_max_bytes() -> int:
    """The evidence size limit in bytes (setting ``INTEGRITAS_EVIDENCE_MAX_BYTES``, 10 MB)."""
    return int(getattr(settings, "INTEGRITAS_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))


@transaction.atomic
def evidence_upload(
    *,
    actor: Actor,
    assessment: Assessment,
    code: str,
    title: str,
    stream: IO[bytes],
    filename: str,
) -> Evidence:
    """Attach one evidence file to an item (draft or under review, before the lock).

    The file is checked by ``core.uploads.check_upload`` (type from the bytes: PDF, JPEG/PNG/
    WebP, DOCX/XLSX/PPTX; size limit; metadata removed) and stored privately with its SHA-256.
    Uploading under a ``title`` already used for that item makes the next version; older
    versions stay. Raises ``ValidationError`` for a refused file or an unknown item.
    """
    a = locked_row(assessment)
    require(perms.can_answer(actor, a))
    if a.status not in {S.DRAFT, S.SUBMITTED}:
        raise ValidationError(_("The assessment is locked."), code="locked")
    check_item(a, code)
    title = " ".join(title.split())[:200]
    if not title:
        raise ValidationError(_("Name the document."), code="title_required")
    upload = check_upload(
        stream, name=filename, allowed=EVIDENCE_KINDS, max_bytes=evidence_max_bytes()
    )
    last = Evidence.objects.filter(assessment=a, code=code, title=title).aggregate(
        m=Max("version")
    )["m"]
    storage_name = store_upload(upload, prefix=f"lke/{a.public_id}")
    evidence = Evidence(
        assessment=a,
        code=code,
        title=title,
        version=(last or 0) + 1,
        storage_name=storage_name,
        original_name=upload.original_name,
        mime=upload.mime,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=actor_user(actor),
    )
    try:
        with audited(
            evidence,
            actor=actor,
            action="assessment.evidence_upload",
            fields=["code", "title", "version", "sha256", "size", "public_id"],
            organisation=a.organisation,
        ):
            pass
    except Exception:
        default_storage.delete(storage_name)  # no orphan file when the row is not stored
        raise
    return evidence
