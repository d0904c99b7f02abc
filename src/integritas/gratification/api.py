"""API of the gratification app (mounted under /api/v1/gratification): the yearly recap."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from integritas.core import clock
from integritas.core.api import api_requires
from integritas.gratification import selectors

router = Router(tags=["gratification"])


class RecapRowOut(Schema):
    label: str
    count: int
    value: int


@router.get("/recap", response=list[RecapRowOut], auth=django_auth)
@api_requires("gratification.view_recap")
def recap(request: HttpRequest, year: int | None = None) -> list[RecapRowOut]:
    rows = selectors.recap(year=year or clock.today(None).year)
    return [RecapRowOut(label=r.label, count=r.count, value=r.value) for r in rows]
