"""Core app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class CoreConfig(DomainAppConfig):
    """Organisations, people and roles, audit trail, calendar, jobs, shared helpers."""

    default = True
    name = "integritas.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        super().ready()
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from integritas.core import lockout

        # Staff lockout (issue 11): tell the officer; keep the failure log small.
        user_locked_out.connect(lockout.on_locked_out, dispatch_uid="integritas.lockout.mail")
        user_login_failed.connect(
            lockout.prune_failure_log, dispatch_uid="integritas.lockout.prune"
        )

    def declare(self) -> AppDeclaration:
        from integritas.core import demo
        from integritas.core.permissions import CORE_PERMISSIONS

        return AppDeclaration(
            permissions=CORE_PERMISSIONS,
            demo=DemoLoader(0, "core", demo.load_core),
        )
