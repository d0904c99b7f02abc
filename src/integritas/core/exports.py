"""Safe exports: CSV and XLSX that spreadsheets cannot turn into formulas.

DESIGN.md "Cross-cutting rules": streamed; identifiers (NIK, NIP, tracking codes) as text;
a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is neutralised with a
leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

from django.http import HttpResponse, StreamingHttpResponse

Cell = str | int | float | Decimal | Fraction | dt.date | dt.datetime | bool | None
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
# A phone number or signed number in a typed text cell of an XLSX is data, never a formula.
_PLAIN_NUMBER: Final = re.compile(r"^[+-]?[\d\s().-]+$")


def safe_text(value: object) -> str:
    """``value`` as text, with a leading apostrophe when a spreadsheet would read a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _csv_cell(value: Cell) -> str:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return str(round(Decimal(value.numerator) / Decimal(value.denominator), 4))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return safe_text(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, filename: str
) -> StreamingHttpResponse:
    """A streamed CSV download (UTF-8 with BOM so Excel reads Indonesian text right)."""
    writer = csv.writer(_Echo())

    def generate() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([safe_text(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The same CSV as :func:`csv_response`, as bytes (for a job's download)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet: str = "Data",
    text_columns: Iterable[int] = (),
) -> bytes:
    """An XLSX workbook (write-only, so memory stays flat) with formula-safe text cells.

    ``text_columns``: 0-based columns stored as text whatever their value (identifiers such
    as NIK, NIP and tracking codes keep their leading zeros and all 16–18 digits).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    as_text = set(text_columns)
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([safe_text(h) for h in header])
    for row in rows:
        out: list[object] = []
        for index, value in enumerate(row):
            if index in as_text or isinstance(value, str) or value is None:
                text = "" if value is None else str(value)
                plain = index in as_text and _PLAIN_NUMBER.match(text)
                cell = WriteOnlyCell(worksheet, value=text if plain else safe_text(value))
                cell.data_type = "s"
                if index in as_text:
                    cell.number_format = "@"
                out.append(cell)
            elif isinstance(value, Fraction):
                out.append(float(value))
            elif isinstance(value, dt.datetime) and value.tzinfo is not None:
                out.append(value.replace(tzinfo=None))
            else:
                out.append(value)
        worksheet.append(out)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    filename: str,
    sheet: str = "Data",
    text_columns: Iterable[int] = (),
) -> HttpResponse:
    """An XLSX download built with :func:`xlsx_bytes`."""
    response = HttpResponse(
        xlsx_bytes(header, rows, sheet=sheet, text_columns=text_columns),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
