"""Scores of stored assessments, computed by the pure engine (never re-implemented here).

:func:`compute` takes an assessment and the stored rows of one basis (the unit's answers or
the TPI lead's consolidated values) and returns the engine's :class:`ScoreResult` with the
WBK/WBBM verdicts (DOMAIN.md §1). Loading the rows is the caller's job (selectors prefetch
them for a whole page; services load them for one assessment), so no query runs here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from integritas.assessment.lke_template import Template, load_template
from integritas.assessment.scoring import (
    Answer,
    ScoreResult,
    Verdict,
    score,
    verdicts,
)
from integritas.assessment.values import CodedValue, engine_answer


@dataclass(frozen=True)
class Scored:
    """An assessment's score on one basis: the engine's result and verdict per predicate."""

    result: ScoreResult
    verdicts: Mapping[str, Verdict]
    answered: int
    total_items: int
    #: The Pemda's zero-denominator rule used (None = each item's template default).
    zero_denominator: str | None = None

    @property
    def no_data_codes(self) -> frozenset[str]:
        """Codes of the ratio items scored without data ("tidak ada data")."""
        return frozenset(n.code for n in self.result.no_data)


def template_of(template_id: str) -> Template:
    """The LKE template an assessment was made under (cached by the loader)."""
    return load_template(template_id)


def answers_of(rows: Iterable[CodedValue]) -> dict[str, Answer]:
    """Engine answers keyed by item code from stored rows; rows without a value are skipped."""
    out: dict[str, Answer] = {}
    for row in rows:
        answer = engine_answer(row)
        if answer is not None:
            out[row.code] = answer
    return out


def compute(
    template_id: str,
    answers: Mapping[str, Answer],
    *,
    holds_wbk: bool | None,
    zero_denominator: str | None,
) -> Scored:
    """Score ``answers`` under the template and check every predicate.

    ``zero_denominator``: the Pemda's rule for ratio items without data
    (:meth:`~integritas.assessment.models.LkeSettings.rule_for`; None = the template's).

    Raises the engine's :class:`~integritas.assessment.scoring.ScoringError` if a stored
    value no longer fits (services validate every value before storing, so this means the
    data was changed outside them).
    """
    template = template_of(template_id)
    result = score(template, answers, zero_denominator=zero_denominator)
    total_items = len(tuple(template.questions())) + len(tuple(template.hasil_items()))
    return Scored(
        result=result,
        verdicts=verdicts(template, result, holds_wbk=holds_wbk),
        answered=total_items - len(result.unanswered),
        total_items=total_items,
        zero_denominator=zero_denominator,
    )


def points(value: Fraction, places: int = 4) -> Decimal:
    """A score rounded half-up for storage or JSON (4 places) or display (2 places)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fraction_text(value: Fraction | bool | None) -> str | bool | None:
    """Exact text of a Fraction (``"21/8"``) for JSON; booleans and None pass through."""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return value
