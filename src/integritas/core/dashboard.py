"""What the leaders' dashboard gathers from every app without importing them.

Apps register a function that lists the viewer's overdue items (complaint clocks, UPG
deadlines, TPI reviews, realisations); the dashboard shows them together, most overdue first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from integritas.core.models import User

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import StrOrPromise


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


@dataclass(frozen=True)
class WorkspaceLink:
    """A link on the staff workspace home, shown to holders of ``permission``."""

    label: StrOrPromise  # lazily translated text
    url_name: str
    permission: str
    order: int = 100


_LINKS: dict[str, WorkspaceLink] = {}


def register_link(link: WorkspaceLink) -> None:
    """Show ``link`` on the workspace home (one per URL name)."""
    _LINKS[link.url_name] = link


def workspace_links(viewer: User | AnonymousUser) -> list[WorkspaceLink]:
    """The registered links the viewer may follow, in order."""
    from integritas.core.permissions import has_permission

    return sorted(
        (link for link in _LINKS.values() if has_permission(viewer, link.permission)),
        key=lambda link: (link.order, link.url_name),
    )
