"""SKM/IKM and SPAK/SPKP arithmetic — pure Python, no Django import.

Sources:

- **SKM/IKM**: Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei
  Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik (Lampiran: nine unsur, the sample
  questionnaire with four answers per question, the NRR/IKM formula, the 0.111 weight and the
  conversion table of IKM to mutu and kinerja). Summarised in ``shared/DOMAIN.md`` §2.
- **Sample size**: Krejcie, R. V. & Morgan, D. W. (1970), "Determining Sample Size for Research
  Activities", *Educational and Psychological Measurement* 30, 607–610, as referred to by the
  regulation's Lampiran (``shared/DOMAIN.md`` §2).
- **SPAK/SPKP → IPAK/IPKP**: ``shared/DOMAIN.md`` §3 — the 0–4 index is confirmed, the
  conversion from the raw item scale is **not** ([?]): it is configuration
  (:class:`PerceptionScale`) with the default given there.

Every regulatory number lives in the "Regulatory constants" block below, with its source.
Everything is computed with :class:`fractions.Fraction` (exact); rounding happens only in
:func:`round_half_up`, for display and for the mutu classification, which the regulation does
on the IKM rounded to 2 decimals.

Errors are :class:`SkmError` subclasses (a :class:`ValueError`) with messages in Indonesian,
fit to show to the person who uploaded the data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeAlias

Number: TypeAlias = Fraction | Decimal | int
Weighting: TypeAlias = Literal["exact", "printed"]
ConversionMethod: TypeAlias = Literal["linear", "proportional"]

# ---------------------------------------------------------------------------------------------
# Regulatory constants — the only place these numbers appear.
# ---------------------------------------------------------------------------------------------

#: The rule set these constants belong to (old results keep the rules they were made under).
REGULATION = (
    "Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan "
    "Masyarakat Unit Penyelenggara Pelayanan Publik"
)

#: Answer scale of every unsur: 1 (worst) … 4 (best). PermenPANRB 14/2017, Lampiran [C].
ANSWER_MIN = 1
ANSWER_MAX = 4

#: IKM conversion factor: IKM = mean NRR × 25, so that the 1–4 scale maps onto 25–100.
#: PermenPANRB 14/2017, Lampiran ("nilai dasar") [C].
IKM_CONVERSION_FACTOR = 25

#: The weight per unsur as printed in the regulation: 1/9 rounded to 0.111.
#: Offered only as the legacy ``weighting="printed"``; the default is the exact mean
#: (DOMAIN.md §2). Never 0.11 — that imprecision turns 91.48 into 90.56.
PRINTED_WEIGHT = Fraction("0.111")

#: Decimal places on which the mutu is classified (the conversion table is printed to 2 places).
CLASSIFICATION_PLACES = 2

#: Krejcie & Morgan (1970) constants: χ² for 1 degree of freedom at 95% confidence, population
#: proportion P and margin of error d. DOMAIN.md §2 [C formula].
KREJCIE_MORGAN_CHI_SQUARE = Fraction("3.841")
KREJCIE_MORGAN_P = Fraction("0.5")
KREJCIE_MORGAN_D = Fraction("0.05")

#: Krejcie & Morgan (1970), Table 1 "Table for Determining Sample Size from a Given Population"
#: (p. 608): population N → sample size S, as published. The table is the formula below rounded
#: to the NEAREST whole respondent (15 → 14, 50 → 44, 500 → 217, 9 000 → 368 — the article's own
#: example), not rounded up. DOMAIN.md §2 [C, checked against the table]. For these N with the
#: default constants the published value is returned as printed.
KREJCIE_MORGAN_TABLE: Mapping[int, int] = {
    10: 10,
    15: 14,
    20: 19,
    25: 24,
    30: 28,
    35: 32,
    40: 36,
    45: 40,
    50: 44,
    55: 48,
    60: 52,
    65: 56,
    70: 59,
    75: 63,
    80: 66,
    85: 70,
    90: 73,
    95: 76,
    100: 80,
    110: 86,
    120: 92,
    130: 97,
    140: 103,
    150: 108,
    160: 113,
    170: 118,
    180: 123,
    190: 127,
    200: 132,
    210: 136,
    220: 140,
    230: 144,
    240: 148,
    250: 152,
    260: 155,
    270: 159,
    280: 162,
    290: 165,
    300: 169,
    320: 175,
    340: 181,
    360: 186,
    380: 191,
    400: 196,
    420: 201,
    440: 205,
    460: 210,
    480: 214,
    500: 217,
    550: 226,
    600: 234,
    650: 242,
    700: 248,
    750: 254,
    800: 260,
    850: 265,
    900: 269,
    950: 274,
    1000: 278,
    1100: 285,
    1200: 291,
    1300: 297,
    1400: 302,
    1500: 306,
    1600: 310,
    1700: 313,
    1800: 317,
    1900: 320,
    2000: 322,
    2200: 327,
    2400: 331,
    2600: 335,
    2800: 338,
    3000: 341,
    3500: 346,
    4000: 351,
    4500: 354,
    5000: 357,
    6000: 361,
    7000: 364,
    8000: 367,
    9000: 368,
    10000: 370,
    15000: 375,
    20000: 377,
    30000: 379,
    40000: 380,
    50000: 381,
    75000: 382,
    1000000: 384,
}

#: Upper end of the IPAK/IPKP index (LKE Hasil uses a 0–4 index). DOMAIN.md §3 [C].
PERCEPTION_INDEX_MAX = 4


@dataclass(frozen=True)
class Unsur:
    """One of the nine unsur (service elements) of the SKM.

    ``labels[v - 1]`` is the questionnaire's wording for answer value ``v`` (1–4).
    """

    code: str
    name: str
    labels: tuple[str, str, str, str]


#: The nine unsur in the order of the regulation's list (huruf a–i), with the answer wording of
#: the Lampiran's sample questionnaire (PermenPANRB 14/2017). Note: that sample questionnaire
#: asks about sarana dan prasarana (question 8) before penanganan pengaduan (question 9);
#: codes here follow the unsur list, so U8 = pengaduan and U9 = sarana — map questions by
#: code, never by position.
UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", "Persyaratan", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur(
        "U2",
        "Sistem, mekanisme, dan prosedur",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Unsur("U3", "Waktu penyelesaian", ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Unsur("U4", "Biaya/tarif", ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Unsur(
        "U5",
        "Produk spesifikasi jenis pelayanan",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U6",
        "Kompetensi pelaksana",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Unsur(
        "U7",
        "Perilaku pelaksana",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    Unsur(
        "U8",
        "Penanganan pengaduan, saran dan masukan",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),
    Unsur("U9", "Sarana dan prasarana", ("Buruk", "Cukup", "Baik", "Sangat baik")),
)

UNSUR_CODES: tuple[str, ...] = tuple(u.code for u in UNSUR)
UNSUR_BY_CODE: Mapping[str, Unsur] = {u.code: u for u in UNSUR}


@dataclass(frozen=True)
class MutuBand:
    """One row of the regulation's conversion table: IKM interval → mutu and kinerja.

    ``lower`` and ``upper`` are inclusive bounds on the IKM rounded to 2 decimals (25–100 scale).
    """

    mutu: Literal["A", "B", "C", "D"]
    kinerja: str
    lower: Decimal
    upper: Decimal


#: Conversion table, PermenPANRB 14/2017, Lampiran ("nilai interval konversi") [C].
MUTU_BANDS: tuple[MutuBand, ...] = (
    MutuBand("A", "Sangat Baik", Decimal("88.31"), Decimal("100.00")),
    MutuBand("B", "Baik", Decimal("76.61"), Decimal("88.30")),
    MutuBand("C", "Kurang Baik", Decimal("65.00"), Decimal("76.60")),
    MutuBand("D", "Tidak Baik", Decimal("25.00"), Decimal("64.99")),
)

# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


class SkmError(ValueError):
    """Base of every error of this module; the message is Indonesian, for end users."""


class EmptySurveyError(SkmError):
    """No respondent (or no item) at all."""


class AnswerOutOfRangeError(SkmError):
    """An answer is not an integer on the instrument's scale."""


class MissingUnsurError(SkmError):
    """An unsur (or SPAK/SPKP item) that no respondent answered, or an unknown code."""


class UnknownWeightingError(SkmError):
    """A weighting other than ``"exact"`` or ``"printed"``."""


class ScaleError(SkmError):
    """An invalid perception scale configuration or a value outside the classification range."""


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def round_half_up(value: Number, places: int) -> Decimal:
    """Round ``value`` to ``places`` decimals, halves away from zero (88.305 → 88.31).

    Exact for Fraction, Decimal and int input (no binary floating point involved). Returns a
    Decimal with exactly ``places`` digits after the point (``90`` → ``Decimal("90.00")``).
    """
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    rounded = int(scaled + Fraction(1, 2))  # int() floors a non-negative Fraction
    if exact < 0:
        rounded = -rounded
    return Decimal(rounded).scaleb(-places)


def parse_weighting(value: str) -> Weighting:
    """Return ``value`` as a :data:`Weighting`; raise :class:`UnknownWeightingError` otherwise."""
    if value == "exact":
        return "exact"
    if value == "printed":
        return "printed"
    raise UnknownWeightingError(
        f"Pembobotan tidak dikenal: {value!r} (pilihan: 'exact' atau 'printed')."
    )


def _check_answer(value: object, *, code: str, respondent: int, low: int, high: int) -> int:
    # bool is an int subclass; True must not count as answer 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerOutOfRangeError(
            f"Responden ke-{respondent}, {code}: nilai {value!r} bukan bilangan bulat {low}–{high}."
        )
    if not low <= value <= high:
        raise AnswerOutOfRangeError(
            f"Responden ke-{respondent}, {code}: nilai {value} di luar skala {low}–{high}."
        )
    return value


# ---------------------------------------------------------------------------------------------
# SKM / IKM
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnsurTally:
    """Sum of the answer values of one unsur and how many respondents answered it."""

    code: str
    total: int
    answered: int


@dataclass(frozen=True)
class NrrUnsur:
    """NRR (nilai rata-rata) of one unsur: ``total / answered``, on the 1–4 scale."""

    unsur: Unsur
    total: int
    answered: int
    nrr: Fraction


@dataclass(frozen=True)
class IkmResult:
    """Result of an IKM computation.

    ``ikm`` is exact (25–100 scale); ``ikm_rounded`` is what the regulation classifies and
    what people read; ``band`` is the mutu/kinerja row it falls in.
    """

    respondents: int
    unsur: tuple[NrrUnsur, ...]
    weighting: Weighting
    ikm: Fraction
    band: MutuBand

    @property
    def ikm_rounded(self) -> Decimal:
        """IKM rounded half-up to 2 decimals."""
        return round_half_up(self.ikm, CLASSIFICATION_PLACES)

    @property
    def mutu(self) -> str:
        """Mutu pelayanan, ``"A"`` … ``"D"``."""
        return self.band.mutu

    @property
    def kinerja(self) -> str:
        """Kinerja unit pelayanan, e.g. ``"Sangat Baik"``."""
        return self.band.kinerja


def tally_responses(responses: Iterable[Mapping[str, int | None]]) -> tuple[int, list[UnsurTally]]:
    """Count answers per unsur.

    ``responses``: one mapping per respondent, ``{"U1": 1-4 | None, …, "U9": …}``; a missing
    key or ``None`` means the respondent did not answer that unsur. Keys other than U1–U9 are
    refused (a typo would otherwise silently drop answers).

    Returns ``(respondents, tallies in U1…U9 order)``.

    Raises :class:`EmptySurveyError` (no respondent), :class:`AnswerOutOfRangeError`
    (value not an integer 1–4), :class:`MissingUnsurError` (unknown key).
    """
    totals = dict.fromkeys(UNSUR_CODES, 0)
    answered = dict.fromkeys(UNSUR_CODES, 0)
    respondents = 0
    for response in responses:
        respondents += 1
        for code, value in response.items():
            if code not in totals:
                raise MissingUnsurError(
                    f"Responden ke-{respondents}: unsur tidak dikenal {code!r} "
                    f"(yang dikenal: {', '.join(UNSUR_CODES)})."
                )
            if value is None:
                continue
            totals[code] += _check_answer(
                value, code=code, respondent=respondents, low=ANSWER_MIN, high=ANSWER_MAX
            )
            answered[code] += 1
    if respondents == 0:
        raise EmptySurveyError("Data survei kosong: tidak ada satu pun responden.")
    return respondents, [UnsurTally(c, totals[c], answered[c]) for c in UNSUR_CODES]


def nrr_per_unsur(tallies: Iterable[UnsurTally]) -> tuple[NrrUnsur, ...]:
    """NRR per unsur = Σ values / respondents who answered it (PermenPANRB 14/2017) [C].

    ``tallies`` must hold each of U1…U9 exactly once (any order); the result is in U1…U9
    order. Raises :class:`MissingUnsurError` when an unsur is absent, unknown, duplicated or
    answered by nobody, :class:`AnswerOutOfRangeError` when a total is impossible for its
    count (outside ``answered × 1 … answered × 4``).
    """
    by_code: dict[str, UnsurTally] = {}
    for tally in tallies:
        if tally.code not in UNSUR_BY_CODE:
            raise MissingUnsurError(f"Unsur tidak dikenal: {tally.code!r}.")
        if tally.code in by_code:
            raise MissingUnsurError(f"Unsur {tally.code} disebut lebih dari sekali.")
        by_code[tally.code] = tally
    result: list[NrrUnsur] = []
    for unsur in UNSUR:
        found = by_code.get(unsur.code)
        if found is None or found.answered <= 0:
            raise MissingUnsurError(
                f"Unsur {unsur.code} ({unsur.name}) tidak dijawab oleh satu pun responden; "
                "IKM memerlukan kesembilan unsur."
            )
        low, high = found.answered * ANSWER_MIN, found.answered * ANSWER_MAX
        if not low <= found.total <= high:
            raise AnswerOutOfRangeError(
                f"Unsur {unsur.code}: jumlah nilai {found.total} tidak mungkin untuk "
                f"{found.answered} responden (harus {low}–{high})."
            )
        result.append(
            NrrUnsur(unsur, found.total, found.answered, Fraction(found.total, found.answered))
        )
    return tuple(result)


def ikm_from_nrr(nrr: Sequence[Fraction], *, weighting: Weighting = "exact") -> Fraction:
    """IKM on the 25–100 scale from the nine NRR values (U1…U9 order).

    ``exact`` (default): mean of the nine NRR × 25 [C]. ``printed``: Σ NRR × 0.111 × 25, the
    regulation's printed weight (legacy; slightly lower than exact because 9 × 0.111 = 0.999).
    """
    if len(nrr) != len(UNSUR):
        raise MissingUnsurError(f"Diperlukan {len(UNSUR)} nilai NRR, diterima {len(nrr)}.")
    total = sum(nrr, Fraction(0))
    if weighting == "exact":
        return total / len(UNSUR) * IKM_CONVERSION_FACTOR
    if weighting == "printed":
        return total * PRINTED_WEIGHT * IKM_CONVERSION_FACTOR
    raise UnknownWeightingError(
        f"Pembobotan tidak dikenal: {weighting!r} (pilihan: 'exact' atau 'printed')."
    )


def classify_ikm(ikm: Number) -> MutuBand:
    """Mutu/kinerja band of an IKM value, classified on the value rounded half-up to 2 decimals.

    So 88.305 → 88.31 → A, 88.3049 → 88.30 → B, 64.995 → 65.00 → C. Raises
    :class:`ScaleError` when the rounded value lies outside 25.00–100.00 (impossible for
    answers on the 1–4 scale; the printed weighting can go down to 24.98 and is then classified
    as D — see :func:`compute_ikm_from_tallies`).
    """
    rounded = round_half_up(ikm, CLASSIFICATION_PLACES)
    for band in MUTU_BANDS:
        if band.lower <= rounded <= band.upper:
            return band
    raise ScaleError(f"Nilai IKM {rounded} di luar rentang 25,00–100,00.")


def compute_ikm_from_tallies(
    tallies: Iterable[UnsurTally], *, respondents: int, weighting: Weighting = "exact"
) -> IkmResult:
    """IKM, NRR per unsur, mutu and kinerja from per-unsur totals.

    ``respondents`` is reported as is (the number of questionnaires). Raises as
    :func:`nrr_per_unsur`, :class:`UnknownWeightingError`, and :class:`EmptySurveyError`
    when ``respondents`` < 1.
    """
    if respondents < 1:
        raise EmptySurveyError("Data survei kosong: tidak ada satu pun responden.")
    nrr = nrr_per_unsur(tallies)
    ikm = ikm_from_nrr([n.nrr for n in nrr], weighting=weighting)
    lowest = Fraction(MUTU_BANDS[-1].lower)
    # With the printed weight (9 × 0.111 = 0.999) all-1 answers give 24.975 → 24.98: below the
    # table by the weight's own rounding, so it is classified on the table's lowest bound.
    band = classify_ikm(max(ikm, lowest))
    return IkmResult(respondents, nrr, weighting, ikm, band)


def compute_ikm(
    responses: Iterable[Mapping[str, int | None]], *, weighting: Weighting = "exact"
) -> IkmResult:
    """IKM from raw responses: one mapping ``{"U1": 1-4 | None, …}`` per respondent.

    Raises as :func:`tally_responses` and :func:`compute_ikm_from_tallies`.
    """
    respondents, tallies = tally_responses(responses)
    return compute_ikm_from_tallies(tallies, respondents=respondents, weighting=weighting)


def krejcie_morgan_sample_size(
    population: int,
    *,
    chi_square: Fraction = KREJCIE_MORGAN_CHI_SQUARE,
    proportion: Fraction = KREJCIE_MORGAN_P,
    margin: Fraction = KREJCIE_MORGAN_D,
) -> int:
    """Minimum number of respondents for a population of ``population`` service users.

    s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), rounded to the nearest whole respondent (halves
    up), as the published table does (Krejcie & Morgan 1970, Table 1; DOMAIN.md §2): N 15 → 14,
    50 → 44, 100 → 80, 500 → 217, 1 000 → 278, 5 000 → 357, 9 000 → 368, 10 000 → 370. With the
    default constants an N listed in :data:`KREJCIE_MORGAN_TABLE` gets the printed value.
    Raises :class:`ScaleError` for N < 1 or parameters outside their domain.
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise ScaleError(f"Jumlah populasi harus bilangan bulat ≥ 1, diterima {population!r}.")
    if chi_square <= 0 or not 0 < proportion < 1 or not 0 < margin < 1:
        raise ScaleError("Parameter Krejcie–Morgan tidak sah (χ² > 0, 0 < P < 1, 0 < d < 1).")
    published = (
        chi_square == KREJCIE_MORGAN_CHI_SQUARE
        and proportion == KREJCIE_MORGAN_P
        and margin == KREJCIE_MORGAN_D
    )
    if published and population in KREJCIE_MORGAN_TABLE:
        return KREJCIE_MORGAN_TABLE[population]
    variance = chi_square * proportion * (1 - proportion)
    sample = variance * population / (margin**2 * (population - 1) + variance)
    return math.floor(sample + Fraction(1, 2))  # nearest, halves up, exact


# ---------------------------------------------------------------------------------------------
# SPAK / SPKP → IPAK / IPKP (DOMAIN.md §3)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PerceptionScale:
    """Configuration of a SPAK/SPKP instrument's answer scale and its conversion to 0–4.

    DOMAIN.md §3 [?]: not confirmed by a regulation — this is configuration, with defaults.

    ``minimum``/``maximum``: answer scale (instruments seen use 1–6, some units 1–4).
    ``method``:

    - ``"linear"`` (default): the scale's range maps onto 0–4,
      index = (mean − minimum) / (maximum − minimum) × 4 — the lowest answer gives 0, the
      highest 4.
    - ``"proportional"``: index = mean / maximum × 4 — on a 1–4 scale the index equals the mean.

    Items must already be oriented so that a higher value is better (reverse-coded SPAK items
    are recoded when the raw answers are stored, not here).
    """

    minimum: int = 1
    maximum: int = 6
    method: ConversionMethod = "linear"

    def __post_init__(self) -> None:
        if self.minimum < 0 or self.maximum <= self.minimum:
            raise ScaleError(
                f"Skala tidak sah: {self.minimum}–{self.maximum} (minimum ≥ 0, maksimum > minimum)."
            )
        if self.method not in ("linear", "proportional"):
            raise ScaleError(f"Metode konversi tidak dikenal: {self.method!r}.")

    def to_index(self, mean: Fraction) -> Fraction:
        """Convert a mean on this scale to the 0–4 index."""
        if not self.minimum <= mean <= self.maximum:
            raise ScaleError(
                f"Rata-rata {float(mean):.4f} di luar skala {self.minimum}–{self.maximum}."
            )
        if self.method == "linear":
            return (mean - self.minimum) / (self.maximum - self.minimum) * PERCEPTION_INDEX_MAX
        return mean / self.maximum * PERCEPTION_INDEX_MAX


#: Default SPAK/SPKP scale: 1–6 frequency scale, linear conversion (DOMAIN.md §3 [?]).
DEFAULT_PERCEPTION_SCALE = PerceptionScale()


@dataclass(frozen=True)
class PerceptionResult:
    """IPAK or IPKP on 0–4 with what it left out.

    ``missing_items``: instrument items nobody answered, in instrument order — they are not in
    the mean (a mean of nothing is not 0), and a report must say so rather than drop them
    silently. ``answered_items``: the items the mean is taken over.
    """

    index: Fraction
    answered_items: tuple[str, ...]
    missing_items: tuple[str, ...]
    respondents: int

    @property
    def complete(self) -> bool:
        """True when every instrument item has at least one answer."""
        return not self.missing_items


def perception_summary(
    responses: Iterable[Mapping[str, int | None]],
    *,
    scale: PerceptionScale = DEFAULT_PERCEPTION_SCALE,
    items: Sequence[str] = (),
) -> PerceptionResult:
    """IPAK or IPKP on 0–4 from raw SPAK/SPKP answers, reporting unanswered instrument items.

    ``responses``: one mapping ``{item code: value | None}`` per respondent; ``None`` or a
    missing key = not answered. ``items``: the instrument's item codes in order (an item listed
    here that no respondent answered is reported in ``missing_items``; items found only in the
    responses are taken as well). Each item's mean is taken over the respondents who answered
    it (as NRR in the SKM); the mean of the item means is converted with ``scale``
    (:meth:`PerceptionScale.to_index`). DOMAIN.md §3 [?] — conversion is configuration.

    Raises :class:`EmptySurveyError` (no respondent or no item answered),
    :class:`AnswerOutOfRangeError` (value outside the scale).
    """
    totals: dict[str, int] = dict.fromkeys(items, 0)
    counts: dict[str, int] = dict.fromkeys(items, 0)
    respondents = 0
    for response in responses:
        respondents += 1
        for code, value in response.items():
            totals.setdefault(code, 0)
            counts.setdefault(code, 0)
            if value is None:
                continue
            totals[code] += _check_answer(
                value, code=code, respondent=respondents, low=scale.minimum, high=scale.maximum
            )
            counts[code] += 1
    if respondents == 0:
        raise EmptySurveyError("Data survei kosong: tidak ada satu pun responden.")
    answered = tuple(c for c in totals if counts[c] > 0)
    if not answered:
        raise EmptySurveyError("Data survei kosong: tidak ada butir yang dijawab.")
    means = [Fraction(totals[c], counts[c]) for c in answered]
    return PerceptionResult(
        index=scale.to_index(sum(means, Fraction(0)) / len(means)),
        answered_items=answered,
        missing_items=tuple(c for c in totals if counts[c] == 0),
        respondents=respondents,
    )


def perception_index(
    responses: Iterable[Mapping[str, int | None]],
    *,
    scale: PerceptionScale = DEFAULT_PERCEPTION_SCALE,
) -> Fraction:
    """IPAK or IPKP on 0–4 from raw SPAK/SPKP answers (:func:`perception_summary`'s index).

    Use :func:`perception_summary` to learn which instrument items nobody answered.
    Raises as :func:`perception_summary`.
    """
    return perception_summary(responses, scale=scale).index


# ---------------------------------------------------------------------------------------------
# Presentation helpers (the regulation's numbers, for pages and reports)
# ---------------------------------------------------------------------------------------------

#: The IKM scale's bounds (1–4 answers × :data:`IKM_CONVERSION_FACTOR`).
IKM_MIN = ANSWER_MIN * IKM_CONVERSION_FACTOR
IKM_MAX = ANSWER_MAX * IKM_CONVERSION_FACTOR


def converted_nrr(nrr: Number) -> Decimal:
    """An unsur's NRR on the IKM's 25–100 scale (× :data:`IKM_CONVERSION_FACTOR`), 2 places."""
    return round_half_up(Fraction(nrr) * IKM_CONVERSION_FACTOR, 2)


def mutu_markers() -> list[tuple[float, str]]:
    """Lower bounds of the mutu bands above D, for chart markers: ``[(88.31, "A"), …]``."""
    return [(float(band.lower), band.mutu) for band in MUTU_BANDS if band.mutu in ("A", "B")]
