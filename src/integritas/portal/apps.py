"""Public portal app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public transparency portal and open data (issue 6 widens it)."""

    name = "integritas.portal"
    label = "portal"
    verbose_name = _("Public portal")
