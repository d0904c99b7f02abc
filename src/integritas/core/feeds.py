"""Figures one app feeds to another without importing it (e.g. IPAK from surveys to the LKE).

A provider app registers a function under a code in its ``AppConfig.ready()``; a consumer asks
for the code and shows the value with its source. Codes in use:

- ``lke.ipak`` / ``lke.ipkp``: IPAK / IPKP index on 0–4 for a unit and year (surveys).
- ``lke.complaint_ratio``: complaints finished / to be followed up for a unit and year
  (complaints) — the LKE "penanganan pengaduan" reform item.
- ``lke.skm_per_year``: how many SKM periods were run for a unit in a year, and whether the
  results were published (surveys) — the LKE questions about survey frequency and publication.
- ``lke.sasaran``: achieved / total sasaran for a unit and year (performance).
- ``lke.wbs``: WBS reports finished / received, with overdue and handling time, for the
  unit's Pemda and year (whistleblowing) — evidence for PW-P iv (PPE4A–C), never an answer.
- ``lke.gratification``: gratification reports on time / received, refusals, forwarded to the
  KPK, total value (gratification) — evidence for PW-P i (PPE1A–B), never an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from integritas.core.models import Organisation


@dataclass(frozen=True)
class FeedValue:
    """A figure with where it came from.

    ``value``: the figure (an index, or a ratio's value); ``numerator``/``denominator`` when
    it is a ratio; ``source``: a human description in Indonesian (e.g. "SPAK 2025: 412
    responden"); ``details``: extra figures by name.
    """

    value: Fraction | Decimal
    source: str
    numerator: int | None = None
    denominator: int | None = None
    details: dict[str, str] = field(default_factory=dict)


Provider = Callable[[Organisation, int], FeedValue | None]
_PROVIDERS: dict[str, Provider] = {}


def register_feed(code: str, provider: Provider) -> None:
    """Register ``provider(unit, year)`` under ``code`` (one provider per code)."""
    existing = _PROVIDERS.get(code)
    if existing is not None and existing is not provider:
        raise ValueError(f"Feed {code!r} already has a provider")
    _PROVIDERS[code] = provider


def get_feed(code: str, unit: Organisation, year: int) -> FeedValue | None:
    """The figure for ``unit`` and ``year``, or None when no app provides it or has no data."""
    provider = _PROVIDERS.get(code)
    return provider(unit, year) if provider is not None else None


def available_feeds() -> list[str]:
    """Codes that have a provider."""
    return sorted(_PROVIDERS)
