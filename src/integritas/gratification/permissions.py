"""Permissions of the gratification app and its access predicates.

Every employee with a role may report their own gifts; the UPG verifies, forwards to the KPK
and records the decision. Leaders, the TPI and observers see the yearly recap without names.
"""

from __future__ import annotations

from integritas.core.actors import Actor, Public, System
from integritas.core.choices import Role
from integritas.core.models import User
from integritas.core.permissions import actor_may

R = Role

PERMISSIONS: dict[str, frozenset[Role]] = {
    "gratification.report": frozenset(Role) - {R.PENGAMAT},
    "gratification.use_own_reports": frozenset(Role) - {R.PENGAMAT},
    "gratification.view_reports": frozenset({R.UPG}),
    "gratification.manage": frozenset({R.UPG}),
    "gratification.view_recap": frozenset({R.UPG, R.PIMPINAN, R.TPI, R.PENGAMAT}),
}


def can_manage(actor: Actor, report: object) -> bool:
    from integritas.gratification.models import GratificationReport

    assert isinstance(report, GratificationReport)
    if isinstance(actor, Public):
        return False
    if isinstance(actor, System):
        return True
    return actor_may(actor, "gratification.manage", report.pemda)


def can_complete(actor: Actor, report: object) -> bool:
    """Only the reporter completes their own report (or the system for imports)."""
    from integritas.gratification.models import GratificationReport

    assert isinstance(report, GratificationReport)
    if isinstance(actor, System):
        return True
    return isinstance(actor, User) and actor.pk == report.reporter_id


def can_view(actor: Actor, report: object) -> bool:
    return can_manage(actor, report) or can_complete(actor, report)


def can_lapse(actor: Actor, report: object) -> bool:
    """Only the platform's due-date sweep closes a report not completed in time."""
    return isinstance(actor, System)
