"""Public portal app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public transparency portal, open data, leaders' dashboard, observers (issue 6)."""

    name = "integritas.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from integritas.portal import datasets

        datasets.register()

        from integritas.core.dashboard import WorkspaceLink, register_link

        register_link(
            WorkspaceLink(
                _("Leaders' dashboard"), "portal_staff:dashboard", "portal.view_dashboard", 5
            )
        )
        register_link(
            WorkspaceLink(
                _("Audit reports (LHP)"), "portal_staff:reports", "portal.view_audit_reports", 40
            )
        )
        register_link(
            WorkspaceLink(
                _("Comments to moderate"), "portal_staff:moderation", "portal.moderate_comments", 45
            )
        )
