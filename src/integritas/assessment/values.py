"""Stored LKE values ↔ the scoring engine's answers (pure Python, no Django import).

A stored value (:class:`~integritas.assessment.models.ValueFields`: ``option``,
``answer_type``, ``inputs``, ``ratio``, ``index_value``) becomes a
:data:`~integritas.assessment.scoring.Answer` here, and typed form input becomes a stored value.
The arithmetic itself stays in :mod:`integritas.assessment.scoring`; this module only changes
representation, exactly (decimal strings → :class:`Fraction`, never through float).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Protocol

from integritas.assessment.lke_template import ANSWER_TYPES, NUMERIC, HasilItem, Question, Template
from integritas.assessment.scoring import (
    Answer,
    Choice,
    IndexValue,
    NumericInputs,
    ScoringError,
    answer_value,
    canonical_option,
    score,
)

__all__ = [
    "CodedValue",
    "StoredValue",
    "ValueError_",
    "Values",
    "answers_map",
    "decimal_places",
    "engine_answer",
    "item_kind",
    "parse_number",
    "validate_value",
    "values_from_engine",
]


class StoredValue(Protocol):
    """The value fields of an answer or a review row."""

    option: str
    answer_type: str
    inputs: dict[str, str]
    ratio: Decimal | None
    index_value: Decimal | None


class CodedValue(StoredValue, Protocol):
    """A stored value with the item code it answers."""

    code: str


@dataclass
class Values:
    """A value ready to store (same fields as :class:`StoredValue`)."""

    option: str = ""
    answer_type: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    ratio: Decimal | None = None
    index_value: Decimal | None = None
    #: The scale is the one printed on the answerer's own sheet (a workbook import): any
    #: standard choice scale is then valid, not only the template's (DOMAIN.md §1).
    from_sheet: bool = False

    def is_empty(self) -> bool:
        """True when no value is given at all (a note alone is not an answer)."""
        return (
            not self.option and not self.inputs and self.ratio is None and self.index_value is None
        )


class ValueError_(ValueError):
    """A typed value does not fit its item.

    ``kind`` says why — ``scale`` (answer scale not accepted), ``option`` (not an option of
    the scale), ``negative``, ``index_range``, ``incomplete`` (a formula input is missing) or
    ``invalid`` — and ``allowed`` lists what would be accepted; the caller words the message
    in the user's language.
    """

    def __init__(self, code: str, kind: str, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(f"{code}: {kind} ({', '.join(allowed)})")
        self.code = code
        self.kind = kind
        self.allowed = allowed


def _frac(text: str | Decimal) -> Fraction:
    return Fraction(Decimal(text))


def engine_answer(row: StoredValue) -> Answer | None:
    """The engine's answer for a stored value, or None when nothing is stored."""
    if row.index_value is not None:
        return IndexValue(_frac(row.index_value))
    if row.inputs or row.ratio is not None:
        ratio = None if row.ratio is None else _frac(row.ratio)
        # A TPI override note beside counts and a value: the TPI's decision on a ratio item
        # without data (zero-denominator rule "tpi"; used only when the denominator is 0).
        note = str(getattr(row, "override_note", "") or "")
        decided = bool(note and row.inputs and ratio is not None)
        return NumericInputs(
            values={k: _frac(v) for k, v in row.inputs.items()},
            ratio=ratio,
            tpi_value=ratio if decided else None,
            tpi_note=note if decided else "",
        )
    if row.option:
        # A stored scale was either one of the template's (checked on input) or the scale
        # printed on the answerer's sheet (a workbook import): both are kept as they were read.
        return Choice(row.option, row.answer_type or None, from_sheet=bool(row.answer_type))
    return None


def values_from_engine(answer: Answer, question: Question | None = None) -> Values:
    """The stored form of an engine answer (workbook import, demo data).

    A ratio item the sheet marks "tidak ada data" without complete counts (``no_data``) is
    stored as what that means, a numerator and a denominator of 0, when its ``question`` is
    given, so it stays "tidak ada data" (scored by the Pemda's rule) instead of unanswered.
    """
    if (
        isinstance(answer, NumericInputs)
        and answer.no_data
        and question is not None
        and question.numeric is not None
        and question.numeric.kind == "ratio"
        and not all(k in answer.values for k in question.numeric.formula_keys)
    ):
        rule = question.numeric
        assert rule.numerator is not None and rule.denominator is not None
        counts = {**answer.values, rule.numerator: ZERO_COUNT, rule.denominator: ZERO_COUNT}
        return Values(inputs={k: _text(v) for k, v in counts.items()})
    if isinstance(answer, Choice):
        return Values(
            option=canonical_option(answer.option),
            answer_type=answer.answer_type or "",
            from_sheet=answer.from_sheet,
        )
    if isinstance(answer, IndexValue):
        return Values(index_value=decimal_places(answer.value, 4))
    inputs = {k: _text(v) for k, v in answer.values.items()}
    return Values(
        inputs=inputs, ratio=None if answer.ratio is None else decimal_places(answer.ratio, 6)
    )


ZERO_COUNT = Fraction(0)


def decimal_places(value: Fraction, places: int) -> Decimal:
    """``value`` as a Decimal with ``places`` decimals (for storage of an exact figure)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places))


def _text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(decimal_places(value, 6).normalize())


MAX_NUMBER = Decimal(10) ** 12


def parse_number(raw: str) -> Decimal | None:
    """A typed number: ``"157"``, ``"3,6"`` or ``"3.60"`` → Decimal; blank → None.

    Raises :class:`ValueError` when the text is not a number, is 10¹² or more, or has more
    than 6 decimals.
    """
    text = raw.strip().replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    # A count or an index, never astronomic: refuse what would only cost memory (1e999999).
    if not value.is_finite() or abs(value) >= MAX_NUMBER or value.as_tuple().exponent < -6:  # type: ignore[operator]  # finite, so the exponent is an int
        raise ValueError(raw)
    return value


def item_kind(template: Template, code: str) -> str:
    """``choice``, ``numeric`` or ``index`` for a question or hasil item code (KeyError if none)."""
    try:
        q = template.question(code)
    except KeyError:
        item = template.hasil_item(code)
        return "index" if item.kind == "index" else "choice"
    return "numeric" if q.answer_type == NUMERIC else "choice"


def _item(template: Template, code: str) -> Question | HasilItem:
    try:
        return template.question(code)
    except KeyError:
        return template.hasil_item(code)


def validate_value(template: Template, code: str, values: Values) -> Values:
    """Check a value against its item and return it normalised (canonical option, etc.).

    Raises :class:`ValueError_` (Indonesian message naming the item) when the option is not
    one of the item's answer types, a numeric input is unknown or negative, or an index lies
    outside 0–4. The check is the engine's own (:func:`scoring.score` on this one answer).
    """
    item = _item(template, code)
    kind = item_kind(template, code)
    if kind == "choice":
        sheet_scale = (
            values.from_sheet
            and values.answer_type in ANSWER_TYPES
            and values.answer_type != NUMERIC
        )
        if (
            values.answer_type
            and values.answer_type not in item.accepted_answer_types
            and not sheet_scale
        ):
            raise ValueError_(code, "scale", item.accepted_answer_types)
        if values.answer_type == item.accepted_answer_types[0]:
            values.answer_type = ""
        values.option = canonical_option(values.option) if values.option else ""
        values.inputs, values.ratio, values.index_value = {}, None, None
    elif kind == "numeric":
        values.option, values.answer_type, values.index_value = "", "", None
    else:
        values.option, values.answer_type, values.inputs, values.ratio = "", "", {}, None
    answer = engine_answer(values)
    if answer is None:
        return values
    try:
        if isinstance(item, Question):
            answer_value(item, answer)
        else:
            score(template, {code: answer})
    except ScoringError as exc:
        raise _value_error(code, exc) from None
    return values


def _value_error(code: str, exc: ScoringError) -> ValueError_:
    allowed: tuple[str, ...] = tuple(getattr(exc, "allowed", ()))
    reason = str(getattr(exc, "reason", ""))
    if "negative" in reason:
        return ValueError_(code, "negative")
    if "index must lie" in reason:
        return ValueError_(code, "index_range")
    if "missing inputs" in reason:
        return ValueError_(code, "incomplete", allowed)
    if allowed:
        return ValueError_(code, "option", allowed)
    return ValueError_(code, "invalid")


def answers_map(rows: Mapping[str, StoredValue]) -> dict[str, Answer]:
    """Engine answers keyed by code from stored rows keyed by code (empty rows skipped)."""
    out: dict[str, Answer] = {}
    for code, row in rows.items():
        answer = engine_answer(row)
        if answer is not None:
            out[code] = answer
    return out
