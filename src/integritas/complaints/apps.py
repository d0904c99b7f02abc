"""Complaints app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Public complaints (pengaduan): intake, tracking, working-day clocks (issue 5)."""

    name = "integritas.complaints"
    label = "complaints"
    verbose_name = _("Public complaints")

    def ready(self) -> None:
        from integritas.complaints import permissions  # noqa: F401 - registers permissions
        from integritas.complaints.feeds import complaint_ratio
        from integritas.core.feeds import register_feed

        register_feed("lke.complaint_ratio", complaint_ratio)

        from integritas.complaints import datasets
        from integritas.complaints.dashboard import overdue_complaints
        from integritas.core.dashboard import register_overdue

        datasets.register()
        register_overdue("complaints", overdue_complaints)

        from integritas.core.dashboard import WorkspaceLink, register_link

        register_link(WorkspaceLink(_("Complaints"), "complaints:inbox", "complaints.handle", 20))
