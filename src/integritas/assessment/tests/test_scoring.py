"""Scoring engine: answer values, invariants (hypothesis), hasil conversion, exact verdicts, gaps.

Expected numbers come from shared/DOMAIN.md §1 or are worked out by hand in the comments.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integritas.assessment.lke_template import ANSWER_TYPES, NUMERIC, Question, Template
from integritas.assessment.scoring import (
    Answer,
    Choice,
    IndexValue,
    InvalidAnswerError,
    NoData,
    NumericInputs,
    ScoreResult,
    UnknownQuestionError,
    answer_value,
    gap_analysis,
    numeric_value,
    score,
    verdict,
    verdicts,
)

F = Fraction


def best_answers(template: Template) -> dict[str, Answer]:
    """Every question at its best option / 100%, hasil at its maximum."""
    answers: dict[str, Answer] = {}
    for q in template.questions():
        if q.answer_type == NUMERIC:
            answers[q.code] = NumericInputs(ratio=F(1))
        else:
            answers[q.code] = Choice(ANSWER_TYPES[q.answer_type][0][0])
    answers["HBA"] = IndexValue(F(4))
    answers["HBB"] = Choice("A")
    answers["HPA"] = IndexValue(F(4))
    return answers


def worst_answers(template: Template) -> dict[str, Answer]:
    """Every question at its worst option / 0%, hasil 0."""
    answers: dict[str, Answer] = {}
    for q in template.questions():
        if q.answer_type == NUMERIC:
            answers[q.code] = NumericInputs(ratio=F(0))
        else:
            answers[q.code] = Choice(ANSWER_TYPES[q.answer_type][-1][0])
    answers["HBA"] = IndexValue(F(0))
    answers["HBB"] = Choice("E")
    answers["HPA"] = IndexValue(F(0))
    return answers


# --------------------------------------------------------------------------- answer values


@pytest.mark.parametrize(
    ("answer_type", "option", "value"),
    [
        ("Ya/Tidak", "Ya", F(1)),
        ("Ya/Tidak", "Tidak", F(0)),
        ("A/B/C", "A", F(1)),
        ("A/B/C", "B", F(1, 2)),
        ("A/B/C", "C", F(0)),
        ("A/B/C/D", "A", F(1)),
        ("A/B/C/D", "B", F(2, 3)),
        ("A/B/C/D", "C", F(1, 3)),
        ("A/B/C/D", "D", F(0)),
        ("A/B/C/D/E", "A", F(1)),
        ("A/B/C/D/E", "B", F(3, 4)),
        ("A/B/C/D/E", "C", F(1, 2)),
        ("A/B/C/D/E", "D", F(1, 4)),
        ("A/B/C/D/E", "E", F(0)),
    ],
)
def test_answer_values(template: Template, answer_type: str, option: str, value: Fraction) -> None:
    # DOMAIN.md §1 answer values, checked through a real question of each type.
    question = next(q for q in template.questions() if q.answer_type == answer_type)
    assert answer_value(question, Choice(option)) == value


def test_options_are_forgiving_about_case_and_spaces(template: Template) -> None:
    assert answer_value(template.question("PPA1A"), Choice(" ya ")) == 1
    assert answer_value(template.question("PPA2B"), Choice("b.")) == F(1, 2)


def test_alternative_scale(template: Template) -> None:
    # PPA1B: A/B/C by default, Ya/Tidak accepted (the 2024 sheet printed it so).
    q = template.question("PPA1B")
    assert answer_value(q, Choice("Ya", "Ya/Tidak")) == 1
    with pytest.raises(InvalidAnswerError):
        answer_value(q, Choice("Ya"))  # not an A/B/C option
    with pytest.raises(InvalidAnswerError, match="not accepted"):
        answer_value(q, Choice("A", "A/B/C/D"))


def test_a_scale_the_answerer_saw_is_valid(template: Template) -> None:
    # PPE5D: A/B/C in the template; a sheet printing A/B/C/D made "D" a real option for the
    # answerer (DOMAIN.md §1): D = 0 on A/B/C/D. Without that provenance the scale is refused.
    q = template.question("PPE5D")
    assert answer_value(q, Choice("D", "A/B/C/D", from_sheet=True)) == 0
    assert answer_value(q, Choice("B", "A/B/C/D", from_sheet=True)) == F(2, 3)
    with pytest.raises(InvalidAnswerError, match="not accepted"):
        answer_value(q, Choice("D", "A/B/C/D"))
    with pytest.raises(InvalidAnswerError):
        answer_value(q, Choice("F", "A/B/C/D/E", from_sheet=True))


def test_invalid_answers_raise_typed_errors(template: Template) -> None:
    with pytest.raises(InvalidAnswerError) as err:
        answer_value(template.question("PPA2B"), Choice("F"))
    assert err.value.code == "PPA2B"
    assert err.value.allowed == ("A", "B", "C")
    with pytest.raises(InvalidAnswerError):
        answer_value(template.question("PPA1A"), Choice("A"))
    with pytest.raises(InvalidAnswerError):
        answer_value(template.question("PRE2A"), Choice("A"))
    with pytest.raises(InvalidAnswerError, match="negative"):
        answer_value(template.question("PRE2A"), NumericInputs({"to_follow_up": F(-1)}))
    with pytest.raises(InvalidAnswerError, match="missing inputs"):
        answer_value(template.question("PRE2A"), NumericInputs({"to_follow_up": F(3)}))
    with pytest.raises(UnknownQuestionError):
        score(template, {"PPZ9Z": Choice("A")})
    with pytest.raises(InvalidAnswerError, match=r"0\.\.4"):
        score(template, {"HBA": IndexValue(F(5))})


def test_numeric_formulas(template: Template) -> None:
    agents = template.question("PRA1A").numeric
    complaints = template.question("PRE2A").numeric
    discipline = template.question("PRC3A").numeric
    assert agents is not None and complaints is not None and discipline is not None
    # agen perubahan = min(changes / agents, 1): 15 changes by 4 agents → 1; 2 by 4 → ½.
    assert numeric_value(agents, {"agents": F(4), "changes": F(15)}) == 1
    assert numeric_value(agents, {"agents": F(4), "changes": F(2)}) == F(1, 2)
    assert numeric_value(agents, {"agents": F(0), "changes": F(0)}) == 0
    # penanganan pengaduan: 157 finished of 170 → 157/170 (92.35%).
    assert numeric_value(complaints, {"to_follow_up": F(170), "finished": F(157)}) == F(157, 170)
    # penurunan pelanggaran: (last − this) / last clamped to [0, 1]; none either year → 1.
    assert numeric_value(discipline, {"previous": F(1), "current": F(0)}) == 1
    assert numeric_value(discipline, {"previous": F(4), "current": F(3)}) == F(1, 4)
    assert numeric_value(discipline, {"previous": F(2), "current": F(5)}) == 0
    assert numeric_value(discipline, {"previous": F(0), "current": F(0)}) == 1
    assert numeric_value(discipline, {"previous": F(0), "current": F(2)}) == 0


# --------------------------------------------------------------------------- hasil conversion


def test_hasil_index_conversion(template: Template) -> None:
    # DOMAIN.md §1: index / 4 × 17.5 — 3.60 → 15.75; 3.20 → 14.00.
    result = score(template, {"HBA": IndexValue(F("3.60")), "HPA": IndexValue(F("3.20"))})
    assert result.hasil_item("HBA").score == F("15.75")
    assert result.hasil_item("HPA").score == F("14.00")


def test_capaian_kinerja_both_option_lists(template: Template) -> None:
    # Option value × 5: A–E (B = ¾ → 3.75) and the 2024 sheet's A–D (B = ⅔ → 10/3).
    assert score(template, {"HBB": Choice("B")}).hasil_item("HBB").score == F("3.75")
    assert score(template, {"HBB": Choice("B", "A/B/C/D")}).hasil_item("HBB").score == F(10, 3)


def test_extremes(template: Template) -> None:
    best = score(template, best_answers(template))
    assert (best.pengungkit, best.hasil, best.total) == (F(60), F(40), F(100))
    worst = score(template, worst_answers(template))
    assert (worst.pengungkit, worst.hasil, worst.total) == (F(0), F(0), F(0))
    empty = score(template, {})
    assert empty.total == 0
    assert len(empty.unanswered) == 110


# --------------------------------------------------------------------------- properties

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _answer_for(question: Question) -> st.SearchStrategy[Answer]:
    if question.answer_type == NUMERIC:
        rule = question.numeric
        assert rule is not None
        counts = st.integers(min_value=0, max_value=40).map(Fraction)
        return st.fixed_dictionaries({k: counts for k in rule.input_keys}).map(
            lambda values: NumericInputs(values=values)
        )
    options = [name for name, _ in ANSWER_TYPES[question.answer_type]]
    return st.sampled_from(options).map(Choice)


def answers_strategy(template: Template) -> st.SearchStrategy[dict[str, Answer]]:
    """Random answers to every question (some left unanswered) and random hasil."""
    parts: dict[str, st.SearchStrategy[Answer | None]] = {
        q.code: st.one_of(st.none(), _answer_for(q)) for q in template.questions()
    }
    index = st.integers(min_value=0, max_value=400).map(lambda n: IndexValue(F(n, 100)))
    parts["HBA"] = st.one_of(st.none(), index)
    parts["HPA"] = st.one_of(st.none(), index)
    parts["HBB"] = st.one_of(st.none(), st.sampled_from("ABCDE").map(Choice))
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def _all_scores(result: ScoreResult) -> dict[str, Fraction]:
    out = {"total": result.total, "pengungkit": result.pengungkit, "hasil": result.hasil}
    for h in result.halves:
        out[h.key] = h.score
        for a in h.areas:
            out[a.code] = a.score
            for s in a.sub_areas:
                out[s.code] = s.score
                for q in s.questions:
                    out[q.code] = q.points
    for p in result.hasil_parts:
        out[p.code] = p.score
        for i in p.items:
            out[i.code] = i.score
    return out


def _weights(template: Template) -> dict[str, Fraction]:
    out = {
        "total": template.total_weight,
        "pengungkit": template.pengungkit_weight,
        "hasil": template.hasil_weight,
    }
    for h in template.halves:
        out[h.key] = h.weight
        for a in h.areas:
            out[a.code] = a.weight
            for s in a.sub_areas:
                out[s.code] = s.weight
                for q in s.questions:
                    out[q.code] = s.weight / len(s.questions)
    for p in template.hasil_parts:
        out[p.code] = p.weight
        for i in p.items:
            out[i.code] = i.weight
    return out


@SETTINGS
@given(data=st.data())
def test_every_score_within_its_weight(template: Template, data: st.DataObject) -> None:
    answers = data.draw(answers_strategy(template))
    scores = _all_scores(score(template, answers))
    weights = _weights(template)
    for code, value in scores.items():
        assert 0 <= value <= weights[code], code


@SETTINGS
@given(data=st.data())
def test_totals_equal_sum_of_parts(template: Template, data: st.DataObject) -> None:
    result = score(template, data.draw(answers_strategy(template)))
    assert result.total == result.pengungkit + result.hasil
    assert result.pengungkit == sum((h.score for h in result.halves), F(0))
    assert result.hasil == sum((p.score for p in result.hasil_parts), F(0))
    for h in result.halves:
        assert h.score == sum((a.score for a in h.areas), F(0))
        for a in h.areas:
            assert a.score == sum((s.score for s in a.sub_areas), F(0))
            for s in a.sub_areas:
                assert s.score == sum((q.points for q in s.questions), F(0))
    for p in result.hasil_parts:
        assert p.score == sum((i.score for i in p.items), F(0))


def _better(question: Question, answer: Answer | None) -> Answer | None:
    """The next better answer, or None when already at the best."""
    if question.answer_type == NUMERIC:
        return NumericInputs(ratio=F(1))
    options = [name for name, _ in ANSWER_TYPES[question.answer_type]]
    if answer is None:
        return Choice(options[-2])
    assert isinstance(answer, Choice)
    idx = options.index(answer.option)
    return None if idx == 0 else Choice(options[idx - 1])


@SETTINGS
@given(data=st.data())
def test_a_better_answer_never_lowers_any_score(template: Template, data: st.DataObject) -> None:
    answers = data.draw(answers_strategy(template))
    question = data.draw(st.sampled_from(list(template.questions())))
    improved = _better(question, answers.get(question.code))
    if improved is None:
        return
    before = _all_scores(score(template, answers))
    after = _all_scores(score(template, {**answers, question.code: improved}))
    for code, value in before.items():
        assert after[code] >= value, code


@SETTINGS
@given(a=st.integers(0, 400), b=st.integers(0, 400))
def test_a_higher_index_never_lowers_hasil(template: Template, a: int, b: int) -> None:
    low, high = sorted((a, b))
    r_low = score(template, {"HBA": IndexValue(F(low, 100))})
    r_high = score(template, {"HBA": IndexValue(F(high, 100))})
    assert r_high.hasil >= r_low.hasil
    assert r_high.total >= r_low.total


# --------------------------------------------------------------------------- verdict


def _with_area_score(result: ScoreResult, code: str, value: Fraction) -> ScoreResult:
    """The result with one area's score replaced (to probe a threshold exactly)."""
    halves = tuple(
        dataclasses.replace(
            h,
            areas=tuple(
                dataclasses.replace(a, score=value) if a.code == code else a for a in h.areas
            ),
        )
        for h in result.halves
    )
    return dataclasses.replace(result, halves=halves)


def test_seventy_five_percent_of_three_and_a_half_is_compared_exactly(template: Template) -> None:
    # DOMAIN.md §1: 75% of 3.5 is 2.625; one app rounds it to 2.60 — 2.62 must NOT pass.
    result = score(template, best_answers(template))
    unmet = verdict(template, _with_area_score(result, "PPB", F("2.62")), "WBBM", holds_wbk=True)
    assert [(u.condition, u.required, u.actual) for u in unmet.unmet] == [
        ("area:PPB", F("2.625"), F("2.62"))
    ]
    exact = verdict(template, _with_area_score(result, "PPB", F("2.625")), "WBBM", holds_wbk=True)
    assert exact.met
    # Reachable with real answers too: PPB1 A+B (1, ¾ → 1 × 7/8), PPB2 A,A,A,B (2 × 7/8),
    # PPB3 C,C (0) → 0.875 + 1.75 + 0 = 2.625 exactly.
    answers = {
        **best_answers(template),
        "PPB1B": Choice("B"),
        "PPB2D": Choice("B"),
        "PPB3A": Choice("C"),
        "PPB3B": Choice("C"),
    }
    real = score(template, answers)
    assert real.area("PPB").score == F("2.625")
    assert verdict(template, real, "WBBM", holds_wbk=True).met


def test_verdict_lists_every_unmet_condition(template: Template) -> None:
    result = score(template, worst_answers(template))
    areas = [
        "PPA", "PPB", "PPC", "PPD", "PPE", "PPF", "PRA", "PRB", "PRC", "PRD", "PRE", "PRF",
    ]  # fmt: skip
    expected = [
        "total",
        "pengungkit",
        *(f"area:{a}" for a in areas),
        "hasil:HB",
        "hasil:HBA",
        "hasil:HBB",
        "hasil:HPA",
    ]
    both = verdicts(template, result, holds_wbk=None)
    assert [u.condition for u in both["WBK"].unmet] == expected
    assert [u.condition for u in both["WBBM"].unmet] == [*expected, "predikat:WBK"]
    wbk = {u.condition: (u.required, u.actual) for u in both["WBK"].unmet}
    assert wbk["total"] == (75, 0)
    assert wbk["pengungkit"] == (40, 0)
    assert wbk["area:PPE"] == (F("4.5"), 0)
    assert wbk["hasil:HB"] == (F("18.25"), 0)
    assert wbk["hasil:HPA"] == (F("14"), 0)
    wbbm = {u.condition: (u.required, u.actual) for u in both["WBBM"].unmet}
    assert wbbm["total"] == (85, 0)
    assert wbbm["pengungkit"] == (48, 0)
    assert wbbm["area:PRB"] == (F("2.625"), 0)
    assert wbbm["hasil:HB"] == (F("19.5"), 0)
    assert wbbm["hasil:HBB"] == (F("3.75"), 0)
    assert wbbm["predikat:WBK"] == (True, None)
    assert not both["WBK"].met
    assert not both["WBBM"].met


def test_wbbm_requires_holding_wbk(template: Template) -> None:
    result = score(template, best_answers(template))
    assert verdict(template, result, "WBK").met
    assert verdict(template, result, "WBBM", holds_wbk=True).met
    refused = verdict(template, result, "WBBM", holds_wbk=False)
    assert [(u.condition, u.actual) for u in refused.unmet] == [("predikat:WBK", False)]


# --------------------------------------------------------------------------- zero denominators

NOTHING_TO_FOLLOW_UP = NumericInputs({"to_follow_up": F(0), "in_process": F(0), "finished": F(0)})


@pytest.mark.parametrize(
    ("rule", "value", "decided"),
    [("zero", F(0), True), ("one", F(1), True), ("tpi", F(0), False)],
)
def test_zero_denominator_rule(
    template: Template, rule: str, value: Fraction, decided: bool
) -> None:
    # PRE2 has weight 3 and one question (DOMAIN.md §1 penanganan pengaduan = finished / to
    # be followed up): with nothing to follow up the item is "tidak ada data", and the rule
    # decides its value — never a silent 0.
    answers: dict[str, Answer] = {"PRE2A": NOTHING_TO_FOLLOW_UP}
    result = score(template, answers, zero_denominator=rule)
    assert result.no_data == (NoData("PRE2A", rule, value, decided),)
    assert result.area("PRE").score == 3 * value
    assert answer_value(
        template.question("PRE2A"), NOTHING_TO_FOLLOW_UP, zero_denominator=rule
    ) == (value)


def test_template_default_and_tpi_decision(template: Template) -> None:
    assert template.question("PRE2A").numeric.zero_denominator == "zero"  # type: ignore[union-attr]
    assert score(template, {"PRE2A": NOTHING_TO_FOLLOW_UP}).no_data[0].rule == "zero"
    decided = NumericInputs(
        NOTHING_TO_FOLLOW_UP.values, tpi_value=F(1), tpi_note="unit baru, belum ada pengaduan"
    )
    result = score(template, {"PRE2A": decided}, zero_denominator="tpi")
    assert result.no_data == (NoData("PRE2A", "tpi", F(1), True, "unit baru, belum ada pengaduan"),)
    assert result.area("PRE").score == 3
    with pytest.raises(ValueError, match="rule"):
        score(template, {"PRE2A": NOTHING_TO_FOLLOW_UP}, zero_denominator="half")


def test_a_non_zero_denominator_is_not_no_data(template: Template) -> None:
    inputs = NumericInputs({"to_follow_up": F(170), "in_process": F(13), "finished": F(157)})
    assert score(template, {"PRE2A": inputs}).no_data == ()


# --------------------------------------------------------------------------- gap analysis


def test_gap_plan_is_the_fewest_steps(template: Template) -> None:
    # Everything best except Penataan Tatalaksana (pemenuhan) at its worst: PPB = 0 < 2.1.
    # PPB steps: PPB2 has 4 A/B/C questions × 2 steps of 2/4 × ½ = 0.25 points (8 steps, 2.0);
    # PPB1 2 questions × 4 steps of ½ × ¼ = 0.125; PPB3 2 × 2 steps of ¼ × ½ = 0.125.
    # 2.1 needs the eight 0.25-steps (2.0) plus one 0.125-step: 9 steps, and 8 cannot reach
    # 2.1 (at most 8 × 0.25 = 2.0). Pengungkit stays 56.5 + … ≥ 40 and total ≥ 75.
    answers = best_answers(template)
    for code in ("PPB1A", "PPB1B"):
        answers[code] = Choice("E")
    for code in ("PPB2A", "PPB2B", "PPB2C", "PPB2D", "PPB3A", "PPB3B"):
        answers[code] = Choice("C")
    gap = gap_analysis(template, answers, "WBK")
    assert not gap.met_now
    assert gap.steps == 9
    assert gap.unreachable == ()
    assert gap.projected.area("PPB").score == F("2.125")
    assert verdict(template, gap.projected, "WBK").met
    assert {p.code for p in gap.plan} >= {"PPB2A", "PPB2B", "PPB2C", "PPB2D"}
    # Ranked by gain, largest first; every one-step gain is positive.
    gains = [i.gain for i in gap.ranked]
    assert gains == sorted(gains, reverse=True)
    assert all(g > 0 for g in gains)
    assert gap.ranked[0].gain == F("0.25")


def test_gap_reports_what_pengungkit_cannot_reach(template: Template) -> None:
    # IPAK 3.2 → 14.00 < 15.75, so hasil I = 14 + 5 = 19 < 19.50 too; WBK status unknown.
    answers = {**best_answers(template), "HBA": IndexValue(F("3.2"))}
    gap = gap_analysis(template, answers, "WBBM", holds_wbk=None)
    assert gap.plan == ()
    assert [u.condition for u in gap.unreachable] == ["hasil:HB", "hasil:HBA", "predikat:WBK"]


def test_gap_total_shortfall_uses_pengungkit(template: Template) -> None:
    # Hasil: IPAK 2 → 8.75, capaian E → 0, IPKP 2 → 8.75; hasil = 17.5, so total ≥ 75 needs
    # pengungkit ≥ 57.5 (more than the pengungkit minimum 40). The plan lifts the pengungkit;
    # the hasil conditions stay unreachable.
    answers = worst_answers(template)
    answers["HBA"] = IndexValue(F(2))
    answers["HPA"] = IndexValue(F(2))
    gap = gap_analysis(template, answers, "WBK")
    assert gap.projected.pengungkit >= F("57.5")
    assert gap.projected.total >= 75
    assert [u.condition for u in gap.unreachable] == [
        "hasil:HB",
        "hasil:HBA",
        "hasil:HBB",
        "hasil:HPA",
    ]


@SETTINGS
@given(data=st.data())
def test_gap_plan_matches_an_exhaustive_minimum(template: Template, data: st.DataObject) -> None:
    # Only Manajemen Perubahan (pemenuhan) is degraded at random; everything else is best, so
    # the only binding condition is PPA ≥ 60% × 4 = 2.4. An independent dynamic programme over
    # "how many steps on each question" gives the true minimum number of steps.
    answers = best_answers(template)
    area = template.area("PPA")
    for sub in area.sub_areas:
        for q in sub.questions:
            options = [name for name, _ in ANSWER_TYPES[q.answer_type]]
            answers[q.code] = Choice(data.draw(st.sampled_from(options)))
    current = score(template, answers).area("PPA").score
    deficit = area.min["WBK"] - current
    # best[g] = fewest steps reaching gain g (gains as exact Fractions), built question by question.
    reach: dict[Fraction, int] = {F(0): 0}
    for sub in area.sub_areas:
        for q in sub.questions:
            options = [name for name, _ in ANSWER_TYPES[q.answer_type]]
            answer = answers[q.code]
            assert isinstance(answer, Choice)
            available = options.index(answer.option)
            step_gain = sub.weight / len(sub.questions) / (len(options) - 1)
            nxt: dict[Fraction, int] = {}
            for gained, steps in reach.items():
                for k in range(available + 1):
                    g = gained + k * step_gain
                    if steps + k < nxt.get(g, 10**9):
                        nxt[g] = steps + k
            reach = nxt
    feasible = [steps for gained, steps in reach.items() if gained >= deficit]
    gap = gap_analysis(template, answers, "WBK")
    if deficit <= 0:
        assert gap.steps == 0
    else:
        assert gap.steps == min(feasible)
        assert gap.projected.area("PPA").score >= area.min["WBK"]


def test_numeric_plan_asks_for_the_fewest_units(template: Template) -> None:
    # Reform area 4 (PRD, weight 5): PRD1A 1 of 9 sasaran (PRD1 weight 2, one question), PRD2A
    # and PRD3A at their best (1.5 each): 2/9 + 3 = 29/9. WBK needs 60% × 5 = 3 [C], already
    # met; WBBM needs 3.75: 2k/9 + 3 ≥ 3.75 ⇔ k ≥ 27/8, so 4 sasaran — 3 more, one step each.
    answers = best_answers(template)
    answers["PRD1A"] = NumericInputs({"targets": F(9), "achieved": F(1)})
    gap = gap_analysis(template, answers, "WBBM", holds_wbk=True)
    assert [(p.code, dict(p.inputs), p.steps) for p in gap.plan] == [
        ("PRD1A", {"achieved": F(4)}, 3)
    ]
    assert gap.by_questions is not None
    assert [(p.code, dict(p.inputs)) for p in gap.by_questions.plan] == [
        ("PRD1A", {"achieved": F(4)})
    ]
    assert gap.projected.area("PRD").score == F(2 * 4, 9) + 3


def test_decrease_plan_asks_for_the_fewest_fewer_violations(template: Template) -> None:
    # PRC3A (penurunan pelanggaran disiplin, DOMAIN.md §1): (last − this) / last. Reform area 3
    # (PRC, weight 5) = PRC1 1.5 + PRC2 1.5 + PRC3 2 (one question each, question bank). With
    # PRC1, PRC2 at their best and 4 → 4 violations, PRC = 3; WBBM needs 75% × 5 = 3.75 [C].
    # Each violation fewer gains 2 × 1/4 = 0.5: two fewer (4 → 2, 50%) suffice, not 4 → 0.
    answers = best_answers(template)
    answers["PRC3A"] = NumericInputs({"previous": F(4), "current": F(4), "sanctioned": F(4)})
    gap = gap_analysis(template, answers, "WBBM", holds_wbk=True)
    assert [(p.code, dict(p.inputs), p.steps, p.target) for p in gap.plan] == [
        ("PRC3A", {"current": F(2)}, 2, "4 → 2 (50.00%)")
    ]
    assert gap.projected.area("PRC").score == 4


def test_no_data_items_are_not_plan_targets(template: Template) -> None:
    answers = best_answers(template)
    answers["PRE2A"] = NOTHING_TO_FOLLOW_UP
    gap = gap_analysis(template, answers, "WBK")
    assert all(i.code != "PRE2A" for i in gap.ranked)


@SETTINGS
@given(data=st.data())
def test_plan_by_questions_is_the_fewest_questions(template: Template, data: st.DataObject) -> None:
    # Only Manajemen Perubahan (pemenuhan, PPA) is degraded; everything else is best, so the
    # binding condition is PPA ≥ 60% × 4 = 2.4 [C]. Brute force over subsets of PPA questions,
    # each moved to its best option, gives the true fewest number of questions.
    import itertools

    answers = best_answers(template)
    area = template.area("PPA")
    gains: list[Fraction] = []
    for sub in area.sub_areas:
        for q in sub.questions:
            options = [name for name, _ in ANSWER_TYPES[q.answer_type]]
            option = data.draw(st.sampled_from(options))
            answers[q.code] = Choice(option)
            value = dict(ANSWER_TYPES[q.answer_type])[option]
            gains.append(sub.weight / len(sub.questions) * (1 - value))
    deficit = area.min["WBK"] - score(template, answers).area("PPA").score
    gap = gap_analysis(template, answers, "WBK")
    assert gap.by_questions is not None
    if deficit <= 0:
        assert gap.by_questions.questions == 0
        return
    fewest = next(
        k
        for k in range(1, len(gains) + 1)
        if any(sum(c, F(0)) >= deficit for c in itertools.combinations(gains, k))
    )
    assert gap.by_questions.questions == fewest
    assert gap.by_questions.projected.area("PPA").score >= area.min["WBK"]
    # Measured in steps it can never beat the fewest-steps plan.
    assert gap.by_questions.steps >= gap.steps
