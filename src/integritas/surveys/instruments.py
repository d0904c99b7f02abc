"""Questionnaire wording, SPAK/SPKP item sets and survey periods — pure Python, no Django.

Sources:

- SKM questions: PermenPANRB 14/2017, Lampiran, "Contoh kuesioner" (nine questions, four
  answers each; the answer wording is :data:`integritas.surveys.ikm.UNSUR`). DOMAIN.md §2.
- SPAK/SPKP items and answer labels: DOMAIN.md §3 — instruments seen in one source only [1],
  scale and conversion not confirmed [?]; these are **defaults**, each survey stores its own
  copy of the items and its scale (1–4 or 1–6), so a unit can change them.
- Periods: quarter by default (DOMAIN.md §2: the LKE rewards four surveys a year); a period is
  named ``YYYY-Qn`` (quarter), ``YYYY-Sn`` (semester) or ``YYYY`` (year), computed from the
  local date in the Pemda's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from integritas.surveys.ikm import UNSUR_CODES

#: Question per unsur, as in the regulation's sample questionnaire. Keyed by code: the sample
#: asks about sarana (its question 8) before pengaduan (question 9) — see ikm.UNSUR.
SKM_QUESTIONS: dict[str, str] = {
    "U1": (
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?"
    ),
    "U2": "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "U3": "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "U4": "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "U5": (
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?"
    ),
    "U6": "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "U7": (
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?"
    ),
    "U8": "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "U9": "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
}
assert tuple(SKM_QUESTIONS) == UNSUR_CODES

#: Default SPAK items (DOMAIN.md §3 [1]): worded so that agreeing is better (no recoding).
DEFAULT_SPAK_ITEMS: tuple[tuple[str, str], ...] = (
    ("A1", "Petugas memberikan pelayanan tanpa diskriminasi."),
    ("A2", "Petugas tidak memberikan pelayanan khusus kepada kenalan atau keluarga."),
    ("A3", "Pelayanan diberikan sesuai prosedur yang ditetapkan."),
    ("A4", "Petugas tidak meminta atau menerima imbalan uang di luar ketentuan."),
    ("A5", "Petugas tidak meminta atau menerima imbalan barang."),
    ("A6", "Petugas tidak meminta atau menerima imbalan fasilitas."),
    ("A7", "Tidak ada pungutan liar dalam pelayanan."),
    ("A8", "Tidak ada percaloan dalam pelayanan."),
)

#: Default SPKP items, one or two per service-quality dimension (DOMAIN.md §3 [1]).
DEFAULT_SPKP_ITEMS: tuple[tuple[str, str], ...] = (
    ("K1", "Informasi pelayanan tersedia dan jelas."),
    ("K2", "Persyaratan pelayanan mudah dipenuhi."),
    ("K3", "Prosedur pelayanan mudah diikuti."),
    ("K4", "Pelayanan selesai sesuai waktu yang dijanjikan."),
    ("K5", "Biaya pelayanan sesuai ketentuan yang diumumkan."),
    ("K6", "Petugas kompeten dan sigap."),
    ("K7", "Petugas sopan dan ramah."),
    ("K8", "Sarana dan prasarana pelayanan nyaman."),
    ("K9", "Pengaduan pengguna layanan ditanggapi."),
)

#: Answer labels of the perception scales (agreement), by scale size [?] — configuration.
PERCEPTION_LABELS: dict[tuple[int, int], tuple[str, ...]] = {
    (1, 4): ("Tidak setuju", "Kurang setuju", "Setuju", "Sangat setuju"),
    (1, 6): (
        "Sangat tidak setuju",
        "Tidak setuju",
        "Kurang setuju",
        "Cukup setuju",
        "Setuju",
        "Sangat setuju",
    ),
}


@dataclass(frozen=True)
class Question:
    """One question of an instrument: ``code``, wording, and ``(value, label)`` choices."""

    code: str
    title: str
    text: str
    choices: tuple[tuple[int, str], ...]


def perception_labels(minimum: int, maximum: int) -> tuple[str, ...]:
    """Answer labels for a perception scale; plain numbers for a scale without labels."""
    return PERCEPTION_LABELS.get(
        (minimum, maximum), tuple(str(v) for v in range(minimum, maximum + 1))
    )


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QS])(?P<n>\d))?$")


class PeriodError(ValueError):
    """A malformed period name (message in Indonesian)."""


def period_of(day: date, scheme: str = "quarter") -> str:
    """The period containing local date ``day``: ``2025-Q3``, ``2025-S2`` or ``2025``."""
    if scheme == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if scheme == "semester":
        return f"{day.year}-S{(day.month - 1) // 6 + 1}"
    if scheme == "year":
        return f"{day.year}"
    raise PeriodError(f"Skema periode tidak dikenal: {scheme!r}.")


def parse_period(name: str) -> tuple[int, str, int]:
    """``"2025-Q3"`` → ``(2025, "Q", 3)``; ``"2025"`` → ``(2025, "Y", 1)``; raise otherwise."""
    match = _PERIOD.match(name.strip()) if isinstance(name, str) else None
    if match is None:
        raise PeriodError(f"Periode {name!r} tidak sah (contoh: 2025-Q3, 2025-S1, 2025).")
    year, kind, number = int(match["year"]), match["kind"] or "Y", int(match["n"] or 1)
    if (kind == "Q" and not 1 <= number <= 4) or (kind == "S" and not 1 <= number <= 2):
        raise PeriodError(f"Periode {name!r} tidak sah (triwulan 1–4, semester 1–2).")
    return year, kind, number


def period_bounds(name: str) -> tuple[date, date]:
    """First and last local date of a period (inclusive)."""
    year, kind, number = parse_period(name)
    months = {"Q": 3, "S": 6, "Y": 12}[kind]
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    end = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    return date(year, first_month, 1), date.fromordinal(end.toordinal() - 1)


def period_label(name: str) -> str:
    """Human label in Indonesian: ``2025-Q3`` → ``Triwulan III 2025``."""
    year, kind, number = parse_period(name)
    roman = ("I", "II", "III", "IV")[number - 1]
    if kind == "Q":
        return f"Triwulan {roman} {year}"
    if kind == "S":
        return f"Semester {roman} {year}"
    return f"Tahun {year}"


def periods_between(first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive (same scheme), in order."""
    y1, k1, n1 = parse_period(first)
    y2, k2, n2 = parse_period(last)
    if k1 != k2:
        raise PeriodError("Periode awal dan akhir harus memakai skema yang sama.")
    per_year = {"Q": 4, "S": 2, "Y": 1}[k1]
    out: list[str] = []
    index, stop = y1 * per_year + n1 - 1, y2 * per_year + n2 - 1
    while index <= stop:
        year, number = divmod(index, per_year)
        out.append(str(year) if k1 == "Y" else f"{year}-{k1}{number + 1}")
        index += 1
    return out


def age_band(age: int) -> str:
    """Exact age in years → the stored band (``AgeBand`` values); the exact age is not kept."""
    if age < 20:
        return "u20"
    if age >= 60:
        return "60+"
    low = age // 10 * 10
    return f"{low}-{low + 9}"
