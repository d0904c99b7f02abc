"""API operations of the assessment app (django-ninja router, mounted at /api/v1/assessments).

Viewer-scoped like the pages: observers see locked results only; anything out of scope is 404.
Numbers are decimals rounded to 4 places (DESIGN.md "Stable contracts").
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from integritas.assessment import permissions as perms
from integritas.assessment import selectors
from integritas.assessment.choices import LOCKED_STATUSES, ScoreBasis
from integritas.assessment.scores import Scored, points
from integritas.core.api import api_requires

router = Router(tags=["assessment"])


class UnmetOut(Schema):
    predicate: str
    condition: str
    label: str
    required: float | bool
    actual: float | bool | None


class VerdictOut(Schema):
    wbk: bool
    wbbm: bool
    unmet: list[UnmetOut]


class AreaOut(Schema):
    half: str
    area: int
    code: str
    name: str
    weight: float
    score: float
    percent: float


class HasilItemOut(Schema):
    code: str
    name: str
    weight: float
    score: float


class ScoreOut(Schema):
    total: float
    pengungkit: float
    hasil: float
    answered: int
    items: int
    areas: list[AreaOut]
    hasil_items: list[HasilItemOut]
    verdict: VerdictOut


class AssessmentSummaryOut(Schema):
    id: str
    unit: str
    unit_code: str
    year: int
    status: str
    template: str
    answered: int
    items: int
    self_total: float
    tpi_total: float | None
    tpn_predicate: str


class AssessmentOut(Schema):
    id: str
    unit: str
    unit_code: str
    year: int
    status: str
    template: str
    holds_wbk: bool | None
    tpn_predicate: str
    tpn_date: str | None
    tpn_decree: str
    self_score: ScoreOut
    tpi_score: ScoreOut | None


def _n(value: Fraction) -> float:
    return float(points(value, 4))


def _bound(value: Fraction | bool | None) -> float | bool | None:
    return _n(value) if isinstance(value, Fraction) else value


def _score(s: Scored) -> dict[str, Any]:
    r = s.result
    return {
        "total": _n(r.total),
        "pengungkit": _n(r.pengungkit),
        "hasil": _n(r.hasil),
        "answered": s.answered,
        "items": s.total_items,
        "areas": [
            {
                "half": a.half,
                "area": a.number,
                "code": a.code,
                "name": a.name,
                "weight": _n(a.weight),
                "score": _n(a.score),
                "percent": _n(a.ratio * 100),
            }
            for a in r.areas
        ],
        "hasil_items": [
            {"code": i.code, "name": i.name, "weight": _n(i.weight), "score": _n(i.score)}
            for i in r.hasil_items
        ],
        "verdict": {
            "wbk": s.verdicts["WBK"].met,
            "wbbm": s.verdicts["WBBM"].met,
            "unmet": [
                {
                    "predicate": u.predicate,
                    "condition": u.condition,
                    "label": u.label,
                    "required": _bound(u.required),
                    "actual": _bound(u.actual),
                }
                for v in s.verdicts.values()
                for u in v.unmet
            ],
        },
    }


@router.get("", response=list[AssessmentSummaryOut], auth=django_auth)
@api_requires(perms.VIEW)
def assessment_list(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    """Assessments in the caller's scope with their self and TPI totals (first 500)."""
    qs = selectors.assessment_list(viewer=request.user, year=year)[:500]
    return [
        {
            "id": row.assessment.public_id,
            "unit": row.assessment.organisation.name,
            "unit_code": row.assessment.organisation.code,
            "year": row.assessment.year,
            "status": row.assessment.status,
            "template": row.assessment.template_id,
            "answered": row.self_score.answered,
            "items": row.self_score.total_items,
            "self_total": _n(row.self_score.result.total),
            "tpi_total": None if row.tpi_score is None else _n(row.tpi_score.result.total),
            "tpn_predicate": row.assessment.tpn_predicate,
        }
        for row in selectors.assessment_rows(list(qs))
    ]


@router.get("/{public_id}", response=AssessmentOut, auth=django_auth)
@api_requires(perms.VIEW)
def assessment_detail(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """One assessment: self and TPI scores per area and hasil item, and the verdicts."""
    a = selectors.assessment_get(viewer=request.user, public_id=public_id)
    tpi = selectors.scored(a, ScoreBasis.TPI)
    return {
        "id": a.public_id,
        "unit": a.organisation.name,
        "unit_code": a.organisation.code,
        "year": a.year,
        "status": a.status,
        "template": a.template_id,
        "holds_wbk": a.holds_wbk,
        "tpn_predicate": a.tpn_predicate,
        "tpn_date": a.tpn_date.isoformat() if a.tpn_date else None,
        "tpn_decree": a.tpn_decree,
        "self_score": _score(selectors.scored(a, ScoreBasis.SELF)),
        "tpi_score": _score(tpi) if tpi.answered or a.status in LOCKED_STATUSES else None,
    }
