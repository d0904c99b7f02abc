"""Tests of the SKM/IKM and SPAK/SPKP arithmetic against PermenPANRB 14/2017 (DOMAIN.md §2-3)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integritas.surveys.ikm import (
    KREJCIE_MORGAN_TABLE,
    MUTU_BANDS,
    UNSUR,
    UNSUR_CODES,
    AnswerOutOfRangeError,
    EmptySurveyError,
    MissingUnsurError,
    PerceptionScale,
    ScaleError,
    UnknownWeightingError,
    UnsurTally,
    classify_ikm,
    compute_ikm,
    compute_ikm_from_tallies,
    ikm_from_nrr,
    krejcie_morgan_sample_size,
    parse_weighting,
    perception_index,
    perception_summary,
    round_half_up,
    tally_responses,
)

Rows = list[dict[str, int | None]]

# DOMAIN.md §2 worked example: unsur totals of 29 respondents, in the order DOMAIN.md lists them.
# That list follows the published source, which put Sarana before Pengaduan; the shared CSV keeps
# the regulation's order (U8 Pengaduan = 115, U9 Sarana = 105). The IKM depends only on the sum.
WORKED_TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)
WORKED_TOTALS_CSV_ORDER = (105, 101, 100, 116, 102, 105, 106, 115, 105)
WORKED_RESPONDENTS = 29


def worked_tallies() -> list[UnsurTally]:
    return [
        UnsurTally(code, total, WORKED_RESPONDENTS)
        for code, total in zip(UNSUR_CODES, WORKED_TOTALS, strict=True)
    ]


# --- unsur -----------------------------------------------------------------------------------


def test_nine_unsur_in_regulation_order() -> None:
    assert [(u.code, u.name) for u in UNSUR] == [
        ("U1", "Persyaratan"),
        ("U2", "Sistem, mekanisme, dan prosedur"),
        ("U3", "Waktu penyelesaian"),
        ("U4", "Biaya/tarif"),
        ("U5", "Produk spesifikasi jenis pelayanan"),
        ("U6", "Kompetensi pelaksana"),
        ("U7", "Perilaku pelaksana"),
        ("U8", "Penanganan pengaduan, saran dan masukan"),
        ("U9", "Sarana dan prasarana"),
    ]
    assert all(len(u.labels) == 4 and len(set(u.labels)) == 4 for u in UNSUR)
    assert UNSUR[0].labels == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert UNSUR[3].labels[-1] == "Gratis"


# --- worked example --------------------------------------------------------------------------


def test_worked_example_from_rows(worked_rows: Rows) -> None:
    exact = compute_ikm(worked_rows)
    assert exact.respondents == 29
    assert [n.total for n in exact.unsur] == list(WORKED_TOTALS_CSV_ORDER)
    assert sorted(WORKED_TOTALS_CSV_ORDER) == sorted(WORKED_TOTALS)
    assert exact.ikm == Fraction(23875, 261)  # 955 / (29 × 9) × 25, exactly
    assert exact.ikm_rounded == Decimal("91.48")
    assert (exact.mutu, exact.kinerja) == ("A", "Sangat Baik")

    printed = compute_ikm(worked_rows, weighting="printed")
    assert printed.ikm_rounded == Decimal("91.38")
    assert printed.mutu == "A"


def test_worked_example_from_literal_totals() -> None:
    exact = compute_ikm_from_tallies(worked_tallies(), respondents=29)
    printed = compute_ikm_from_tallies(worked_tallies(), respondents=29, weighting="printed")
    assert exact.ikm_rounded == Decimal("91.48")
    assert printed.ikm_rounded == Decimal("91.38")
    assert exact.mutu == printed.mutu == "A"
    assert round_half_up(exact.unsur[0].nrr, 4) == Decimal("3.6207")  # 105 / 29


def test_we_do_not_reproduce_the_0_11_imprecision() -> None:
    # A public app printed 90.56 because it used 0.11 as the weight (DOMAIN.md §2).
    nrr = [Fraction(total, WORKED_RESPONDENTS) for total in WORKED_TOTALS]
    imprecise = round_half_up(sum(nrr, Fraction(0)) * Fraction("0.11") * 25, 2)
    assert imprecise == Decimal("90.56")
    for weighting in ("exact", "printed"):
        ours = round_half_up(ikm_from_nrr(nrr, weighting=parse_weighting(weighting)), 2)
        assert ours != imprecise


# --- classification --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ikm", "mutu", "kinerja"),
    [
        ("25.00", "D", "Tidak Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("100", "A", "Sangat Baik"),
        # Classified on the value rounded half-up to 2 decimals:
        ("64.994", "D", "Tidak Baik"),
        ("64.995", "C", "Kurang Baik"),
        ("76.6049", "C", "Kurang Baik"),
        ("76.605", "B", "Baik"),
        ("88.3049", "B", "Baik"),
        ("88.305", "A", "Sangat Baik"),
    ],
)
def test_classification_boundaries_and_rounding(ikm: str, mutu: str, kinerja: str) -> None:
    band = classify_ikm(Decimal(ikm))
    assert (band.mutu, band.kinerja) == (mutu, kinerja)
    assert classify_ikm(Fraction(ikm)) == band


def test_bands_cover_25_to_100_without_gaps() -> None:
    ordered = sorted(MUTU_BANDS, key=lambda b: b.lower)
    assert ordered[0].lower == Decimal("25.00")
    assert ordered[-1].upper == Decimal("100.00")
    for low, high in itertools.pairwise(ordered):
        assert high.lower - low.upper == Decimal("0.01")


@pytest.mark.parametrize("ikm", ["24.99", "100.01", "-1"])
def test_classification_refuses_out_of_range(ikm: str) -> None:
    with pytest.raises(ScaleError, match="di luar rentang"):
        classify_ikm(Decimal(ikm))


def test_round_half_up() -> None:
    assert round_half_up(Fraction(88305, 1000), 2) == Decimal("88.31")
    assert round_half_up(Decimal("2.675"), 2) == Decimal("2.68")  # float would give 2.67
    assert round_half_up(90, 2) == Decimal("90.00")
    assert str(round_half_up(Fraction(1, 3), 4)) == "0.3333"
    assert round_half_up(Decimal("-1.005"), 2) == Decimal("-1.01")


def test_printed_weight_all_ones_classified_d() -> None:
    # 9 × 0.111 × 25 = 24.975: below 25 only through the printed weight's own rounding.
    rows = [dict.fromkeys(UNSUR_CODES, 1)]
    result = compute_ikm(rows, weighting="printed")
    assert result.ikm == Fraction("24.975")
    assert result.mutu == "D"
    assert compute_ikm(rows).ikm == 25


# --- sample size -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "sample"),
    # DOMAIN.md §2, pinned from Krejcie & Morgan (1970) Table 1: the table rounds to the nearest
    # respondent (15 → 14, 50 → 44, 500 → 217, 9 000 → 368 — the article's own example).
    [
        (15, 14),
        (50, 44),
        (100, 80),
        (500, 217),
        (1000, 278),
        (5000, 357),
        (9000, 368),
        (10000, 370),
        (1, 1),
        (10, 10),
    ],
)
def test_krejcie_morgan(population: int, sample: int) -> None:
    assert krejcie_morgan_sample_size(population) == sample


def test_krejcie_morgan_between_table_rows_rounds_to_nearest() -> None:
    # N = 16 is not in the table; by hand: 3.841·16·¼ = 15.364, 0.05²·15 + 3.841·¼ = 0.99775,
    # 15.364 / 0.99775 = 15.3986… → 15 to the nearest (rounding up would ask for 16).
    assert krejcie_morgan_sample_size(16) == 15
    # Every published row is returned as printed.
    for population, sample in KREJCIE_MORGAN_TABLE.items():
        assert krejcie_morgan_sample_size(population) == sample


@pytest.mark.parametrize("population", [0, -5])
def test_krejcie_morgan_refuses_empty_population(population: int) -> None:
    with pytest.raises(ScaleError, match="populasi"):
        krejcie_morgan_sample_size(population)


# --- errors ----------------------------------------------------------------------------------


def test_empty_data() -> None:
    with pytest.raises(EmptySurveyError, match="kosong"):
        compute_ikm([])


@pytest.mark.parametrize("value", [0, 5, True, 2.5, "3"])
def test_answer_outside_scale(value: object) -> None:
    row: dict[str, object] = dict.fromkeys(UNSUR_CODES, 3)
    row["U3"] = value
    with pytest.raises(AnswerOutOfRangeError, match="U3"):
        compute_ikm([row])  # type: ignore[list-item]  # deliberately ill-typed input


def test_unsur_nobody_answered() -> None:
    rows: list[dict[str, int | None]] = [{**dict.fromkeys(UNSUR_CODES, 4), "U5": None}] * 3
    with pytest.raises(MissingUnsurError, match="U5"):
        compute_ikm(rows)


def test_unknown_unsur_key() -> None:
    with pytest.raises(MissingUnsurError, match="U10"):
        compute_ikm([{**dict.fromkeys(UNSUR_CODES, 4), "U10": 4}])


def test_unknown_weighting() -> None:
    with pytest.raises(UnknownWeightingError, match="Pembobotan"):
        parse_weighting("0.11")


def test_impossible_total() -> None:
    tallies = worked_tallies()
    tallies[0] = UnsurTally("U1", 200, 29)
    with pytest.raises(AnswerOutOfRangeError, match="U1"):
        compute_ikm_from_tallies(tallies, respondents=29)


def test_nrr_divides_by_those_who_answered() -> None:
    rows: list[dict[str, int | None]] = [
        {**dict.fromkeys(UNSUR_CODES, 4), "U4": None},
        dict.fromkeys(UNSUR_CODES, 2),
    ]
    respondents, tallies = tally_responses(rows)
    assert respondents == 2
    assert tallies[3] == UnsurTally("U4", 2, 1)
    result = compute_ikm(rows)
    assert result.unsur[3].nrr == 2
    assert result.unsur[0].nrr == 3


# --- properties ------------------------------------------------------------------------------

answers = st.integers(min_value=1, max_value=4)
response_rows = st.lists(
    st.fixed_dictionaries({code: answers for code in UNSUR_CODES}), min_size=1, max_size=40
)


@given(response_rows)
def test_ikm_within_25_and_100(rows: list[dict[str, int]]) -> None:
    exact = compute_ikm(rows)
    assert 25 <= exact.ikm <= 100
    printed = compute_ikm(rows, weighting="printed")
    assert Fraction("24.975") <= printed.ikm <= Fraction("99.9")
    assert printed.ikm <= exact.ikm


@given(response_rows, st.data())
def test_raising_one_answer_never_lowers_ikm(
    rows: list[dict[str, int]], data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1), label="respondent")
    code = data.draw(st.sampled_from(UNSUR_CODES), label="unsur")
    raised = [dict(row) for row in rows]
    raised[index][code] = min(raised[index][code] + 1, 4)
    for weighting in ("exact", "printed"):
        mode = parse_weighting(weighting)
        assert compute_ikm(raised, weighting=mode).ikm >= compute_ikm(rows, weighting=mode).ikm


# --- SPAK / SPKP -----------------------------------------------------------------------------


def test_perception_index_default_scale_is_linear_1_to_6() -> None:
    assert perception_index([{"P1": 6, "P2": 6}]) == 4
    assert perception_index([{"P1": 1, "P2": 1}]) == 0
    # mean 4.5 on 1–6 → (4.5 − 1) / 5 × 4 = 2.8
    assert perception_index([{"P1": 4, "P2": 5}]) == Fraction(14, 5)


def test_perception_index_item_means_over_answered() -> None:
    rows: list[dict[str, int | None]] = [{"P1": 4, "P2": None}, {"P1": 2, "P2": 4}]
    # P1 mean 3, P2 mean 4 → mean 3.5 on 1–4 → linear (3.5 − 1) / 3 × 4 = 10/3
    assert perception_index(rows, scale=PerceptionScale(1, 4)) == Fraction(10, 3)
    assert perception_index(rows, scale=PerceptionScale(1, 4, "proportional")) == Fraction(7, 2)


def test_perception_summary_reports_items_nobody_answered() -> None:
    # Instrument P1–P3; nobody answered P2, P3 appears only as None. The mean is over P1 alone
    # (mean 3 on 1–4 → linear (3 − 1) / 3 × 4 = 8/3) and P2, P3 are reported, not dropped.
    rows: list[dict[str, int | None]] = [{"P1": 4, "P3": None}, {"P1": 2}]
    result = perception_summary(rows, scale=PerceptionScale(1, 4), items=("P1", "P2", "P3"))
    assert result.index == Fraction(8, 3)
    assert result.answered_items == ("P1",)
    assert result.missing_items == ("P2", "P3")
    assert not result.complete
    assert result.respondents == 2
    full = perception_summary([{"P1": 4, "P2": 4}], scale=PerceptionScale(1, 4), items=("P1", "P2"))
    assert full.complete
    assert full.index == 4


def test_perception_index_errors() -> None:
    with pytest.raises(AnswerOutOfRangeError, match="P1"):
        perception_index([{"P1": 7}])
    with pytest.raises(EmptySurveyError):
        perception_index([])
    with pytest.raises(EmptySurveyError):
        perception_index([{"P1": None}])
    with pytest.raises(ScaleError):
        PerceptionScale(4, 4)


@given(st.lists(st.lists(st.integers(1, 6), min_size=1, max_size=8), min_size=1, max_size=20))
def test_perception_index_within_0_and_4(matrix: list[list[int]]) -> None:
    rows = [{f"P{i}": v for i, v in enumerate(row)} for row in matrix]
    assert 0 <= perception_index(rows) <= 4


# --- purity ----------------------------------------------------------------------------------


def test_ikm_modules_import_no_django() -> None:
    code = (
        "import sys, integritas.surveys.ikm, integritas.surveys.responses_io, "
        "integritas.surveys.cli; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
