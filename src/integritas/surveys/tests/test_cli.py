"""Tests of ``integritas skm ikm`` (contract: shared/DESIGN.md, "Command line")."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from integritas.cli import main
from integritas.surveys.cli import EXIT_BAD_INPUT, EXIT_OK, skm_ikm
from integritas.surveys.ikm import UNSUR

REPO_ROOT = Path(__file__).resolve().parents[4]

WORKED_NRR = [3.6207, 3.4828, 3.4483, 4.0, 3.5172, 3.6207, 3.6552, 3.9655, 3.6207]


def check_worked_json(document: dict[str, object], *, ikm: float) -> None:
    assert list(document) == ["respondents", "unsur", "ikm", "mutu", "kinerja"]
    assert document["respondents"] == 29
    assert document["unsur"] == [
        {"code": u.code, "name": u.name, "nrr": nrr}
        for u, nrr in zip(UNSUR, WORKED_NRR, strict=True)
    ]
    assert document["ikm"] == ikm
    assert document["mutu"] == "A"
    assert document["kinerja"] == "Sangat Baik"


def test_json_in_process(worked_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["skm", "ikm", str(worked_csv), "--json"]) == EXIT_OK
    check_worked_json(json.loads(capsys.readouterr().out), ikm=91.4751)


def test_json_printed_weighting_xlsx(worked_xlsx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["skm", "ikm", str(worked_xlsx), "--json", "--weighting", "printed"]) == EXIT_OK
    check_worked_json(json.loads(capsys.readouterr().out), ikm=91.3836)


def test_human_output(worked_xlsx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert skm_ikm(path=str(worked_xlsx), as_json=False, weighting="exact") == EXIT_OK
    out = capsys.readouterr().out
    assert "Responden: 29" in out
    assert "U3     Waktu penyelesaian" in out
    assert "3.45" in out
    assert "IKM: 91.48" in out
    assert "Mutu: A" in out
    assert "Kinerja: Sangat Baik" in out


def test_bad_file_exit_2_names_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["U1,U2,U3,U4,U5,U6,U7,U8,U9"] + ["3,3,3,3,3,3,3,3,3"] * 5 + ["3,3,5,3,3,3,3,3,3"]
    path = tmp_path / "buruk.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["skm", "ikm", str(path), "--json"]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "baris 7, kolom U3: nilai 5 di luar 1–4" in captured.err


def test_unanswered_unsur_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tanpa-u9.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n3,3,3,3,3,3,3,3,\n", encoding="utf-8")
    assert skm_ikm(path=str(path), as_json=True, weighting="exact") == EXIT_BAD_INPUT
    assert "U9" in capsys.readouterr().err


def test_unknown_weighting_exit_2(worked_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert skm_ikm(path=str(worked_csv), as_json=True, weighting="0.11") == EXIT_BAD_INPUT
    assert "Pembobotan" in capsys.readouterr().err


@pytest.fixture(scope="module")
def uv() -> str:
    found = shutil.which("uv")
    if found is None:
        pytest.skip("uv is not on PATH; the in-process tests cover the same code")
    return found


def run_uv(uv: str, *args: str) -> subprocess.CompletedProcess[str]:
    # --no-sync: never touch the environment the test suite is running in.
    return subprocess.run(
        [uv, "run", "--no-sync", "integritas", "skm", "ikm", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_uv_run_json(uv: str, worked_csv: Path) -> None:
    done = run_uv(uv, str(worked_csv), "--json")
    assert done.returncode == EXIT_OK, done.stderr
    check_worked_json(json.loads(done.stdout), ikm=91.4751)


def test_uv_run_bad_file(uv: str, tmp_path: Path) -> None:
    path = tmp_path / "buruk.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n3,3,3,3,3,3,3,3,x\n", encoding="utf-8")
    done = run_uv(uv, str(path))
    assert done.returncode == EXIT_BAD_INPUT
    assert "baris 2, kolom U9" in done.stderr
    assert done.stdout == ""
