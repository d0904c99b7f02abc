"""Read LKE workbooks in the "LKE" sheet layout — pure Python (openpyxl), no Django.

Layout (as units fill it; see ``shared/data/lke/README.md``): one sheet named ``LKE`` with 12
columns — hierarchy labels and text in A–G, Bobot H, Kriteria I, Pilihan Jawaban J, Jawaban K,
Catatan L. Rows come in template order: PENGUNGKIT, PEMENUHAN, each area, sub-area and
question, REFORM likewise with the numeric inputs on "- Jumlah …" rows under their question,
then HASIL with its parts and items. Merged cells hold their value in the top-left cell.

Rows are matched to the template by hierarchy and order, not by exact text, so real sheets
with typos, a mislabelled row, "Ya/tidak" casing, percentages as "11.11%", "100%" or 1.0, or a
row whose cells slid one column left are still read; every such difference becomes a
:class:`WorkbookWarning` (Indonesian message, English fallback).

An answer letter means what the options the answerer saw say (DOMAIN.md §1, issue 10): the
scale of a choice is the one implied by the options printed in its criteria (the highest
option letter: "a., c., d." still means four options), else its printed answer type, else the
template (its default, then its alternatives) — the first under which the answer is an
option. Whenever criteria, printed type and template disagree, a warning names the cell.

What cannot be scored — an answer no scale allows, a number that is not one, a structure that
does not match the template, a file that is not a readable XLSX or has no LKE sheet — raises
:class:`WorkbookError`. Bad cells are collected over the whole sheet and reported together
(``problems``: sheet, row, column, value, allowed options); nothing is returned, so nothing
gets stored. The writer lives in :mod:`integritas.assessment.workbook_writer`.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO, Literal

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from integritas.assessment.lke_template import (
    ANSWER_TYPES,
    NUMERIC,
    Group,
    HasilItem,
    NumericInput,
    Question,
    Template,
    load_template,
)
from integritas.assessment.scoring import (
    NO_DATA_LABEL,
    Answer,
    Choice,
    IndexValue,
    NumericInputs,
    answer_value,
    canonical_option,
    numeric_value,
)

__all__ = [
    "COLUMNS",
    "SHEET_NAME",
    "CellProblem",
    "WorkbookError",
    "WorkbookRead",
    "WorkbookWarning",
    "criteria_options",
    "parse_count",
    "parse_percent",
    "read_sheet",
    "read_workbook",
    "show_number",
]

SHEET_NAME = "LKE"
MAX_ROWS = 2000  # a real LKE has ~200 rows; anything far larger is not an LKE (or is hostile)
TEXT_SIMILARITY_WARN = 0.8  # below this a printed label is reported as differing from the template
# A printed percentage is shown to 2 decimals (11.11%); half a unit of that is 0.00005 as a ratio.
PERCENT_TOLERANCE = Fraction(1, 20000)

COLUMNS = "ABCDEFGHIJKL"
_TEXTCOLUMNS = "ABCDEFG"
_LABEL_RE = re.compile(r"^(?:[A-Za-z]|[ivxlIVXL]+|\d+)\.?$|^-$")
# An option line of a criteria text: "a. Jika …", "b.Target …", "c) …" at the start of a line.
_OPTION_LINE = re.compile(r"^\s*([a-eA-E])\s*[.)]", re.MULTILINE)
_SCALE_OF_OPTIONS = {3: "A/B/C", 4: "A/B/C/D", 5: "A/B/C/D/E"}
_NO_DATA_TEXTS = {NO_DATA_LABEL, "no data"}
_JUMLAH = "jumlah"
_INDEX = "index"
# Printed "Pilihan Jawaban" values (lower-cased, spaces removed) → answer type or row kind.
_TYPE_TOKENS = {
    "ya/tidak": "Ya/Tidak",
    "a/b/c": "A/B/C",
    "a/b/c/d": "A/B/C/D",
    "a/b/c/d/e": "A/B/C/D/E",
    "%": NUMERIC,
    "jumlah": _JUMLAH,
}


@dataclass(frozen=True)
class WorkbookWarning:
    """Something in the sheet differs from the template but could still be scored."""

    cell: str | None
    message: str
    english: str


@dataclass(frozen=True)
class CellProblem:
    """One cell that cannot be scored: where, what it holds, and what would have been allowed."""

    sheet: str
    row: int
    column: str
    value: str
    allowed: tuple[str, ...]
    message: str
    english: str

    @property
    def cell(self) -> str:
        """``LKE!K57``."""
        return f"{self.sheet}!{self.column}{self.row}"


class WorkbookError(ValueError):
    """The workbook cannot be scored. ``message`` is Indonesian; ``english`` a short fallback.

    ``sheet``, ``row`` and ``cell`` locate the (first) problem when known (``cell`` like
    ``LKE!K57``); ``problems`` lists every bad cell of the sheet, found in one pass.
    """

    def __init__(
        self,
        message: str,
        *,
        english: str,
        sheet: str | None = None,
        row: int | None = None,
        cell: str | None = None,
        problems: tuple[CellProblem, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.english = english
        self.sheet = sheet
        self.row = row
        self.cell = cell
        self.problems = problems

    @classmethod
    def from_problems(cls, problems: list[CellProblem]) -> WorkbookError:
        """One error for every bad cell (at least one), located at the first."""
        first = problems[0]
        if len(problems) == 1:
            message, english = first.message, first.english
        else:
            message = f"{len(problems)} sel tidak dapat dinilai:\n" + "\n".join(
                p.message for p in problems
            )
            english = f"{len(problems)} cells cannot be scored:\n" + "\n".join(
                p.english for p in problems
            )
        return cls(
            message,
            english=english,
            sheet=first.sheet,
            row=first.row,
            cell=first.cell,
            problems=tuple(problems),
        )


@dataclass(frozen=True)
class WorkbookRead:
    """What a workbook says: answers ready for :func:`~integritas.assessment.scoring.score`.

    ``cells`` maps each answered code to its answer cell (``LKE!K57``); ``notes`` holds the
    Catatan column per code; ``printed_answer_types`` the scale each choice was read under.
    """

    template: Template
    answers: Mapping[str, Answer]
    notes: Mapping[str, str]
    cells: Mapping[str, str]
    warnings: tuple[WorkbookWarning, ...]
    sheet: str = SHEET_NAME
    printed_answer_types: Mapping[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- value parsing


def _number_text(text: str) -> Fraction | None:
    """Parse "1.234,5", "1,5", "0.1111", "92.35" exactly; None when it is not a number."""
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if not t:
        return None
    if "," in t and "." in t:
        # Both separators: the last one is the decimal mark ("1.234,5" or "1,234.5").
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    else:
        t = t.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", t):
        return None
    try:
        return Fraction(Decimal(t))
    except InvalidOperation:
        return None


def _number(value: object) -> Fraction | None:
    """A cell value as an exact Fraction, or None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        # The cell shows the float's shortest decimal form; take that, not its binary expansion.
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return Fraction(value)
    if isinstance(value, str):
        return _number_text(value)
    return None


def parse_percent(value: object) -> Fraction | None:
    """A printed percentage as a ratio: "11.11%" → 0.1111, "100%" → 1, 1.0 → 1, 0.1111 → 0.1111.

    A bare number above 1 is read as a percentage (92.35 → 0.9235), since these items are ratios
    capped at 1. Returns None for an empty cell or text that is not a number.
    """
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            n = _number_text(text[:-1])
            return None if n is None else n / 100
        n = _number_text(text)
    else:
        n = _number(value)
    if n is None:
        return None
    return n / 100 if n > 1 else n


def parse_count(value: object) -> Fraction | None:
    """A "- Jumlah …" input as an exact number; None for an empty cell or non-numeric text."""
    return _number(value)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _similar(a: str, b: str) -> float:
    x = " ".join(a.lower().split())
    y = " ".join(b.lower().split())
    if x == y or (x and y and (x in y or y in x)):
        return 1.0
    return difflib.SequenceMatcher(None, x, y).ratio()


def criteria_options(text: object) -> tuple[str | None, tuple[str, ...]]:
    """The scale implied by the options printed in a criteria text, and the letters printed.

    The highest option letter gives the scale ("a., c., d." → A/B/C/D: a missing "b." line still
    means four options); fewer than three options, or a list not starting at "a", imply none.
    """
    letters = tuple(m.lower() for m in _OPTION_LINE.findall(_raw_text(text)))
    if not letters or letters[0] != "a":
        return None, ()
    highest = max(letters)
    return _SCALE_OF_OPTIONS.get(ord(highest) - ord("a") + 1), letters


def _raw_text(value: object) -> str:
    return "" if value is None else str(value)


def show_number(value: Fraction) -> str:
    """A weight or count as printed: 2.5, 10, 0.25."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"


# --------------------------------------------------------------------------- row model


@dataclass
class _Row:
    number: int
    values: dict[str, object]
    label: str | None
    text: str | None
    text_col: str | None
    weight: Fraction | None
    type_token: str | None
    shifted: bool
    kind: Literal["skip", "header", "question", "input"]

    def col(self, logical: Literal["criteria", "type", "answer", "note"]) -> str:
        """Column letter of a logical column, honouring a row whose cells slid one left."""
        base = {"criteria": "I", "type": "J", "answer": "K", "note": "L"}[logical]
        return chr(ord(base) - 1) if self.shifted else base


def _classify(number: int, values: dict[str, object]) -> _Row:
    texts = [(c, values[c]) for c in _TEXTCOLUMNS if not _blank(values[c])]
    label: str | None = None
    text: str | None = None
    text_col: str | None = None
    if texts:
        first_col, first = texts[0]
        first_text = _text(first)
        if _LABEL_RE.match(first_text) and len(texts) > 1:
            label = first_text
            text_col, second = texts[1]
            text = _text(second)
        elif _LABEL_RE.match(first_text) and first_text != "-":
            label, text, text_col = first_text, "", first_col
        else:
            text, text_col = first_text, first_col
    h = values["H"]
    weight = _number(h)
    j_kind = _TYPE_TOKENS.get(_text(values["J"]).lower().replace(" ", ""))
    i_kind = _TYPE_TOKENS.get(_text(values["I"]).lower().replace(" ", ""))
    if j_kind is None and _text(values["J"]).lower().startswith("nilai"):
        j_kind = _INDEX
    shifted = False
    answer_kind = j_kind
    if answer_kind is None and i_kind is not None and weight is None and not _blank(h):
        # Criteria typed into H pushed type, answer and note one column left (2024 sheet 46–48).
        answer_kind, shifted = i_kind, True
    if (
        _text(h).lower() == "bobot"
        or (text or "").upper().startswith("TOTAL")
        or (not texts and weight is None)
    ):
        kind: Literal["skip", "header", "question", "input"] = "skip"
    elif weight is not None:
        kind = "header"
    elif answer_kind == _JUMLAH or (label is None and (text or "").startswith("-")):
        kind = "input"
    elif answer_kind is not None or label is not None:
        kind = "question"
    else:
        kind = "skip"
    return _Row(number, values, label, text, text_col, weight, answer_kind, shifted, kind)


# --------------------------------------------------------------------------- expected sequence


@dataclass(frozen=True)
class _Expect:
    kind: Literal["top", "half", "area", "sub", "group", "question", "input", "part", "item"]
    code: str
    name: str
    weight: Fraction | None = None
    question: Question | None = None
    numeric_input: NumericInput | None = None
    item: HasilItem | None = None
    group: Group | None = None

    def describe(self) -> str:
        what = {
            "top": "judul",
            "half": "bagian",
            "area": "area",
            "sub": "sub-area",
            "group": "sub-judul",
            "question": "pertanyaan",
            "input": "isian jumlah",
            "part": "bagian hasil",
            "item": "komponen hasil",
        }[self.kind]
        return f"{what} {self.code} «{_short(self.name)}»"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _expected(template: Template) -> list[_Expect]:
    out: list[_Expect] = [_Expect("top", "PENGUNGKIT", "Pengungkit", template.pengungkit_weight)]
    for half in template.halves:
        out.append(_Expect("half", half.code, half.name, half.weight))
        for area in half.areas:
            out.append(_Expect("area", area.code, area.name, area.weight))
            for sub in area.sub_areas:
                out.append(_Expect("sub", sub.code, sub.name, sub.weight))
                for q in sub.questions:
                    if q.group is not None:
                        out.append(
                            _Expect("group", q.code, q.group.name, q.group.weight, group=q.group)
                        )
                    out.append(_Expect("question", q.code, q.text, question=q))
                    if q.numeric is not None:
                        for inp in q.numeric.inputs:
                            out.append(
                                _Expect("input", q.code, inp.label, question=q, numeric_input=inp)
                            )
    out.append(_Expect("top", "HASIL", "Hasil", template.hasil_weight))
    for part in template.hasil_parts:
        out.append(_Expect("part", part.code, part.name, part.weight))
        for item in part.items:
            out.append(_Expect("item", item.code, item.name, item.weight, item=item))
    return out


def _fits(row: _Row, exp: _Expect) -> bool:
    if exp.kind in ("top", "half", "area", "sub", "group", "part"):
        return row.kind == "header"
    if exp.kind == "question":
        return row.kind == "question" or (
            row.kind == "header" and row.type_token not in (None, _JUMLAH)
        )
    if exp.kind == "input":
        return row.kind == "input"
    return row.kind in ("header", "question")  # hasil items carry both a weight and a type


def _kind_text(row: _Row) -> str:
    return {
        "header": "baris judul berbobot",
        "question": "baris pertanyaan",
        "input": "baris isian jumlah",
        "skip": "baris kosong",
    }[row.kind]


# --------------------------------------------------------------------------- reading


def _open(source: str | Path | BinaryIO) -> openpyxl.Workbook:
    try:
        if isinstance(source, (str, Path)):
            # Opened here so openpyxl judges the bytes, not the file name's extension.
            with Path(source).open("rb") as fh:
                return openpyxl.load_workbook(fh, data_only=True)
        return openpyxl.load_workbook(source, data_only=True)
    except FileNotFoundError:
        raise WorkbookError(
            f"Berkas tidak ditemukan: {source}",
            english=f"File not found: {source}",
        ) from None
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        EOFError,
        IndexError,
        AttributeError,
    ) as exc:
        # openpyxl reports a damaged or non-XLSX file through many exception types; to the user
        # they are one thing: this is not a workbook we can read.
        raise WorkbookError(
            f"Berkas bukan XLSX yang dapat dibaca ({type(exc).__name__}).",
            english=f"Not a readable XLSX file ({type(exc).__name__}).",
        ) from exc


def _sheet(wb: openpyxl.Workbook) -> Worksheet:
    for name in wb.sheetnames:
        if name.strip().upper() == SHEET_NAME:
            ws = wb[name]
            if isinstance(ws, Worksheet):
                return ws
    raise WorkbookError(
        f"Sheet «{SHEET_NAME}» tidak ditemukan; sheet yang ada: {', '.join(wb.sheetnames)}.",
        english=f"No sheet named {SHEET_NAME!r}; sheets: {', '.join(wb.sheetnames)}.",
        sheet=None,
    )


def _cell_value(cell: Cell | MergedCell) -> object:
    # Only the top-left cell of a merged range holds the value; the rest read as empty.
    if isinstance(cell, MergedCell):
        return None
    value: object = cell.value
    if isinstance(value, (datetime, date, time)):
        # A date where an answer belongs is a typing accident; keep it visible as text.
        return value.isoformat()
    return value


class _Reader:
    def __init__(self, template: Template, sheet: str) -> None:
        self.template = template
        self.sheet = sheet
        self.answers: dict[str, Answer] = {}
        self.notes: dict[str, str] = {}
        self.cells: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.warnings: list[WorkbookWarning] = []
        self.problems: list[CellProblem] = []
        self._numeric: dict[str, tuple[dict[str, Fraction], Fraction | None, str, bool]] = {}

    def ref(self, col: str, row: int) -> str:
        return f"{self.sheet}!{col}{row}"

    def warn(self, cell: str | None, message: str, english: str) -> None:
        self.warnings.append(WorkbookWarning(cell, message, english))

    def error(self, col: str, row: int, message: str, english: str) -> WorkbookError:
        cell = self.ref(col, row)
        return WorkbookError(
            f"{cell}: {message}",
            english=f"{cell}: {english}",
            sheet=self.sheet,
            row=row,
            cell=cell,
            problems=tuple(self.problems),
        )

    def problem(
        self,
        col: str,
        row: int,
        raw: object,
        allowed: tuple[str, ...],
        message: str,
        english: str,
    ) -> None:
        """Record a cell that cannot be scored; reading goes on so every bad cell is reported."""
        cell = self.ref(col, row)
        self.problems.append(
            CellProblem(
                self.sheet,
                row,
                col,
                _text(raw),
                allowed,
                f"{cell}: {message}",
                f"{cell}: {english}",
            )
        )

    # ---- per element

    def header(self, row: _Row, exp: _Expect) -> None:
        if exp.weight is not None and row.weight is not None and row.weight != exp.weight:
            self.warn(
                self.ref("H", row.number),
                f"bobot tercetak {show_number(row.weight)} berbeda dengan template "
                f"{show_number(exp.weight)} ({exp.describe()}); dipakai bobot template.",
                f"printed weight {show_number(row.weight)} differs from template "
                f"{show_number(exp.weight)} ({exp.code}); template weight used.",
            )
        self.label(row, exp)

    def label(self, row: _Row, exp: _Expect) -> None:
        if row.text and _similar(row.text, exp.name) < TEXT_SIMILARITY_WARN:
            self.warn(
                self.ref(row.text_col or "A", row.number),
                f"label «{_short(row.text)}» berbeda dengan template «{_short(exp.name)}» "
                f"({exp.code}); baris dicocokkan menurut urutan.",
                f"label differs from template ({exp.code}); row matched by position.",
            )

    def question(self, row: _Row, q: Question) -> None:
        self.label(row, _Expect("question", q.code, q.text))
        if row.shifted:
            self.warn(
                self.ref("H", row.number),
                f"isi baris {row.number} bergeser satu kolom ke kiri (kriteria di H, jawaban di "
                f"J); dibaca sesuai pergeseran ({q.code}).",
                f"row {row.number} is shifted one column left; read accordingly ({q.code}).",
            )
        answer_col = row.col("answer")
        raw = row.values[answer_col]
        note = row.values[row.col("note")]
        if not _blank(note):
            self.notes[q.code] = str(note)
        printed = row.type_token
        if q.answer_type == NUMERIC:
            if printed not in (None, NUMERIC):
                self.warn(
                    self.ref(row.col("type"), row.number),
                    f"tipe jawaban tercetak «{_text(row.values[row.col('type')])}», template: "
                    f"persentase ({q.code}).",
                    f"printed answer type differs; template: percentage ({q.code}).",
                )
            no_data = _text(raw).lower() in _NO_DATA_TEXTS
            ratio = None if no_data else parse_percent(raw)
            if ratio is None and not no_data and not _blank(raw):
                self.problem(
                    answer_col,
                    row.number,
                    raw,
                    ("0%–100%", NO_DATA_LABEL),
                    f"persentase «{_text(raw)}» tidak dapat dibaca untuk {q.code}; isi persentase "
                    f"atau «{NO_DATA_LABEL}».",
                    f"cannot read percentage {_text(raw)!r} for {q.code}.",
                )
            self._numeric[q.code] = ({}, ratio, self.ref(answer_col, row.number), no_data)
            self.cells[q.code] = self.ref(answer_col, row.number)
            return
        self.choice(row, q.code, answer_col, raw, q.answer_type, q.alternative_answer_types, q)

    def choice(
        self,
        row: _Row,
        code: str,
        col: str,
        raw: object,
        default: str,
        alternatives: tuple[str, ...],
        question: Question | None,
    ) -> None:
        """Read one choice under the scale the answerer saw (criteria, printed type, template)."""
        crit_col = row.col("criteria")
        implied, letters = criteria_options(row.values[crit_col])
        if implied is not None and len(set(letters)) < len(ANSWER_TYPES[implied]):
            names = [name for name, _ in ANSWER_TYPES[implied]]
            missing = [n.lower() for n in names if n.lower() not in letters]
            self.warn(
                self.ref(crit_col, row.number),
                f"{code}: kriteria tidak memuat pilihan {', '.join(missing)} (tercetak: "
                f"{', '.join(letters)}); huruf tertinggi menunjukkan skala {implied}.",
                f"{code}: criteria lack option(s) {', '.join(missing)} (printed: "
                f"{', '.join(letters)}); the highest letter implies {implied}.",
            )
        printed = row.type_token if row.type_token in ANSWER_TYPES else None
        cell = self.ref(col, row.number)
        option = None if _blank(raw) else canonical_option(_text(raw))
        candidates = list(dict.fromkeys(s for s in (implied, printed, default) if s))
        candidates += [a for a in alternatives if a not in candidates]
        scale: str | None = None
        if option is not None:
            scale = next((s for s in candidates if option in {n for n, _ in ANSWER_TYPES[s]}), None)
        seen = list(dict.fromkeys(s for s in (implied, printed, default) if s))
        if len(seen) > 1:
            used = f"; «{_text(raw)}» dinilai dengan skala {scale}" if scale else ""
            used_en = f"; {_text(raw)!r} scored on {scale}" if scale else ""
            self.warn(
                self.ref(row.col("type"), row.number),
                f"{code}: pilihan pada kriteria {implied or '-'}, tipe jawaban tercetak "
                f"{_type_name(printed) if printed else '-'}, template {default} tidak sama{used}.",
                f"{code}: criteria options {implied or '-'}, printed type {printed or '-'}, "
                f"template {default} disagree{used_en}.",
            )
        if option is None:
            self.warn(cell, f"{code} belum dijawab; dihitung 0.", f"{code} unanswered; counted 0.")
            return
        if scale is None:
            allowed = tuple(dict.fromkeys(n for s in candidates for n, _ in ANSWER_TYPES[s]))
            self.problem(
                col,
                row.number,
                raw,
                allowed,
                f"jawaban «{_text(raw)}» bukan pilihan yang sah untuk {code}; pilihan: "
                f"{', '.join(allowed)} (skala {', '.join(candidates)}).",
                f"answer {_text(raw)!r} is not an allowed option for {code}; allowed: "
                f"{', '.join(allowed)} (scales {', '.join(candidates)}).",
            )
            return
        answer = Choice(
            option,
            None if scale == default else scale,
            from_sheet=scale not in (default, *alternatives),
        )
        if question is not None:
            answer_value(question, answer)  # cannot fail after the check above; keeps one rule
        self.answers[code] = answer
        self.cells[code] = cell
        self.types[code] = scale

    def numeric_input(self, row: _Row, exp: _Expect) -> None:
        assert exp.question is not None
        assert exp.numeric_input is not None
        self.label(row, _Expect("input", exp.code, "- " + exp.numeric_input.label))
        col = row.col("answer")
        raw = row.values[col]
        if _blank(raw):
            return
        value = parse_count(raw)
        if value is None or value < 0:
            self.problem(
                col,
                row.number,
                raw,
                ("≥ 0",),
                f"isian «{_text(raw)}» untuk {exp.code} ({exp.numeric_input.label}) harus "
                f"bilangan tidak negatif.",
                f"input {_text(raw)!r} for {exp.code} must be a non-negative number.",
            )
            return
        self._numeric[exp.code][0][exp.numeric_input.key] = value

    def finish_numeric(self, q: Question) -> None:
        assert q.numeric is not None
        values, printed, cell, no_data = self._numeric[q.code]
        rule = q.numeric
        complete = all(k in values for k in rule.formula_keys)
        if rule.breakdown_total is not None and rule.breakdown_total in values:
            parts = [values[k] for k in rule.breakdown_parts if k in values]
            if len(parts) == len(rule.breakdown_parts):
                total = sum(parts, Fraction(0))
                if total != values[rule.breakdown_total]:
                    self.warn(
                        cell,
                        f"{q.code}: rincian berjumlah {show_number(total)}, tidak sama dengan "
                        f"{show_number(values[rule.breakdown_total])} yang tercetak sebagai "
                        f"jumlah; nilai dihitung dari jumlah yang tercetak.",
                        f"{q.code}: breakdown sums to {show_number(total)}, not the printed "
                        f"total {show_number(values[rule.breakdown_total])}; the total is used.",
                    )
        if complete:
            zero_den = rule.kind == "ratio" and values[rule.denominator or ""] == 0
            if zero_den:
                self.warn(
                    cell,
                    f"{q.code}: penyebut 0 — {NO_DATA_LABEL}; dinilai menurut aturan penyebut nol.",
                    f"{q.code}: denominator 0 — no data; scored by the zero-denominator rule.",
                )
            else:
                computed = numeric_value(rule, values)
                if (
                    printed is not None
                    and abs(min(printed, rule.cap) - computed) > PERCENT_TOLERANCE
                ):
                    self.warn(
                        cell,
                        f"{q.code}: persentase tercetak {_pct(printed)} berbeda dengan hasil "
                        f"hitung {_pct(computed)} dari isian jumlah; dipakai hasil hitung.",
                        f"{q.code}: printed {_pct(printed)} differs from {_pct(computed)} "
                        f"computed from the inputs; computed value used.",
                    )
            self.answers[q.code] = NumericInputs(values=dict(values), ratio=printed)
            return
        if printed is not None or no_data:
            if values:
                shown = NO_DATA_LABEL if printed is None else _pct(printed)
                self.warn(
                    cell,
                    f"{q.code}: isian jumlah tidak lengkap; dipakai nilai tercetak {shown}.",
                    f"{q.code}: inputs incomplete; printed value {shown} used.",
                )
            self.answers[q.code] = NumericInputs(
                values=dict(values), ratio=printed, no_data=no_data
            )
            return
        self.warn(cell, f"{q.code} belum dijawab; dihitung 0.", f"{q.code} unanswered; counted 0.")
        self.cells.pop(q.code, None)

    def hasil_item(self, row: _Row, item: HasilItem) -> None:
        self.header(row, _Expect("item", item.code, item.name, item.weight))
        col = row.col("answer")
        raw = row.values[col]
        note = row.values[row.col("note")]
        if not _blank(note):
            self.notes[item.code] = str(note)
        if item.kind == "index":
            cell = self.ref(col, row.number)
            if _blank(raw):
                self.warn(cell, f"{item.code} belum diisi; dihitung 0.", f"{item.code} empty.")
                return
            value = _number(raw)
            assert item.index_max is not None
            if value is None or not Fraction(0) <= value <= item.index_max:
                top = show_number(item.index_max)
                self.problem(
                    col,
                    row.number,
                    raw,
                    (f"0–{top}",),
                    f"nilai {item.short_name} «{_text(raw)}» harus angka 0–{top}.",
                    f"{item.short_name} value {_text(raw)!r} must be a number 0-{top}.",
                )
                return
            self.answers[item.code] = IndexValue(value)
            self.cells[item.code] = cell
            return
        assert item.answer_type is not None
        self.choice(row, item.code, col, raw, item.answer_type, item.alternative_answer_types, None)


def _type_name(token: str) -> str:
    return {"numeric": "%", "index": "Nilai (0-4)"}.get(token, token)


def _pct(value: Fraction) -> str:
    return f"{float(value * 100):.2f}%"


def _rows_of(ws: Worksheet) -> list[_Row]:
    if ws.max_row > MAX_ROWS:
        raise WorkbookError(
            f"Sheet {ws.title} memuat {ws.max_row} baris; LKE hanya sekitar 200 baris.",
            english=f"Sheet {ws.title} has {ws.max_row} rows; an LKE has about 200.",
            sheet=ws.title,
        )
    rows: list[_Row] = []
    for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=12), 1):
        values: dict[str, object] = dict.fromkeys(COLUMNS)
        for col, c in zip(COLUMNS, cells, strict=False):
            values[col] = _cell_value(c)
        rows.append(_classify(r, values))
    return rows


def read_workbook(
    source: str | Path | BinaryIO, *, template: Template | None = None
) -> WorkbookRead:
    """Read a filled LKE workbook into answers for the template (default: PermenPANRB 90/2021).

    ``source`` is a path or a binary stream. Returns a :class:`WorkbookRead` with the answers,
    notes, answer cells and warnings. Raises :class:`WorkbookError` when the file is not a
    readable XLSX, has no LKE sheet, its rows do not follow the template's structure (naming
    sheet, row and cell), or — after reading the whole sheet — any answer is not an option of
    any scale the answerer saw or a number is not valid (every such cell in ``problems``).
    """
    tpl = template or load_template()
    wb = _open(source)
    try:
        ws = _sheet(wb)
        sheet = ws.title
        rows = _rows_of(ws)
    finally:
        wb.close()
    return _read_rows(rows, tpl, sheet)


def read_sheet(ws: Worksheet, *, template: Template | None = None) -> WorkbookRead:
    """:func:`read_workbook` on an already opened worksheet (values, not formulas)."""
    return _read_rows(_rows_of(ws), template or load_template(), ws.title)


def _read_rows(rows: list[_Row], tpl: Template, sheet: str) -> WorkbookRead:
    reader = _Reader(tpl, sheet)
    expected = _expected(tpl)
    pos = 0
    last_row = 0
    open_numeric: Question | None = None
    for row in rows:
        if row.kind == "skip":
            continue
        if pos >= len(expected):
            reader.warn(
                reader.ref(row.text_col or "A", row.number),
                f"baris {row.number} setelah akhir LKE diabaikan.",
                f"row {row.number} after the end of the LKE ignored.",
            )
            continue
        exp = expected[pos]
        if exp.kind == "group" and row.kind == "question":
            # A sheet may drop the printed LHKPN/non-LHKPN sub-headings; scoring does not need them.
            pos += 1
            exp = expected[pos]
        if not _fits(row, exp):
            col = row.text_col or "A"
            found = f"{_kind_text(row)} «{_short(row.text or '')}»"
            raise reader.error(
                col,
                row.number,
                f"struktur LKE tidak sesuai template {tpl.id}: diharapkan {exp.describe()}, "
                f"ditemukan {found}.",
                f"LKE structure does not match template {tpl.id}: expected {exp.kind} "
                f"{exp.code}, found {row.kind}.",
            )
        if open_numeric is not None and exp.kind != "input":
            reader.finish_numeric(open_numeric)
            open_numeric = None
        if exp.kind == "question":
            assert exp.question is not None
            reader.question(row, exp.question)
            if exp.question.numeric is not None:
                open_numeric = exp.question
        elif exp.kind == "input":
            reader.numeric_input(row, exp)
        elif exp.kind == "item":
            assert exp.item is not None
            reader.hasil_item(row, exp.item)
        else:
            reader.header(row, exp)
        last_row = row.number
        pos += 1
    if open_numeric is not None:
        reader.finish_numeric(open_numeric)
    if pos < len(expected):
        missing = expected[pos]
        raise WorkbookError(
            f"{sheet}!A{last_row + 1}: LKE tidak lengkap — {missing.describe()} tidak ditemukan "
            f"setelah baris {last_row}.",
            english=f"{sheet}!A{last_row + 1}: LKE incomplete — {missing.kind} {missing.code} "
            f"not found after row {last_row}.",
            sheet=sheet,
            row=last_row + 1,
            cell=f"{sheet}!A{last_row + 1}",
            problems=tuple(reader.problems),
        )
    if reader.problems:
        raise WorkbookError.from_problems(reader.problems)
    return WorkbookRead(
        template=tpl,
        answers=reader.answers,
        notes=reader.notes,
        cells=reader.cells,
        warnings=tuple(reader.warnings),
        sheet=sheet,
        printed_answer_types=reader.types,
    )
