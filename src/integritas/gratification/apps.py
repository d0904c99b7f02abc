"""Gratification control (UPG) app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class GratificationConfig(DomainAppConfig):
    """Gratification reports by employees and the UPG's workflow (issue 12, items 8–9)."""

    default = True
    name = "integritas.gratification"
    label = "gratification"
    verbose_name = _("Gratification control")

    def declare(self) -> AppDeclaration:
        from integritas.core.dashboard import WorkspaceLink
        from integritas.gratification import demo, permissions, tasks
        from integritas.gratification.dashboard import overdue_reports
        from integritas.gratification.datasets import published_datasets
        from integritas.gratification.feeds import gratification_figures

        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            overdue=overdue_reports,
            datasets=published_datasets,
            feeds={"lke.gratification": gratification_figures},
            sweeps={"gratification.lapsed": tasks.sweep_lapsed},
            demo=DemoLoader(41, "gratification", demo.load_gratification),
            links=[
                WorkspaceLink(
                    _("Gratification"), "gratification:index", "gratification.use_own_reports", 41
                )
            ],
        )
