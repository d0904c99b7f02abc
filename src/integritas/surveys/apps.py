"""Surveys app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """SKM/IKM (PermenPANRB 14/2017), SPAK/IPAK and SPKP/IPKP (issue 4)."""

    name = "integritas.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction and perception surveys")
