"""Published datasets: the figures the public portal shows and ``/data/`` serves.

Each app registers its datasets here (in ``AppConfig.ready()``), and the portal renders them
generically: a table on the unit's page, downloads in CSV, JSON and XLSX, and an entry in the
DCAT-AP catalogue. A dataset's ``rows`` function must return **only published data** — it is
the single gate between private records and the public; ``portal/tests/test_no_leak.py``
crawls every public endpoint with private markers planted in every app.

Rows are cached per process and rebuilt when the dataset's version changes: services that
change published data call :func:`invalidate` in their transaction, which bumps a counter in
the database shared by every worker.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, Literal

from django.db import transaction
from django.db.models import F

Value = str | int | Decimal | float | dt.date | None
ColumnType = Literal["string", "integer", "decimal", "date", "url"]


@dataclass(frozen=True)
class Column:
    """A column: machine ``name``, human ``title`` (Indonesian), type, optional unit."""

    name: str
    title: str
    type: ColumnType = "string"
    unit: str = ""


@dataclass(frozen=True)
class Dataset:
    """A published dataset.

    ``slug``: stable identifier used in URLs (``/data/<slug>.csv``); ``rows``: returns the
    published rows, each a sequence aligned with ``columns``; ``unit_column``: the column
    holding an organisation's public id, when rows belong to units (the portal shows those
    rows on the unit's page); ``chart``: optional hint for the unit page
    (``("line", x_column, y_column, y_min, y_max)`` or ``("bar", label_column, value_column,
    0, max)``); ``theme`` and ``keywords`` feed the DCAT catalogue; ``source`` names the
    regulation or process behind the figures.
    """

    slug: str
    title: str
    description: str
    columns: Sequence[Column]
    rows: Callable[[], list[Sequence[Value]]]
    theme: str
    source: str
    keywords: Sequence[str] = field(default_factory=tuple)
    unit_column: str | None = None
    chart: tuple[str, str, str, float, float] | None = None
    order: int = 100
    #: Optional cheap fingerprint of the source data (e.g. the newest event id), for
    #: datasets aggregated from tables whose services do not call :func:`invalidate`.
    fingerprint: Callable[[], object] | None = None
    #: Column whose values split a line chart into series (e.g. one line per survey).
    chart_series: str | None = None
    #: Seconds a built row set stays served even after its data changed (0: rebuild at once).
    #: For aggregates over large, busy tables (complaints), so a steady trickle of changes does
    #: not rebuild them on every request.
    refresh_after: int = 0


_DATASETS: dict[str, Dataset] = {}
_CACHE: dict[str, tuple[object, float, list[Sequence[Value]]]] = {}
_LOCK: Final = threading.Lock()


def register_dataset(dataset: Dataset) -> None:
    """Register ``dataset`` (slugs are unique; registering the same object twice is a no-op)."""
    existing = _DATASETS.get(dataset.slug)
    if existing is not None and existing != dataset:
        raise ValueError(f"Dataset {dataset.slug!r} is already registered")
    _DATASETS[dataset.slug] = dataset


def datasets() -> list[Dataset]:
    """Every registered dataset, in display order."""
    return sorted(_DATASETS.values(), key=lambda d: (d.order, d.slug))


def get_dataset(slug: str) -> Dataset | None:
    """The dataset with ``slug``, or None."""
    return _DATASETS.get(slug)


def _version(slug: str) -> int:
    from integritas.core.models import DatasetVersion

    found = DatasetVersion.objects.filter(slug=slug).values_list("version", flat=True).first()
    return found or 0


def dataset_rows(dataset: Dataset) -> list[Sequence[Value]]:
    """The dataset's rows, from the per-process cache while its version is unchanged."""
    version: object = _version(dataset.slug)
    if dataset.fingerprint is not None:
        version = (version, dataset.fingerprint())
    now = time.monotonic()
    with _LOCK:
        cached = _CACHE.get(dataset.slug)
        if cached is not None and (cached[0] == version or now - cached[1] < dataset.refresh_after):
            return cached[2]
    rows = dataset.rows()
    with _LOCK:
        _CACHE[dataset.slug] = (version, now, rows)
    return rows


def dataset_updated(slug: str) -> dt.datetime | None:
    """When the dataset last changed (None: never invalidated since install)."""
    from integritas.core.models import DatasetVersion

    return DatasetVersion.objects.filter(slug=slug).values_list("updated_at", flat=True).first()


def invalidate(*slugs: str) -> None:
    """Mark datasets as changed, in the caller's transaction.

    The bump commits or rolls back with the change it describes, so no worker can cache
    rows under a version that does not match the data.
    """
    from django.utils import timezone

    from integritas.core.models import DatasetVersion

    with transaction.atomic():
        for slug in slugs:
            updated = DatasetVersion.objects.filter(slug=slug).update(
                version=F("version") + 1, updated_at=timezone.now()
            )
            if not updated:
                DatasetVersion.objects.get_or_create(slug=slug, defaults={"version": 1})


def clear_cache() -> None:
    """Forget every cached row set (tests, whose rollbacks reset the version counters)."""
    with _LOCK:
        _CACHE.clear()


@dataclass(frozen=True)
class PublicAction:
    """Something a citizen can do for a unit (answer its survey, file a complaint)."""

    label: str
    url: str


PublicActions = Callable[[str], list[PublicAction]]
_ACTIONS: dict[str, PublicActions] = {}


def register_public_actions(code: str, provider: PublicActions) -> None:
    """Register ``provider(unit_public_id)`` listing what the public can do for a unit."""
    _ACTIONS[code] = provider


def public_actions(unit_public_id: str) -> list[PublicAction]:
    """Every app's public actions for the unit, in registration-code order."""
    actions: list[PublicAction] = []
    for code in sorted(_ACTIONS):
        actions.extend(_ACTIONS[code](unit_public_id))
    return actions
