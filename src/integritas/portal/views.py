"""Public portal pages: readable by anyone, showing only published information."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from integritas.core.choices import OrganisationLevel
from integritas.core.models import Organisation
from integritas.core.permissions import public


@public("the public portal is for citizens without an account; shows only public structure")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """``/``: the Pemda(s) hosted here and their perangkat daerah (public structure only)."""
    pemdas = list(
        Organisation.objects.filter(level=OrganisationLevel.PEMDA, is_active=True).order_by("name")
    )
    opd = (
        Organisation.objects.filter(level=OrganisationLevel.PERANGKAT_DAERAH, is_active=True)
        .only("name", "kind", "is_public_service", "parent_id", "path")
        .order_by("name")
    )
    return render(request, "portal/home.html", {"pemdas": pemdas, "opd": opd})
