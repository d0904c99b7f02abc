"""``integritas demo``: a realistic Pemda, safe to load twice (issue 2, item 9)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from integritas.core.audit import verify_chain
from integritas.core.choices import OrganisationLevel, Role
from integritas.core.demo import load_demo, run_demo
from integritas.core.models import AuditEvent, Organisation, RoleMembership, User


@pytest.mark.django_db
def test_demo_has_a_realistic_pemda_and_a_user_for_every_role() -> None:
    ctx = load_demo()
    assert ctx.pemda.level == OrganisationLevel.PEMDA
    assert Organisation.objects.filter(level=OrganisationLevel.PERANGKAT_DAERAH).count() >= 20
    assert Organisation.objects.filter(level=OrganisationLevel.UNIT_KERJA).count() >= 40
    assert set(RoleMembership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Organisation.objects.filter(is_public_service=True).count() >= 30
    request = RequestFactory().post("/app/masuk/")
    for username, password, _role in ctx.logins:
        assert authenticate(request, username=username, password=password) is not None, username


@pytest.mark.django_db
def test_demo_twice_changes_nothing_and_keeps_the_chain_intact() -> None:
    first = load_demo()
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        RoleMembership.objects.count(),
        AuditEvent.objects.count(),
    )
    second = load_demo()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        RoleMembership.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert first.logins == second.logins
    assert verify_chain() == []


@pytest.mark.django_db
def test_run_demo_without_serving_prints_the_logins(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_demo(port=0, serve=False) == 0
    out = capsys.readouterr().out
    for username in [
        "admin",
        "pimpinan",
        "timzi",
        "tpi",
        "pengaduan",
        "wbs",
        "upg",
        "survei",
        "perencana",
        "kepegawaian",
        "operator",
        "pengamat",
    ]:
        assert f"\n    {username} " in out
