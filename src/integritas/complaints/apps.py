"""Complaints app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Public complaints (pengaduan): intake, tracking, working-day clocks (issue 5)."""

    name = "integritas.complaints"
    label = "complaints"
    verbose_name = _("Public complaints")
