"""``integritas lke score FILE.xlsx [--json] [--prior-wbk yes|no] [--zero-denominator R]``.

Score a filled LKE workbook without a database. Contract in ``shared/DESIGN.md`` ("Command
line"): print areas, components, total and the WBK/WBBM verdict with every unmet condition;
exit 0 when scored, 2 with a message naming sheet/row/cell of every bad cell (on stderr) when
the file cannot be read. JSON numbers are rounded to 4 places, people see 2. Whether the unit
already holds WBK is not in the sheet: ``--prior-wbk yes|no`` states it, so the WBBM verdict is
complete; without it that condition is reported as unknown. Ratio items without data
(denominator 0) are listed as "tidak ada data" with the rule that scored them
(``--zero-denominator zero|one|tpi``, default the template's).
"""

from __future__ import annotations

import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TextIO

from integritas.assessment.lke_template import TemplateError
from integritas.assessment.scoring import (
    NO_DATA_LABEL,
    NoData,
    ScoreResult,
    ScoringError,
    UnmetCondition,
    Verdict,
    score,
    verdicts,
)
from integritas.assessment.workbook import WorkbookError, WorkbookRead, read_workbook

__all__ = ["lke_score", "result_json"]

EXIT_OK = 0
EXIT_UNREADABLE = 2

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def _round(value: Fraction, places: int) -> Decimal:
    # Half-up on the exact value: the same digits a person gets by hand from the fraction.
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def _json_number(value: Fraction) -> float | int:
    rounded = _round(value, 4)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def _show(value: Fraction) -> str:
    return f"{_round(value, 2):.2f}"


def _json_bound(value: Fraction | bool | None) -> JsonValue:
    if value is None or isinstance(value, bool):
        return value
    return _json_number(value)


_RULE_TEXT = {
    "zero": "dihitung 0",
    "one": "dihitung 1 (100%)",
    "tpi": "diputuskan TPI",
}


def _no_data_json(item: NoData) -> dict[str, JsonValue]:
    return {
        "code": item.code,
        "label": NO_DATA_LABEL,
        "rule": item.rule,
        "value": _json_number(item.value),
        "decided": item.decided,
        "note": item.note,
    }


def result_json(
    read: WorkbookRead,
    result: ScoreResult,
    verdict_map: dict[str, Verdict],
    *,
    prior_wbk: bool | None = None,
) -> dict[str, JsonValue]:
    """The ``lke score --json`` document (DESIGN.md), plus ``warnings``, ``unanswered``,
    ``no_data`` (ratio items without data and the rule that scored them) and ``prior_wbk``."""
    areas: list[JsonValue] = [
        {
            "half": a.half,
            "area": a.number,
            "name": a.name,
            "weight": _json_number(a.weight),
            "score": _json_number(a.score),
            "percent": _json_number(a.ratio * 100),
        }
        for a in result.areas
    ]
    hasil_items: list[JsonValue] = [
        {
            "code": i.code,
            "name": i.name,
            "weight": _json_number(i.weight),
            "score": _json_number(i.score),
        }
        for i in result.hasil_items
    ]
    unmet: list[JsonValue] = [
        {
            "predicate": u.predicate,
            "condition": u.condition,
            "required": _json_bound(u.required),
            "actual": _json_bound(u.actual),
        }
        for v in verdict_map.values()
        for u in v.unmet
    ]
    warnings: list[JsonValue] = [{"cell": w.cell, "message": w.message} for w in read.warnings]
    unanswered: list[JsonValue] = list(result.unanswered)
    return {
        "template": result.template_id,
        "total": _json_number(result.total),
        "pengungkit": _json_number(result.pengungkit),
        "hasil": _json_number(result.hasil),
        "areas": areas,
        "hasil_items": hasil_items,
        "verdict": {
            "wbk": verdict_map["WBK"].met if "WBK" in verdict_map else False,
            "wbbm": verdict_map["WBBM"].met if "WBBM" in verdict_map else False,
            "unmet": unmet,
        },
        "prior_wbk": prior_wbk,
        "warnings": warnings,
        "unanswered": unanswered,
        "no_data": [_no_data_json(n) for n in result.no_data],
    }


def _bound_text(value: Fraction | bool | None) -> str:
    if value is None:
        return "tidak diketahui"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return _show(value)


def _threshold_text(value: Fraction | bool | None) -> str:
    # Thresholds such as 75% × 3.5 = 2.625 are exact regulatory values; printing them as 2.63
    # would suggest a score of 2.63 is needed, so show a third decimal when it matters.
    if isinstance(value, Fraction) and _round(value, 2) != value:
        return f"{_round(value, 3):.3f}"
    return _bound_text(value)


def _unmet_line(u: UnmetCondition) -> str:
    if isinstance(u.required, bool):
        return f"    - {u.label}: perlu {_bound_text(u.required)}, status {_bound_text(u.actual)}"
    return (
        f"    - {u.label}: perlu ≥ {_threshold_text(u.required)}, tercapai {_bound_text(u.actual)}"
    )


def _print_human(
    out: TextIO,
    path: str,
    read: WorkbookRead,
    result: ScoreResult,
    verdict_map: dict[str, Verdict],
    prior_wbk: bool | None,
) -> None:
    t = read.template
    w = out.write
    w(f"LKE Zona Integritas — {path}\n")
    w(f"Template: {t.id} ({t.regulation.id} {t.regulation.annex})\n\n")
    for half in result.halves:
        w(f"{half.name.upper()} (bobot {_show(half.weight)})\n")
        w(f"  {'No':<3} {'Area':<42} {'Bobot':>6} {'Nilai':>6} {'%':>7}\n")
        for a in half.areas:
            w(
                f"  {a.number:<3} {a.name:<42} {_show(a.weight):>6} {_show(a.score):>6} "
                f"{_show(a.ratio * 100):>6}%\n"
            )
        total_label = f"Jumlah {half.name.lower()}"
        w(f"  {total_label:<46} {_show(half.weight):>6} {_show(half.score):>6}\n\n")
    w("KOMPONEN\n")
    rows: list[tuple[str, Fraction, Fraction]] = [
        (f"Pengungkit — {h.name.lower()}", h.weight, h.score) for h in result.halves
    ]
    rows.append(("Pengungkit", t.pengungkit_weight, result.pengungkit))
    for item in result.hasil_items:
        rows.append((f"Hasil — {item.short_name}", item.weight, item.score))
    rows.append(("Hasil", t.hasil_weight, result.hasil))
    rows.append(("TOTAL", t.total_weight, result.total))
    for label, weight, value in rows:
        w(f"  {label:<46} {_show(weight):>6} {_show(value):>6}\n")
    w("\nPREDIKAT\n")
    w(f"  Predikat WBK sebelumnya: {_bound_text(prior_wbk)}\n")
    for code, v in verdict_map.items():
        status = "MEMENUHI SYARAT" if v.met else "BELUM MEMENUHI SYARAT"
        w(f"  Menuju {code}: {status}\n")
        for u in v.unmet:
            w(_unmet_line(u) + "\n")
    if result.unanswered:
        w(f"\nBelum dijawab (dihitung 0): {', '.join(result.unanswered)}\n")
    if result.no_data:
        w(f"\n{NO_DATA_LABEL.upper()} (penyebut 0)\n")
        for gap in result.no_data:
            status = _RULE_TEXT[gap.rule]
            if gap.rule == "tpi":
                status += f": {_show(gap.value)}" if gap.decided else ": belum diputuskan, 0"
            note = f" — {gap.note}" if gap.note else ""
            w(f"  - {gap.code}: {NO_DATA_LABEL}, {status}{note}\n")
    if read.warnings:
        w(f"\nPERINGATAN ({len(read.warnings)})\n")
        for warning in read.warnings:
            where = f"{warning.cell}: " if warning.cell else ""
            w(f"  - {where}{warning.message}\n")


def lke_score(
    *,
    path: str,
    as_json: bool,
    prior_wbk: bool | None = None,
    zero_denominator: str | None = None,
) -> int:
    """Score the LKE workbook at ``path``; print it (human or JSON) and return the exit code.

    ``prior_wbk``: whether the unit already holds Menuju WBK (None = unknown, reported as an
    unmet WBBM condition). ``zero_denominator``: rule for ratio items without data (None = the
    template's default). 0 when scored; 2 when the file cannot be read or scored, with the
    reason (naming sheet, row and cell of every bad cell) on stderr.
    """
    try:
        read = read_workbook(path)
        result = score(read.template, read.answers, zero_denominator=zero_denominator)
    except WorkbookError as exc:
        sys.stderr.write(f"integritas lke score: {exc.message}\n")
        return EXIT_UNREADABLE
    except (ScoringError, TemplateError) as exc:
        # The reader validates every answer, so this means a template or engine inconsistency;
        # still a clean message, never a traceback.
        sys.stderr.write(f"integritas lke score: {exc}\n")
        return EXIT_UNREADABLE
    verdict_map = verdicts(read.template, result, holds_wbk=prior_wbk)
    try:
        if as_json:
            doc = result_json(read, result, verdict_map, prior_wbk=prior_wbk)
            sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        else:
            _print_human(sys.stdout, path, read, result, verdict_map, prior_wbk)
        sys.stdout.flush()
    except BrokenPipeError:
        # `… | head` closed the pipe: the scoring succeeded, the reader just stopped listening.
        return EXIT_OK
    return EXIT_OK
