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
