"""Permissions of the whistleblowing app and its access predicates.

Only WBS managers (``pengelola_wbs``) handle reports; leaders, the Inspectorate (TPI) and
observers see statistics without content. Holding the permission is not enough to *read*:
reading needs the report key, sealed to the handler's own key (``keys``), and a handler
declared conflicted on a report can neither handle nor read it.
"""

from __future__ import annotations

from integritas.core.actors import Actor, Public, System
from integritas.core.choices import Role
from integritas.core.models import User
from integritas.core.permissions import actor_may

R = Role

PERMISSIONS: dict[str, frozenset[Role]] = {
    "whistleblowing.view_reports": frozenset({R.PENGELOLA_WBS}),
    "whistleblowing.handle": frozenset({R.PENGELOLA_WBS}),
    "whistleblowing.view_stats": frozenset({R.PENGELOLA_WBS, R.PIMPINAN, R.TPI, R.PENGAMAT}),
}


def is_conflicted(user: User, report: object) -> bool:
    from integritas.whistleblowing.models import Conflict, Report

    assert isinstance(report, Report)
    return Conflict.objects.filter(report=report, user=user).exists()


def can_handle(actor: Actor, report: object) -> bool:
    """Take workflow steps and write to the reporter: a WBS manager not conflicted."""
    from integritas.whistleblowing.models import Report

    assert isinstance(report, Report)
    if isinstance(actor, Public):
        return False
    if isinstance(actor, System):
        return True
    return actor_may(actor, "whistleblowing.handle", report.pemda) and not is_conflicted(
        actor, report
    )


def can_view(actor: Actor, report: object) -> bool:
    """See the report's page (its content still needs the key)."""
    from integritas.whistleblowing.models import Report

    assert isinstance(report, Report)
    if not isinstance(actor, User):
        return False
    return actor_may(actor, "whistleblowing.view_reports", report.pemda) and not is_conflicted(
        actor, report
    )
