"""Fixtures for the SKM tests: the published worked example from ``shared/data/skm``.

The data lives outside the repository (``<repo>/../shared/data``); tests that need it are
skipped with the reason when it is absent. The product never reads it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from integritas.core.testing.shared import shared_missing
from integritas.surveys.ikm import UNSUR_CODES

# src/integritas/surveys/tests/conftest.py → parents[4] is the repository root.
SHARED_DIR = Path(__file__).resolve().parents[4].parent / "shared"
WORKED_EXAMPLE = SHARED_DIR / "data" / "skm" / "triwulan-iii-29-responden.csv"

Rows = list[dict[str, int | None]]


def rows_from_counts(counts: dict[str, dict[int, int]]) -> Rows:
    """Respondent rows whose per-unsur answer counts are ``counts[code][value]``.

    Respondent i takes the i-th value of each unsur's sorted answer list; every unsur must
    have the same number of answers.
    """
    columns = {
        code: [value for value in (4, 3, 2, 1) for _ in range(counts[code][value])]
        for code in UNSUR_CODES
    }
    sizes = {len(values) for values in columns.values()}
    assert len(sizes) == 1, f"unequal respondent counts per unsur: {sizes}"
    (size,) = sizes
    return [{code: columns[code][i] for code in UNSUR_CODES} for i in range(size)]


@pytest.fixture(scope="session")
def worked_counts() -> dict[str, dict[int, int]]:
    """``{"U1": {4: 18, 3: 11, 2: 0, 1: 0}, …}`` from the published quarterly SKM result."""
    if not WORKED_EXAMPLE.is_file():
        shared_missing(WORKED_EXAMPLE)
    with WORKED_EXAMPLE.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    counts = {
        record["unsur"]: {v: int(record[f"n{v}"]) for v in (4, 3, 2, 1)} for record in records
    }
    assert sorted(counts) == sorted(UNSUR_CODES)
    return counts


@pytest.fixture
def worked_rows(worked_counts: dict[str, dict[int, int]]) -> Rows:
    """29 respondent rows with the worked example's per-unsur counts."""
    return rows_from_counts(worked_counts)


PROFILE_HEADER = ["Umur", "Jenis Kelamin", "Pendidikan", "Pekerjaan", "Layanan", "Tanggal"]


def _profile(i: int) -> list[str | int]:
    return [20 + i, "L" if i % 2 else "P", "SMA", "Swasta", "KTP", f"2025-08-{1 + i % 28:02d}"]


@pytest.fixture
def worked_csv(tmp_path: Path, worked_rows: Rows) -> Path:
    """The worked example as a CSV with messy headers (case, spaces) and profile columns."""
    path = tmp_path / "skm.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["No", *[f" {c.lower()} " for c in UNSUR_CODES], *PROFILE_HEADER])
        for i, row in enumerate(worked_rows):
            writer.writerow([i + 1, *[row[c] for c in UNSUR_CODES], *_profile(i)])
    return path


@pytest.fixture
def worked_xlsx(tmp_path: Path, worked_rows: Rows) -> Path:
    """The worked example as an XLSX workbook (first sheet), numbers as numeric cells."""
    path = tmp_path / "skm.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["No", *UNSUR_CODES, *PROFILE_HEADER])
    for i, row in enumerate(worked_rows):
        sheet.append([i + 1, *[row[c] for c in UNSUR_CODES], *_profile(i)])
    workbook.save(path)
    return path
