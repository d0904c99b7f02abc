"""Tests of reading raw SKM responses from CSV and XLSX files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from integritas.surveys.ikm import UNSUR_CODES, compute_ikm
from integritas.surveys.responses_io import (
    MAX_REPORTED_PROBLEMS,
    ResponseFileError,
    read_responses,
)

HEADER = ",".join(UNSUR_CODES)
GOOD = ",".join(["3"] * 9)


def write(tmp_path: Path, text: str, name: str = "skm.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_worked_example_csv_and_xlsx_agree(worked_csv: Path, worked_xlsx: Path) -> None:
    from_csv = read_responses(worked_csv)
    from_xlsx = read_responses(worked_xlsx)
    assert len(from_csv) == len(from_xlsx) == 29
    assert [r.answers for r in from_csv] == [r.answers for r in from_xlsx]
    for responses in (from_csv, from_xlsx):
        result = compute_ikm(r.answers for r in responses)
        assert result.ikm_rounded == Decimal("91.48")
        assert compute_ikm((r.answers for r in responses), weighting="printed").ikm_rounded == (
            Decimal("91.38")
        )
    first = from_xlsx[0]
    assert first.row == 2
    assert first.profile.age == 20
    assert first.profile.sex == "P"
    assert first.profile.education == "SMA"
    assert first.profile.occupation == "Swasta"
    assert first.profile.service == "KTP"
    assert first.profile.date == date(2025, 8, 1)
    assert from_csv[0].profile == first.profile


def test_headers_case_whitespace_semicolon_and_bom(tmp_path: Path) -> None:
    text = (
        "\ufeff No ; u1 ;U2;U3 ;u4;U5;U6;U7;U8;U9; USIA ;Jenis-Kelamin\n1;4;4;4;4;4;4;4;4;4;33;L\n"
    )
    (response,) = read_responses(write(tmp_path, text))
    assert response.answers == dict.fromkeys(UNSUR_CODES, 4)
    assert response.profile.age == 33
    assert response.profile.sex == "L"


def test_blank_cells_are_unanswered_and_blank_rows_skipped(tmp_path: Path) -> None:
    text = f"{HEADER}\n3,,3,3,3,3,3,3,3\n,,,,,,,,\n\n{GOOD}\n"
    responses = read_responses(write(tmp_path, text))
    assert [r.row for r in responses] == [2, 5]
    assert responses[0].answers["U2"] is None


def test_error_names_row_and_column(tmp_path: Path) -> None:
    lines = [HEADER] + [GOOD] * 5 + ["3,3,5,3,3,3,3,3,3"]
    with pytest.raises(ResponseFileError) as caught:
        read_responses(write(tmp_path, "\n".join(lines) + "\n"))
    assert caught.value.problems == ("baris 7, kolom U3: nilai 5 di luar 1–4",)
    assert "baris 7, kolom U3" in str(caught.value)


def test_all_problems_listed_nothing_partial(tmp_path: Path) -> None:
    lines = [HEADER + ",umur,tanggal", "x,3,3,3,3,3,3,3,3,20,2025-01-01"]
    lines += [GOOD + ",20,2025-01-01"] * 3
    lines += ["3,3,3,3,3,3,3,3,3.5,abc,31/02/2025"]
    with pytest.raises(ResponseFileError) as caught:
        read_responses(write(tmp_path, "\n".join(lines)))
    assert caught.value.problems == (
        "baris 2, kolom U1: nilai 'x' bukan bilangan bulat 1–4",
        "baris 6, kolom U9: nilai '3.5' bukan bilangan bulat 1–4",
        "baris 6, kolom umur: umur 'abc' bukan bilangan bulat 1–149",
        "baris 6, kolom tanggal: tanggal '31/02/2025' tidak dikenali "
        "(gunakan TTTT-BB-HH atau HH/BB/TTTT)",
    )


def test_problem_list_is_capped(tmp_path: Path) -> None:
    lines = [HEADER] + ["9,3,3,3,3,3,3,3,3"] * (MAX_REPORTED_PROBLEMS + 5)
    with pytest.raises(ResponseFileError) as caught:
        read_responses(write(tmp_path, "\n".join(lines)))
    assert len(caught.value.problems) == MAX_REPORTED_PROBLEMS + 5
    message = str(caught.value)
    assert message.count("nilai 9 di luar") == MAX_REPORTED_PROBLEMS
    assert "… dan 5 masalah lain" in message


def test_missing_column(tmp_path: Path) -> None:
    with pytest.raises(ResponseFileError, match="kolom U8, U9 tidak ada"):
        read_responses(write(tmp_path, "U1,U2,U3,U4,U5,U6,U7\n3,3,3,3,3,3,3\n"))


def test_duplicate_column(tmp_path: Path) -> None:
    with pytest.raises(ResponseFileError, match="U1 muncul lebih dari sekali"):
        read_responses(write(tmp_path, f"{HEADER},u1\n{GOOD},3\n"))


def test_row_without_answers(tmp_path: Path) -> None:
    with pytest.raises(ResponseFileError, match="baris 2: tidak ada jawaban"):
        read_responses(write(tmp_path, f"{HEADER},umur\n,,,,,,,,,40\n"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.csv", "", "berkas kosong"),
        ("judul.csv", HEADER + "\n", "tidak ada baris jawaban"),
        ("skm.txt", HEADER, "jenis berkas tidak didukung"),
        ("rusak.xlsx", "bukan zip", "XLSX tidak dapat dibaca"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str, message: str) -> None:
    with pytest.raises(ResponseFileError, match=message):
        read_responses(write(tmp_path, content, name))


def test_latin1_csv_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    path.write_bytes(f"{HEADER},layanan\n{GOOD},Kartu Keluarga \xe9\n".encode("latin-1"))
    with pytest.raises(ResponseFileError, match="UTF-8"):
        read_responses(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ResponseFileError, match="tidak ditemukan"):
        read_responses(tmp_path / "tidak-ada.csv")


def test_xlsx_title_row_and_spreadsheet_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Survei Kepuasan Masyarakat"])  # a title row above the header
    sheet.append(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"])
    sheet.append([4, 4, 4, 4, 4, 4, 4, 4, 4])
    sheet.append([4, 4, 4, 4, 4, 4, 4, 4, 0])
    path = tmp_path / "skm.xlsx"
    workbook.save(path)
    # The title row is skipped; rows keep their spreadsheet numbers.
    with pytest.raises(ResponseFileError) as caught:
        read_responses(path)
    assert caught.value.problems == ("baris 4, kolom U9: nilai 0 di luar 1–4",)


def test_no_header_row(tmp_path: Path) -> None:
    with pytest.raises(ResponseFileError, match="judul kolom"):
        read_responses(write(tmp_path, "a,b\n1,2\n"))
