"""Stored values ↔ engine answers: exact round trips and the checks of typed values."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integritas.assessment.lke_template import ANSWER_TYPES, Template, load_template
from integritas.assessment.scoring import Choice, IndexValue, NumericInputs, answer_value
from integritas.assessment.values import (
    ValueError_,
    Values,
    engine_answer,
    parse_number,
    validate_value,
    values_from_engine,
)

TEMPLATE = load_template("permenpanrb-90-2021")
CHOICE_QUESTIONS = [q for q in TEMPLATE.questions() if q.numeric is None]
NUMERIC_QUESTIONS = [q for q in TEMPLATE.questions() if q.numeric is not None]


@given(st.sampled_from(CHOICE_QUESTIONS), st.data())
def test_choice_round_trip_keeps_the_value(q: object, data: st.DataObject) -> None:
    from integritas.assessment.lke_template import Question

    assert isinstance(q, Question)
    scale = data.draw(st.sampled_from(q.accepted_answer_types))
    option = data.draw(st.sampled_from([n for n, _v in ANSWER_TYPES[scale]]))
    answer = Choice(option, None if scale == q.answer_type else scale)
    back = engine_answer(values_from_engine(answer))
    assert back is not None
    assert answer_value(q, back) == answer_value(q, answer)


@given(
    st.sampled_from(NUMERIC_QUESTIONS),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
)
def test_numeric_inputs_round_trip_exactly(q: object, a: int, b: int) -> None:
    from integritas.assessment.lke_template import Question

    assert isinstance(q, Question) and q.numeric is not None
    keys = q.numeric.formula_keys
    answer = NumericInputs(values={keys[0]: Fraction(a), keys[1]: Fraction(b)})
    stored = values_from_engine(answer)
    assert all(isinstance(v, str) for v in stored.inputs.values())
    back = engine_answer(stored)
    assert back is not None
    assert answer_value(q, back) == answer_value(q, answer)


@given(st.decimals(min_value=0, max_value=4, places=4, allow_nan=False))
def test_index_round_trip(value: Decimal) -> None:
    answer = IndexValue(Fraction(value))
    back = engine_answer(values_from_engine(answer))
    assert isinstance(back, IndexValue) and back.value == Fraction(value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("157", Decimal(157)), ("3,6", Decimal("3.6")), (" 3.60 ", Decimal("3.60")), ("", None)],
)
def test_parse_number(raw: str, expected: Decimal | None) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["tiga", "1e999999", "nan", "inf"])
def test_parse_number_refuses_non_numbers(raw: str) -> None:
    with pytest.raises(ValueError, match=re.escape(raw)):
        parse_number(raw)


def test_validate_normalises_and_refuses(template: Template) -> None:
    v = validate_value(template, "PPA1B", Values(option="a", answer_type="A/B/C"))
    assert (v.option, v.answer_type) == ("A", "")  # the default scale is stored as ""
    v = validate_value(template, "PPA1B", Values(option="ya", answer_type="Ya/Tidak"))
    assert (v.option, v.answer_type) == ("Ya", "Ya/Tidak")
    with pytest.raises(ValueError_):
        validate_value(template, "PPA1A", Values(option="A", answer_type="A/B/C"))
    with pytest.raises(ValueError_):
        validate_value(template, "HBB", Values(option="F"))
    v = validate_value(template, "HBB", Values(option="D", answer_type="A/B/C/D"))
    assert v.answer_type == "A/B/C/D"


def test_a_scale_from_the_sheet_is_kept_and_scored(template: Template) -> None:
    # PPE5D's template scale is A/B/C; the real sheet prints A/B/C/D. An imported "D" on the
    # printed scale (DOMAIN.md §1) is stored with its scale and scores D = 0 on A/B/C/D, a "C"
    # on it ⅓ (A/B/C/D = 1, ⅔, ⅓, 0).
    imported = values_from_engine(Choice("C", "A/B/C/D", from_sheet=True))
    assert imported.from_sheet
    stored = validate_value(template, "PPE5D", imported)
    assert (stored.option, stored.answer_type) == ("C", "A/B/C/D")
    answer = engine_answer(stored)
    assert answer == Choice("C", "A/B/C/D", from_sheet=True)
    assert answer_value(template.question("PPE5D"), answer) == Fraction(1, 3)
    # Typed on the web (not from a sheet) the same scale is refused.
    with pytest.raises(ValueError_) as err:
        validate_value(template, "PPE5D", Values(option="C", answer_type="A/B/C/D"))
    assert err.value.kind == "scale"
