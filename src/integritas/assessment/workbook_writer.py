"""Write LKE workbooks in the "LKE" sheet layout — pure Python (openpyxl), no Django.

:func:`write_workbook` produces the layout :func:`~integritas.assessment.workbook_reader.read_workbook`
reads (``shared/data/lke/README.md``), so export → import round-trips. Text cells are always
stored as text, and text starting with = + - @ tab or CR is flagged with Excel's quote prefix,
so nothing written can run as a formula. A ratio item without data (denominator 0) is written
as "tidak ada data" in its answer cell (issue 10), never as a silent 0%.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from integritas.assessment.lke_template import (
    ANSWER_TYPES,
    NUMERIC,
    HasilItem,
    HasilPart,
    Question,
    Template,
)
from integritas.assessment.scoring import (
    NO_DATA_LABEL,
    Answer,
    Choice,
    IndexValue,
    NumericInputs,
    answer_value,
    canonical_option,
    is_no_data,
    score,
)
from integritas.assessment.workbook_reader import COLUMNS, SHEET_NAME, show_number

__all__ = ["write_workbook"]

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def _put(ws: Worksheet, ref: str, value: str | int | float) -> None:
    """Write one cell; text is always stored as text, never as a formula."""
    cell = ws[ref]
    if isinstance(value, str):
        # Line ends as one LF: a bare CR means nothing in a cell, and whether it survives the
        # XML round trip depends on the XML library openpyxl finds (lxml keeps it).
        cell.value = value.replace("\r\n", "\n").replace("\r", "\n")
        # openpyxl turns any string starting with "=" into a formula; force text storage, and
        # flag risky leading characters (as typed) with the quote prefix Excel uses for "'=…".
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
    zero_denominator: str | None = None,
) -> None:
    """Write answers in the LKE sheet layout that :func:`read_workbook` reads back.

    Rows follow the template (the 2024 sheet's row numbers for PermenPANRB 90/2021); numeric
    items get their "- Jumlah …" rows and the computed percentage; the TOTAL rows carry the
    scores (``zero_denominator`` as in :func:`~integritas.assessment.scoring.score`); an item
    without data shows "tidak ada data". Raises the scoring errors for invalid answers before
    writing anything.
    """
    result = score(template, answers, zero_denominator=zero_denominator)  # validates first
    notes = notes or {}
    wb = openpyxl.Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = SHEET_NAME
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for col, width in zip(COLUMNS, (5, 5, 5, 5, 5, 40, 10, 8, 60, 14, 12, 50), strict=True):
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
        if answer is not None and is_no_data(q, answer):
            _put(ws, f"K{r}", NO_DATA_LABEL)
        elif answer is not None:
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
        _put(ws, f"J{r}", f"Nilai (0-{show_number(item.index_max)})")
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
