"""Complaints app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class ComplaintsConfig(DomainAppConfig):
    """Public complaints (pengaduan): intake, tracking, working-day clocks (issue 5)."""

    default = True
    name = "integritas.complaints"
    label = "complaints"
    verbose_name = _("Public complaints")

    def declare(self) -> AppDeclaration:
        from integritas.complaints import datasets, demo, exports, permissions, tasks
        from integritas.complaints.dashboard import overdue_complaints
        from integritas.complaints.feeds import complaint_ratio
        from integritas.core.dashboard import WorkspaceLink

        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            demo=DemoLoader(25, "complaints", demo.load_complaints),
            datasets=datasets.published_datasets,
            feeds={"lke.complaint_ratio": complaint_ratio},
            overdue=overdue_complaints,
            jobs={"complaints.export": exports.export_job},
            sweeps={
                "complaints.autoclose": tasks.run_due_autocloses,
                "complaints.remind": tasks.send_reminders,
            },
            links=[WorkspaceLink(_("Complaints"), "complaints:inbox", "complaints.handle", 20)],
        )
