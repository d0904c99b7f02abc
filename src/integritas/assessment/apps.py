"""LKE Zona Integritas app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """LKE templates, assessments, answers, evidence, scoring, TPI review (issue 3)."""

    name = "integritas.assessment"
    label = "assessment"
    verbose_name = _("Integrity zone assessment (LKE)")

    def ready(self) -> None:
        from integritas.assessment import datasets
        from integritas.assessment.dashboard import overdue_reviews
        from integritas.core.dashboard import WorkspaceLink, register_link, register_overdue

        datasets.register()
        register_overdue("assessment", overdue_reviews)
        register_link(
            WorkspaceLink(
                _("Integrity zone assessments (LKE)"), "assessment:list", "assessment.view", 10
            )
        )
