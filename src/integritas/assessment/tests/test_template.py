"""The PermenPANRB 90/2021 template: every weight and threshold pinned to DOMAIN.md §1.

Expected values are literals copied from shared/DOMAIN.md §1 (and, for sub-area weights, from
the question bank's subpilar.csv that DOMAIN.md points to, with the PRF1 correction) — never
computed from the template under test.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from fractions import Fraction
from importlib import resources

import pytest

from integritas.assessment.lke_template import (
    ANSWER_TYPES,
    NUMERIC,
    Template,
    TemplateError,
    available_templates,
    load_template,
    parse_template,
)

F = Fraction


def raw_template() -> dict[str, object]:
    """A fresh, mutable copy of the shipped JSON."""
    text = (
        resources.files("integritas.assessment.lke_templates") / "permenpanrb-90-2021.json"
    ).read_text(encoding="utf-8")
    data = json.loads(text, parse_float=Decimal)
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def _areas(data: dict[str, object]) -> list[dict[str, object]]:
    peng = data["pengungkit"]
    assert isinstance(peng, dict)
    out: list[dict[str, object]] = []
    for half in peng["halves"]:
        out.extend(half["areas"])
    return out


def _area(data: dict[str, object], code: str) -> dict[str, object]:
    return next(a for a in _areas(data) if a["code"] == code)


def _question(data: dict[str, object], code: str) -> dict[str, object]:
    for area in _areas(data):
        for sub in area["sub_areas"]:  # type: ignore[attr-defined]  # JSON shape known here
            for q in sub["questions"]:
                if q["code"] == code:
                    return q  # type: ignore[no-any-return]  # JSON object
    raise KeyError(code)


def _hasil_item(data: dict[str, object], code: str) -> dict[str, object]:
    hasil = data["hasil"]
    assert isinstance(hasil, dict)
    for part in hasil["parts"]:
        for item in part["items"]:
            if item["code"] == code:
                return item  # type: ignore[no-any-return]  # JSON object
    raise KeyError(code)


# --------------------------------------------------------------------------- loading


def test_shipped_template_is_listed_and_loads(template: Template) -> None:
    assert "permenpanrb-90-2021" in available_templates()
    assert template.id == "permenpanrb-90-2021"
    assert template.regulation.id == "PermenPANRB 90/2021"
    assert template.regulation.annex == "Lampiran III"
    assert template.regulation.effective_date.year == 2021


def test_unknown_or_unsafe_template_id_is_refused() -> None:
    with pytest.raises(TemplateError, match="unknown template"):
        load_template("permenpanrb-1-1999")
    with pytest.raises(TemplateError, match="invalid template id"):
        load_template("../../etc/passwd")


# --------------------------------------------------------------------------- weights (DOMAIN.md §1)


def test_top_level_weights(template: Template) -> None:
    # DOMAIN.md §1: total 100; Pengungkit 60 = Pemenuhan 30 + Reform 30; Hasil 40.
    assert template.total_weight == 100
    assert template.pengungkit_weight == 60
    assert [(h.key, h.weight) for h in template.halves] == [
        ("pemenuhan", F(30)),
        ("reform", F(30)),
    ]
    assert template.hasil_weight == 40


def test_six_areas_same_weight_in_each_half(template: Template) -> None:
    # DOMAIN.md §1: Manajemen Perubahan 4 · Penataan Tatalaksana 3.5 · Penataan Sistem Manajemen
    # SDM Aparatur 5 · Penguatan Akuntabilitas 5 · Penguatan Pengawasan 7.5 · Peningkatan
    # Kualitas Pelayanan Publik 5.
    expected = [
        (1, "Manajemen Perubahan", F("4")),
        (2, "Penataan Tatalaksana", F("3.5")),
        (3, "Penataan Sistem Manajemen SDM Aparatur", F("5")),
        (4, "Penguatan Akuntabilitas", F("5")),
        (5, "Penguatan Pengawasan", F("7.5")),
        (6, "Peningkatan Kualitas Pelayanan Publik", F("5")),
    ]
    for half in template.halves:
        assert [(a.number, a.name, a.weight) for a in half.areas] == expected


def test_sub_area_weights(template: Template) -> None:
    # subpilar.csv of the question bank (DOMAIN.md §1 points there), PRF1 corrected from the
    # 2024 sheet's mislabelled 2 to the bank's 2.50.
    expected = {
        "PPA1": "0.5", "PPA2": "1", "PPA3": "1", "PPA4": "1.5",
        "PPB1": "1", "PPB2": "2", "PPB3": "0.5",
        "PPC1": "0.25", "PPC2": "0.5", "PPC3": "1.25", "PPC4": "2", "PPC5": "0.75", "PPC6": "0.25",
        "PPD1": "2.5", "PPD2": "2.5",
        "PPE1": "1.5", "PPE2": "1.5", "PPE3": "1.5", "PPE4": "1.5", "PPE5": "1.5",
        "PPF1": "1", "PPF2": "1", "PPF3": "1", "PPF4": "1", "PPF5": "1",
        "PRA1": "2", "PRA2": "1", "PRA3": "1",
        "PRB1": "0.5", "PRB2": "1", "PRB3": "2",
        "PRC1": "1.5", "PRC2": "1.5", "PRC3": "2",
        "PRD1": "2", "PRD2": "1.5", "PRD3": "1.5",
        "PRE1": "2.5", "PRE2": "3", "PRE3": "2",
        "PRF1": "2.5", "PRF2": "2.5",
    }  # fmt: skip
    assert {s.code: s.weight for s in template.sub_areas()} == {
        k: F(v) for k, v in expected.items()
    }


def test_hasil_structure(template: Template) -> None:
    # DOMAIN.md §1: Hasil I bersih & akuntabel 22.5 = IPAK 17.5 + capaian kinerja 5;
    # Hasil II pelayanan prima 17.5 = IPKP.
    parts = [(p.code, p.weight, [(i.code, i.short_name, i.weight) for i in p.items]) for p in
             template.hasil_parts]  # fmt: skip
    assert parts == [
        ("HB", F("22.5"), [("HBA", "IPAK", F("17.5")), ("HBB", "Capaian kinerja", F("5"))]),
        ("HP", F("17.5"), [("HPA", "IPKP", F("17.5"))]),
    ]
    ipak = template.hasil_item("HBA")
    assert (ipak.kind, ipak.index_max) == ("index", F(4))
    capaian = template.hasil_item("HBB")
    # The question bank lists A–E, the 2024 sheet A–D: both supported.
    assert capaian.accepted_answer_types == ("A/B/C/D/E", "A/B/C/D")


def test_question_counts(template: Template) -> None:
    # data/lke/README.md: the 2024 sheet has 107 pengungkit questions + 3 hasil items.
    questions = list(template.questions())
    assert len(questions) == 107
    assert len(list(template.hasil_items())) == 3
    pemenuhan = [q for a in template.halves[0].areas for s in a.sub_areas for q in s.questions]
    assert len(pemenuhan) == 84
    assert len({q.code for q in questions}) == 107


def test_answer_values() -> None:
    # DOMAIN.md §1: Ya/Tidak = 1/0; A/B/C = 1, ½, 0; A/B/C/D = 1, ⅔, ⅓, 0; A–E = 1, ¾, ½, ¼, 0.
    assert dict(ANSWER_TYPES["Ya/Tidak"]) == {"Ya": 1, "Tidak": 0}
    assert dict(ANSWER_TYPES["A/B/C"]) == {"A": 1, "B": F(1, 2), "C": 0}
    assert dict(ANSWER_TYPES["A/B/C/D"]) == {"A": 1, "B": F(2, 3), "C": F(1, 3), "D": 0}
    assert dict(ANSWER_TYPES["A/B/C/D/E"]) == {
        "A": 1,
        "B": F(3, 4),
        "C": F(1, 2),
        "D": F(1, 4),
        "E": 0,
    }


def test_numeric_reform_items(template: Template) -> None:
    # DOMAIN.md §1 reform numeric items and their formulas.
    numeric = {q.code: q.numeric for q in template.questions() if q.answer_type == NUMERIC}
    assert set(numeric) == {"PRA1A", "PRA1B", "PRC3A", "PRD1A", "PRE2A", "PRE3A", "PRE3B", "PRF1B"}
    ratios = {
        code: (r.numerator, r.denominator, r.cap)
        for code, r in numeric.items()
        if r is not None and r.kind == "ratio"
    }
    assert ratios == {
        "PRA1A": ("changes", "agents", F(1)),  # agen perubahan = min(changes / agents, 1)
        "PRA1B": ("integrated", "changes", F(1)),
        "PRD1A": ("achieved", "targets", F(1)),
        "PRE2A": ("finished", "to_follow_up", F(1)),
        "PRE3A": ("reported", "obliged", F(1)),
        "PRE3B": ("reported", "obliged", F(1)),
        "PRF1B": ("simplified", "registered", F(1)),
    }
    disiplin = numeric["PRC3A"]
    assert disiplin is not None
    assert (disiplin.kind, disiplin.previous, disiplin.current) == (
        "decrease",
        "previous",
        "current",
    )
    assert disiplin.no_violations_value == 1  # "no violations either year → 1" (configurable)


def test_answer_types_corrected_where_criteria_disagree(template: Template) -> None:
    assert template.question("PPA1B").accepted_answer_types == ("A/B/C", "Ya/Tidak")
    assert template.question("PPC4C").answer_type == "A/B/C/D/E"
    assert template.question("PPE5D").answer_type == "A/B/C"
    assert template.question("PPE5E").answer_type == "A/B/C"
    assert template.question("PPF5A").answer_type == "A/B/C/D"


def test_evidence_and_option_wording_from_question_bank(template: Template) -> None:
    q = template.question("PPA1A")
    assert "SK Tim Kerja Pembangunan ZI menuju WBK/WBBM" in q.evidence
    # The sheet's PPC3C criteria lack option b; the wording comes from the bank.
    assert [o.option for o in template.question("PPC3C").options] == ["A", "B", "C", "D"]
    # The sheet has two SOP questions where the bank has three: codes follow the sheet.
    assert template.question("PPB1A").question_bank_code == "PPB1B"


# --------------------------------------------------------------------------- thresholds


def test_predicate_thresholds(template: Template) -> None:
    # DOMAIN.md §1 table.
    wbk = template.predicate("WBK")
    assert (wbk.total_min, wbk.pengungkit_min, wbk.area_min_fraction) == (
        F(75),
        F(40),
        F("0.60"),
    )
    assert wbk.requires_predicate is None
    wbbm = template.predicate("WBBM")
    assert (wbbm.total_min, wbbm.pengungkit_min, wbbm.area_min_fraction) == (
        F(85),
        F(48),
        F("0.75"),
    )
    assert wbbm.requires_predicate == "WBK"  # prior predicate: holds WBK
    hb = template.hasil_parts[0]
    assert dict(hb.min) == {"WBK": F("18.25"), "WBBM": F("19.50")}
    assert dict(template.hasil_item("HBA").min) == {"WBK": F("15.75"), "WBBM": F("15.75")}
    assert dict(template.hasil_item("HBB").min) == {"WBK": F("2.50"), "WBBM": F("3.75")}
    assert dict(template.hasil_item("HPA").min) == {"WBK": F("14.00"), "WBBM": F("15.75")}


def test_area_thresholds_are_exact_percentages(template: Template) -> None:
    # 60% / 75% of 4, 3.5, 5, 5, 7.5, 5 — written out, never rounded (75% × 3.5 = 2.625).
    expected = {
        1: (F("2.4"), F("3")),
        2: (F("2.1"), F("2.625")),
        3: (F("3"), F("3.75")),
        4: (F("3"), F("3.75")),
        5: (F("4.5"), F("5.625")),
        6: (F("3"), F("3.75")),
    }
    for area in template.areas():
        assert (area.min["WBK"], area.min["WBBM"]) == expected[area.number], area.code


def test_known_defects_are_recorded(template: Template) -> None:
    items = " ".join(d.item for d in template.known_defects_fixed)
    for needle in ("PPF, PRF", "PRB3B, PRB3C", "PRF1 (row 185)", "PPB, PRB", "PPE, PRE"):
        assert needle in items
    ppf = next(d for d in template.known_defects_fixed if d.item == "PPF, PRF")
    assert "1.50" in ppf.defect
    assert "3.75" in ppf.fix


# --------------------------------------------------------------------------- validation


def test_validation_names_a_wrong_area_threshold() -> None:
    data = raw_template()
    _area(data, "PPF")["min"] = {"WBK": "3", "WBBM": "1.50"}  # the question bank's defect
    with pytest.raises(TemplateError) as err:
        parse_template(data)
    assert err.value.item == "area PPF"
    assert "WBBM" in str(err.value)


def test_validation_refuses_a_rounded_threshold() -> None:
    data = raw_template()
    _area(data, "PPB")["min"] = {"WBK": "2.1", "WBBM": "2.60"}  # 75% × 3.5 rounded
    with pytest.raises(TemplateError, match=r"area PPB"):
        parse_template(data)


def test_validation_names_weights_that_do_not_add_up() -> None:
    data = raw_template()
    sub = _area(data, "PRF")["sub_areas"][0]  # type: ignore[index]  # JSON list
    sub["weight"] = "2"  # the 2024 sheet's mislabelled row
    with pytest.raises(TemplateError) as err:
        parse_template(data)
    assert err.value.item == "area PRF"
    assert "sub-areas add up to 4.5" in str(err.value)


def test_validation_names_a_duplicated_code() -> None:
    data = raw_template()
    _question(data, "PPA1B")["code"] = "PPA1A"
    with pytest.raises(TemplateError) as err:
        parse_template(data)
    assert err.value.item == "question PPA1A"
    assert "duplicated" in str(err.value)


def test_validation_names_an_unknown_answer_type() -> None:
    data = raw_template()
    _question(data, "PPA2B")["answer_type"] = "A/B"
    with pytest.raises(TemplateError) as err:
        parse_template(data)
    assert err.value.item == "question PPA2B"
    assert "unknown answer type" in str(err.value)


def test_validation_names_a_missing_threshold() -> None:
    data = raw_template()
    _hasil_item(data, "HBB")["min"] = {"WBK": "2.5"}
    with pytest.raises(TemplateError) as err:
        parse_template(data)
    assert err.value.item == "hasil item HBB"
    assert "WBBM" in str(err.value)
    data = raw_template()
    predicates = data["predicates"]
    assert isinstance(predicates, list)
    del predicates[0]["total_min"]
    with pytest.raises(TemplateError, match="predicate WBK"):
        parse_template(data)


def test_validation_refuses_float_numbers() -> None:
    data = raw_template()
    _area(data, "PPA")["weight"] = Decimal("4.0")  # a bare JSON number, not a string
    with pytest.raises(TemplateError, match="area PPA"):
        parse_template(data)


def test_validation_checks_numeric_formula_inputs() -> None:
    data = raw_template()
    numeric = _question(data, "PRE2A")["numeric"]
    assert isinstance(numeric, dict)
    numeric["numerator"] = "resolved"
    with pytest.raises(TemplateError, match="question PRE2A"):
        parse_template(data)


def test_validation_checks_printed_group_weights() -> None:
    data = raw_template()
    group = _question(data, "PRE3A")["group"]
    assert isinstance(group, dict)
    group["weight"] = "1.5"
    with pytest.raises(TemplateError, match="sub-area PRE3"):
        parse_template(data)


def test_unmodified_raw_template_parses() -> None:
    assert parse_template(raw_template()).id == "permenpanrb-90-2021"
