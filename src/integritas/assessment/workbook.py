"""Read and write LKE workbooks in the "LKE" sheet layout — pure Python (openpyxl), no Django.

Layout (as units fill it; see ``shared/data/lke/README.md``): one sheet named ``LKE`` with 12
columns — hierarchy labels and text in A–G, Bobot H, Kriteria I, Pilihan Jawaban J, Jawaban K,
Catatan L. Rows come in template order: PENGUNGKIT, PEMENUHAN, each area, sub-area and
question, REFORM likewise with the numeric inputs on "- Jumlah …" rows under their question,
then HASIL with its parts and items. Merged cells hold their value in the top-left cell.

Rows are matched to the template by hierarchy and order, not by exact text, so real sheets
with typos, a mislabelled row, "Ya/tidak" casing, percentages as "11.11%", "100%" or 1.0, or a
row whose cells slid one column left are still read; every such difference becomes a
:class:`WorkbookWarning` (Indonesian message, English fallback). What cannot be scored — an
answer outside the allowed options, a structure that does not match the template, a file that
is not a readable XLSX or has no LKE sheet — raises :class:`WorkbookError`, naming sheet, row
and cell (``LKE!K57``).

:func:`write_workbook` produces the same layout, so export → import round-trips; text cells are
always stored as text, and text starting with = + - @ tab or CR is flagged with Excel's quote
prefix, so nothing written can run as a formula.
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
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from integritas.assessment.lke_template import (
    ANSWER_TYPES,
    NUMERIC,
    Group,
    HasilItem,
    HasilPart,
    NumericInput,
    Question,
    Template,
    load_template,
)
from integritas.assessment.scoring import (
    Answer,
    Choice,
    IndexValue,
    NumericInputs,
    answer_value,
    canonical_option,
    numeric_value,
    score,
)

__all__ = [
    "SHEET_NAME",
    "WorkbookError",
    "WorkbookRead",
    "WorkbookWarning",
    "parse_count",
    "parse_percent",
    "read_workbook",
    "write_workbook",
]

SHEET_NAME = "LKE"
MAX_ROWS = 2000  # a real LKE has ~200 rows; anything far larger is not an LKE (or is hostile)
TEXT_SIMILARITY_WARN = 0.8  # below this a printed label is reported as differing from the template
# A printed percentage is shown to 2 decimals (11.11%); half a unit of that is 0.00005 as a ratio.
PERCENT_TOLERANCE = Fraction(1, 20000)

_COLS = "ABCDEFGHIJKL"
_TEXT_COLS = "ABCDEFG"
_LABEL_RE = re.compile(r"^(?:[A-Za-z]|[ivxlIVXL]+|\d+)\.?$|^-$")
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
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


class WorkbookError(ValueError):
    """The workbook cannot be scored. ``message`` is Indonesian; ``english`` a short fallback.

    ``sheet``, ``row`` and ``cell`` locate the problem when known (``cell`` like ``LKE!K57``).
    """

    def __init__(
        self,
        message: str,
        *,
        english: str,
        sheet: str | None = None,
        row: int | None = None,
        cell: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.english = english
        self.sheet = sheet
        self.row = row
        self.cell = cell


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
    texts = [(c, values[c]) for c in _TEXT_COLS if not _blank(values[c])]
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
        self._numeric: dict[str, tuple[dict[str, Fraction], Fraction | None, str]] = {}

    def ref(self, col: str, row: int) -> str:
        return f"{self.sheet}!{col}{row}"

    def warn(self, cell: str | None, message: str, english: str) -> None:
        self.warnings.append(WorkbookWarning(cell, message, english))

    def error(self, col: str, row: int, message: str, english: str) -> WorkbookError:
        cell = self.ref(col, row)
        return WorkbookError(
            f"{cell}: {message}", english=f"{cell}: {english}", sheet=self.sheet, row=row, cell=cell
        )

    # ---- per element

    def header(self, row: _Row, exp: _Expect) -> None:
        if exp.weight is not None and row.weight is not None and row.weight != exp.weight:
            self.warn(
                self.ref("H", row.number),
                f"bobot tercetak {_show(row.weight)} berbeda dengan template {_show(exp.weight)} "
                f"({exp.describe()}); dipakai bobot template.",
                f"printed weight {_show(row.weight)} differs from template "
                f"{_show(exp.weight)} ({exp.code}); template weight used.",
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
            ratio = parse_percent(raw)
            if ratio is None and not _blank(raw):
                raise self.error(
                    answer_col,
                    row.number,
                    f"persentase «{_text(raw)}» tidak dapat dibaca untuk {q.code}.",
                    f"cannot read percentage {_text(raw)!r} for {q.code}.",
                )
            self._numeric[q.code] = ({}, ratio, self.ref(answer_col, row.number))
            self.cells[q.code] = self.ref(answer_col, row.number)
            return
        scale = q.answer_type
        if printed is not None and printed != q.answer_type:
            if printed in q.alternative_answer_types:
                scale = printed
                self.warn(
                    self.ref(row.col("type"), row.number),
                    f"{q.code} dinilai dengan skala {printed} sebagaimana tercetak "
                    f"(skala baku template: {q.answer_type}).",
                    f"{q.code} scored on the printed scale {printed} "
                    f"(template default {q.answer_type}).",
                )
            else:
                self.warn(
                    self.ref(row.col("type"), row.number),
                    f"tipe jawaban tercetak {_type_name(printed)} berbeda dengan template "
                    f"{q.answer_type} ({q.code}); dinilai menurut template.",
                    f"printed answer type {_type_name(printed)} differs from template "
                    f"{q.answer_type} ({q.code}); scored by the template.",
                )
        self.choice(q.code, answer_col, row.number, raw, scale, q.answer_type, q)

    def choice(
        self,
        code: str,
        col: str,
        row: int,
        raw: object,
        scale: str,
        default: str,
        question: Question | None,
    ) -> None:
        cell = self.ref(col, row)
        if _blank(raw):
            self.warn(cell, f"{code} belum dijawab; dihitung 0.", f"{code} unanswered; counted 0.")
            return
        option = canonical_option(_text(raw))
        allowed = [name for name, _ in ANSWER_TYPES[scale]]
        if option not in allowed:
            raise self.error(
                col,
                row,
                f"jawaban «{_text(raw)}» bukan pilihan yang sah untuk {code} ({scale}); "
                f"pilihan: {', '.join(allowed)}.",
                f"answer {_text(raw)!r} is not an allowed option for {code} ({scale}); "
                f"allowed: {', '.join(allowed)}.",
            )
        answer = Choice(option, None if scale == default else scale)
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
            raise self.error(
                col,
                row.number,
                f"isian «{_text(raw)}» untuk {exp.code} ({exp.numeric_input.label}) harus "
                f"bilangan tidak negatif.",
                f"input {_text(raw)!r} for {exp.code} must be a non-negative number.",
            )
        self._numeric[exp.code][0][exp.numeric_input.key] = value

    def finish_numeric(self, q: Question) -> None:
        assert q.numeric is not None
        values, printed, cell = self._numeric[q.code]
        rule = q.numeric
        complete = all(k in values for k in rule.formula_keys)
        if rule.breakdown_total is not None and rule.breakdown_total in values:
            parts = [values[k] for k in rule.breakdown_parts if k in values]
            if len(parts) == len(rule.breakdown_parts):
                total = sum(parts, Fraction(0))
                if total != values[rule.breakdown_total]:
                    self.warn(
                        cell,
                        f"{q.code}: rincian berjumlah {_show(total)}, tidak sama dengan "
                        f"{_show(values[rule.breakdown_total])} yang tercetak sebagai jumlah; "
                        f"nilai dihitung dari jumlah yang tercetak.",
                        f"{q.code}: breakdown sums to {_show(total)}, not the printed total "
                        f"{_show(values[rule.breakdown_total])}; the total is used.",
                    )
        if complete:
            computed = numeric_value(rule, values)
            if printed is not None and abs(min(printed, rule.cap) - computed) > PERCENT_TOLERANCE:
                self.warn(
                    cell,
                    f"{q.code}: persentase tercetak {_pct(printed)} berbeda dengan hasil hitung "
                    f"{_pct(computed)} dari isian jumlah; dipakai hasil hitung.",
                    f"{q.code}: printed {_pct(printed)} differs from {_pct(computed)} computed "
                    f"from the inputs; computed value used.",
                )
            self.answers[q.code] = NumericInputs(values=dict(values), ratio=printed)
            return
        if printed is not None:
            if values:
                self.warn(
                    cell,
                    f"{q.code}: isian jumlah tidak lengkap; dipakai persentase tercetak "
                    f"{_pct(printed)}.",
                    f"{q.code}: inputs incomplete; printed percentage {_pct(printed)} used.",
                )
            self.answers[q.code] = NumericInputs(values=dict(values), ratio=printed)
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
                raise self.error(
                    col,
                    row.number,
                    f"nilai {item.short_name} «{_text(raw)}» harus angka 0–"
                    f"{_show(item.index_max)}.",
                    f"{item.short_name} value {_text(raw)!r} must be a number 0-"
                    f"{_show(item.index_max)}.",
                )
            self.answers[item.code] = IndexValue(value)
            self.cells[item.code] = cell
            return
        assert item.answer_type is not None
        printed = row.type_token
        scale = item.answer_type
        if printed is not None and printed != item.answer_type:
            if printed in item.alternative_answer_types:
                scale = printed
                self.warn(
                    self.ref(row.col("type"), row.number),
                    f"{item.code} dinilai dengan skala {printed} sebagaimana tercetak "
                    f"(skala baku template: {item.answer_type}).",
                    f"{item.code} scored on the printed scale {printed}.",
                )
            else:
                self.warn(
                    self.ref(row.col("type"), row.number),
                    f"tipe jawaban tercetak {_type_name(printed)} berbeda dengan template "
                    f"{item.answer_type} ({item.code}); dinilai menurut template.",
                    f"printed answer type differs from template ({item.code}).",
                )
        self.choice(item.code, col, row.number, raw, scale, item.answer_type, None)


def _type_name(token: str) -> str:
    return {"numeric": "%", "index": "Nilai (0-4)"}.get(token, token)


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"


def _pct(value: Fraction) -> str:
    return f"{float(value * 100):.2f}%"


def read_workbook(
    source: str | Path | BinaryIO, *, template: Template | None = None
) -> WorkbookRead:
    """Read a filled LKE workbook into answers for the template (default: PermenPANRB 90/2021).

    ``source`` is a path or a binary stream. Returns a :class:`WorkbookRead` with the answers,
    notes, answer cells and warnings. Raises :class:`WorkbookError` (message names sheet, row
    and cell) when the file is not a readable XLSX, has no LKE sheet, its rows do not follow the
    template's structure, or an answer is not an allowed option / a valid number.
    """
    tpl = template or load_template()
    wb = _open(source)
    try:
        ws = _sheet(wb)
        sheet = ws.title
        if ws.max_row > MAX_ROWS:
            raise WorkbookError(
                f"Sheet {sheet} memuat {ws.max_row} baris; LKE hanya sekitar 200 baris.",
                english=f"Sheet {sheet} has {ws.max_row} rows; an LKE has about 200.",
                sheet=sheet,
            )
        rows: list[_Row] = []
        for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=12), 1):
            values: dict[str, object] = dict.fromkeys(_COLS)
            for col, c in zip(_COLS, cells, strict=False):
                values[col] = _cell_value(c)
            rows.append(_classify(r, values))
    finally:
        wb.close()

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
        )
    return WorkbookRead(
        template=tpl,
        answers=reader.answers,
        notes=reader.notes,
        cells=reader.cells,
        warnings=tuple(reader.warnings),
        sheet=sheet,
        printed_answer_types=reader.types,
    )


# --------------------------------------------------------------------------- writing


def _put(ws: Worksheet, ref: str, value: str | int | float) -> None:
    """Write one cell; text is always stored as text, never as a formula."""
    cell = ws[ref]
    if isinstance(value, str):
        cell.value = value
        # openpyxl turns any string starting with "=" into a formula; force text storage, and
        # flag risky leading characters with the quote prefix Excel itself uses for "'=…".
        cell.data_type = "s"
        if value.startswith(_DANGEROUS_START):
            cell.quotePrefix = True
    else:
        cell.value = value


def _num(value: Fraction) -> int | float:
    # Weights and counts are short decimals; a float shows them exactly as typed.
    return value.numerator if value.denominator == 1 else float(value)


def _options_text(options: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{label.lower()}. {text}" for label, text in options)


def write_workbook(
    template: Template,
    answers: Mapping[str, Answer],
    path_or_stream: str | Path | BinaryIO,
    *,
    notes: Mapping[str, str] | None = None,
) -> None:
    """Write answers in the LKE sheet layout that :func:`read_workbook` reads back.

    Rows follow the template (the 2024 sheet's row numbers for PermenPANRB 90/2021); numeric
    items get their "- Jumlah …" rows and the computed percentage; the TOTAL rows carry the
    scores. Raises the scoring errors for invalid answers before writing anything.
    """
    result = score(template, answers)  # validates every answer first
    notes = notes or {}
    wb = openpyxl.Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET_NAME
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for col, width in zip(_COLS, (5, 5, 5, 5, 5, 40, 10, 8, 60, 14, 12, 50), strict=True):
        ws.column_dimensions[col].width = width
    headers = {
        "A": "No / Komponen",
        "H": "Bobot",
        "I": "Kriteria Nilai",
        "J": "Pilihan Jawaban",
        "K": "Jawaban Unit",
        "L": "Catatan/Keterangan/Penjelasan Unit",
    }
    for col, text in headers.items():
        _put(ws, f"{col}1", text)
        ws[f"{col}1"].font = bold
    ws.merge_cells("A1:G1")
    r = 2

    def heading(label_col: str, label: str, name: str, weight: Fraction) -> None:
        nonlocal r
        text_col = chr(ord(label_col) + 1)
        _put(ws, f"{label_col}{r}", label)
        _put(ws, f"{text_col}{r}", name)
        _put(ws, f"H{r}", _num(weight))
        if text_col != "G":
            ws.merge_cells(f"{text_col}{r}:G{r}")
        ws[f"{text_col}{r}"].font = bold
        r += 1

    heading("A", "A.", "PENGUNGKIT", template.pengungkit_weight)
    romans = ["I.", "II.", "III.", "IV."]
    for hi, half in enumerate(template.halves):
        heading("B", romans[hi], half.name.upper(), half.weight)
        for area in half.areas:
            heading("C", str(area.number), area.name.upper(), area.weight)
            for sub in area.sub_areas:
                heading("D", sub.label, sub.name, sub.weight)
                for q in sub.questions:
                    if q.group is not None:
                        heading("D", q.group.label, q.group.name, q.group.weight)
                    _write_question(ws, r, q, answers.get(q.code), notes.get(q.code), wrap)
                    r += 1
                    if q.numeric is not None:
                        answer = answers.get(q.code)
                        values = answer.values if isinstance(answer, NumericInputs) else {}
                        for inp in q.numeric.inputs:
                            _put(ws, f"F{r}", f"- {inp.label}")
                            ws.merge_cells(f"F{r}:G{r}")
                            _put(ws, f"J{r}", "Jumlah")
                            if inp.key in values:
                                _put(ws, f"K{r}", _num(values[inp.key]))
                            r += 1
    _put(ws, f"A{r}", "TOTAL PENGUNGKIT")
    ws.merge_cells(f"A{r}:G{r}")
    _put(ws, f"K{r}", round(float(result.pengungkit), 4))
    ws[f"K{r}"].number_format = "0.00"
    r += 2
    heading("A", "B.", "HASIL", template.hasil_weight)
    for pi, part in enumerate(template.hasil_parts):
        heading("B", romans[pi], part.name.upper(), part.weight)
        for item in part.items:
            _write_hasil(ws, r, part, item, answers.get(item.code), notes.get(item.code), wrap)
            r += 1
    _put(ws, f"A{r}", "TOTAL HASIL")
    ws.merge_cells(f"A{r}:G{r}")
    _put(ws, f"K{r}", round(float(result.hasil), 4))
    ws[f"K{r}"].number_format = "0.00"
    wb.save(path_or_stream)


def _write_question(
    ws: Worksheet,
    r: int,
    q: Question,
    answer: Answer | None,
    note: str | None,
    wrap: Alignment,
) -> None:
    _put(ws, f"E{r}", q.label)
    _put(ws, f"F{r}", q.text)
    ws.merge_cells(f"F{r}:G{r}")
    ws[f"F{r}"].alignment = wrap
    if q.answer_type == NUMERIC:
        if q.criteria:
            _put(ws, f"I{r}", q.criteria)
        _put(ws, f"J{r}", "%")
        if answer is not None:
            _put(ws, f"K{r}", float(answer_value(q, answer)))
            ws[f"K{r}"].number_format = "0.00%"
    else:
        scale = q.answer_type
        if isinstance(answer, Choice) and answer.answer_type:
            scale = answer.answer_type
        if scale == q.answer_type:
            _put(ws, f"I{r}", _options_text(tuple((o.option, o.criteria) for o in q.options)))
        else:
            # Alternative scale: the template's option texts belong to the default scale.
            _put(ws, f"I{r}", "\n".join(f"{name}" for name, _ in ANSWER_TYPES[scale]))
        _put(ws, f"J{r}", scale)
        if isinstance(answer, Choice):
            _put(ws, f"K{r}", canonical_option(answer.option))
    ws[f"I{r}"].alignment = wrap
    if note:
        _put(ws, f"L{r}", note)
        ws[f"L{r}"].alignment = wrap


def _write_hasil(
    ws: Worksheet,
    r: int,
    part: HasilPart,
    item: HasilItem,
    answer: Answer | None,
    note: str | None,
    wrap: Alignment,
) -> None:
    del part  # the part heading row is written by the caller
    _put(ws, f"C{r}", item.label)
    _put(ws, f"D{r}", item.name)
    ws.merge_cells(f"D{r}:G{r}")
    _put(ws, f"H{r}", _num(item.weight))
    if item.kind == "index":
        if item.criteria:
            _put(ws, f"I{r}", item.criteria)
        assert item.index_max is not None
        _put(ws, f"J{r}", f"Nilai (0-{_show(item.index_max)})")
        if isinstance(answer, IndexValue):
            _put(ws, f"K{r}", _num(answer.value))
    else:
        assert item.answer_type is not None
        scale = item.answer_type
        if isinstance(answer, Choice) and answer.answer_type:
            scale = answer.answer_type
        opts = tuple((o.option, o.criteria) for o in item.options)
        if scale != item.answer_type:
            opts = tuple(o for o in opts if o[0] in {n for n, _ in ANSWER_TYPES[scale]})
        _put(ws, f"I{r}", _options_text(opts))
        _put(ws, f"J{r}", scale)
        if isinstance(answer, Choice):
            _put(ws, f"K{r}", canonical_option(answer.option))
    ws[f"I{r}"].alignment = wrap
    if note:
        _put(ws, f"L{r}", note)
        ws[f"L{r}"].alignment = wrap
