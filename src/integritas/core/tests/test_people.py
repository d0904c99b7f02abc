"""People and roles in the web app, and the bootstrap command (issue 2, item 5)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from integritas.conftest import Tree
from integritas.core.models import AuditEvent, Organisation, RoleMembership, User


@pytest.mark.django_db
def test_admin_adds_a_person_and_gives_a_role(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["admin"])
    response = client.post(
        "/app/pengguna/tambah/",
        {
            "username": "baru",
            "full_name": "Pegawai Baru",
            "nip": "198703152010012015",
            "password": "kata-sandi-yang-panjang",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="baru")
    response = client.post(
        f"/app/pengguna/{person.public_id}/peran/",
        {"role": "tim_zi", "organisation": tree.dinkes.public_id},
    )
    assert response.status_code == 302
    assert RoleMembership.objects.filter(
        user=person, role="tim_zi", organisation=tree.dinkes
    ).exists()
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"user.create", "role.grant"}
    membership = RoleMembership.objects.get(user=person)
    client.post(f"/app/pengguna/{person.public_id}/peran/{membership.pk}/hapus/")
    assert not RoleMembership.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_invalid_nip_is_refused_in_indonesian_and_nothing_is_stored(
    client: Client, tree: Tree
) -> None:
    client.force_login(tree.users["admin"])
    response = client.post(
        "/app/pengguna/tambah/",
        {
            "username": "x1",
            "full_name": "X",
            "nip": "198702302010012015",
            "password": "panjang-sekali-1",
        },
    )
    assert response.status_code == 200
    assert "tanggal lahir" in response.content.decode()
    assert not User.objects.filter(username="x1").exists()


@pytest.mark.django_db
def test_hr_sees_people_but_cannot_add_them(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["kepegawaian"])
    assert client.get("/app/pengguna/").status_code == 200
    response = client.post(
        "/app/pengguna/tambah/",
        {"username": "x2", "full_name": "X", "password": "panjang-sekali-1"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(username="x2").exists()


@pytest.mark.django_db
def test_bootstrap_creates_a_pemda_and_its_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRITAS_ADMIN_PASSWORD", "kata-sandi-awal-yang-panjang")
    call_command(
        "bootstrap",
        code="9471",
        name="Pemerintah Kota Jayapura",
        timezone="WIT",
        admin="admin",
        admin_name="Admin Kota",
    )
    pemda = Organisation.objects.get(code="9471")
    assert pemda.timezone == "Asia/Jayapura"
    assert RoleMembership.objects.filter(
        user__username="admin", role="admin", organisation=pemda
    ).exists()
    with pytest.raises(CommandError, match="exists"):
        call_command(
            "bootstrap", code="9471", name="Lagi", timezone="WIT", admin="admin2", admin_name="X"
        )
    with pytest.raises(CommandError, match="Zona waktu tidak dikenal"):
        call_command(
            "bootstrap", code="1", name="Kota", timezone="UTC+7", admin="a3", admin_name="X"
        )
    assert not Organisation.objects.filter(code="1").exists()
