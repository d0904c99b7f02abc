"""Permissions of the surveys app and its access predicates.

- ``surveys.view``: every result of the units in scope, published or not, and the raw
  (anonymous) responses export — survey managers, leaders, Tim ZI, TPI, admins.
- ``surveys.view_published``: published results only — the above plus independent observers.
- ``surveys.manage``: create surveys and services, import, publish, kiosks, improvement plans.
- ``surveys.export``: start a report or workbook job (the PDF report, the XLSX export) —
  the roles of ``surveys.view`` (starting a job writes a job row, so it is not a read).

The predicates ``can_<verb>(actor, obj)`` are the one answer to "may this actor do this":
services call them to enforce (``require(can_…)``), selectors and views to decide what to
show. A citizen (``Public``) never holds a staff permission; ``System`` passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from integritas.core.actors import Actor, Public, System
from integritas.core.choices import Role
from integritas.core.permissions import actor_may

if TYPE_CHECKING:
    from integritas.core.models import Organisation
    from integritas.surveys.models import ImprovementPlan, KioskDevice, Survey

R = Role

VIEW_ROLES = frozenset({R.PENGELOLA_SURVEI, R.PIMPINAN, R.TIM_ZI, R.TPI, R.ADMIN})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "surveys.view": VIEW_ROLES,
    "surveys.view_published": VIEW_ROLES | {R.PENGAMAT},
    "surveys.manage": frozenset({R.PENGELOLA_SURVEI, R.ADMIN}),
    "surveys.export": VIEW_ROLES,
}


def can_manage_unit(actor: Actor, unit: Organisation) -> bool:
    """Whether ``actor`` may create services and surveys in ``unit``."""
    return actor_may(actor, "surveys.manage", unit)


def can_manage(actor: Actor, survey: Survey) -> bool:
    """Whether ``actor`` may change ``survey``: settings, publication, import, kiosks, plans."""
    return actor_may(actor, "surveys.manage", survey.unit)


def can_view(actor: Actor, survey: Survey) -> bool:
    """Whether ``actor`` may see ``survey``'s staff page (published periods at least)."""
    return actor_may(actor, "surveys.view_published", survey.unit)


def can_view_unpublished(actor: Actor, survey: Survey) -> bool:
    """Whether ``actor`` may see every period of ``survey`` and its raw responses."""
    return actor_may(actor, "surveys.view", survey.unit)


def can_export(actor: Actor, survey: Survey) -> bool:
    """Whether ``actor`` may start the PDF report or the XLSX export of ``survey``."""
    return actor_may(actor, "surveys.export", survey.unit)


def can_answer(actor: Actor, survey: Survey) -> bool:
    """Whether ``actor`` may submit an answer sheet: a citizen on a public channel (or the
    system replaying one); staff answer as citizens, through the public pages."""
    return isinstance(actor, Public | System)


def can_import(actor: Actor, survey: Survey) -> bool:
    """Whether ``actor`` may import paper responses into ``survey``."""
    return can_manage(actor, survey)


def can_edit_plan(actor: Actor, plan: ImprovementPlan) -> bool:
    """Whether ``actor`` may move or publish improvement plan ``plan``."""
    return actor_may(actor, "surveys.manage", plan.survey.unit)


def can_publish_plan(actor: Actor, plan: ImprovementPlan) -> bool:
    """Whether ``actor`` may publish ``plan`` now (a plan is published once)."""
    return plan.published_at is None and can_edit_plan(actor, plan)


def can_manage_kiosk(actor: Actor, kiosk: KioskDevice) -> bool:
    """Whether ``actor`` may switch kiosk ``kiosk`` off."""
    return actor_may(actor, "surveys.manage", kiosk.survey.unit)
