"""Public portal app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class PortalConfig(DomainAppConfig):
    """The public transparency portal, open data, leaders' dashboard, observers (issue 6)."""

    default = True
    name = "integritas.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def declare(self) -> AppDeclaration:
        from integritas.core.dashboard import WorkspaceLink
        from integritas.portal import datasets, demo, permissions

        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            demo=DemoLoader(40, "portal", demo.load_portal),
            datasets=datasets.published_datasets,
            links=[
                WorkspaceLink(
                    _("Leaders' dashboard"), "portal_staff:dashboard", "portal.view_dashboard", 5
                ),
                WorkspaceLink(
                    _("Audit reports (LHP)"),
                    "portal_staff:reports",
                    "portal.view_audit_reports",
                    40,
                ),
                WorkspaceLink(
                    _("Comments to moderate"),
                    "portal_staff:moderation",
                    "portal.moderate_comments",
                    45,
                ),
            ],
        )
