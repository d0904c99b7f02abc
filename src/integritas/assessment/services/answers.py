"""The unit's side before the TPI: open an assessment, fed figures, answers, import, submit."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from integritas.assessment import permissions as perms
from integritas.assessment.choices import (
    AWARDED_STATUSES,
    AssessmentStatus,
    ScoreBasis,
    SnapshotStep,
    ZeroDenominator,
)
from integritas.assessment.lke_template import (
    DEFAULT_TEMPLATE_ID,
    Question,
    TemplateError,
    available_templates,
)
from integritas.assessment.models import Answer, Assessment, LkeSettings
from integritas.assessment.scores import template_of as load_template_of
from integritas.assessment.scoring import Answer as EngineAnswer
from integritas.assessment.scoring import is_no_data
from integritas.assessment.services._common import (
    ANSWER_AUDIT_FIELDS,
    FEEDS,
    apply_values,
    check_value,
    locked_row,
    score_of,
    take_snapshot,
)
from integritas.assessment.values import (
    ValueError_,
    Values,
    decimal_places,
    engine_answer,
    validate_value,
    values_from_engine,
)
from integritas.assessment.workbook import WorkbookError, WorkbookWarning, read_workbook
from integritas.assessment.workflows import ASSESSMENT
from integritas.core import clock
from integritas.core.actors import Actor, actor_user
from integritas.core.audit import audit_record, audited
from integritas.core.feeds import get_feed
from integritas.core.models import Organisation
from integritas.core.permissions import require, require_permission

S = AssessmentStatus


def _holds_wbk_from_history(organisation: Organisation, year: int) -> bool | None:
    earlier = Assessment.objects.filter(
        organisation=organisation, year__lt=year, status__in=AWARDED_STATUSES
    )
    return True if earlier.exists() else None


@transaction.atomic
def assessment_create(
    *,
    actor: Actor,
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
        created_by=actor_user(actor),
    )
    with audited(
        assessment,
        actor=actor,
        action="assessment.create",
        fields=["year", "template_id", "holds_wbk"],
        organisation=organisation,
    ):
        pass
    _apply_feeds(assessment, actor)
    return assessment


def _apply_feeds(assessment: Assessment, actor: Actor) -> list[str]:
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
        if row is None:
            row = Answer(assessment=assessment, code=item_code, version=0)
        with audited(
            row,
            actor=actor,
            action="assessment.feed_fill",
            fields=ANSWER_AUDIT_FIELDS,
            organisation=assessment.organisation,
        ):
            apply_values(row, values)
            row.source = fed.source[:300]
            row.version += 1
            row.updated_by = actor_user(actor)
        filled.append(item_code)
    return filled


@transaction.atomic
def assessment_refresh_feeds(*, actor: Actor, assessment: Assessment) -> list[str]:
    """Take the fed figures again (before the lock); returns the item codes filled."""
    a = locked_row(assessment)
    require(perms.can_refresh(actor, a))
    if a.status not in {S.DRAFT, S.SUBMITTED}:
        raise ValidationError(_("The assessment is locked."), code="locked")
    return _apply_feeds(a, actor)


def _require_draft(a: Assessment) -> None:
    if a.status != S.DRAFT:
        raise ValidationError(
            _("Answers can only be changed while the assessment is a draft."), code="not_draft"
        )


def _stale(who: str) -> ValidationError:
    return ValidationError(
        _(
            "%(user)s saved this answer after you opened it. Nothing was overwritten: "
            "reload the page, check their change, then save again."
        ),
        code="stale",
        params={"user": who},
    )


@transaction.atomic
def answer_save(
    *,
    actor: Actor,
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
    a = locked_row(assessment)
    require(perms.can_answer(actor, a))
    _require_draft(a)
    values = check_value(a, code, values)
    row = Answer.objects.select_for_update().filter(assessment=a, code=code).first()
    current = 0 if row is None else row.version
    if current != expected_version:
        raise _stale("-" if row is None or row.updated_by is None else str(row.updated_by))
    if row is not None and (row.source or row.overridden_by_id is not None):
        raise ValidationError(
            _("This figure comes from %(source)s; only the TPI can change it, with a note."),
            code="fed",
            params={"source": row.source or "TPI"},
        )
    if row is None:
        row = Answer(assessment=a, code=code, version=0)
    try:
        with audited(
            row,
            actor=actor,
            action="assessment.answer_save",
            fields=ANSWER_AUDIT_FIELDS,
            organisation=a.organisation,
        ):
            apply_values(row, values)
            row.note = note.strip()
            row.version += 1
            row.updated_by = actor_user(actor)
    except IntegrityError:
        # Two first answers at once: the other insert won; report it like any stale edit.
        raise _stale("-") from None
    return row


def tpi_decides(assessment: Assessment, code: str, row: Answer) -> bool:
    """Whether the TPI decides the value of ``code``: a ratio item whose stored counts have a
    denominator of 0 ("tidak ada data") under the zero-denominator rule ``tpi`` (the Pemda's
    setting, else the template's default for the item)."""
    template = load_template_of(assessment.template_id)
    try:
        question = template.question(code)
    except KeyError:
        return False
    rule = question.numeric
    if rule is None or rule.kind != "ratio":
        return False
    answer = engine_answer(row)
    if answer is None or not is_no_data(question, answer):
        return False
    chosen = LkeSettings.rule_for(assessment.organisation) or rule.zero_denominator
    return chosen == ZeroDenominator.TPI


@transaction.atomic
def input_override(
    *,
    actor: Actor,
    assessment: Assessment,
    code: str,
    values: Values,
    note: str,
) -> Answer:
    """The TPI replaces a hasil or reform-input figure (fed or typed) with a mandatory note.

    Allowed before the lock; the unit's value before the override stays in the audit trail.
    Raises ``ValidationError`` without a note or for an invalid value.
    """
    a = locked_row(assessment)
    require(perms.can_override(actor, a))
    if a.status not in {S.DRAFT, S.SUBMITTED}:
        raise ValidationError(_("The assessment is locked."), code="locked")
    fed_codes = {item for item, _keys in FEEDS.values()}
    template = load_template_of(a.template_id)
    hasil_codes = {i.code for i in template.hasil_items()}
    row = Answer.objects.select_for_update().filter(assessment=a, code=code).first()
    deciding = row is not None and tpi_decides(a, code, row)
    if code not in fed_codes | hasil_codes and not deciding:
        raise ValidationError(
            _("Only hasil figures and figures fed from other modules can be overridden."),
            code="not_overridable",
        )
    if not note.strip():
        raise ValidationError(_("Give the reason for the override."), code="note_required")
    if deciding and not values.inputs:
        # The TPI's decision on a ratio item without data: the unit's counts stay, the
        # decided value (0–1) goes beside them with the note (DOMAIN.md §1, issue 10).
        assert row is not None
        if values.ratio is None or not 0 <= values.ratio <= 1:
            raise ValidationError(
                _("%(code)s: enter a value between 0 and 100%%."),
                code="invalid_value",
                params={"code": code},
            )
        values = Values(inputs=dict(row.inputs), ratio=values.ratio.quantize(Decimal("0.000001")))
    values = check_value(a, code, values)
    if values.is_empty():
        raise ValidationError(_("Enter the value."), code="empty")
    if row is None:
        row = Answer(assessment=a, code=code, version=0)
    with audited(
        row,
        actor=actor,
        action="assessment.input_override",
        fields=ANSWER_AUDIT_FIELDS,
        organisation=a.organisation,
    ):
        apply_values(row, values)
        row.version += 1
        row.updated_by = actor_user(actor)
        row.overridden_by = actor_user(actor)
        row.override_note = note.strip()
    return row


@dataclass(frozen=True)
class CellProblem:
    """One value of an imported workbook that cannot be stored, with its cell."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""


class ImportRefused(ValidationError):
    """A workbook import refused: ``problems`` lists each bad cell (nothing was stored)."""

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__([p.message for p in problems], code="workbook")
        self.problems = problems


_CELL = re.compile(r"^(?:(?P<sheet>[^!]+)!)?(?P<col>[A-Z]+)(?P<row>\d+)$")


def _where(cell: str | None, sheet: str | None = None, row: int | None = None) -> CellProblem:
    match = _CELL.match(cell or "")
    if match is None:
        return CellProblem("", sheet=sheet or "", row=row)
    return CellProblem(
        "",
        sheet=match["sheet"] or sheet or "",
        row=int(match["row"]),
        column=match["col"],
    )


def _problem(message: str, cell: str | None, sheet: str | None, row: int | None) -> CellProblem:
    where = _where(cell, sheet, row)
    return CellProblem(message, sheet=where.sheet, row=where.row, column=where.column)


def _question(a: Assessment, code: str) -> Question | None:
    try:
        return load_template_of(a.template_id).question(code)
    except KeyError:
        return None


def _store_answers(
    a: Assessment,
    answers: Mapping[str, EngineAnswer],
    notes: Mapping[str, str],
    actor: Actor,
    *,
    cells: Mapping[str, str] | None = None,
    advance: Callable[[], None] | None = None,
) -> tuple[int, list[str]]:
    """Write many answers of a draft (all validated first; fed figures kept).

    With ``cells`` (code → workbook cell) every invalid value is reported at once as
    :class:`ImportRefused`; without, the first invalid value raises ``ValidationError``.
    """
    existing = {r.code: r for r in Answer.objects.select_for_update().filter(assessment=a)}
    kept: list[str] = []
    checked: dict[str, Values] = {}
    problems: list[CellProblem] = []
    for code, answer in answers.items():
        row = existing.get(code)
        if row is not None and (row.source or row.overridden_by_id is not None):
            kept.append(code)
            continue
        try:
            checked[code] = check_value(a, code, values_from_engine(answer, _question(a, code)))
        except ValidationError as exc:
            if cells is None:
                raise
            cell = cells.get(code)
            problems.extend(_problem(m, cell, None, None) for m in exc.messages)
    if problems:
        raise ImportRefused(problems)
    user = actor_user(actor)
    for code, values in checked.items():
        row = existing.get(code) or Answer(assessment=a, code=code, version=0)
        apply_values(row, values)
        row.note = notes.get(code, row.note)[:5000]
        row.version += 1
        row.updated_by = user
        row.full_clean()
        row.save()
        if advance is not None:
            advance()
    return len(checked), kept


@transaction.atomic
def answers_bulk_save(
    *,
    actor: Actor,
    assessment: Assessment,
    answers: Mapping[str, EngineAnswer],
    notes: Mapping[str, str] | None = None,
) -> int:
    """Save many answers of a draft at once (one audit event); returns how many were written.

    Every value is validated as in :func:`answer_save`; one invalid value refuses all
    (``ValidationError``). Fed figures are kept. Used by the demo loader and the benchmark.
    """
    a = locked_row(assessment)
    require(perms.can_answer(actor, a))
    _require_draft(a)
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


def _workbook_problems(exc: WorkbookError) -> list[CellProblem]:
    """Every bad cell a ``WorkbookError`` carries (``problems``), else its one located problem."""
    if exc.problems:
        # The reader's own sentence names the cell, the question code, the value and the
        # allowed options (Indonesian, with an English twin).
        english = (get_language() or "id").startswith("en")
        return [
            CellProblem(
                p.english if english else p.message,
                sheet=p.sheet,
                row=p.row,
                column=p.column,
            )
            for p in exc.problems
        ]
    return [_problem(exc.message, exc.cell, exc.sheet, exc.row)]


@transaction.atomic
def answers_import(
    *,
    actor: Actor,
    assessment: Assessment,
    stream: BinaryIO,
    on_total: Callable[[int], None] | None = None,
    advance: Callable[[], None] | None = None,
) -> ImportResult:
    """Replace the draft's answers with those of an LKE workbook (the LKE sheet layout).

    One transaction: a file that cannot be read, or any answer that is not allowed, raises
    :class:`ImportRefused` (a ``ValidationError``) naming sheet, row and column of every bad
    cell, and nothing stored changes. Fed figures are kept (listed in ``kept_fed``). Each
    written answer's version grows by one. ``on_total``/``advance`` report progress (a job).
    """
    a = locked_row(assessment)
    require(perms.can_answer(actor, a))
    _require_draft(a)
    template = load_template_of(a.template_id)
    try:
        read = read_workbook(stream, template=template)
    except WorkbookError as exc:
        raise ImportRefused(_workbook_problems(exc)) from None
    if on_total is not None:
        on_total(len(read.answers))
    written, kept = _store_answers(
        a, read.answers, read.notes, actor, cells=read.cells, advance=advance
    )
    audit_record(
        actor=actor,
        action="assessment.import",
        target=a,
        organisation=a.organisation,
        after={"written": written, "kept_fed": kept, "warnings": len(read.warnings)},
    )
    return ImportResult(written=written, kept_fed=tuple(kept), warnings=read.warnings)


@transaction.atomic
def assessment_submit(*, actor: Actor, assessment: Assessment) -> Assessment:
    """The Tim ZI sends the self-assessment to the TPI (draft → submitted).

    Refused with ``ValidationError`` (code ``unanswered``) listing every item without an
    answer; nothing changes then. Records a score snapshot of the self-assessment.
    """
    a = locked_row(assessment)
    with audited(
        a,
        actor=actor,
        action=ASSESSMENT.audit_action("submit"),
        fields=["status", "submitted_at"],
        organisation=a.organisation,
    ):
        ASSESSMENT.transition(a, "submit", actor=actor)
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
        a.submitted_at = clock.now()
    take_snapshot(a, step=SnapshotStep.SUBMITTED, basis=ScoreBasis.SELF, actor=actor)
    return a
