"""``integritas skm ikm FILE.(csv|xlsx) [--json] [--weighting exact|printed]`` — no database.

Contract: ``shared/DESIGN.md``, "Command line". JSON shape::

    {"respondents": 29,
     "unsur": [{"code": "U1", "name": "Persyaratan", "nrr": 3.6207}, …],
     "ikm": 91.4751, "mutu": "A", "kinerja": "Sangat Baik"}

Numbers in JSON are rounded half-up to 4 decimals; the human output shows 2. Exit status 0 when
computed, 2 with a message on stderr when the file cannot be read or the data cannot give an
IKM (empty, an unsur nobody answered). Never imports Django.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from integritas.surveys.ikm import (
    IkmResult,
    SkmError,
    compute_ikm,
    parse_weighting,
    round_half_up,
)
from integritas.surveys.responses_io import read_responses

#: Decimal places of numbers in JSON output (DESIGN.md) and in the human output.
JSON_PLACES = 4
HUMAN_PLACES = 2

EXIT_OK = 0
EXIT_BAD_INPUT = 2

_WEIGHTING_LABEL = {
    "exact": "tepat: rata-rata 9 NRR × 25",
    "printed": "bobot tercetak: Σ NRR × 0,111 × 25",
}


def ikm_as_json(result: IkmResult) -> dict[str, object]:
    """The ``skm ikm --json`` document for ``result`` (DESIGN.md contract)."""
    return {
        "respondents": result.respondents,
        "unsur": [
            {
                "code": item.unsur.code,
                "name": item.unsur.name,
                "nrr": float(round_half_up(item.nrr, JSON_PLACES)),
            }
            for item in result.unsur
        ],
        "ikm": float(round_half_up(result.ikm, JSON_PLACES)),
        "mutu": result.mutu,
        "kinerja": result.kinerja,
    }


def format_ikm_human(result: IkmResult) -> str:
    """Plain-text report: respondents, NRR per unsur with names, IKM, mutu, kinerja."""
    width = max(len(item.unsur.name) for item in result.unsur)
    lines = [
        f"Responden: {result.respondents}",
        "",
        f"{'Unsur':<5}  {'Nama':<{width}}  {'NRR':>4}  Dijawab",
    ]
    for item in result.unsur:
        nrr = round_half_up(item.nrr, HUMAN_PLACES)
        lines.append(
            f"{item.unsur.code:<5}  {item.unsur.name:<{width}}  {nrr:>4}  {item.answered:>7}"
        )
    lines += [
        "",
        f"IKM: {result.ikm_rounded} ({_WEIGHTING_LABEL[result.weighting]})",
        f"Mutu: {result.mutu}",
        f"Kinerja: {result.kinerja}",
    ]
    return "\n".join(lines)


def skm_ikm(
    *,
    path: str,
    as_json: bool,
    weighting: str,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Compute the IKM of the responses in ``path`` and print it; return the exit status.

    ``stdout``/``stderr`` default to the process streams (looked up at call time, so pytest's
    capture sees them).
    """
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    try:
        mode = parse_weighting(weighting)
        result = compute_ikm((r.answers for r in read_responses(path)), weighting=mode)
    except SkmError as error:
        print(f"integritas skm ikm: {error}", file=err)
        return EXIT_BAD_INPUT
    if as_json:
        print(json.dumps(ikm_as_json(result), ensure_ascii=False, indent=2), file=out)
    else:
        print(format_ikm_human(result), file=out)
    return EXIT_OK
