"""Surveys app configuration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from integritas.core.registry import AppDeclaration, DemoLoader, DomainAppConfig


class SurveysConfig(DomainAppConfig):
    """SKM/IKM (PermenPANRB 14/2017), SPAK/IPAK and SPKP/IPKP (issue 4)."""

    default = True
    name = "integritas.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction and perception surveys")

    def declare(self) -> AppDeclaration:
        """Permissions, datasets, the LKE feeds ``lke.ipak``, ``lke.ipkp``,
        ``lke.skm_per_year``, commentable plans, open surveys per unit and the import, export and report jobs."""
        from integritas.core.dashboard import WorkspaceLink
        from integritas.surveys import datasets, demo, feeds, permissions, tasks

        return AppDeclaration(
            permissions=permissions.PERMISSIONS,
            demo=DemoLoader(20, "surveys", demo.load_surveys),
            datasets=datasets.published_datasets,
            feeds={
                "lke.ipak": feeds.ipak,
                "lke.ipkp": feeds.ipkp,
                "lke.skm_per_year": feeds.skm_per_year,
            },
            commentable={"surveys-plan": datasets.plan_target},
            public_actions=datasets.open_surveys,
            jobs=dict(tasks.JOBS),
            # Anonymity of answers (issue 11 item 1): the daily count replaces per-answer
            # audit events; the response table is reordered once a day on PostgreSQL.
            sweeps={
                "surveys.responses_daily_count": tasks.responses_daily_count,
                "surveys.responses_shuffle": tasks.responses_shuffle,
            },
            links=[WorkspaceLink(_("Surveys"), "surveys:list", "surveys.view_published", 30)],
        )
