"""Surveys app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """SKM/IKM (PermenPANRB 14/2017), SPAK/IPAK and SPKP/IPKP (issue 4)."""

    name = "integritas.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction and perception surveys")

    def ready(self) -> None:
        """Register the LKE feeds (``core.feeds``): ``lke.ipak``, ``lke.ipkp``,
        ``lke.skm_per_year``."""
        from integritas.core.feeds import register_feed
        from integritas.surveys import feeds

        register_feed("lke.ipak", feeds.ipak)
        register_feed("lke.ipkp", feeds.ipkp)
        register_feed("lke.skm_per_year", feeds.skm_per_year)

        from integritas.surveys import datasets

        datasets.register()

        from integritas.core.dashboard import WorkspaceLink, register_link

        register_link(WorkspaceLink(_("Surveys"), "surveys:list", "surveys.view_published", 30))
