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
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from integritas.core.calendar import DEFAULT_TIME_ZONE, resolve_time_zone

Cell = str | int | float | Decimal | Fraction | dt.date | dt.datetime | bool | None
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
# A phone number or signed number in a typed text cell of an XLSX is data, never a formula.
_PLAIN_NUMBER: Final = re.compile(r"^[+-]?[\d\s().-]+$")
#: Rows a download may hold when built inside the request (override in settings).
DEFAULT_SYNC_MAX_ROWS: Final = 5_000
_ZONE_LABELS: Final = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
Zone = ZoneInfo | str | None


def sync_max_rows() -> int:
    """Largest number of rows an export may hold when built inside the request."""
    return int(getattr(settings, "INTEGRITAS_EXPORT_SYNC_MAX_ROWS", DEFAULT_SYNC_MAX_ROWS))


def export_zone(zone: Zone) -> ZoneInfo:
    """``zone`` (a ``ZoneInfo``, a name such as ``"WITA"``, or None for WIB) as a ``ZoneInfo``."""
    if isinstance(zone, ZoneInfo):
        return zone
    return resolve_time_zone(zone or DEFAULT_TIME_ZONE)


def zone_label(zone: Zone) -> str:
    """The zone as Indonesians write it after a time: ``WIB``, ``WITA`` or ``WIT``."""
    key = export_zone(zone).key
    return _ZONE_LABELS.get(key, key)


def labelled_header(header: Sequence[str], time_columns: Iterable[int], zone: Zone) -> list[str]:
    """``header`` with the zone after each date-time column's name: ``"Received (WIB)"``."""
    label = zone_label(zone)
    times = set(time_columns)
    return [f"{h} ({label})" if i in times else str(h) for i, h in enumerate(header)]


def local_naive(value: dt.datetime, zone: Zone) -> dt.datetime:
    """An aware ``value`` as the wall time in ``zone`` (what the screen shows), zone dropped."""
    if value.tzinfo is None:
        return value
    return value.astimezone(export_zone(zone)).replace(tzinfo=None)


def safe_text(value: object) -> str:
    """``value`` as text, with a leading apostrophe when a spreadsheet would read a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _csv_cell(value: Cell, zone: ZoneInfo) -> str:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return str(round(Decimal(value.numerator) / Decimal(value.denominator), 4))
    if isinstance(value, dt.datetime):
        return local_naive(value, zone).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    filename: str,
    zone: Zone = None,
    time_columns: Iterable[int] = (),
) -> StreamingHttpResponse:
    """A streamed CSV download (UTF-8 with BOM so Excel reads Indonesian text right).

    Date-times in ``zone`` (WIB when None); ``time_columns`` get the zone in their header.
    """
    writer = csv.writer(_Echo())
    tz = export_zone(zone)
    head = labelled_header(header, time_columns, tz)

    def generate() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([safe_text(h) for h in head])
        for row in rows:
            yield writer.writerow([_csv_cell(v, tz) for v in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    zone: Zone = None,
    time_columns: Iterable[int] = (),
) -> bytes:
    """The same CSV as :func:`csv_response`, as bytes (for a job's download)."""
    tz = export_zone(zone)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_text(h) for h in labelled_header(header, time_columns, tz)])
    for row in rows:
        writer.writerow([_csv_cell(v, tz) for v in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet: str = "Data",
    text_columns: Iterable[int] = (),
    zone: Zone = None,
    time_columns: Iterable[int] = (),
) -> bytes:
    """An XLSX workbook (write-only, so memory stays flat) with formula-safe text cells.

    ``text_columns``: 0-based columns stored as text whatever their value (identifiers such
    as NIK, NIP and tracking codes keep their leading zeros and all 16–18 digits).
    Date-times are the wall time in ``zone`` (WIB when None), as on screen; ``time_columns``
    get the zone in their header.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    as_text = set(text_columns)
    tz = export_zone(zone)
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([safe_text(h) for h in labelled_header(header, time_columns, tz)])
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
            elif isinstance(value, dt.datetime):
                out.append(local_naive(value, tz))
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
    zone: Zone = None,
    time_columns: Iterable[int] = (),
) -> HttpResponse:
    """An XLSX download built with :func:`xlsx_bytes`."""
    response = HttpResponse(
        xlsx_bytes(
            header,
            rows,
            sheet=sheet,
            text_columns=text_columns,
            zone=zone,
            time_columns=time_columns,
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def too_large_response(
    request: HttpRequest, *, rows: int, job_url: str, job_fields: dict[str, str] | None = None
) -> HttpResponse:
    """Refuse an export of ``rows`` rows inside the request; point to the export job.

    HTML (a page with a button that POSTs ``job_fields`` to ``job_url``) or, for a client
    asking for JSON, ``{"detail": ..., "rows": ..., "limit": ..., "job_url": ...}``; status
    422 either way. Nothing of the export is built.
    """
    limit = sync_max_rows()
    message = _(
        "This export has %(rows)s rows, more than the %(limit)s that can be downloaded "
        "directly. Start it as a background task; the file is ready to download when it ends."
    ) % {"rows": rows, "limit": limit}
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {"detail": message, "rows": rows, "limit": limit, "job_url": job_url}, status=422
        )
    html = render_to_string(
        "core/export_too_large.html",
        {"message": message, "job_url": job_url, "job_fields": job_fields or {}},
        request=request,
    )
    return HttpResponse(html, status=422)
