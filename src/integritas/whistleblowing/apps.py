"""Whistleblowing (WBS) app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class WhistleblowingConfig(DomainAppConfig):
    """Whistleblowing: receipts instead of accounts, reports encrypted to handlers (issue 12)."""

    default = True
    name = "integritas.whistleblowing"
    label = "whistleblowing"
    verbose_name = _("Whistleblowing")

    def declare(self) -> AppDeclaration:
        from integritas.core.dashboard import WorkspaceLink
        from integritas.whistleblowing import demo, keys, permissions
        from integritas.whistleblowing.dashboard import overdue_reports
        from integritas.whistleblowing.datasets import published_datasets
        from integritas.whistleblowing.feeds import wbs_figures

        keys.connect_signals()
        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            overdue=overdue_reports,
            datasets=published_datasets,
            feeds={"lke.wbs": wbs_figures},
            demo=DemoLoader(40, "whistleblowing", demo.load_whistleblowing),
            links=[
                WorkspaceLink(
                    _("Whistleblowing"), "whistleblowing:inbox", "whistleblowing.view_reports", 40
                )
            ],
        )
