"""Providers of the LKE feeds (``core.feeds``); registered in ``SurveysConfig.ready()``."""

from __future__ import annotations

from integritas.core.feeds import FeedValue
from integritas.core.models import Organisation
from integritas.surveys.choices import SurveyKind


def ipak(unit: Organisation, year: int) -> FeedValue | None:
    """``lke.ipak``: IPAK 0–4 of ``unit``'s subtree in ``year`` from SPAK responses."""
    from integritas.surveys.selectors import perception_feed

    return perception_feed(unit, year, SurveyKind.SPAK)


def ipkp(unit: Organisation, year: int) -> FeedValue | None:
    """``lke.ipkp``: IPKP 0–4 of ``unit``'s subtree in ``year`` from SPKP responses."""
    from integritas.surveys.selectors import perception_feed

    return perception_feed(unit, year, SurveyKind.SPKP)


def skm_per_year(unit: Organisation, year: int) -> FeedValue | None:
    """``lke.skm_per_year``: SKM periods surveyed in ``year`` and how many were published."""
    from integritas.surveys.selectors import skm_per_year_feed

    return skm_per_year_feed(unit, year)
