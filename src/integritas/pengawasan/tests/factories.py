"""Factories for the pengawasan app: LHP summaries made through the real services."""

from __future__ import annotations

import datetime as dt

from integritas.core.actors import Actor, System
from integritas.core.models import Organisation
from integritas.pengawasan import services
from integritas.pengawasan.choices import LhpStatus, TlhpStatus
from integritas.pengawasan.models import Lhp, Rekomendasi

TITLE = "Pemeriksaan pengelolaan obat"
_SEQUENCE = iter(range(1, 1_000_000))

#: Follow-up actions that take a new recommendation to each TLHP status.
TLHP_STEPS: dict[str, list[str]] = {
    TlhpStatus.NOT_YET: [],
    TlhpStatus.IN_PROGRESS: ["start"],
    TlhpStatus.DONE: ["complete"],
}


def make_lhp(
    organisation: Organisation,
    *,
    number: str | None = None,
    n: int = 3,
    status: str = LhpStatus.DRAFT,
    public_from: dt.date | None = None,
    actor: Actor | None = None,
    title: str = TITLE,
    summary: str = "Ringkasan untuk publik.",
    recommendations: list[str] | None = None,
) -> Lhp:
    """An LHP summary with ``n`` recommendations, a draft or published (by the system)."""
    who: Actor = actor if actor is not None else System("test")
    lhp = services.lhp_create(
        actor=who,
        organisation=organisation,
        number=number or f"LHP-700/{next(_SEQUENCE):02d}/2026",
        date=dt.date(2026, 3, 2),
        title=title,
        summary=summary,
        recommendations=recommendations or [f"Rekomendasi {i}" for i in range(1, n + 1)],
    )
    if status == LhpStatus.PUBLISHED:
        lhp = services.lhp_publish(actor=who, lhp=lhp, public_from=public_from)
    return lhp


def make_rekomendasi(organisation: Organisation, status: str = TlhpStatus.NOT_YET) -> Rekomendasi:
    """One recommendation (of a fresh draft LHP) in follow-up ``status``."""
    rec = make_lhp(organisation, n=1).rekomendasi.get()
    for step in TLHP_STEPS[status]:
        rec = services.tlhp_update(actor=System("test"), rekomendasi=rec, action=step)
    return rec
