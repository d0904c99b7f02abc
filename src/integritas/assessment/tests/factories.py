"""Test helpers of the assessment app: assessments through the service, values in bulk."""

from __future__ import annotations

import io
from collections.abc import Mapping
from fractions import Fraction

from integritas.assessment import services
from integritas.assessment.lke_template import ANSWER_TYPES, Template
from integritas.assessment.models import Answer, Assessment, Review
from integritas.assessment.scoring import Answer as EngineAnswer
from integritas.assessment.scoring import Choice, IndexValue, NumericInputs
from integritas.assessment.values import values_from_engine
from integritas.core.actors import System
from integritas.core.models import Organisation, User


def make_assessment(unit: Organisation, *, year: int = 2025, **kwargs: object) -> Assessment:
    """An assessment created by the system actor (the service, so audit and feeds run)."""
    return services.assessment_create(actor=System("test"), organisation=unit, year=year, **kwargs)  # type: ignore[arg-type]  # kwargs are the service's keyword options


def fill_answers(
    assessment: Assessment, answers: Mapping[str, EngineAnswer], *, by: User | None = None
) -> None:
    """Store the unit's answers directly (test set-up; the service path has its own tests)."""
    rows = []
    for code, answer in answers.items():
        v = values_from_engine(answer)
        rows.append(
            Answer(
                assessment=assessment,
                code=code,
                option=v.option,
                answer_type=v.answer_type,
                inputs=v.inputs,
                ratio=v.ratio,
                index_value=v.index_value,
                updated_by=by,
            )
        )
    Answer.objects.bulk_create(rows)


def fill_reviews(
    assessment: Assessment,
    answers: Mapping[str, EngineAnswer],
    *,
    reviewer: User,
    consolidated: bool,
) -> None:
    """Store TPI values directly (test set-up)."""
    rows = []
    for code, answer in answers.items():
        v = values_from_engine(answer)
        rows.append(
            Review(
                assessment=assessment,
                code=code,
                reviewer=reviewer,
                is_consolidated=consolidated,
                option=v.option,
                answer_type=v.answer_type,
                inputs=v.inputs,
                ratio=v.ratio,
                index_value=v.index_value,
            )
        )
    Review.objects.bulk_create(rows)


def pdf_bytes() -> bytes:
    """A small valid one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Someone"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def best_answers(template: Template) -> dict[str, EngineAnswer]:
    """The best answer to every item: Ya/A, 100% on numeric items, index 4 (total 100)."""
    out: dict[str, EngineAnswer] = {}
    for q in template.questions():
        if q.numeric is not None:
            rule = q.numeric
            if rule.kind == "ratio":
                assert rule.numerator is not None and rule.denominator is not None
                out[q.code] = NumericInputs(
                    values={rule.numerator: Fraction(10), rule.denominator: Fraction(10)}
                )
            else:
                assert rule.previous is not None and rule.current is not None
                out[q.code] = NumericInputs(
                    values={rule.previous: Fraction(2), rule.current: Fraction(0)}
                )
        else:
            out[q.code] = Choice(ANSWER_TYPES[q.answer_type][0][0])
    for item in template.hasil_items():
        if item.kind == "index":
            out[item.code] = IndexValue(Fraction(4))
        else:
            assert item.answer_type is not None
            out[item.code] = Choice(ANSWER_TYPES[item.answer_type][0][0])
    return out
