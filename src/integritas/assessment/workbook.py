"""Read and write LKE workbooks in the "LKE" sheet layout — pure Python (openpyxl), no Django.

The reader and the writer live in :mod:`integritas.assessment.workbook_reader` and
:mod:`integritas.assessment.workbook_writer`; this module keeps the public names importable
from one place (``from integritas.assessment.workbook import read_workbook``).
"""

from __future__ import annotations

from integritas.assessment.workbook_reader import (
    SHEET_NAME,
    CellProblem,
    WorkbookError,
    WorkbookRead,
    WorkbookWarning,
    criteria_options,
    parse_count,
    parse_percent,
    read_sheet,
    read_workbook,
)
from integritas.assessment.workbook_writer import write_workbook

__all__ = [
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
    "write_workbook",
]
