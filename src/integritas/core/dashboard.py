"""What the leaders' dashboard gathers from every app without importing them.

Apps register a function that lists the viewer's overdue items (complaint clocks, UPG
deadlines, TPI reviews, realisations); the dashboard shows them together, most overdue first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from integritas.core.models import User


@dataclass(frozen=True)
class OverdueItem:
    """One overdue obligation: what, which unit, since when (UTC), and where to act."""

    kind: str
    title: str
    unit: str
    due: dt.datetime
    url: str


OverdueProvider = Callable[[User | AnonymousUser], list[OverdueItem]]
_OVERDUE: dict[str, OverdueProvider] = {}


def register_overdue(code: str, provider: OverdueProvider) -> None:
    """Register a provider of overdue items under ``code`` (one per code)."""
    existing = _OVERDUE.get(code)
    if existing is not None and existing is not provider:
        raise ValueError(f"Overdue provider {code!r} already registered")
    _OVERDUE[code] = provider


def overdue_items(viewer: User | AnonymousUser) -> list[OverdueItem]:
    """Every provider's overdue items that ``viewer`` may see, most overdue first."""
    items: list[OverdueItem] = []
    for code in sorted(_OVERDUE):
        items.extend(_OVERDUE[code](viewer))
    return sorted(items, key=lambda item: item.due)
