"""Pengawasan API operations: the LHP summaries in the caller's scope (staff, read-only)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from integritas.core.api import api_requires
from integritas.core.models import User
from integritas.pengawasan import selectors
from integritas.pengawasan.models import Lhp
from integritas.pengawasan.permissions import VIEW

router = Router(tags=["pengawasan"])


class RekomendasiOut(Schema):
    public_id: str
    text: str
    status: str
    due_date: dt.date | None
    follow_up_note: str


class LhpOut(Schema):
    public_id: str
    number: str
    date: dt.date
    title: str
    organisation: str
    organisation_name: str
    status: str
    public_from: dt.date | None
    recommendations: int
    done: int


class LhpDetailOut(LhpOut):
    summary: str
    rekomendasi: list[RekomendasiOut]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _out(lhp: Lhp) -> dict[str, object]:
    recs = list(lhp.rekomendasi.all())
    return {
        "public_id": lhp.public_id,
        "number": lhp.number,
        "date": lhp.date,
        "title": lhp.title,
        "organisation": lhp.organisation.public_id,
        "organisation_name": lhp.organisation.name,
        "status": lhp.status,
        "public_from": lhp.public_from,
        "recommendations": len(recs),
        "done": sum(1 for r in recs if r.status == "selesai"),
    }


@router.get("/lhp", response=list[LhpOut], auth=django_auth)
@api_requires(VIEW)
def lhp_list(request: HttpRequest) -> list[dict[str, object]]:
    """Every LHP summary in the caller's scope, drafts included, newest first."""
    return [_out(lhp) for lhp in selectors.lhp_list(viewer=_user(request))]


@router.get("/lhp/{public_id}", response=LhpDetailOut, auth=django_auth)
@api_requires(VIEW)
def lhp_detail(request: HttpRequest, public_id: str) -> dict[str, object]:
    """One LHP summary with its recommendations and their follow-up (404 outside scope)."""
    lhp = selectors.lhp_get(viewer=_user(request), public_id=public_id)
    return {
        **_out(lhp),
        "summary": lhp.summary,
        "rekomendasi": [
            {
                "public_id": r.public_id,
                "text": r.text,
                "status": r.status,
                "due_date": r.due_date,
                "follow_up_note": r.follow_up_note,
            }
            for r in lhp.rekomendasi.all()
        ],
    }
