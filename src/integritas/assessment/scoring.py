"""LKE Zona Integritas scoring engine — pure Python, exact arithmetic, no Django.

Source: PermenPANRB 90/2021 Lampiran III; rules and thresholds as summarised in
``shared/DOMAIN.md`` §1. The rule set itself (weights, questions, thresholds) comes from a
:class:`~integritas.assessment.lke_template.Template`; this module only applies it.

Units: every score is in LKE points (the total is out of 100: pengungkit 60 = pemenuhan 30 +
reform 30, hasil 40). Question values are in [0, 1]. All numbers are :class:`Fraction`; nothing
is rounded here — round only for display (2 decimals for people, 4 in JSON).

Answers are a mapping from question or hasil-item code to one of:

- :class:`Choice` — an option of the question's answer type (``"Ya"``/``"Tidak"``, ``"A"``…),
  optionally under one of the question's alternative answer types;
- :class:`NumericInputs` — the "- Jumlah …" inputs of a numeric reform item, or only the
  printed ratio when the inputs are missing;
- :class:`IndexValue` — an IPAK/IPKP index on 0–4.

A question without an answer scores 0 and is listed in :attr:`ScoreResult.unanswered`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

from integritas.assessment.lke_template import (
    ANSWER_TYPES,
    NUMERIC,
    ZERO_DENOMINATOR_RULES,
    HasilItem,
    NumericRule,
    Question,
    Template,
)

__all__ = [
    "MEASURES",
    "NO_DATA_LABEL",
    "Answer",
    "AreaScore",
    "Choice",
    "GapAnalysis",
    "HalfScore",
    "HasilItemScore",
    "HasilPartScore",
    "Improvement",
    "IndexValue",
    "InvalidAnswerError",
    "NoData",
    "NumericInputs",
    "Plan",
    "PlanStep",
    "QuestionScore",
    "ScoreResult",
    "ScoringError",
    "SubAreaScore",
    "UnknownQuestionError",
    "UnmetCondition",
    "Verdict",
    "answer_value",
    "canonical_option",
    "gap_analysis",
    "is_no_data",
    "no_data_value",
    "numeric_value",
    "option_value",
    "score",
    "verdict",
    "verdicts",
]

ZERO = Fraction(0)
ONE = Fraction(1)
#: How a ratio item with no data (denominator 0) is shown in every view, workbook and report.
NO_DATA_LABEL = "tidak ada data"


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Choice:
    """An option letter or Ya/Tidak; ``answer_type`` picks an alternative scale (None = default).

    ``from_sheet``: the scale is the one the answerer saw on their own sheet (the options printed
    in its criteria, else its printed answer type — DOMAIN.md §1 "A letter means what the
    options the answerer saw say"); any standard scale is then valid, not only the template's
    alternatives. Set by the workbook reader only when the template does not accept that scale.
    """

    option: str
    answer_type: str | None = None
    from_sheet: bool = False


@dataclass(frozen=True)
class NumericInputs:
    """Inputs of a numeric item keyed as in the template; ``ratio`` is the printed value in [0, 1].

    The inputs win when every input the formula needs is present; otherwise ``ratio`` is used.
    ``no_data``: the sheet says "tidak ada data" and gives no complete inputs (complete inputs
    with a denominator of 0 say the same by themselves). ``tpi_value``/``tpi_note``: the TPI's
    decision for such an item under the zero-denominator rule ``"tpi"`` (value in [0, 1]).
    """

    values: Mapping[str, Fraction] = field(default_factory=dict)
    ratio: Fraction | None = None
    no_data: bool = False
    tpi_value: Fraction | None = None
    tpi_note: str = ""


@dataclass(frozen=True)
class IndexValue:
    """An IPAK or IPKP index on 0–``index_max`` (4 in PermenPANRB 90/2021)."""

    value: Fraction


Answer = Choice | NumericInputs | IndexValue


class ScoringError(ValueError):
    """Base class of the scoring errors."""


class UnknownQuestionError(ScoringError):
    """An answer names a code that is neither a question nor a hasil item of the template."""

    def __init__(self, code: str, template_id: str) -> None:
        super().__init__(f"{code}: not a question of template {template_id}")
        self.code = code


class InvalidAnswerError(ScoringError):
    """An answer does not fit its question: ``allowed`` lists what would have been accepted."""

    def __init__(self, code: str, answer: str, allowed: Iterable[str], reason: str = "") -> None:
        allowed_t = tuple(allowed)
        detail = reason or f"allowed: {', '.join(allowed_t)}"
        super().__init__(f"{code}: answer {answer!r} is not valid ({detail})")
        self.code = code
        self.answer = answer
        self.allowed = allowed_t
        self.reason = reason


def canonical_option(raw: str) -> str:
    """Normalise a typed option: ``" ya "`` → ``"Ya"``, ``"b."`` → ``"B"``, ``"TIDAK"`` → ``Tidak``.

    Only case, spaces and a trailing dot are forgiven; the result is checked by the caller.
    """
    text = raw.strip().rstrip(".").strip()
    low = text.lower()
    if low == "ya":
        return "Ya"
    if low == "tidak":
        return "Tidak"
    return text.upper()


def option_value(answer_type: str, option: str) -> Fraction:
    """Value in [0, 1] of an option under an answer type (DOMAIN.md §1 answer values).

    Raises :class:`KeyError` for an unknown answer type or option.
    """
    for name, value in ANSWER_TYPES[answer_type]:
        if name == option:
            return value
    raise KeyError(option)


def _zero_denominator_rule(rule: NumericRule, override: str | None) -> str:
    chosen = override or rule.zero_denominator
    if chosen not in ZERO_DENOMINATOR_RULES:
        raise ValueError(f"unknown zero-denominator rule {chosen!r}")
    return chosen


def numeric_value(
    rule: NumericRule, inputs: Mapping[str, Fraction], *, zero_denominator: str | None = None
) -> Fraction:
    """Value in [0, 1] of a numeric reform item from its inputs (DOMAIN.md §1).

    ``ratio``: ``min(numerator / denominator, cap)``. A denominator of 0 means "tidak ada data"
    and is scored by the zero-denominator rule — ``zero_denominator`` (a per-Pemda setting)
    or else the template's ``rule.zero_denominator``: ``"zero"`` → 0, ``"one"`` → 1, ``"tpi"`` →
    0 here (the TPI's decision lives on the answer; see :func:`no_data_value`).
    ``decrease``: ``(previous − current) / previous`` clamped to [0, 1]; both 0 →
    ``no_violations_value``; previous 0 and current > 0 → 0 (things got worse).
    Raises :class:`KeyError` when a formula input is missing.
    """
    if rule.kind == "ratio":
        assert rule.numerator is not None
        assert rule.denominator is not None
        num = inputs[rule.numerator]
        den = inputs[rule.denominator]
        if den == 0:
            return ONE if _zero_denominator_rule(rule, zero_denominator) == "one" else ZERO
        return min(max(num / den, ZERO), rule.cap)
    assert rule.previous is not None
    assert rule.current is not None
    prev = inputs[rule.previous]
    cur = inputs[rule.current]
    if prev == 0:
        return rule.no_violations_value if cur == 0 else ZERO
    return min(max((prev - cur) / prev, ZERO), ONE)


def is_no_data(question: Question, answer: Answer | None) -> bool:
    """True when a ratio item has no data: complete inputs with a denominator of 0, or a sheet
    that says "tidak ada data" without complete inputs (DOMAIN.md §1, issue 10)."""
    rule = question.numeric
    if rule is None or rule.kind != "ratio" or not isinstance(answer, NumericInputs):
        return False
    assert rule.denominator is not None
    if all(k in answer.values for k in rule.formula_keys):
        return answer.values[rule.denominator] == 0
    return answer.no_data


@dataclass(frozen=True)
class NoData:
    """A ratio item scored without data: ``rule`` (``zero``, ``one``, ``tpi``) gave ``value``.

    ``decided`` is False under ``tpi`` while the TPI has not decided (scored 0 meanwhile);
    ``note`` is the TPI's note.
    """

    code: str
    rule: str
    value: Fraction
    decided: bool
    note: str = ""


def no_data_value(
    question: Question, answer: NumericInputs, *, zero_denominator: str | None = None
) -> NoData:
    """How a no-data ratio item scores under the zero-denominator rule (per-Pemda setting
    ``zero_denominator``, else the template default): 0, 1, or the TPI's decision."""
    assert question.numeric is not None
    rule = _zero_denominator_rule(question.numeric, zero_denominator)
    if rule == "zero":
        return NoData(question.code, rule, ZERO, True)
    if rule == "one":
        return NoData(question.code, rule, ONE, True)
    if answer.tpi_value is None:
        return NoData(question.code, rule, ZERO, False, answer.tpi_note)
    if not ZERO <= answer.tpi_value <= ONE:
        raise InvalidAnswerError(question.code, str(answer.tpi_value), [], "TPI value not in 0..1")
    return NoData(question.code, rule, answer.tpi_value, True, answer.tpi_note)


def _choice_value(
    code: str, answer: Choice, answer_type: str, alternatives: tuple[str, ...]
) -> Fraction:
    accepted = (answer_type, *alternatives)
    scale = answer.answer_type or answer_type
    if answer.from_sheet and scale in ANSWER_TYPES and scale != NUMERIC:
        accepted = (*accepted, scale)  # the scale the answerer saw (DOMAIN.md §1)
    if scale not in accepted:
        raise InvalidAnswerError(
            code,
            f"{answer.option} ({scale})",
            accepted,
            f"answer type {scale!r} not accepted; accepted types: {', '.join(accepted)}",
        )
    option = canonical_option(answer.option)
    try:
        return option_value(scale, option)
    except KeyError:
        raise InvalidAnswerError(
            code, answer.option, [name for name, _ in ANSWER_TYPES[scale]]
        ) from None


def answer_value(
    question: Question, answer: Answer, *, zero_denominator: str | None = None
) -> Fraction:
    """Value in [0, 1] of one pengungkit answer.

    A ratio item with no data (:func:`is_no_data`) is scored by the zero-denominator rule
    (``zero_denominator`` overrides the template default; see :func:`no_data_value`).

    Raises :class:`InvalidAnswerError` when the answer's kind does not match the question, the
    option is not one of its answer type, a numeric input is negative, or a numeric answer has
    neither complete inputs nor a ratio in [0, 1].
    """
    if question.answer_type == NUMERIC:
        if not isinstance(answer, NumericInputs):
            raise InvalidAnswerError(question.code, repr(answer), ["numeric inputs"])
        assert question.numeric is not None
        rule = question.numeric
        for key, value in answer.values.items():
            if key not in rule.input_keys:
                raise InvalidAnswerError(
                    question.code, key, rule.input_keys, f"unknown input {key!r}"
                )
            if value < 0:
                raise InvalidAnswerError(question.code, str(value), [], f"{key} is negative")
        if is_no_data(question, answer):
            return no_data_value(question, answer, zero_denominator=zero_denominator).value
        if all(k in answer.values for k in rule.formula_keys):
            return numeric_value(rule, answer.values)
        if answer.ratio is not None:
            if answer.ratio < ZERO:
                raise InvalidAnswerError(question.code, str(answer.ratio), [], "negative ratio")
            # A printed percentage above 100% is capped like a computed one.
            return min(answer.ratio, rule.cap)
        missing = [k for k in rule.formula_keys if k not in answer.values]
        raise InvalidAnswerError(
            question.code, "", rule.formula_keys, f"missing inputs: {', '.join(missing)}"
        )
    if not isinstance(answer, Choice):
        raise InvalidAnswerError(question.code, repr(answer), question.accepted_answer_types)
    return _choice_value(
        question.code, answer, question.answer_type, question.alternative_answer_types
    )


def _hasil_value(item: HasilItem, answer: Answer) -> Fraction:
    """Score in points (0..weight) of a hasil item."""
    if item.kind == "index":
        if not isinstance(answer, IndexValue):
            raise InvalidAnswerError(item.code, repr(answer), ["index 0-4"])
        assert item.index_max is not None
        if not ZERO <= answer.value <= item.index_max:
            raise InvalidAnswerError(
                item.code, str(answer.value), [], f"index must lie in 0..{item.index_max}"
            )
        # DOMAIN.md §1 [1, derived]: LKE value = index / 4 × 17.5 (3.60 → 15.75).
        return answer.value / item.index_max * item.weight
    if not isinstance(answer, Choice):
        raise InvalidAnswerError(item.code, repr(answer), item.accepted_answer_types)
    assert item.answer_type is not None
    return _choice_value(item.code, answer, item.answer_type, item.alternative_answer_types) * (
        item.weight
    )


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class QuestionScore:
    """A question's value (0–1) and its points: sub-area weight / questions in it × value."""

    code: str
    value: Fraction
    points: Fraction
    max_points: Fraction
    answered: bool
    no_data: NoData | None = None


@dataclass(frozen=True)
class SubAreaScore:
    """``score = weight × mean of question values``."""

    code: str
    name: str
    weight: Fraction
    score: Fraction
    questions: tuple[QuestionScore, ...]


@dataclass(frozen=True)
class AreaScore:
    """An area in one half; ``score`` is Σ sub-areas."""

    code: str
    half: str
    number: int
    name: str
    weight: Fraction
    score: Fraction
    sub_areas: tuple[SubAreaScore, ...]

    @property
    def ratio(self) -> Fraction:
        """Score as a fraction of the weight (0–1)."""
        return self.score / self.weight


@dataclass(frozen=True)
class HalfScore:
    """Pemenuhan or reform."""

    key: str
    name: str
    weight: Fraction
    score: Fraction
    areas: tuple[AreaScore, ...]


@dataclass(frozen=True)
class HasilItemScore:
    """A hasil item in points (IPAK, capaian kinerja, IPKP)."""

    code: str
    name: str
    short_name: str
    weight: Fraction
    score: Fraction
    answered: bool


@dataclass(frozen=True)
class HasilPartScore:
    """Hasil I or II; ``score`` is Σ items."""

    code: str
    name: str
    weight: Fraction
    score: Fraction
    items: tuple[HasilItemScore, ...]


@dataclass(frozen=True)
class ScoreResult:
    """Every level of the LKE score, in points; ``total = pengungkit + hasil``."""

    template_id: str
    halves: tuple[HalfScore, ...]
    pengungkit: Fraction
    hasil_parts: tuple[HasilPartScore, ...]
    hasil: Fraction
    total: Fraction
    unanswered: tuple[str, ...]
    no_data: tuple[NoData, ...] = ()

    @property
    def areas(self) -> tuple[AreaScore, ...]:
        """Every area of both halves, pemenuhan first."""
        return tuple(a for h in self.halves for a in h.areas)

    @property
    def hasil_items(self) -> tuple[HasilItemScore, ...]:
        """Every hasil item."""
        return tuple(i for p in self.hasil_parts for i in p.items)

    def area(self, code: str) -> AreaScore:
        """The area score with this code; ``KeyError`` if none."""
        for a in self.areas:
            if a.code == code:
                return a
        raise KeyError(code)

    def half(self, key: str) -> HalfScore:
        """The half score (``pemenuhan`` / ``reform``); ``KeyError`` if none."""
        for h in self.halves:
            if h.key == key:
                return h
        raise KeyError(key)

    def hasil_item(self, code: str) -> HasilItemScore:
        """The hasil item score with this code; ``KeyError`` if none."""
        for i in self.hasil_items:
            if i.code == code:
                return i
        raise KeyError(code)

    def hasil_part(self, code: str) -> HasilPartScore:
        """The hasil part score with this code; ``KeyError`` if none."""
        for p in self.hasil_parts:
            if p.code == code:
                return p
        raise KeyError(code)


def _check_codes(template: Template, answers: Mapping[str, Answer]) -> None:
    known = {q.code for q in template.questions()} | {i.code for i in template.hasil_items()}
    for code in answers:
        if code not in known:
            raise UnknownQuestionError(code, template.id)


def score(
    template: Template, answers: Mapping[str, Answer], *, zero_denominator: str | None = None
) -> ScoreResult:
    """Score a set of answers under a template (DOMAIN.md §1 "Scoring").

    ``zero_denominator`` (``"zero"``, ``"one"``, ``"tpi"``; None = each item's template default)
    scores ratio items without data; each such item is listed in ``no_data`` with the rule used.

    Sub-area = weight × mean of its question values; area = Σ sub-areas; half = Σ areas;
    pengungkit = Σ halves; hasil item: index / index_max × weight or option value × weight;
    hasil = Σ items; total = pengungkit + hasil. Missing answers count 0 and are listed in
    ``unanswered``. Raises :class:`UnknownQuestionError` or :class:`InvalidAnswerError`.
    """
    _check_codes(template, answers)
    unanswered: list[str] = []
    no_data: list[NoData] = []
    halves: list[HalfScore] = []
    for half in template.halves:
        areas: list[AreaScore] = []
        for area in half.areas:
            subs: list[SubAreaScore] = []
            for sub in area.sub_areas:
                per_question = sub.weight / len(sub.questions)
                qscores: list[QuestionScore] = []
                for q in sub.questions:
                    answer = answers.get(q.code)
                    flag: NoData | None = None
                    if answer is None:
                        unanswered.append(q.code)
                        value = ZERO
                    elif isinstance(answer, NumericInputs) and is_no_data(q, answer):
                        answer_value(q, answer)  # validates the inputs
                        flag = no_data_value(q, answer, zero_denominator=zero_denominator)
                        no_data.append(flag)
                        value = flag.value
                    else:
                        value = answer_value(q, answer)
                    qscores.append(
                        QuestionScore(
                            code=q.code,
                            value=value,
                            points=per_question * value,
                            max_points=per_question,
                            answered=answer is not None,
                            no_data=flag,
                        )
                    )
                mean = sum((s.value for s in qscores), ZERO) / len(qscores)
                subs.append(
                    SubAreaScore(
                        code=sub.code,
                        name=sub.name,
                        weight=sub.weight,
                        score=sub.weight * mean,
                        questions=tuple(qscores),
                    )
                )
            areas.append(
                AreaScore(
                    code=area.code,
                    half=half.key,
                    number=area.number,
                    name=area.name,
                    weight=area.weight,
                    score=sum((s.score for s in subs), ZERO),
                    sub_areas=tuple(subs),
                )
            )
        halves.append(
            HalfScore(
                key=half.key,
                name=half.name,
                weight=half.weight,
                score=sum((a.score for a in areas), ZERO),
                areas=tuple(areas),
            )
        )
    parts: list[HasilPartScore] = []
    for part in template.hasil_parts:
        items: list[HasilItemScore] = []
        for item in part.items:
            answer = answers.get(item.code)
            if answer is None:
                unanswered.append(item.code)
            items.append(
                HasilItemScore(
                    code=item.code,
                    name=item.name,
                    short_name=item.short_name,
                    weight=item.weight,
                    score=ZERO if answer is None else _hasil_value(item, answer),
                    answered=answer is not None,
                )
            )
        parts.append(
            HasilPartScore(
                code=part.code,
                name=part.name,
                weight=part.weight,
                score=sum((i.score for i in items), ZERO),
                items=tuple(items),
            )
        )
    pengungkit = sum((h.score for h in halves), ZERO)
    hasil = sum((p.score for p in parts), ZERO)
    return ScoreResult(
        template_id=template.id,
        halves=tuple(halves),
        pengungkit=pengungkit,
        hasil_parts=tuple(parts),
        hasil=hasil,
        total=pengungkit + hasil,
        unanswered=tuple(unanswered),
        no_data=tuple(no_data),
    )


# --------------------------------------------------------------------------- verdict


@dataclass(frozen=True)
class UnmetCondition:
    """One predicate condition that does not hold.

    ``condition`` is a stable code: ``total``, ``pengungkit``, ``area:<code>``,
    ``hasil:<part or item code>``, ``predikat:<code>``; ``label`` says it in Indonesian.
    ``required``/``actual`` are points (Fraction) or, for a prior predicate, booleans
    (``actual`` None = unknown).
    """

    predicate: str
    condition: str
    label: str
    required: Fraction | bool
    actual: Fraction | bool | None


@dataclass(frozen=True)
class Verdict:
    """Whether a predicate's conditions all hold, with every condition that does not."""

    predicate: str
    met: bool
    unmet: tuple[UnmetCondition, ...]


_HALF_LABEL = {"pemenuhan": "Pemenuhan", "reform": "Reform"}


def _conditions(
    template: Template, predicate_code: str
) -> list[tuple[str, str, Fraction, str | None]]:
    """(condition code, label, required points, area/hasil code) of every point condition."""
    p = template.predicate(predicate_code)
    out: list[tuple[str, str, Fraction, str | None]] = [
        ("total", "Nilai total", p.total_min, None),
        ("pengungkit", "Nilai pengungkit", p.pengungkit_min, None),
    ]
    pct = p.area_min_fraction * 100
    pct_text = str(pct.numerator) if pct.denominator == 1 else f"{float(pct):g}"
    for area in template.areas():
        out.append(
            (
                f"area:{area.code}",
                f"{_HALF_LABEL.get(area.half, area.half)} area {area.number} {area.name} "
                f"(≥ {pct_text}% bobot {_fmt(area.weight)})",
                area.min[predicate_code],
                area.code,
            )
        )
    for part in template.hasil_parts:
        if predicate_code in part.min:
            out.append(
                (
                    f"hasil:{part.code}",
                    f"Hasil {part.label} {part.name}",
                    part.min[predicate_code],
                    part.code,
                )
            )
        for item in part.items:
            out.append(
                (
                    f"hasil:{item.code}",
                    f"Hasil {item.short_name}",
                    item.min[predicate_code],
                    item.code,
                )
            )
    return out


def _fmt(value: Fraction) -> str:
    return f"{float(value):.2f}"


def _actual(result: ScoreResult, condition: str, ref: str | None) -> Fraction:
    if condition == "total":
        return result.total
    if condition == "pengungkit":
        return result.pengungkit
    assert ref is not None
    if condition.startswith("area:"):
        return result.area(ref).score
    for part in result.hasil_parts:
        if part.code == ref:
            return part.score
    return result.hasil_item(ref).score


def verdict(
    template: Template,
    result: ScoreResult,
    predicate_code: str,
    *,
    holds_wbk: bool | None = None,
) -> Verdict:
    """Check every condition of a predicate (DOMAIN.md §1 thresholds) and list all unmet ones.

    Comparisons are exact (``actual >= required`` on Fractions, nothing rounded first, so 2.62
    does not meet 75% × 3.5 = 2.625). A predicate that requires another (WBBM requires WBK) is
    unmet unless ``holds_wbk`` is True; None means unknown and is reported as unmet.
    Raises :class:`KeyError` for an unknown predicate code.
    """
    p = template.predicate(predicate_code)
    unmet: list[UnmetCondition] = []
    for condition, label, required, ref in _conditions(template, predicate_code):
        actual = _actual(result, condition, ref)
        if actual < required:
            unmet.append(UnmetCondition(p.code, condition, label, required, actual))
    if p.requires_predicate is not None and holds_wbk is not True:
        unmet.append(
            UnmetCondition(
                p.code,
                f"predikat:{p.requires_predicate}",
                f"Telah meraih predikat {p.requires_predicate}",
                True,
                holds_wbk,
            )
        )
    return Verdict(predicate=p.code, met=not unmet, unmet=tuple(unmet))


def verdicts(
    template: Template, result: ScoreResult, *, holds_wbk: bool | None = None
) -> dict[str, Verdict]:
    """:func:`verdict` for every predicate of the template, keyed by code (WBK, WBBM)."""
    return {
        p.code: verdict(template, result, p.code, holds_wbk=holds_wbk) for p in template.predicates
    }


# --------------------------------------------------------------------------- gap analysis


@dataclass(frozen=True)
class Improvement:
    """The next better answer to one pengungkit question and the points it gains.

    ``current``/``target`` are options (``"B"`` → ``"A"``), or for numeric items the inputs and
    ratio (``"1/9 (11.11%)"`` → ``"2/9 (22.22%)"``: one step = one more unit of the input the
    unit changes, e.g. one more sasaran reached; a numeric item known only by its printed ratio
    steps straight to its cap); ``current`` is ``"-"`` when unanswered.
    """

    code: str
    area: str
    current: str
    target: str
    gain: Fraction


@dataclass(frozen=True)
class PlanStep:
    """Part of a plan: move one question from ``current`` to ``target`` in ``steps`` steps.

    ``inputs`` holds the numeric inputs to reach (the smallest that suffice), empty otherwise.
    """

    code: str
    area: str
    current: str
    target: str
    steps: int
    gain: Fraction
    inputs: Mapping[str, Fraction] = field(default_factory=dict)


#: The two measures of a plan's size (issue 10): option steps (one step = one option better, or
#: one unit of a numeric input) or questions changed (each question counts once, however far
#: it moves).
MEASURES = {
    "steps": "fewest option steps (one step = one option better or one unit of a numeric input)",
    "questions": "fewest questions changed (each question counts once, however far it moves)",
}


@dataclass(frozen=True)
class Plan:
    """One plan and the measure it minimises (``"steps"`` or ``"questions"``, see MEASURES).

    Every target is the smallest that suffices: a numeric item asks for the fewest extra units
    of its input, not for 100%.
    """

    measure: str
    description: str
    plan: tuple[PlanStep, ...]
    steps: int
    questions: int
    unreachable: tuple[UnmetCondition, ...]
    projected: ScoreResult


@dataclass(frozen=True)
class GapAnalysis:
    """What it takes to reach a predicate from the pengungkit answers.

    ``ranked``: every question's one-step improvement, largest gain first.
    ``plan``: the fewest one-step improvements that meet every condition reachable from
    pengungkit answers (areas, pengungkit, and total given the current hasil); ``steps`` counts
    them. ``unreachable``: conditions no pengungkit answer can meet (hasil items, prior
    predicate, or an area/total short even with every answer at its best), evaluated after the
    plan. ``projected``: the scores after the plan. ``by_steps`` is that plan with its measure;
    ``by_questions`` the plan that changes the fewest questions (its targets again the smallest
    that suffice). ``plans`` holds both, steps first.
    """

    predicate: str
    met_now: bool
    ranked: tuple[Improvement, ...]
    plan: tuple[PlanStep, ...]
    steps: int
    unreachable: tuple[UnmetCondition, ...]
    projected: ScoreResult
    by_steps: Plan | None = None
    by_questions: Plan | None = None

    @property
    def plans(self) -> tuple[Plan, ...]:
        """Both plans, fewest steps first."""
        return tuple(p for p in (self.by_steps, self.by_questions) if p is not None)


@dataclass(frozen=True)
class _Rung:
    """One better answer on a question's ladder: its label, value and the answer itself."""

    label: str
    value: Fraction
    answer: Answer
    inputs: Mapping[str, Fraction]


def _pct(value: Fraction) -> str:
    return f"{float(value * 100):.2f}%"


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def _numeric_ladder(
    question: Question, answer: Answer | None, zero_denominator: str | None
) -> tuple[str, list[_Rung]]:
    """Numeric item: one rung per unit of the input the unit changes, up to the cap.

    Ratio: the numerator rises by 1 (one more sasaran reached, one more complaint finished…);
    decrease: this year's count falls by 1. Without complete inputs the only rung is the cap.
    A ratio without data (denominator 0) has no rung: it is a decision, not a target.
    """
    rule = question.numeric
    assert rule is not None
    if answer is None:
        return "-", [_Rung(_pct(rule.cap), rule.cap, NumericInputs(ratio=rule.cap), {})]
    assert isinstance(answer, NumericInputs)
    value = answer_value(question, answer, zero_denominator=zero_denominator)
    if is_no_data(question, answer):
        return NO_DATA_LABEL, []
    complete = all(k in answer.values for k in rule.formula_keys)
    if not complete:
        current = _pct(value)
        if value >= rule.cap:
            return current, []
        return current, [_Rung(_pct(rule.cap), rule.cap, NumericInputs(ratio=rule.cap), {})]
    rungs: list[_Rung] = []
    if rule.kind == "ratio":
        assert rule.numerator is not None and rule.denominator is not None
        num, den = answer.values[rule.numerator], answer.values[rule.denominator]
        current = f"{_num(num)}/{_num(den)} ({_pct(value)})"
        k = Fraction(math.floor(num) + 1)
        while value < rule.cap:
            inputs = {**answer.values, rule.numerator: k}
            value = numeric_value(rule, inputs)
            rungs.append(
                _Rung(
                    f"{_num(k)}/{_num(den)} ({_pct(value)})",
                    value,
                    NumericInputs(values=inputs),
                    {rule.numerator: k},
                )
            )
            k += 1
        return current, rungs
    assert rule.previous is not None and rule.current is not None
    prev, cur = answer.values[rule.previous], answer.values[rule.current]
    current = f"{_num(prev)} → {_num(cur)} ({_pct(value)})"
    c = Fraction(math.ceil(cur) - 1)
    while value < ONE and c >= 0:
        inputs = {**answer.values, rule.current: c}
        new_value = numeric_value(rule, inputs)
        if new_value > value:
            rungs.append(
                _Rung(
                    f"{_num(prev)} → {_num(c)} ({_pct(new_value)})",
                    new_value,
                    NumericInputs(values=inputs),
                    {rule.current: c},
                )
            )
            value = new_value
        c -= 1
    return current, rungs


def _ladder(
    question: Question, answer: Answer | None, zero_denominator: str | None = None
) -> tuple[str, list[_Rung]]:
    """Current label and the successive better answers for one question, next better first.

    Choice: every better option of its scale in order (values are equally spaced, so every
    step of one question gains the same). Numeric: see :func:`_numeric_ladder`.
    """
    if question.answer_type == NUMERIC:
        return _numeric_ladder(question, answer, zero_denominator)
    scale = question.answer_type
    if isinstance(answer, Choice) and answer.answer_type:
        scale = answer.answer_type
    options = list(ANSWER_TYPES[scale])  # best first
    if answer is None:
        idx = len(options) - 1
        current = "-"
    else:
        assert isinstance(answer, Choice)
        opt = canonical_option(answer.option)
        idx = [name for name, _ in options].index(opt)
        current = opt
    rungs = [
        _Rung(
            name,
            value,
            replace(answer, option=name) if isinstance(answer, Choice) else Choice(name),
            {},
        )
        for name, value in reversed(options[:idx])  # next better first
    ]
    return current, rungs


# A candidate move: (gain, template order, rank on the question's ladder, code, rung).
_Move = tuple[Fraction, int, int, str, _Rung]


def _select(
    pools: Mapping[str, list[_Move]],
    deficits: Mapping[str, Fraction],
    shortfall: Fraction,
) -> list[_Move]:
    """Fewest moves meeting every area deficit, then the pengungkit shortfall.

    Each area's pool is sorted by gain, largest first: taking an area's largest moves first
    gives, for every count, the highest sum reachable in that area, and the remaining shortfall
    is met by the largest remaining moves of all areas — so no smaller set meets all conditions
    (the areas are disjoint; a question's own moves are in ladder order with equal gains).
    """
    chosen: list[_Move] = []
    remaining: list[_Move] = []
    for code, pool in pools.items():
        deficit = deficits[code]
        taken = 0
        while deficit > 0 and taken < len(pool):
            chosen.append(pool[taken])
            deficit -= pool[taken][0]
            taken += 1
        remaining.extend(pool[taken:])
    remaining.sort(key=lambda m: (-m[0], m[1], m[2]))
    shortfall -= sum((m[0] for m in chosen), ZERO)
    for move in remaining:
        if shortfall <= 0:
            break
        chosen.append(move)
        shortfall -= move[0]
    return chosen


def _build_plan(
    template: Template,
    answers: Mapping[str, Answer],
    chosen: list[_Move],
    labels_now: Mapping[str, str],
    order: Mapping[str, int],
    measure: str,
    predicate: str,
    holds_wbk: bool | None,
    zero_denominator: str | None,
) -> Plan:
    collapsed: dict[str, tuple[int, Fraction, _Rung, int]] = {}
    for gain, _, rank, code, rung in chosen:
        steps, total_gain, best, best_rank = collapsed.get(code, (0, ZERO, rung, -1))
        if rank > best_rank:
            best, best_rank = rung, rank
        collapsed[code] = (steps + 1, total_gain + gain, best, best_rank)
    plan: list[PlanStep] = []
    new_answers: dict[str, Answer] = dict(answers)
    for code in sorted(collapsed, key=lambda c: order[c]):
        _, total_gain, rung, rank = collapsed[code]
        plan.append(
            PlanStep(
                code=code,
                area=template.area_of(code).code,
                current=labels_now[code],
                target=rung.label,
                steps=rank + 1,  # the rungs below the target are passed on the way
                gain=total_gain,
                inputs=dict(rung.inputs),
            )
        )
        new_answers[code] = rung.answer
    projected = score(template, new_answers, zero_denominator=zero_denominator)
    after = verdict(template, projected, predicate, holds_wbk=holds_wbk)
    return Plan(
        measure=measure,
        description=MEASURES[measure],
        plan=tuple(plan),
        steps=sum(p.steps for p in plan),
        questions=len(plan),
        unreachable=after.unmet,
        projected=projected,
    )


def gap_analysis(
    template: Template,
    answers: Mapping[str, Answer],
    predicate: str,
    *,
    holds_wbk: bool | None = None,
    zero_denominator: str | None = None,
) -> GapAnalysis:
    """Rank one-step improvements and find the smallest plans that reach a predicate.

    Gains are in points: a step on a question in a sub-area of weight w with n questions gains
    ``w / n × Δvalue``. Two plans, each exact for its measure (:data:`MEASURES`):

    - by steps: each area's minimum is met with the fewest steps by taking that area's largest
      step gains first, the remaining pengungkit shortfall
      (``max(pengungkit_min, total_min − hasil) − pengungkit``) by the largest remaining gains
      (see :func:`_select`). A numeric item's step is one unit of its input, so the plan asks
      for the smallest sufficient target (4 of 9 sasaran, not 9 of 9);
    - by questions: the same selection over whole questions (each moved to its best answer,
      gaining its full potential), which gives the fewest questions; then, within those
      questions only, the fewest steps — so each target is again the smallest that suffices.

    Hasil items and the prior predicate cannot be reached from pengungkit answers and are
    reported in ``unreachable``. Raises :class:`KeyError` for an unknown predicate and the
    errors of :func:`score`.
    """
    pred = template.predicate(predicate)
    current = score(template, answers, zero_denominator=zero_denominator)
    now = verdict(template, current, predicate, holds_wbk=holds_wbk)

    order = {q.code: i for i, q in enumerate(template.questions())}
    step_pools: dict[str, list[_Move]] = {}
    question_pools: dict[str, list[_Move]] = {}
    ranked: list[Improvement] = []
    labels_now: dict[str, str] = {}
    moves_of: dict[str, list[_Move]] = {}
    for area in template.areas():
        area_steps: list[_Move] = []
        area_questions: list[_Move] = []
        for sub in area.sub_areas:
            per_question = sub.weight / len(sub.questions)
            for q in sub.questions:
                answer = answers.get(q.code)
                cur_label, rungs = _ladder(q, answer, zero_denominator)
                labels_now[q.code] = cur_label
                start = (
                    ZERO
                    if answer is None
                    else answer_value(q, answer, zero_denominator=zero_denominator)
                )
                value = start
                own: list[_Move] = []
                for rank, rung in enumerate(rungs):
                    gain = per_question * (rung.value - value)
                    value = rung.value
                    own.append((gain, order[q.code], rank, q.code, rung))
                    if rank == 0:
                        ranked.append(Improvement(q.code, area.code, cur_label, rung.label, gain))
                moves_of[q.code] = own
                area_steps.extend(own)
                if rungs:
                    full = per_question * (rungs[-1].value - start)
                    area_questions.append((full, order[q.code], len(rungs) - 1, q.code, rungs[-1]))
        # Largest gain first; ties in template order, a question's own steps in sequence.
        area_steps.sort(key=lambda m: (-m[0], m[1], m[2]))
        area_questions.sort(key=lambda m: (-m[0], m[1], m[2]))
        step_pools[area.code] = area_steps
        question_pools[area.code] = area_questions
    ranked.sort(key=lambda i: (-i.gain, order[i.code]))

    deficits = {a.code: a.min[predicate] - current.area(a.code).score for a in template.areas()}
    target_pengungkit = max(pred.pengungkit_min, pred.total_min - current.hasil)
    shortfall = target_pengungkit - current.pengungkit

    args = (labels_now, order)
    by_steps = _build_plan(
        template,
        answers,
        _select(step_pools, deficits, shortfall),
        *args,
        "steps",
        predicate,
        holds_wbk,
        zero_denominator,
    )
    picked = {m[3] for m in _select(question_pools, deficits, shortfall)}
    restricted = {code: [m for m in pool if m[3] in picked] for code, pool in step_pools.items()}
    by_questions = _build_plan(
        template,
        answers,
        _select(restricted, deficits, shortfall),
        *args,
        "questions",
        predicate,
        holds_wbk,
        zero_denominator,
    )
    return GapAnalysis(
        predicate=pred.code,
        met_now=now.met,
        ranked=tuple(ranked),
        plan=by_steps.plan,
        steps=by_steps.steps,
        unreachable=by_steps.unreachable,
        projected=by_steps.projected,
        by_steps=by_steps,
        by_questions=by_questions,
    )
