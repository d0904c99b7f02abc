"""``integritas lke score`` through the real dispatcher, on the real 2024 sheet and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from integritas.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["lke", "score", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_human_output(real_sheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(real_sheet))
    assert code == 0
    assert err == ""
    for text in (
        "PEMENUHAN",
        "REFORM",
        "Penataan Sistem Manajemen SDM Aparatur",
        "Pengungkit",
        "Hasil — IPAK",
        "Hasil — Capaian kinerja",
        "Hasil — IPKP",
        "TOTAL",
        "Menuju WBK: MEMENUHI SYARAT",
        "Menuju WBBM: BELUM MEMENUHI SYARAT",
        "PERINGATAN",
        "LKE!H185",
    ):
        assert text in out, text
    # Hand-computed in test_workbook.test_real_sheet_scores: PPB 2.625 → 75.00%, PRD 29/9 → 3.22.
    assert "2.63  75.00%" in out
    assert "3.22  64.44%" in out
    # Every unmet WBBM condition is printed.
    assert "Pemenuhan area 5 Penguatan Pengawasan" in out
    assert "Reform area 4 Penguatan Akuntabilitas" in out
    assert "Telah meraih predikat WBK" in out


def test_json_shape(real_sheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(real_sheet), "--json")
    assert code == 0
    doc = json.loads(out)
    assert {"template", "total", "pengungkit", "hasil", "areas", "hasil_items", "verdict"} <= set(
        doc
    )
    assert doc["template"] == "permenpanrb-90-2021"
    assert len(doc["areas"]) == 12
    for area in doc["areas"]:
        assert set(area) == {"half", "area", "name", "weight", "score", "percent"}
        assert area["half"] in ("pemenuhan", "reform")
        assert 1 <= area["area"] <= 6
    assert [i["code"] for i in doc["hasil_items"]] == ["HBA", "HBB", "HPA"]
    for item in doc["hasil_items"]:
        assert set(item) == {"code", "name", "weight", "score"}
    assert set(doc["verdict"]) == {"wbk", "wbbm", "unmet"}
    for unmet in doc["verdict"]["unmet"]:
        assert set(unmet) == {"predicate", "condition", "required", "actual"}
    # Numbers are JSON numbers with at most 4 decimals.
    for value in (doc["total"], doc["pengungkit"], doc["hasil"]):
        assert isinstance(value, (int, float))
        assert round(value, 4) == value
    # By hand (test_workbook): pengungkit 11723/480 + 42829/1530 = 52.41573…, hasil 40.
    assert doc["pengungkit"] == 52.4157
    assert doc["hasil"] == 40
    assert doc["total"] == 92.4157
    areas = {(a["half"], a["area"]): a for a in doc["areas"]}
    assert areas[("pemenuhan", 2)]["score"] == 2.625
    assert areas[("pemenuhan", 2)]["percent"] == 75
    # Reform area 5: 2.5 + 3 × 157/170 + 2 = 7.270588… → 7.2706.
    assert areas[("reform", 5)]["score"] == 7.2706
    assert doc["verdict"]["wbk"] is True
    assert doc["verdict"]["wbbm"] is False
    assert [(u["predicate"], u["condition"]) for u in doc["verdict"]["unmet"]] == [
        ("WBBM", "area:PPE"),
        ("WBBM", "area:PRD"),
        ("WBBM", "predikat:WBK"),
    ]
    ppe = doc["verdict"]["unmet"][0]
    assert ppe["required"] == 5.625  # 75% × 7.5, not rounded to 5.60
    assert ppe["actual"] == 5.0313  # 161/32 = 5.03125 → half-up to 4 places
    assert doc["verdict"]["unmet"][2]["required"] is True
    assert doc["verdict"]["unmet"][2]["actual"] is None
    assert any(w["cell"] == "LKE!K171" for w in doc["warnings"])


def test_corrupted_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"\x00\x01 not a workbook \xff" * 10)
    code, out, err = _run(capsys, str(bad))
    assert code == 2
    assert out == ""
    assert "XLSX" in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, str(tmp_path / "tidak-ada.xlsx"))
    assert code == 2
    assert "tidak ditemukan" in err


def test_wrong_workbook_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Rekap"
    ws["A1"] = "bukan LKE"
    path = tmp_path / "rekap.xlsx"
    wb.save(path)
    code, _, err = _run(capsys, str(path), "--json")
    assert code == 2
    assert "LKE" in err
    assert "Rekap" in err


def test_bad_answer_exits_2_naming_the_cell(
    real_sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(real_sheet)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    ws["K57"] = "Z"
    path = tmp_path / "salah.xlsx"
    wb.save(path)
    code, out, err = _run(capsys, str(path))
    assert code == 2
    assert out == ""
    assert "LKE!K57" in err


def test_prior_wbk_yes_gives_a_full_wbbm_verdict(
    real_sheet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The real sheet misses WBBM only on PPE (5.03 < 5.625) and PRD (3.22 < 3.75) once the
    # prior WBK is known (test_workbook.test_real_sheet_scores).
    code, out, _ = _run(capsys, str(real_sheet), "--json", "--prior-wbk", "yes")
    assert code == 0
    doc = json.loads(out)
    assert doc["prior_wbk"] is True
    assert [u["condition"] for u in doc["verdict"]["unmet"]] == ["area:PPE", "area:PRD"]
    code, out, _ = _run(capsys, str(real_sheet), "--prior-wbk", "no")
    assert "Predikat WBK sebelumnya: tidak" in out
    assert "Telah meraih predikat WBK: perlu ya, status tidak" in out


def test_prior_wbk_yes_with_wbbm_areas_met(
    real_sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Lift PPE and PRD past 75%: PPE4B, PPE4C C → A (+0.5 each, 1.5/3 per question) gives
    # 161/32 + 1 = 6.03 ≥ 5.625; 4 of 9 sasaran gives PRD 2·4/9 + 3 = 3.89 ≥ 3.75.
    # Total 92.42 + 1 + 2·3/9 ≥ 85, pengungkit ≥ 48, hasil at its maximum: WBBM holds.
    wb = openpyxl.load_workbook(real_sheet)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    ws["K87"], ws["K88"], ws["K156"] = "A", "A", 4
    ws["K154"] = None  # the printed 11.11% would only raise a warning
    path = tmp_path / "wbbm.xlsx"
    wb.save(path)
    code, out, _ = _run(capsys, str(path), "--prior-wbk", "yes")
    assert code == 0
    assert "Menuju WBBM: MEMENUHI SYARAT" in out
    code, out, _ = _run(capsys, str(path))
    assert "Menuju WBBM: BELUM MEMENUHI SYARAT" in out
    assert "Predikat WBK sebelumnya: tidak diketahui" in out


def test_no_data_is_shown_with_its_rule(
    real_sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(real_sheet)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    ws["K166"], ws["K167"], ws["K168"] = 0, 0, 0  # PRE2A: nothing to follow up
    path = tmp_path / "nol.xlsx"
    wb.save(path)
    code, out, _ = _run(capsys, str(path))
    assert code == 0
    assert "PRE2A: tidak ada data, dihitung 0" in out
    code, out, _ = _run(capsys, str(path), "--json", "--zero-denominator", "one")
    doc = json.loads(out)
    assert doc["no_data"] == [
        {
            "code": "PRE2A",
            "label": "tidak ada data",
            "rule": "one",
            "value": 1,
            "decided": True,
            "note": "",
        }
    ]


def test_every_bad_cell_on_stderr(
    real_sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(real_sheet)
    ws = wb["LKE"]
    assert isinstance(ws, Worksheet)
    ws["K57"], ws["K10"] = "Z", "Q"
    path = tmp_path / "dua.xlsx"
    wb.save(path)
    code, out, err = _run(capsys, str(path))
    assert code == 2
    assert out == ""
    assert "LKE!K10" in err and "LKE!K57" in err
