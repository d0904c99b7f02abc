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

    def declare(self) -> AppDeclaration:
        from integritas.core import demo
        from integritas.core.permissions import CORE_PERMISSIONS

        return AppDeclaration(
            permissions=CORE_PERMISSIONS,
            demo=DemoLoader(0, "core", demo.load_core),
        )
