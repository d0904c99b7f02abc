"""Public portal app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class PortalConfig(DomainAppConfig):
    """The public transparency portal, open data, leaders' dashboard, observers (issue 6).

    Presentation only: every figure comes from the apps' datasets and selectors (the
    Inspektorat's LHP/TLHP from ``integritas.pengawasan``).
    """

    default = True
    name = "integritas.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def declare(self) -> AppDeclaration:
        from integritas.core.dashboard import WorkspaceLink
        from integritas.portal import demo, permissions

        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            demo=DemoLoader(50, "portal", demo.load_portal),
            links=[
                WorkspaceLink(
                    _("Leaders' dashboard"), "portal_staff:dashboard", permissions.VIEW_DASHBOARD, 5
                ),
                WorkspaceLink(
                    _("Comments to moderate"),
                    "portal_staff:moderation",
                    permissions.MODERATE,
                    45,
                ),
            ],
        )
