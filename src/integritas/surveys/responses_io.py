"""Read raw SKM responses from CSV or XLSX — pure Python, no Django import.

File shape (``shared/DESIGN.md``, "Command line", ``skm ikm``): a header row (the first row
with a ``U1`` cell; up to :data:`MAX_TITLE_ROWS` title rows above it are skipped), then one row
per respondent. Columns:

- ``U1`` … ``U9`` (required): answers 1–4 (PermenPANRB 14/2017); an empty cell means the
  respondent did not answer that unsur (NRR divides by those who answered).
- optional profile columns (DOMAIN.md §2, "Respondent profile"), Indonesian or English names:
  ``umur``/``usia``/``age``, ``jenis_kelamin``/``sex``, ``pendidikan``/``education``,
  ``pekerjaan``/``occupation``, ``layanan``/``jenis_layanan``/``service``,
  ``tanggal``/``date``.
- any other column (``no``, ``nama`` …) is ignored.

Headers are case-insensitive; surrounding whitespace is ignored and inner spaces or hyphens
count as ``_`` ("Jenis Kelamin" = ``jenis_kelamin``). Completely empty rows are skipped.

All or nothing: either every row parses or :class:`ResponseFileError` is raised listing the
problems (at most :data:`MAX_REPORTED_PROBLEMS`), each naming the row as numbered in the file
(header = its own row number, usually 1) and the column, e.g.
``"baris 7, kolom U3: nilai 5 di luar 1–4"``.

CSV: UTF-8 (with or without BOM), delimiter ``,`` ``;`` or tab (detected from the header row).
XLSX: the first worksheet, read with openpyxl in read-only mode, cached values (no formulas
evaluated).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeAlias
from zipfile import BadZipFile

from integritas.surveys.ikm import ANSWER_MAX, ANSWER_MIN, UNSUR_CODES, SkmError

#: A CSV field (str) or whatever openpyxl yields for a cell (None, str, int, float, Decimal,
#: bool, date/datetime/time/timedelta, rich text, formula objects) — checked with isinstance.
Cell: TypeAlias = object

#: At most this many problems are listed in one error (the rest are counted).
MAX_REPORTED_PROBLEMS = 20

#: Title rows tolerated above the header row.
MAX_TITLE_ROWS = 10

#: Refuse files with more data rows than this (a survey of a whole province is far below).
MAX_ROWS = 200_000

#: Largest upload accepted by :func:`read_responses_upload` (bytes).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

#: Profile field → accepted header names (normalised: lower case, ``_`` for spaces).
PROFILE_ALIASES: Mapping[str, tuple[str, ...]] = {
    "age": ("umur", "usia", "age"),
    "sex": ("jenis_kelamin", "kelamin", "jk", "sex", "gender"),
    "education": ("pendidikan", "education"),
    "occupation": ("pekerjaan", "occupation"),
    "service": ("layanan", "jenis_layanan", "service"),
    "date": ("tanggal", "tanggal_survei", "date"),
}

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class ResponseFileError(SkmError):
    """The file cannot be read as SKM responses.

    ``problems`` holds every problem found (not only the listed ones); ``str(error)`` lists
    up to :data:`MAX_REPORTED_PROBLEMS` of them, in Indonesian.
    """

    def __init__(self, problems: Sequence[str], *, path: str | None = None) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        self.path = path
        shown = list(self.problems[:MAX_REPORTED_PROBLEMS])
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            shown.append(f"… dan {hidden} masalah lain")
        prefix = f"{path}: " if path else ""
        if len(self.problems) == 1:
            message = prefix + self.problems[0]
        else:
            message = f"{prefix}{len(self.problems)} masalah ditemukan:\n" + "\n".join(
                f"  - {p}" for p in shown
            )
        super().__init__(message)


@dataclass(frozen=True)
class RespondentProfile:
    """Optional respondent profile; ``None`` when the column is absent or the cell empty.

    ``age`` in whole years; the other text fields are kept as written (trimmed).
    """

    age: int | None = None
    sex: str | None = None
    education: str | None = None
    occupation: str | None = None
    service: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class SurveyResponse:
    """One respondent: ``row`` as numbered in the file, ``answers`` ``{"U1": 1-4 | None, …}``."""

    row: int
    answers: Mapping[str, int | None]
    profile: RespondentProfile


def normalise_header(value: Cell) -> str:
    """``" Jenis Kelamin "`` → ``"jenis_kelamin"``; ``"u3"`` → ``"u3"``."""
    text = "" if value is None else str(value)
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def read_responses(path: str | Path) -> list[SurveyResponse]:
    """Read a ``.csv`` or ``.xlsx`` file of SKM responses (format in the module docstring).

    Returns one :class:`SurveyResponse` per non-empty data row, in file order. Raises
    :class:`ResponseFileError` (missing file, unsupported type, unreadable content, missing
    U1–U9 column, any invalid cell, no data row).
    """
    file_path = Path(path)
    suffix = file_path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ResponseFileError(
            [f"jenis berkas tidak didukung {suffix or '(tanpa ekstensi)'!r}: gunakan .csv/.xlsx"],
            path=str(path),
        )
    try:
        if suffix == ".csv":
            return parse_rows(_csv_rows(file_path))
        return _parse_xlsx(file_path)
    except ResponseFileError as error:
        raise ResponseFileError(error.problems, path=str(path)) from None
    except FileNotFoundError:
        raise ResponseFileError(["berkas tidak ditemukan"], path=str(path)) from None
    except IsADirectoryError:
        raise ResponseFileError(["ini adalah direktori, bukan berkas"], path=str(path)) from None
    except PermissionError:
        raise ResponseFileError(["berkas tidak dapat dibaca (izin)"], path=str(path)) from None
    except UnicodeDecodeError:
        raise ResponseFileError(
            ["berkas CSV bukan teks UTF-8 (simpan sebagai 'CSV UTF-8')"], path=str(path)
        ) from None


def read_responses_upload(data: bytes, name: str) -> list[SurveyResponse]:
    """Read an uploaded ``.csv`` or ``.xlsx`` file held in memory (same rules as
    :func:`read_responses`); ``name`` only chooses the parser by its extension.

    Refuses files over :data:`MAX_UPLOAD_BYTES` and XLSX files that are not ZIP containers.
    Raises :class:`ResponseFileError`.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ResponseFileError(
            [f"berkas lebih besar dari batas {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"]
        )
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ResponseFileError(
                ["berkas CSV bukan teks UTF-8 (simpan sebagai 'CSV UTF-8')"]
            ) from None
        return parse_rows(_csv_text_rows(text))
    if suffix in (".xlsx", ".xlsm"):
        if not data.startswith(b"PK"):
            raise ResponseFileError(["berkas bukan buku kerja XLSX"])
        return _parse_xlsx(io.BytesIO(data))
    raise ResponseFileError(
        [f"jenis berkas tidak didukung {suffix or '(tanpa ekstensi)'!r}: gunakan .csv/.xlsx"]
    )


def _csv_rows(path: Path) -> Iterator[tuple[int, Sequence[Cell]]]:
    yield from _csv_text_rows(path.read_text(encoding="utf-8-sig"))


def _csv_text_rows(text: str) -> Iterator[tuple[int, Sequence[Cell]]]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # csv.reader's line_num counts physical lines, which is the row number spreadsheet users
    # see unless a quoted field spans lines; enumerate records instead for a stable number.
    yield from enumerate(reader, start=1)


def _parse_xlsx(path: Path | io.BytesIO) -> list[SurveyResponse]:
    # Local imports: only XLSX callers pay for openpyxl.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, EOFError) as error:
        # What openpyxl raises for a file that is not a valid workbook.
        raise ResponseFileError(
            [f"berkas XLSX tidak dapat dibaca ({type(error).__name__})"]
        ) from None
    try:
        if not workbook.worksheets:
            raise ResponseFileError(["buku kerja tidak memiliki lembar kerja"])
        sheet = workbook.worksheets[0]
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        return parse_rows(rows)
    finally:
        workbook.close()


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _describe(cell: Cell) -> str:
    if isinstance(cell, str):
        return repr(cell.strip())
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _to_int(cell: Cell) -> int | None:
    """Integer value of a cell, or None if it is not a whole number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral_value() else None
    if isinstance(cell, str):
        text = cell.strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if not number.is_finite() or number != number.to_integral_value():
            return None
        return int(number)
    return None


def _to_date(cell: Cell) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, str):
        text = cell.strip()
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
    return None


def _map_header(
    header: Sequence[Cell], row_number: int, problems: list[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Return ``(unsur code → column index, profile field → column index)``."""
    alias_to_field = {alias: field for field, names in PROFILE_ALIASES.items() for alias in names}
    unsur_columns: dict[str, int] = {}
    profile_columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if not name:
            continue
        code = name.upper()
        if code in UNSUR_CODES:
            if code in unsur_columns:
                problems.append(f"baris {row_number}: kolom {code} muncul lebih dari sekali")
            unsur_columns[code] = index
        elif name in alias_to_field:
            field = alias_to_field[name]
            if field in profile_columns:
                problems.append(
                    f"baris {row_number}: kolom profil {name!r} muncul lebih dari sekali"
                )
            profile_columns[field] = index
    missing = [code for code in UNSUR_CODES if code not in unsur_columns]
    if missing:
        problems.append(
            f"baris {row_number} (judul kolom): kolom {', '.join(missing)} tidak ada "
            f"(diperlukan {UNSUR_CODES[0]}…{UNSUR_CODES[-1]})"
        )
    return unsur_columns, profile_columns


def parse_rows(numbered_rows: Iterable[tuple[int, Sequence[Cell]]]) -> list[SurveyResponse]:
    """Parse ``(row number, cells)`` pairs into responses.

    The header is the first row with a ``U1`` cell among the first :data:`MAX_TITLE_ROWS`
    non-empty rows (title rows above it are skipped); rows below it are respondents.

    The same rules as :func:`read_responses`, for rows that come from elsewhere (an upload
    already in memory, a test). Raises :class:`ResponseFileError`.
    """
    rows = iter(numbered_rows)
    problems: list[str] = []
    header: tuple[int, Sequence[Cell]] | None = None
    seen = 0
    for number, cells in rows:
        if all(_is_blank(c) for c in cells):
            continue
        if any(normalise_header(c) == "u1" for c in cells):
            header = (number, cells)
            break
        seen += 1
        if seen >= MAX_TITLE_ROWS:
            break
    if header is None:
        if seen == 0:
            raise ResponseFileError(["berkas kosong: tidak ada baris judul kolom"])
        raise ResponseFileError(
            [
                f"baris judul kolom (dengan kolom U1…U9) tidak ditemukan dalam {seen} baris "
                "pertama yang berisi"
            ]
        )
    header_row, header_cells = header
    unsur_columns, profile_columns = _map_header(header_cells, header_row, problems)
    if problems:
        raise ResponseFileError(problems)
    header_names = {
        index: normalise_header(header_cells[index]) for index in profile_columns.values()
    }

    responses: list[SurveyResponse] = []
    data_rows = 0
    for number, cells in rows:
        if all(_is_blank(c) for c in cells):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise ResponseFileError([f"terlalu banyak baris (lebih dari {MAX_ROWS})"])
        before = len(problems)

        def cell_at(index: int, cells: Sequence[Cell] = cells) -> Cell:
            return cells[index] if index < len(cells) else None

        answers: dict[str, int | None] = {}
        for code in UNSUR_CODES:
            cell = cell_at(unsur_columns[code])
            if _is_blank(cell):
                answers[code] = None
                continue
            value = _to_int(cell)
            if value is None:
                problems.append(
                    f"baris {number}, kolom {code}: nilai {_describe(cell)} bukan bilangan bulat "
                    f"{ANSWER_MIN}–{ANSWER_MAX}"
                )
            elif not ANSWER_MIN <= value <= ANSWER_MAX:
                problems.append(
                    f"baris {number}, kolom {code}: nilai {value} di luar {ANSWER_MIN}–{ANSWER_MAX}"
                )
            else:
                answers[code] = value
        if len(problems) == before and all(v is None for v in answers.values()):
            problems.append(
                f"baris {number}: tidak ada jawaban untuk {UNSUR_CODES[0]}…{UNSUR_CODES[-1]}"
            )

        profile = _parse_profile(number, profile_columns, header_names, cell_at, problems)
        if len(problems) == before:
            responses.append(SurveyResponse(number, answers, profile))

    if problems:
        raise ResponseFileError(problems)
    if not responses:
        raise ResponseFileError(["tidak ada baris jawaban responden di bawah judul kolom"])
    return responses


def _parse_profile(
    number: int,
    columns: Mapping[str, int],
    header_names: Mapping[int, str],
    cell_at: Callable[[int], Cell],
    problems: list[str],
) -> RespondentProfile:
    texts: dict[str, str | None] = {}
    for field in ("sex", "education", "occupation", "service"):
        index = columns.get(field)
        cell = None if index is None else cell_at(index)
        texts[field] = None if _is_blank(cell) else _describe_text(cell)

    age: int | None = None
    age_index = columns.get("age")
    if age_index is not None and not _is_blank(cell_at(age_index)):
        cell = cell_at(age_index)
        age = _to_int(cell)
        if age is None or not 0 < age < 150:
            problems.append(
                f"baris {number}, kolom {header_names[age_index]}: umur {_describe(cell)} "
                "bukan bilangan bulat 1–149"
            )
            age = None

    when: date | None = None
    date_index = columns.get("date")
    if date_index is not None and not _is_blank(cell_at(date_index)):
        cell = cell_at(date_index)
        when = _to_date(cell)
        if when is None:
            problems.append(
                f"baris {number}, kolom {header_names[date_index]}: tanggal {_describe(cell)} "
                "tidak dikenali (gunakan TTTT-BB-HH atau HH/BB/TTTT)"
            )
    return RespondentProfile(
        age=age,
        sex=texts["sex"],
        education=texts["education"],
        occupation=texts["occupation"],
        service=texts["service"],
        date=when,
    )


def _describe_text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
