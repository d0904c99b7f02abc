"""Demo data shipped with the package (read at run time; ``shared/`` never is).

``lke_2024_pattern.json``: the answer pattern of a real filled LKE 2024 (PermenPANRB 90/2021),
answers only — no names, no notes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources

from integritas.assessment.scoring import Answer, Choice, IndexValue, NumericInputs


@lru_cache(maxsize=1)
def real_2024_pattern() -> dict[str, Answer]:
    """The real 2024 sheet's answers as engine answers, keyed by item code (110 items)."""
    raw = json.loads(
        resources.files(__package__).joinpath("lke_2024_pattern.json").read_text(encoding="utf-8")
    )
    out: dict[str, Answer] = {}
    for code, value in raw["answers"].items():
        if "option" in value:
            out[code] = Choice(value["option"], value.get("answer_type"))
        elif "inputs" in value:
            out[code] = NumericInputs(
                values={k: Fraction(Decimal(v)) for k, v in value["inputs"].items()}
            )
        else:
            out[code] = IndexValue(Fraction(Decimal(value["index"])))
    return out
