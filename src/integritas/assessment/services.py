"""Every write of the assessment app: the ZI process of DOMAIN.md §1, step by step.

Each service takes the acting user (``None`` = the system: demo loader, commands), checks the
permission and the workflow state, runs in one transaction and records its audit event in that
transaction. Errors are ``ValidationError`` (message in the active language, Indonesian by
default) or ``PermissionDenied``; either way nothing is written. Scores come from the pure
engine (:mod:`integritas.assessment.scoring`) through :mod:`integritas.assessment.scores`.

Workflow (``choices.TRANSITIONS``): draft → submitted (TPI review) → locked → proposed /
not proposed → awarded WBK / awarded WBBM / not awarded → revoked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Any, BinaryIO, Final

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.assessment import permissions as perms
from integritas.assessment.choices import (
    AWARDED_STATUSES,
    LOCKED_STATUSES,
    TRANSITIONS,
    AssessmentStatus,
    Predicate,
    ScoreBasis,
    SnapshotStep,
)
from integritas.assessment.lke_template import (
    DEFAULT_TEMPLATE_ID,
    TemplateError,
    available_templates,
)
from integritas.assessment.models import (
    Answer,
    Assessment,
    Evidence,
    Review,
    ScoreSnapshot,
    TpiAssignment,
    UnitResponse,
)
from integritas.assessment.scores import Scored, answers_of, compute, fraction_text, points
from integritas.assessment.scores import template_of as load_template_of
from integritas.assessment.scoring import Answer as EngineAnswer
from integritas.assessment.values import (
    ValueError_,
    Values,
    decimal_places,
    validate_value,
    values_from_engine,
)
from integritas.assessment.workbook import WorkbookError, WorkbookWarning, read_workbook
from integritas.core.audit import audit_record
from integritas.core.feeds import get_feed
from integritas.core.models import Organisation, User
from integritas.core.permissions import has_permission, require_permission
from integritas.core.uploads import DOCUMENTS, IMAGES, check_upload, store_upload

S = AssessmentStatus

#: Evidence may be a PDF, an image or an Office document (DESIGN.md uploads allow-list).
EVIDENCE_KINDS: Final = IMAGES | DOCUMENTS
#: Default size limit per evidence file; ``INTEGRITAS_EVIDENCE_MAX_BYTES`` overrides it.
EVIDENCE_MAX_BYTES: Final = 10 * 1024 * 1024

#: Figures fed from other modules (``core.feeds`` code → item code and how the figure fills
#: it): an index (IPAK/IPKP on 0–4) or a ratio's (numerator key, denominator key).
FEEDS: Final[dict[str, tuple[str, tuple[str, str] | None]]] = {
    "lke.ipak": ("HBA", None),
    "lke.ipkp": ("HPA", None),
    "lke.complaint_ratio": ("PRE2A", ("finished", "to_follow_up")),
    "lke.sasaran": ("PRD1A", ("achieved", "targets")),
}

ANSWER_FIELDS: Final = ["option", "answer_type", "inputs", "ratio", "index_value", "note"]


def _locked_row(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock so concurrent steps serialise."""
    return (
        Assessment.objects.select_for_update().select_related("organisation").get(pk=assessment.pk)
    )


def _transition(assessment: Assessment, to: str) -> None:
    if to not in TRANSITIONS[assessment.status]:
        raise ValidationError(
            _("This step is not possible while the assessment is “%(status)s”."),
            code="transition",
            params={"status": AssessmentStatus(assessment.status).label},
        )
    assessment.status = to


def _value_snapshot(row: Answer | Review | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "option": row.option,
        "answer_type": row.answer_type,
        "inputs": dict(row.inputs),
        "ratio": None if row.ratio is None else str(row.ratio),
        "index_value": None if row.index_value is None else str(row.index_value),
        "note": row.note,
    }


def _apply(row: Answer | Review, values: Values) -> None:
    row.option = values.option
    row.answer_type = values.answer_type
    row.inputs = dict(values.inputs)
    row.ratio = values.ratio
    row.index_value = values.index_value


def _check_value(assessment: Assessment, code: str, values: Values) -> Values:
    template = load_template_of(assessment.template_id)
    try:
        return validate_value(template, code, values)
    except KeyError:
        raise ValidationError(
            _("%(code)s is not an item of this LKE."), code="unknown_item", params={"code": code}
        ) from None
    except ValueError_ as exc:
        allowed = exc.allowed
        if exc.kind == "incomplete":
            question = template.question(code)
            labels = {i.key: i.label for i in question.numeric.inputs} if question.numeric else {}
            allowed = tuple(labels.get(k, k) for k in allowed)
        raise ValidationError(
            _value_message(exc),
            code="invalid_value",
            params={"code": code, "allowed": ", ".join(allowed)},
        ) from None


def _value_message(exc: ValueError_) -> str:
    messages = {
        "scale": _("%(code)s: that answer scale does not apply; choose one of %(allowed)s."),
        "option": _("%(code)s: not a valid answer; the options are %(allowed)s."),
        "negative": _("%(code)s: numbers cannot be negative."),
        "index_range": _("%(code)s: the index must lie between 0 and 4."),
        "incomplete": _("%(code)s: fill in every required count (%(allowed)s)."),
    }
    return messages.get(exc.kind, _("%(code)s: not a valid answer."))


def _all_codes(assessment: Assessment) -> list[str]:
    template = load_template_of(assessment.template_id)
    return [q.code for q in template.questions()] + [i.code for i in template.hasil_items()]


# --------------------------------------------------------------------------- scores


def score_of(assessment: Assessment, basis: str) -> Scored:
    """The assessment's score on ``basis`` (``self`` or ``tpi``), computed now by the engine."""
    if basis == ScoreBasis.SELF:
        rows: Iterable[Answer | Review] = Answer.objects.filter(assessment=assessment)
    else:
        rows = Review.objects.filter(assessment=assessment, is_consolidated=True)
    return compute(assessment.template_id, answers_of(rows), holds_wbk=assessment.holds_wbk)


def _snapshot(
    assessment: Assessment, *, step: str, basis: str, actor: User | None
) -> ScoreSnapshot:
    scored = score_of(assessment, basis)
    r = scored.result
    detail = {
        "exact": {"total": fraction_text(r.total), "pengungkit": fraction_text(r.pengungkit)},
        "areas": {a.code: str(points(a.score)) for a in r.areas},
        "hasil_items": {i.code: str(points(i.score)) for i in r.hasil_items},
        "answered": scored.answered,
        "unmet": {
            code: [
                {
                    "condition": u.condition,
                    "label": u.label,
                    "required": fraction_text(u.required),
                    "actual": fraction_text(u.actual),
                }
                for u in v.unmet
            ]
            for code, v in scored.verdicts.items()
        },
    }
    snap = ScoreSnapshot(
        assessment=assessment,
        step=step,
        basis=basis,
        total=points(r.total),
        pengungkit=points(r.pengungkit),
        hasil=points(r.hasil),
        wbk_met=scored.verdicts["WBK"].met,
        wbbm_met=scored.verdicts["WBBM"].met,
        detail=detail,
        actor=actor,
    )
    snap.full_clean()
    snap.save()
    return snap


# --------------------------------------------------------------------------- create, feeds


def _holds_wbk_from_history(organisation: Organisation, year: int) -> bool | None:
    earlier = Assessment.objects.filter(
        organisation=organisation, year__lt=year, status__in=AWARDED_STATUSES
    )
    return True if earlier.exists() else None


@transaction.atomic
def assessment_create(
    *,
    actor: User | None,
    organisation: Organisation,
    year: int,
    template_id: str = DEFAULT_TEMPLATE_ID,
    holds_wbk: bool | None = None,
) -> Assessment:
    """Open the LKE of ``organisation`` for ``year`` under an LKE template version.

    One assessment per unit and year (database constraint). ``holds_wbk`` (prior predicate,
    needed for WBBM) defaults to True when an earlier assessment of the unit was awarded and
    not revoked, else unknown. Figures other modules feed (IPAK, IPKP, complaint ratio,
    sasaran) are filled in with their source. Raises ``ValidationError`` (duplicate, unknown
    template, Pemda root) or ``PermissionDenied``.
    """
    require_permission(actor, perms.CREATE, organisation)
    if organisation.parent_id is None:
        raise ValidationError(
            _("An assessment belongs to a unit or an OPD, not to the Pemda itself."),
            code="root",
        )
    if template_id not in available_templates():
        raise ValidationError(
            _("Unknown LKE template %(id)s."), code="template", params={"id": template_id}
        )
    try:
        load_template_of(template_id)
    except TemplateError as exc:  # pragma: no cover - templates are validated at start-up
        raise ValidationError(str(exc)) from exc
    if Assessment.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError(
            _("%(unit)s already has an assessment for %(year)s."),
            code="duplicate",
            params={"unit": organisation.name, "year": year},
        )
    assessment = Assessment(
        organisation=organisation,
        year=year,
        template_id=template_id,
        holds_wbk=holds_wbk
        if holds_wbk is not None
        else _holds_wbk_from_history(organisation, year),
        created_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="assessment.create",
        target=assessment,
        organisation=organisation,
        after={"year": year, "template": template_id, "holds_wbk": assessment.holds_wbk},
    )
    _apply_feeds(assessment, actor)
    return assessment


def _apply_feeds(assessment: Assessment, actor: User | None) -> list[str]:
    """Fill fed items from ``core.feeds``; items the TPI overrode are left alone."""
    template = load_template_of(assessment.template_id)
    codes = {q.code for q in template.questions()} | {i.code for i in template.hasil_items()}
    filled: list[str] = []
    for feed_code, (item_code, ratio_keys) in FEEDS.items():
        if item_code not in codes:
            continue
        fed = get_feed(feed_code, assessment.organisation, assessment.year)
        if fed is None:
            continue
        if ratio_keys is None:
            values = Values(index_value=decimal_places(Fraction(fed.value), 4))
        elif fed.numerator is not None and fed.denominator is not None:
            values = Values(
                inputs={ratio_keys[0]: str(fed.numerator), ratio_keys[1]: str(fed.denominator)}
            )
        else:
            values = Values(ratio=decimal_places(Fraction(fed.value), 6))
        try:
            values = validate_value(template, item_code, values)
        except ValueError_:
            continue  # a provider's bad figure is not entered; the Tim ZI enters it
        row = (
            Answer.objects.select_for_update().filter(assessment=assessment, code=item_code).first()
        )
        if row is not None and row.overridden_by_id is not None:
            continue
        before = _value_snapshot(row)
        if row is None:
            row = Answer(assessment=assessment, code=item_code, version=0)
        _apply(row, values)
        row.source = fed.source[:300]
        row.version += 1
        row.updated_by = actor
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="assessment.feed_fill",
            target=assessment,
            organisation=assessment.organisation,
            before=before,
            after={"code": item_code, "source": row.source, **(_value_snapshot(row) or {})},
        )
        filled.append(item_code)
    return filled


@transaction.atomic
def assessment_refresh_feeds(*, actor: User | None, assessment: Assessment) -> list[str]:
    """Take the fed figures again (before the lock); returns the item codes filled."""
    a = _locked_row(assessment)
    if not (
        actor is None
        or has_permission(actor, perms.ANSWER, a.organisation)
        or has_permission(actor, perms.OVERRIDE_INPUT, a.organisation)
    ):
        raise PermissionDenied(_("You do not have permission to do this."))
    if a.status not in {S.DRAFT, S.SUBMITTED}:
        raise ValidationError(_("The assessment is locked."), code="locked")
    return _apply_feeds(a, actor)


# --------------------------------------------------------------------------- answers


@transaction.atomic
def answer_save(
    *,
    actor: User | None,
    assessment: Assessment,
    code: str,
    values: Values,
    note: str,
    expected_version: int,
) -> Answer:
    """Save the unit's answer to one item (draft only), refusing a stale edit.

    ``expected_version`` is the version the person saw (0 for an item never answered). When
    someone else saved in between, ``ValidationError`` (code ``stale``) names them and nothing
    is overwritten. A figure fed from another module cannot be changed by the unit (the TPI
    overrides it with a note). Raises ``ValidationError`` for an invalid value.
    """
    a = _locked_row(assessment)
    require_permission(actor, perms.ANSWER, a.organisation)
    if a.status != S.DRAFT:
        raise ValidationError(
            _("Answers can only be changed while the assessment is a draft."), code="not_draft"
        )
    values = _check_value(a, code, values)
    row = Answer.objects.select_for_update().filter(assessment=a, code=code).first()
    current = 0 if row is None else row.version
    if current != expected_version:
        who = "-" if row is None or row.updated_by is None else str(row.updated_by)
        raise ValidationError(
            _(
                "%(user)s saved this answer after you opened it. Nothing was overwritten: "
                "reload the page, check their change, then save again."
            ),
            code="stale",
            params={"user": who},
        )
    if row is not None and (row.source or row.overridden_by_id is not None):
        raise ValidationError(
            _("This figure comes from %(source)s; only the TPI can change it, with a note."),
            code="fed",
            params={"source": row.source or "TPI"},
        )
    before = _value_snapshot(row)
    if row is None:
        row = Answer(assessment=a, code=code, version=0)
    _apply(row, values)
    row.note = note.strip()
    row.version += 1
    row.updated_by = actor
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # Two first answers at once: the other insert won; report it like any stale edit.
        raise ValidationError(
            _(
                "%(user)s saved this answer after you opened it. Nothing was overwritten: "
                "reload the page, check their change, then save again."
            ),
            code="stale",
            params={"user": "-"},
        ) from None
    audit_record(
        actor=actor,
        action="assessment.answer_save",
        target=a,
        organisation=a.organisation,
        before=before and {"code": code, **before},
        after={"code": code, "version": row.version, **(_value_snapshot(row) or {})},
    )
    return row


@transaction.atomic
def input_override(
    *,
    actor: User | None,
    assessment: Assessment,
    code: str,
    values: Values,
    note: str,
) -> Answer:
    """The TPI replaces a hasil or reform-input figure (fed or typed) with a mandatory note.

    Allowed before the lock; the unit's value before the override stays in the audit trail.
    Raises ``ValidationError`` without a note or for an invalid value.
    """
    a = _locked_row(assessment)
    require_permission(actor, perms.OVERRIDE_INPUT, a.organisation)
    if a.status not in {S.DRAFT, S.SUBMITTED}:
        raise ValidationError(_("The assessment is locked."), code="locked")
    fed_codes = {item for item, _keys in FEEDS.values()}
    template = load_template_of(a.template_id)
    hasil_codes = {i.code for i in template.hasil_items()}
    if code not in fed_codes | hasil_codes:
        raise ValidationError(
            _("Only hasil figures and figures fed from other modules can be overridden."),
            code="not_overridable",
        )
    if not note.strip():
        raise ValidationError(_("Give the reason for the override."), code="note_required")
    values = _check_value(a, code, values)
    if values.is_empty():
        raise ValidationError(_("Enter the value."), code="empty")
    row = Answer.objects.select_for_update().filter(assessment=a, code=code).first()
    before = _value_snapshot(row)
    if row is None:
        row = Answer(assessment=a, code=code, version=0)
    _apply(row, values)
    row.version += 1
    row.updated_by = actor
    row.overridden_by = actor
    row.override_note = note.strip()
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="assessment.input_override",
        target=a,
        organisation=a.organisation,
        before=before and {"code": code, "source": row.source, **before},
        after={"code": code, "override_note": row.override_note, **(_value_snapshot(row) or {})},
    )
    return row


def _store_answers(
    a: Assessment, answers: Mapping[str, EngineAnswer], notes: Mapping[str, str], actor: User | None
) -> tuple[int, list[str]]:
    """Write many answers of a draft (validated one by one; fed figures kept)."""
    existing = {r.code: r for r in Answer.objects.select_for_update().filter(assessment=a)}
    written = 0
    kept: list[str] = []
    for code, answer in answers.items():
        row = existing.get(code)
        if row is not None and (row.source or row.overridden_by_id is not None):
            kept.append(code)
            continue
        values = _check_value(a, code, values_from_engine(answer))
        if row is None:
            row = Answer(assessment=a, code=code, version=0)
        _apply(row, values)
        row.note = notes.get(code, row.note)[:5000]
        row.version += 1
        row.updated_by = actor
        row.full_clean()
        row.save()
        written += 1
    return written, kept


@transaction.atomic
def answers_bulk_save(
    *,
    actor: User | None,
    assessment: Assessment,
    answers: Mapping[str, EngineAnswer],
    notes: Mapping[str, str] | None = None,
) -> int:
    """Save many answers of a draft at once (one audit event); returns how many were written.

    Every value is validated as in :func:`answer_save`; one invalid value refuses all
    (``ValidationError``). Fed figures are kept. Used by the demo loader and the benchmark.
    """
    a = _locked_row(assessment)
    require_permission(actor, perms.ANSWER, a.organisation)
    if a.status != S.DRAFT:
        raise ValidationError(
            _("Answers can only be changed while the assessment is a draft."), code="not_draft"
        )
    written, kept = _store_answers(a, answers, notes or {}, actor)
    audit_record(
        actor=actor,
        action="assessment.answers_bulk_save",
        target=a,
        organisation=a.organisation,
        after={"written": written, "kept_fed": kept},
    )
    return written


@dataclass(frozen=True)
class ImportResult:
    """What a workbook import stored: items written, fed items kept, reader warnings."""

    written: int
    kept_fed: tuple[str, ...]
    warnings: tuple[WorkbookWarning, ...]


@transaction.atomic
def answers_import(*, actor: User | None, assessment: Assessment, stream: BinaryIO) -> ImportResult:
    """Replace the draft's answers with those of an LKE workbook (the LKE sheet layout).

    One transaction: a file that cannot be read, or any answer that is not allowed, raises
    ``ValidationError`` naming sheet, row and cell, and nothing stored changes. Fed figures
    are kept (listed in ``kept_fed``). Each written answer's version grows by one.
    """
    a = _locked_row(assessment)
    require_permission(actor, perms.ANSWER, a.organisation)
    if a.status != S.DRAFT:
        raise ValidationError(
            _("Answers can only be changed while the assessment is a draft."), code="not_draft"
        )
    template = load_template_of(a.template_id)
    try:
        read = read_workbook(stream, template=template)
    except WorkbookError as exc:
        raise ValidationError(exc.message, code="workbook") from None
    written, kept = _store_answers(a, read.answers, read.notes, actor)
    audit_record(
        actor=actor,
        action="assessment.import",
        target=a,
        organisation=a.organisation,
        after={"written": written, "kept_fed": kept, "warnings": len(read.warnings)},
    )
    return ImportResult(written=written, kept_fed=tuple(kept), warnings=read.warnings)


# --------------------------------------------------------------------------- evidence


def evidence_max_bytes() -> int:
    """The evidence size limit in bytes (setting ``INTEGRITAS_EVIDENCE_MAX_BYTES``, 10 MB)."""
    return int(getattr(settings, "INTEGRITAS_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))


@transaction.atomic
def evidence_upload(
    *,
    actor: User | None,
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
    a = _locked_row(assessment)
    require_permission(actor, perms.ANSWER, a.organisation)
    if a.status not in {S.DRAFT, S.SUBMITTED}:
        raise ValidationError(_("The assessment is locked."), code="locked")
    if code not in _all_codes(a):
        raise ValidationError(
            _("%(code)s is not an item of this LKE."), code="unknown_item", params={"code": code}
        )
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
    try:
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
            uploaded_by=actor,
        )
        evidence.full_clean()
        evidence.save()
    except Exception:
        default_storage.delete(storage_name)  # no orphan file when the row is not stored
        raise
    audit_record(
        actor=actor,
        action="assessment.evidence_upload",
        target=a,
        organisation=a.organisation,
        after={
            "code": code,
            "title": title,
            "version": evidence.version,
            "sha256": upload.sha256,
            "size": upload.size,
            "evidence": evidence.public_id,
        },
    )
    return evidence


# --------------------------------------------------------------------------- submit


@transaction.atomic
def assessment_submit(*, actor: User | None, assessment: Assessment) -> Assessment:
    """The Tim ZI sends the self-assessment to the TPI (draft → submitted).

    Refused with ``ValidationError`` (code ``unanswered``) listing every item without an
    answer; nothing changes then. Records a score snapshot of the self-assessment.
    """
    a = _locked_row(assessment)
    require_permission(actor, perms.ANSWER, a.organisation)
    _transition(a, S.SUBMITTED)
    scored = score_of(a, ScoreBasis.SELF)
    if scored.result.unanswered:
        raise ValidationError(
            _("%(count)s items are not answered yet: %(codes)s. Answer them, then submit."),
            code="unanswered",
            params={
                "count": len(scored.result.unanswered),
                "codes": ", ".join(scored.result.unanswered),
            },
        )
    a.submitted_at = timezone.now()
    a.full_clean()
    a.save(update_fields=["status", "submitted_at", "updated_at"])
    snap = _snapshot(a, step=SnapshotStep.SUBMITTED, basis=ScoreBasis.SELF, actor=actor)
    audit_record(
        actor=actor,
        action="assessment.submit",
        target=a,
        organisation=a.organisation,
        before={"status": S.DRAFT},
        after={"status": a.status, "self_total": str(snap.total)},
    )
    return a


# --------------------------------------------------------------------------- TPI


@transaction.atomic
def tpi_assign(
    *, actor: User | None, assessment: Assessment, user: User, is_lead: bool
) -> TpiAssignment:
    """Assign a TPI member (or the lead) to an assessment, before the lock.

    The person must hold the TPI review permission over the unit. Making someone lead makes
    the previous lead a member (one lead per assessment, database constraint).
    """
    a = _locked_row(assessment)
    require_permission(actor, perms.ASSIGN_TPI, a.organisation)
    if a.status in LOCKED_STATUSES:
        raise ValidationError(_("The assessment is locked."), code="locked")
    if not has_permission(user, perms.REVIEW, a.organisation):
        raise ValidationError(
            _("%(user)s is not a TPI member for this unit."),
            code="not_tpi",
            params={"user": str(user)},
        )
    if is_lead:
        TpiAssignment.objects.filter(assessment=a, is_lead=True).exclude(user=user).update(
            is_lead=False
        )
    assignment, created = TpiAssignment.objects.get_or_create(
        assessment=a, user=user, defaults={"is_lead": is_lead, "assigned_by": actor}
    )
    if not created and assignment.is_lead != is_lead:
        assignment.is_lead = is_lead
        assignment.save(update_fields=["is_lead"])
    audit_record(
        actor=actor,
        action="assessment.tpi_assign",
        target=a,
        organisation=a.organisation,
        after={"user": user.username, "is_lead": is_lead},
    )
    return assignment


def _assignment(actor: User | None, a: Assessment) -> TpiAssignment | None:
    if actor is None:
        return None
    return TpiAssignment.objects.filter(assessment=a, user=actor).first()


def _require_reviewer(actor: User | None, a: Assessment, *, lead: bool) -> User:
    if actor is None:
        raise PermissionDenied(_("A TPI value needs a person."))
    require_permission(actor, perms.LEAD_REVIEW if lead else perms.REVIEW, a.organisation)
    assignment = _assignment(actor, a)
    if assignment is None or (lead and not assignment.is_lead):
        raise PermissionDenied(
            _("Only the TPI lead of this assessment can do this.")
            if lead
            else _("You are not assigned to review this assessment.")
        )
    if a.status != S.SUBMITTED:
        raise ValidationError(
            _("TPI values can only be given while the assessment is under TPI review."),
            code="not_submitted",
        )
    return actor


def _save_review(
    *, a: Assessment, reviewer: User, code: str, values: Values, note: str, consolidated: bool
) -> tuple[Review, dict[str, Any] | None]:
    values = _check_value(a, code, values)
    if values.is_empty():
        raise ValidationError(_("Enter the value."), code="empty")
    lookup: dict[str, Any] = {"assessment": a, "code": code, "is_consolidated": consolidated}
    if not consolidated:
        lookup["reviewer"] = reviewer
    row = Review.objects.select_for_update().filter(**lookup).first()
    before = _value_snapshot(row)
    if row is None:
        row = Review(assessment=a, code=code, reviewer=reviewer, is_consolidated=consolidated)
    row.reviewer = reviewer
    _apply(row, values)
    row.note = note.strip()
    row.full_clean()
    row.save()
    return row, before


@transaction.atomic
def review_save(
    *, actor: User | None, assessment: Assessment, code: str, values: Values, note: str
) -> Review:
    """A TPI member's value and note for one item (under review, member assigned)."""
    a = _locked_row(assessment)
    reviewer = _require_reviewer(actor, a, lead=False)
    row, before = _save_review(
        a=a, reviewer=reviewer, code=code, values=values, note=note, consolidated=False
    )
    audit_record(
        actor=actor,
        action="assessment.review_save",
        target=a,
        organisation=a.organisation,
        before=before and {"code": code, **before},
        after={"code": code, **(_value_snapshot(row) or {})},
    )
    return row


@transaction.atomic
def review_copy_self(*, actor: User | None, assessment: Assessment) -> int:
    """A TPI member starts from the unit's answers: copy them into the member's own values
    for every item the member has not reviewed yet. Returns how many were copied."""
    a = _locked_row(assessment)
    reviewer = _require_reviewer(actor, a, lead=False)
    done = set(
        Review.objects.filter(assessment=a, reviewer=reviewer, is_consolidated=False).values_list(
            "code", flat=True
        )
    )
    new = [
        Review(
            assessment=a,
            code=ans.code,
            reviewer=reviewer,
            option=ans.option,
            answer_type=ans.answer_type,
            inputs=ans.inputs,
            ratio=ans.ratio,
            index_value=ans.index_value,
        )
        for ans in Answer.objects.filter(assessment=a).exclude(code__in=done)
        if ans.option or ans.inputs or ans.ratio is not None or ans.index_value is not None
    ]
    Review.objects.bulk_create(new)
    audit_record(
        actor=actor,
        action="assessment.review_copy_self",
        target=a,
        organisation=a.organisation,
        after={"copied": len(new)},
    )
    return len(new)


@transaction.atomic
def consolidate_save(
    *, actor: User | None, assessment: Assessment, code: str, values: Values, note: str
) -> Review:
    """The TPI lead's consolidated (final) value and note for one item."""
    a = _locked_row(assessment)
    lead = _require_reviewer(actor, a, lead=True)
    row, before = _save_review(
        a=a, reviewer=lead, code=code, values=values, note=note, consolidated=True
    )
    audit_record(
        actor=actor,
        action="assessment.consolidate_save",
        target=a,
        organisation=a.organisation,
        before=before and {"code": code, **before},
        after={"code": code, **(_value_snapshot(row) or {})},
    )
    return row


def _same_value(a: Review, b: Review) -> bool:
    return (
        a.option == b.option
        and a.answer_type == b.answer_type
        and a.inputs == b.inputs
        and a.ratio == b.ratio
        and a.index_value == b.index_value
    )


@transaction.atomic
def consolidate_agreeing(*, actor: User | None, assessment: Assessment) -> int:
    """The lead takes the members' value for every item not yet consolidated on which all
    members who reviewed it agree; their notes are joined. Returns how many were filled."""
    a = _locked_row(assessment)
    lead = _require_reviewer(actor, a, lead=True)
    done = set(
        Review.objects.filter(assessment=a, is_consolidated=True).values_list("code", flat=True)
    )
    by_code: dict[str, list[Review]] = {}
    for r in Review.objects.filter(assessment=a, is_consolidated=False).order_by("pk"):
        by_code.setdefault(r.code, []).append(r)
    new: list[Review] = []
    for code, rows in by_code.items():
        if code in done or any(not _same_value(rows[0], r) for r in rows[1:]):
            continue
        first = rows[0]
        new.append(
            Review(
                assessment=a,
                code=code,
                reviewer=lead,
                is_consolidated=True,
                option=first.option,
                answer_type=first.answer_type,
                inputs=first.inputs,
                ratio=first.ratio,
                index_value=first.index_value,
                note="\n".join(r.note for r in rows if r.note),
            )
        )
    Review.objects.bulk_create(new)
    audit_record(
        actor=actor,
        action="assessment.consolidate_agreeing",
        target=a,
        organisation=a.organisation,
        after={"consolidated": len(new)},
    )
    return len(new)


@transaction.atomic
def response_add(
    *, actor: User | None, assessment: Assessment, code: str, text: str
) -> UnitResponse:
    """The unit answers the TPI notes on one item (before the lock)."""
    a = _locked_row(assessment)
    require_permission(actor, perms.ANSWER, a.organisation)
    if a.status in LOCKED_STATUSES:
        raise ValidationError(_("The assessment is locked."), code="locked")
    if code not in _all_codes(a):
        raise ValidationError(
            _("%(code)s is not an item of this LKE."), code="unknown_item", params={"code": code}
        )
    if not text.strip():
        raise ValidationError(_("Write the response."), code="empty")
    response = UnitResponse(assessment=a, code=code, text=text.strip(), author=actor)
    response.full_clean()
    response.save()
    audit_record(
        actor=actor,
        action="assessment.response_add",
        target=a,
        organisation=a.organisation,
        after={"code": code, "text": response.text},
    )
    return response


@transaction.atomic
def assessment_lock(*, actor: User | None, assessment: Assessment) -> Assessment:
    """The TPI lead locks the scores (submitted → locked).

    Refused (``ValidationError`` code ``unconsolidated``) listing every item without a
    consolidated value. Records snapshots of the self and the TPI scores.
    """
    a = _locked_row(assessment)
    if actor is not None:
        require_permission(actor, perms.LEAD_REVIEW, a.organisation)
        assignment = _assignment(actor, a)
        if assignment is None or not assignment.is_lead:
            raise PermissionDenied(_("Only the TPI lead of this assessment can do this."))
    _transition(a, S.LOCKED)
    done = set(
        Review.objects.filter(assessment=a, is_consolidated=True).values_list("code", flat=True)
    )
    missing = [c for c in _all_codes(a) if c not in done]
    if missing:
        raise ValidationError(
            _("%(count)s items have no consolidated TPI value yet: %(codes)s."),
            code="unconsolidated",
            params={"count": len(missing), "codes": ", ".join(missing)},
        )
    a.locked_at = timezone.now()
    a.locked_by = actor
    a.full_clean()
    a.save(update_fields=["status", "locked_at", "locked_by", "updated_at"])
    _snapshot(a, step=SnapshotStep.LOCKED, basis=ScoreBasis.SELF, actor=actor)
    snap = _snapshot(a, step=SnapshotStep.LOCKED, basis=ScoreBasis.TPI, actor=actor)
    audit_record(
        actor=actor,
        action="assessment.lock",
        target=a,
        organisation=a.organisation,
        before={"status": S.SUBMITTED},
        after={"status": a.status, "tpi_total": str(snap.total)},
    )
    return a


# --------------------------------------------------------------------------- after the lock


@transaction.atomic
def assessment_decide_proposal(
    *,
    actor: User | None,
    assessment: Assessment,
    propose: bool,
    predicate: str = "",
    note: str = "",
) -> Assessment:
    """After the lock the TPI records whether the unit is proposed to the TPN, and for which
    predicate. A proposal is refused while the TPI score misses any condition of that
    predicate (DOMAIN.md §1 thresholds), listing them; not proposing needs a reason."""
    a = _locked_row(assessment)
    require_permission(actor, perms.REVIEW, a.organisation)
    target = S.PROPOSED if propose else S.NOT_PROPOSED
    _transition(a, target)
    if propose:
        if predicate not in Predicate.values:
            raise ValidationError(_("Choose the predicate (WBK or WBBM)."), code="predicate")
        verdict = score_of(a, ScoreBasis.TPI).verdicts[predicate]
        if not verdict.met:
            raise ValidationError(
                _("The TPI score does not meet %(predicate)s: %(unmet)s."),
                code="unmet",
                params={"predicate": predicate, "unmet": "; ".join(u.label for u in verdict.unmet)},
            )
        a.proposal_predicate = predicate
    elif not note.strip():
        raise ValidationError(_("Give the reason for not proposing the unit."), code="note")
    a.proposal_note = note.strip()
    a.proposal_decided_at = timezone.now()
    a.full_clean()
    a.save()
    _snapshot(a, step=SnapshotStep.PROPOSED, basis=ScoreBasis.TPI, actor=actor)
    audit_record(
        actor=actor,
        action="assessment.proposal",
        target=a,
        organisation=a.organisation,
        before={"status": S.LOCKED},
        after={"status": a.status, "predicate": a.proposal_predicate, "note": a.proposal_note},
    )
    return a


@transaction.atomic
def assessment_record_tpn(
    *,
    actor: User | None,
    assessment: Assessment,
    predicate: str,
    decided_on: dt.date,
    decree: str,
    note: str = "",
) -> Assessment:
    """Record the TPN's result for a proposed unit: ``predicate`` WBK, WBBM or "" (not
    awarded), the decision date and decree number (required when awarded)."""
    a = _locked_row(assessment)
    require_permission(actor, perms.RECORD_TPN, a.organisation)
    target = {
        Predicate.WBK: S.AWARDED_WBK,
        Predicate.WBBM: S.AWARDED_WBBM,
        "": S.NOT_AWARDED,
    }.get(predicate)
    if target is None:
        raise ValidationError(_("Choose the predicate (WBK or WBBM)."), code="predicate")
    _transition(a, target)
    if predicate and not decree.strip():
        raise ValidationError(_("Enter the decree number."), code="decree")
    if decided_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    a.tpn_predicate = predicate
    a.tpn_date = decided_on
    a.tpn_decree = decree.strip()
    a.tpn_note = note.strip()
    a.full_clean()
    a.save()
    _snapshot(a, step=SnapshotStep.TPN_RESULT, basis=ScoreBasis.TPI, actor=actor)
    audit_record(
        actor=actor,
        action="assessment.tpn_result",
        target=a,
        organisation=a.organisation,
        before={"status": S.PROPOSED},
        after={
            "status": a.status,
            "predicate": predicate,
            "date": decided_on.isoformat(),
            "decree": a.tpn_decree,
        },
    )
    return a


@transaction.atomic
def assessment_revoke(
    *,
    actor: User | None,
    assessment: Assessment,
    revoked_on: dt.date,
    decree: str,
    reason: str,
) -> Assessment:
    """Record the revocation of an awarded predicate (date, decree number, reason)."""
    a = _locked_row(assessment)
    require_permission(actor, perms.RECORD_TPN, a.organisation)
    before_status = a.status
    _transition(a, S.REVOKED)
    if not decree.strip() or not reason.strip():
        raise ValidationError(
            _("Enter the decree number and the reason of the revocation."), code="required"
        )
    if a.tpn_date is not None and revoked_on < a.tpn_date:
        raise ValidationError(
            _("The revocation cannot precede the award (%(date)s)."),
            code="before_award",
            params={"date": a.tpn_date.isoformat()},
        )
    if revoked_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    a.revoked_date = revoked_on
    a.revoked_decree = decree.strip()
    a.revoked_reason = reason.strip()
    a.full_clean()
    a.save()
    _snapshot(a, step=SnapshotStep.REVOKED, basis=ScoreBasis.TPI, actor=actor)
    audit_record(
        actor=actor,
        action="assessment.revoke",
        target=a,
        organisation=a.organisation,
        before={"status": before_status},
        after={
            "status": a.status,
            "date": revoked_on.isoformat(),
            "decree": a.revoked_decree,
            "reason": a.revoked_reason,
        },
    )
    return a
