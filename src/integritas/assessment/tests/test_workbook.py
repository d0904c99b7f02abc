"""Reading and writing the LKE sheet layout, on the real 2024 sheet and copies of it.

Expected values are the sheet's own printed inputs worked out by hand in the comments.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from integritas.assessment.lke_template import ANSWER_TYPES, Template
from integritas.assessment.scoring import (
    Answer,
    Choice,
    IndexValue,
    NoData,
    NumericInputs,
    answer_value,
    gap_analysis,
    score,
    verdicts,
)
from integritas.assessment.tests.conftest import REAL_SHEET
from integritas.assessment.workbook import (
    WorkbookError,
    criteria_options,
    parse_count,
    parse_percent,
    read_sheet,
    read_workbook,
    write_workbook,
)

F = Fraction


def _copy_with(real_sheet: Path, tmp_path: Path, edits: dict[str, object]) -> Path:
    """A copy of the real sheet with some cells changed."""
    wb = openpyxl.load_workbook(real_sheet)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    for ref, value in edits.items():
        ws[ref].value = value
    out = tmp_path / "copy.xlsx"
    wb.save(out)
    return out


# --------------------------------------------------------------------------- value parsing


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11.11%", F("0.1111")),
        ("100%", F(1)),
        ("100.00%", F(1)),
        ("92,35%", F("0.9235")),
        (1.0, F(1)),
        (1, F(1)),
        (0.1111, F("0.1111")),
        ("92.35", F("0.9235")),
        (None, None),
        ("", None),
        ("banyak", None),
    ],
)
def test_parse_percent(raw: object, expected: Fraction | None) -> None:
    assert parse_percent(raw) == expected


def test_parse_count() -> None:
    assert parse_count(170) == 170
    assert parse_count("157") == 157
    assert parse_count(" 1.234,5 ") == F("1234.5")
    assert parse_count("tujuh") is None


# --------------------------------------------------------------------------- the real sheet


def test_real_sheet_reads_every_question(template: Template, real_sheet: Path) -> None:
    read = read_workbook(real_sheet)
    assert read.template.id == "permenpanrb-90-2021"
    assert set(read.answers) == {q.code for q in template.questions()} | {"HBA", "HBB", "HPA"}
    assert read.cells["PPC6A"] == "LKE!K57"
    assert read.answers["PPC6A"] == Choice("A")


def test_complaint_ratio_from_the_sheet(template: Template, real_sheet: Path) -> None:
    # Rows 166–168: to be followed up 170, in process 13, finished 157 → 157/170 = 92.35%.
    answer = read_workbook(real_sheet).answers["PRE2A"]
    assert isinstance(answer, NumericInputs)
    assert answer.values["to_follow_up"] == 170
    assert answer.values["finished"] == 157
    value = answer_value(template.question("PRE2A"), answer)
    assert value == F(157, 170)
    assert round(float(value) * 100, 2) == 92.35


def test_other_numeric_items_from_the_sheet(template: Template, real_sheet: Path) -> None:
    answers = read_workbook(real_sheet).answers
    expected = {
        "PRA1A": F(1),  # 15 changes / 4 agents, capped at 1
        "PRA1B": F(1),  # 15 integrated / 15 changes
        "PRC3A": F(1),  # (1 last year − 0 this year) / 1 — the sheet prints 100.00%
        "PRD1A": F(1, 9),  # 1 of 9 sasaran reached 100% — the sheet prints 11.11%
        "PRE3A": F(1),  # 10 reported / 10 obliged
        "PRE3B": F(1),  # 73 / 73
        "PRF1B": F(1),  # 1 simplified / 1 registered
    }
    for code, value in expected.items():
        assert answer_value(template.question(code), answers[code]) == value, code


def test_real_sheet_defects_are_tolerated_with_warnings(real_sheet: Path) -> None:
    read = read_workbook(real_sheet)
    cells = {w.cell for w in read.warnings}
    # Rows 46–48 slid one column left: answers read from J.
    assert {"LKE!H46", "LKE!H47", "LKE!H48"} <= cells
    assert read.answers["PPC3D"] == Choice("A")
    assert read.answers["PPC3F"] == Choice("B")
    assert read.cells["PPC3D"] == "LKE!J46"
    # Row 185: the mislabelled PRF1 sub-area, printed weight 2 instead of 2.5.
    assert {"LKE!H185", "LKE!E185"} <= cells
    # Row 37: PPC1C text copied from PPC2C.
    assert "LKE!F37" in cells
    # Printed answer types that differ from the options listed in the criteria beside them
    # (template "defects_fixed" PPA1B, PPC4C, PPE5D–E, PPF5A, HBB).
    assert {"LKE!J7", "LKE!J52", "LKE!J93", "LKE!J94", "LKE!J116", "LKE!J197"} <= cells
    # Row 45 (PPC3C): the criteria list a., c., d. — option b is missing, d still means four.
    assert "LKE!I45" in cells
    assert read.printed_answer_types["PPC3C"] == "A/B/C/D"
    # PPA1B: "Ya" is not among the criteria's a–c, so the printed Ya/Tidak decides.
    assert read.answers["PPA1B"] == Choice("Ya", "Ya/Tidak")
    # HBB: the criteria list a–e (DOMAIN.md §1: the criteria decide), so "A" is on A–E.
    assert read.answers["HBB"] == Choice("A")
    assert read.printed_answer_types["HBB"] == "A/B/C/D/E"
    # The 13 warnings the sheet has always raised, and one more for PPC3C's missing option.
    assert len(read.warnings) == 14
    assert cells == {
        "LKE!J7",
        "LKE!F37",
        "LKE!I45",
        "LKE!H46",
        "LKE!H47",
        "LKE!H48",
        "LKE!J52",
        "LKE!J93",
        "LKE!J94",
        "LKE!J116",
        "LKE!K171",
        "LKE!H185",
        "LKE!E185",
        "LKE!J197",
    }
    # LHKPN breakdown 1 + 10 + 0 = 11 differs from the printed total 10.
    assert any("PRE3A" in w.message and "11" in w.message for w in read.warnings)
    assert all(w.message and w.english for w in read.warnings)


def test_real_sheet_scores(template: Template, real_sheet: Path) -> None:
    result = score(template, read_workbook(real_sheet).answers)
    # Worked by hand from column K (values per DOMAIN.md §1):
    # Pemenuhan
    #  1 PPA1 0.5·(1+1)/2 + PPA2 1·(1+½+½)/3 + PPA3 1·(⅔·3)/3 + PPA4 1.5·(1+1+½+⅔)/4
    #    = 0.5 + 2/3 + 2/3 + 19/16 = 145/48
    #  2 PPB1 1·(1+¾)/2 + PPB2 2·(1+1+1+½)/4 + PPB3 0.5·0 = 21/8 = 2.625
    #  3 PPC1 0.25·(1+⅔+1)/3 + PPC2 0.5 + PPC3 1.25·(1+⅔+⅔+1+1+½)/6 + PPC4 2 + PPC5 0.75·⅔
    #    + PPC6 0.25 = 2/9 + 1/2 + 145/144 + 2 + 1/2 + 1/4 = 215/48
    #  4 PPD all best = 5
    #  5 PPE1 1.5·(1+⅔)/2 + PPE2 1.5·(¾+1+1+1)/4 + PPE3 1.5·(1+1+½+½)/4 + PPE4 1.5·(½+0+0)/3
    #    + PPE5 1.5·(1+⅔+⅔+½+½)/5 = 1.25 + 1.40625 + 1.125 + 0.25 + 1 = 161/32
    #  6 PPF1 (1+1+⅔+1)/4 + PPF2 (¾+1+⅔+⅔+¾)/5 + PPF3 (¾+½+½)/3 + PPF4 1 + PPF5 1
    #    = 11/12 + 23/30 + 7/12 + 2 = 64/15
    #  pemenuhan = 145/48 + 21/8 + 215/48 + 5 + 161/32 + 64/15 = 11723/480 (24.42)
    # Reform: every area at full weight except
    #  4 PRD1 2·(1/9) + 1.5 + 1.5 = 29/9;  5 PRE1 2.5 + PRE2 3·157/170 + PRE3 2 = 4.5 + 471/170
    #  reform = 4 + 3.5 + 5 + 29/9 + 4.5 + 471/170 + 5 = 42829/1530 (27.99)
    # Hasil: IPAK 4 → 17.5, capaian A → 5, IPKP 4 → 17.5 = 40.
    expected = {
        "PPA": F(145, 48),
        "PPB": F(21, 8),
        "PPC": F(215, 48),
        "PPD": F(5),
        "PPE": F(161, 32),
        "PPF": F(64, 15),
        "PRA": F(4),
        "PRB": F("3.5"),
        "PRC": F(5),
        "PRD": F(29, 9),
        "PRE": F("4.5") + F(471, 170),
        "PRF": F(5),
    }
    assert {a.code: a.score for a in result.areas} == expected
    assert result.half("pemenuhan").score == F(11723, 480)
    assert result.half("reform").score == F(42829, 1530)
    assert result.hasil == 40
    assert result.total == F(11723, 480) + F(42829, 1530) + 40
    assert result.unanswered == ()
    # WBK: everything holds (lowest areas: PPE 67.08%, PRD 64.44% ≥ 60%).
    # WBBM: PPE 5.03 < 5.625 and PRD 3.22 < 3.75; PPB = 2.625 meets 75% × 3.5 exactly;
    # holding WBK is not recorded in the sheet.
    both = verdicts(template, result, holds_wbk=None)
    assert both["WBK"].met
    assert [u.condition for u in both["WBBM"].unmet] == ["area:PPE", "area:PRD", "predikat:WBK"]


# --------------------------------------------------------------------------- answer scales

# Hand-computed in test_real_sheet_scores: total = 11723/480 + 42829/1530 + 40 (92.42).
REAL_TOTAL = F(11723, 480) + F(42829, 1530) + 40


def test_criteria_options() -> None:
    assert criteria_options("a. Jika …\nb. Jika …\nc. Jika tidak") == ("A/B/C", ("a", "b", "c"))
    # PPC3C (row 45): "a., c., d." — the highest letter d still means four options.
    assert criteria_options("a. x\nc. y\nd. z") == ("A/B/C/D", ("a", "c", "d"))
    assert criteria_options("a. x\nb.Target y\nc.z\nd. w\ne. v")[0] == "A/B/C/D/E"
    assert criteria_options("Persentase diperoleh dari …") == (None, ())
    assert criteria_options(None) == (None, ())


def test_capaian_c_scores_on_the_options_printed_in_its_criteria(
    template: Template, real_sheet: Path, tmp_path: Path
) -> None:
    # Row 197 (HBB) prints "A/B/C/D" but its criteria list a–e, so "C" is the middle of five:
    # ½ (DOMAIN.md §1: A/B/C/D/E = 1, ¾, ½, ¼, 0) × 5 = 2.50, which meets WBK's ≥ 2.50 [C].
    read = read_workbook(_copy_with(real_sheet, tmp_path, {"K197": "C"}))
    assert read.answers["HBB"] == Choice("C")
    result = score(template, read.answers)
    assert result.hasil_item("HBB").score == F(5, 2)
    assert result.total == REAL_TOTAL - F(5, 2)
    assert verdicts(template, result)["WBK"].met
    assert any(w.cell == "LKE!J197" for w in read.warnings)


def test_capaian_e_is_read_since_option_e_is_printed(
    template: Template, real_sheet: Path, tmp_path: Path
) -> None:
    read = read_workbook(_copy_with(real_sheet, tmp_path, {"K197": "E"}))
    assert score(template, read.answers).hasil_item("HBB").score == 0  # E = 0 on A–E


def test_ppa1b_b_is_read_and_scored(template: Template, real_sheet: Path, tmp_path: Path) -> None:
    # Row 7 (PPA1B) prints "Ya/Tidak" while its criteria list a–c: "B" is option b of three = ½.
    # PPA1 (weight 0.5, two questions) drops from 0.5·(1+1)/2 to 0.5·(1+½)/2: 0.125 less.
    read = read_workbook(_copy_with(real_sheet, tmp_path, {"K7": "B"}))
    assert read.answers["PPA1B"] == Choice("B")
    result = score(template, read.answers)
    assert result.area("PPA").score == F(145, 48) - F(1, 8)
    assert result.total == REAL_TOTAL - F(1, 8)


def test_answer_valid_only_under_the_printed_type_is_read(
    template: Template, real_sheet: Path, tmp_path: Path
) -> None:
    # Row 93 (PPE5D): criteria a–c, printed A/B/C/D, template A/B/C. "D" is not among the
    # criteria's options but is one of the printed type's: D = 0 on A/B/C/D (DOMAIN.md §1).
    # PPE5 (weight 1.5, five questions) loses 1.5/5 × ½ = 0.15 against the sheet's "B" (½).
    read = read_workbook(_copy_with(real_sheet, tmp_path, {"K93": "D"}))
    assert read.answers["PPE5D"] == Choice("D", "A/B/C/D", from_sheet=True)
    result = score(template, read.answers)
    assert result.area("PPE").score == F(161, 32) - F(15, 100)
    assert any(w.cell == "LKE!J93" and "A/B/C/D" in w.message for w in read.warnings)


def test_every_bad_cell_is_reported_in_one_error(real_sheet: Path, tmp_path: Path) -> None:
    path = _copy_with(
        real_sheet,
        tmp_path,
        {"K7": "D", "K10": "Z", "K57": "F", "K168": "banyak", "K196": 5},
    )
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    problems = err.value.problems
    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("LKE", 7, "K", "D"),
        ("LKE", 10, "K", "Z"),
        ("LKE", 57, "K", "F"),
        ("LKE", 168, "K", "banyak"),
        ("LKE", 196, "K", "5"),
    ]
    # PPA1B: criteria a–c, printed Ya/Tidak, template A/B/C with Ya/Tidak as its alternative.
    assert problems[0].allowed == ("A", "B", "C", "Ya", "Tidak")
    assert problems[1].allowed == ("A", "B", "C")
    assert problems[4].allowed == ("0–4",)
    assert err.value.cell == "LKE!K7"  # located at the first
    for p in problems:
        assert p.cell in err.value.message
        assert p.cell in err.value.english


@pytest.fixture(scope="module")
def criteria_sheets() -> tuple[Worksheet, Worksheet, dict[str, tuple[int, str, str]]]:
    """The real sheet twice — as printed, and with every printed answer type replaced by the
    scale its criteria imply — and, per choice question, (row, answer column, implied scale)."""
    if not REAL_SHEET.is_file():
        pytest.skip("real LKE sheet not found")
    original = openpyxl.load_workbook(REAL_SHEET, data_only=True)["LKE"]
    replaced = openpyxl.load_workbook(REAL_SHEET, data_only=True)["LKE"]
    assert isinstance(original, Worksheet) and isinstance(replaced, Worksheet)
    rows: dict[str, tuple[int, str, str]] = {}
    for code, cell in read_sheet(original).cells.items():
        ref = cell.removeprefix("LKE!")
        col, row = ref[0], int(ref[1:])
        implied, _ = criteria_options(original[f"{chr(ord(col) - 2)}{row}"].value)
        if implied is not None:
            rows[code] = (row, col, implied)
            replaced[f"{chr(ord(col) - 1)}{row}"].value = implied
    return original, replaced, rows


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_printed_types_replaced_by_the_criteria_score_the_same(
    template: Template,
    criteria_sheets: tuple[Worksheet, Worksheet, dict[str, tuple[int, str, str]]],
    data: st.DataObject,
) -> None:
    original, replaced, rows = criteria_sheets
    for code, (row, col, implied) in rows.items():
        option = data.draw(st.sampled_from([n for n, _ in ANSWER_TYPES[implied]]), label=code)
        original[f"{col}{row}"].value = option
        replaced[f"{col}{row}"].value = option
    first = score(template, read_sheet(original).answers)
    second = score(template, read_sheet(replaced).answers)
    assert first == second


# --------------------------------------------------------------------------- zero denominators


def test_zero_denominator_is_no_data(template: Template, real_sheet: Path, tmp_path: Path) -> None:
    # PRE2A rows 166–168: nothing to follow up, nothing in process, nothing finished.
    path = _copy_with(real_sheet, tmp_path, {"K166": 0, "K167": 0, "K168": 0})
    read = read_workbook(path)
    assert any(w.cell == "LKE!K165" and "tidak ada data" in w.message for w in read.warnings)
    # PRE2 (weight 3, one question): 3 × 157/170 before; now the rule decides.
    base = REAL_TOTAL - 3 * F(157, 170)
    zero = score(template, read.answers)  # template default: "zero"
    assert zero.no_data == (NoData("PRE2A", "zero", F(0), True),)
    assert zero.total == base
    one = score(template, read.answers, zero_denominator="one")
    assert one.no_data == (NoData("PRE2A", "one", F(1), True),)
    assert one.total == base + 3
    tpi = score(template, read.answers, zero_denominator="tpi")
    assert tpi.no_data == (NoData("PRE2A", "tpi", F(0), False),)
    question = next(
        q for a in tpi.areas for s in a.sub_areas for q in s.questions if q.code == "PRE2A"
    )
    assert question.no_data == tpi.no_data[0]
    # The writer shows "tidak ada data", and the read-back is the same item without data.
    buffer = io.BytesIO()
    write_workbook(template, read.answers, buffer)
    buffer.seek(0)
    wb = openpyxl.load_workbook(buffer)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    assert ws["K165"].value == "tidak ada data"
    buffer.seek(0)
    assert score(template, read_workbook(buffer).answers).no_data == zero.no_data


def test_printed_no_data_without_inputs(
    template: Template, real_sheet: Path, tmp_path: Path
) -> None:
    path = _copy_with(
        real_sheet, tmp_path, {"K165": "Tidak ada data", "K166": None, "K167": None, "K168": None}
    )
    read = read_workbook(path)
    answer = read.answers["PRE2A"]
    assert answer == NumericInputs(values={}, ratio=None, no_data=True)
    assert score(template, read.answers).no_data == (NoData("PRE2A", "zero", F(0), True),)


# --------------------------------------------------------------------------- gap plans


def test_real_sheet_plan_asks_for_the_smallest_sufficient_targets(
    template: Template, real_sheet: Path
) -> None:
    # WBBM needs each area ≥ 75% of its weight [C]. Reform area 4 (PRD, weight 5) has 29/9 with
    # 1 of 9 sasaran reached: PRD1 (weight 2, one question) gives 2·k/9, the rest 3, so
    # 2k/9 + 3 ≥ 3.75 ⇔ k ≥ 27/8: 4 of 9 sasaran suffice, not 9 of 9.
    # Pemenuhan area 5 (PPE, weight 7.5) has 161/32 and needs 5.625: 0.59375 more.
    read = read_workbook(real_sheet)
    gap = gap_analysis(template, read.answers, "WBBM", holds_wbk=True)
    assert not gap.met_now
    by_steps, by_questions = gap.plans
    assert by_steps.measure == "steps"
    assert by_questions.measure == "questions"
    for plan in gap.plans:
        prd = next(p for p in plan.plan if p.code == "PRD1A")
        assert prd.inputs == {"achieved": 4}
        assert prd.current == "1/9 (11.11%)"
        assert prd.target == "4/9 (44.44%)"
        assert prd.steps == 3
        assert plan.unreachable == ()
        assert verdicts(template, plan.projected, holds_wbk=True)["WBBM"].met
    # PPE steps: the largest gains are 1.5/2 × ⅓ = 0.25 (PPE1B B→A), 1.5/3 × ½ = 0.25 (PPE4
    # A/B/C steps); three of them (0.75) are needed, two (0.5) are not enough: 3 + 3 = 6 steps.
    assert by_steps.steps == 6
    assert gap.steps == 6 and gap.plan == by_steps.plan
    # By questions: no PPE question gains 0.59375 alone (the most is PPE4B/PPE4C at C → A,
    # 1.5/3 × 1 = 0.5), so two PPE questions plus PRD1A: 3 questions.
    assert by_questions.questions == 3
    assert by_questions.questions <= by_steps.questions


# --------------------------------------------------------------------------- errors


def test_corrupted_bytes(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(WorkbookError) as err:
        read_workbook(bad)
    assert "XLSX" in err.value.message
    assert err.value.english


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="tidak ditemukan"):
        read_workbook(tmp_path / "tidak-ada.xlsx")


def test_workbook_without_lke_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Data"
    path = tmp_path / "lain.xlsx"
    wb.save(path)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert "LKE" in err.value.message
    assert "Data" in err.value.message


def test_bad_answer_names_the_cell(real_sheet: Path, tmp_path: Path) -> None:
    path = _copy_with(real_sheet, tmp_path, {"K57": "F"})
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.cell == "LKE!K57"
    assert err.value.row == 57
    assert err.value.sheet == "LKE"
    assert err.value.message.startswith("LKE!K57:")
    assert "PPC6A" in err.value.message


def test_bad_numeric_input_names_the_cell(real_sheet: Path, tmp_path: Path) -> None:
    path = _copy_with(real_sheet, tmp_path, {"K168": "banyak"})
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.cell == "LKE!K168"


def test_index_out_of_range_names_the_cell(real_sheet: Path, tmp_path: Path) -> None:
    path = _copy_with(real_sheet, tmp_path, {"K196": 5})
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.cell == "LKE!K196"


def test_structure_mismatch_names_the_row(real_sheet: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(real_sheet)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    ws.delete_rows(24)  # drop PPB1B: the sub-area header of PPB2 now comes early
    path = tmp_path / "short.xlsx"
    wb.save(path)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.row == 24
    assert "PPB1B" in err.value.message


def test_case_spacing_and_percent_formats_are_tolerated(
    template: Template, real_sheet: Path, tmp_path: Path
) -> None:
    path = _copy_with(
        real_sheet,
        tmp_path,
        {"K6": " ya ", "J9": "YA/TIDAK", "K10": "b", "K154": 0.1111, "K196": "3,60"},
    )
    read = read_workbook(path)
    assert read.answers["PPA1A"] == Choice("Ya")
    assert read.answers["PPA2B"] == Choice("B")
    assert score(template, read.answers).hasil_item("HBA").score == F("15.75")


def test_printed_percentage_used_when_inputs_are_missing(
    template: Template, real_sheet: Path, tmp_path: Path
) -> None:
    path = _copy_with(real_sheet, tmp_path, {"K166": None, "K167": None, "K168": None})
    read = read_workbook(path)
    # Only the printed 92.35% is left.
    assert answer_value(template.question("PRE2A"), read.answers["PRE2A"]) == F("0.9235")


def test_unanswered_cells_are_warnings(real_sheet: Path, tmp_path: Path) -> None:
    path = _copy_with(real_sheet, tmp_path, {"K57": None})
    read = read_workbook(path)
    assert "PPC6A" not in read.answers
    assert any(w.cell == "LKE!K57" for w in read.warnings)


# --------------------------------------------------------------------------- writing


def test_round_trip_of_the_real_sheet(template: Template, real_sheet: Path) -> None:
    first = read_workbook(real_sheet)
    buffer = io.BytesIO()
    write_workbook(template, first.answers, buffer, notes=first.notes)
    buffer.seek(0)
    second = read_workbook(buffer)
    # Same answers in the same cells (the writer reproduces the sheet's row layout)…
    assert second.cells.keys() == first.cells.keys()
    for code, cell in first.cells.items():
        row = int(cell.removeprefix("LKE!")[1:])
        assert second.cells[code].endswith(str(row)), code
    for code, answer in first.answers.items():
        again = second.answers[code]
        if isinstance(answer, NumericInputs):
            assert isinstance(again, NumericInputs)
            assert again.values == answer.values, code
        else:
            assert again == answer, code
    assert second.notes == first.notes
    # …and the same score.
    assert score(template, second.answers) == score(template, first.answers)


def test_written_workbook_without_answers_reads_back_empty(template: Template) -> None:
    buffer = io.BytesIO()
    write_workbook(template, {}, buffer)
    buffer.seek(0)
    read = read_workbook(buffer)
    assert read.answers == {}
    assert score(template, read.answers).total == 0


def test_writer_neutralises_formula_injection(template: Template) -> None:
    hostile = {
        "PPA1A": '=HYPERLINK("http://example.invalid","klik")',
        "PPA1B": "+1+1",
        "PPA2A": "-1+1",
        "PPA2B": "@SUM(A1)",
        "PPA2C": "\t=1",
        "PPA3A": "\r=1",
    }
    answers: dict[str, Answer] = {
        "PPA1A": Choice("Ya"),
        "PPA2B": Choice("A"),
        "HBA": IndexValue(F("3.6")),
        "PRE2A": NumericInputs({"to_follow_up": F(170), "in_process": F(13), "finished": F(157)}),
    }
    buffer = io.BytesIO()
    write_workbook(template, answers, buffer, notes=hostile)
    buffer.seek(0)
    wb = openpyxl.load_workbook(buffer)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    formulas = [
        c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]  # nothing written may become a formula
    assert formulas == []
    for cell in ("L6", "L7", "L9", "L10", "L11", "L13"):
        assert ws[cell].data_type == "s"
        assert ws[cell].quotePrefix, cell
    buffer.seek(0)
    read = read_workbook(buffer)
    # Stored as text and read back unchanged, line ends as LF (the writer's one form).
    assert read.notes == {k: v.replace("\r", "\n") for k, v in hostile.items()}
    assert read.answers["HBA"] == IndexValue(F("3.6"))


def test_writer_refuses_invalid_answers(template: Template) -> None:
    with pytest.raises(ValueError, match="PPA2B"):
        write_workbook(template, {"PPA2B": Choice("Z")}, io.BytesIO())
