"""LKE Zona Integritas app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class AssessmentConfig(DomainAppConfig):
    """LKE templates, assessments, answers, evidence, scoring, TPI review (issue 3)."""

    default = True
    name = "integritas.assessment"
    label = "assessment"
    verbose_name = _("Integrity zone assessment (LKE)")

    def declare(self) -> AppDeclaration:
        from integritas.assessment import datasets, demo, permissions, tasks
        from integritas.assessment.dashboard import overdue_reviews
        from integritas.core.dashboard import WorkspaceLink

        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            demo=DemoLoader(30, "assessment", demo.load_assessment),
            datasets=datasets.published_datasets,
            overdue=overdue_reviews,
            jobs=tasks.JOBS,
            links=[
                WorkspaceLink(
                    _("Integrity zone assessments (LKE)"), "assessment:list", "assessment.view", 10
                )
            ],
        )
