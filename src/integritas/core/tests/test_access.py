"""Scoped access: hidden answers 404, anonymous goes to sign-in (issue 2, item 5)."""

from __future__ import annotations

import pytest
from django.test import Client

from integritas.conftest import Tree
from integritas.core.choices import Role
from integritas.core.permissions import PERMISSIONS, has_permission


@pytest.mark.django_db
def test_role_scope_covers_the_subtree_only(tree: Tree) -> None:
    tim_zi = tree.users["tim_zi"]  # Tim ZI of DPMPTSP
    assert has_permission(tim_zi, "core.view_organisation", tree.mpp)
    assert not has_permission(tim_zi, "core.view_organisation", tree.dinkes)
    assert not has_permission(tim_zi, "core.view_organisation", tree.pemda)
    assert not has_permission(tree.users["nobody"], "core.use_workspace")


@pytest.mark.django_db
def test_other_units_answer_404_like_missing_ones(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["tim_zi"])
    assert client.get(f"/app/organisasi/{tree.mpp.public_id}/").status_code == 200
    hidden = client.get(f"/app/organisasi/{tree.dinkes.public_id}/")
    missing = client.get("/app/organisasi/does-not-exist/")
    assert hidden.status_code == missing.status_code == 404
    assert tree.dinkes.name not in hidden.content.decode()


@pytest.mark.django_db
def test_numeric_ids_do_not_work_in_urls(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["admin"])
    assert client.get(f"/app/organisasi/{tree.dinkes.pk}/").status_code == 404


@pytest.mark.django_db
def test_pages_without_permission_answer_404(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["operator_layanan"])
    assert client.get("/app/").status_code == 200
    assert client.get("/app/audit/").status_code == 404
    assert client.get("/app/pengguna/").status_code == 404


@pytest.mark.django_db
def test_a_user_without_roles_sees_no_workspace(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["nobody"])
    assert client.get("/app/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/app/", "/app/organisasi/", "/app/audit/", "/app/kalender/"])
def test_anonymous_is_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/app/masuk/?next=")


@pytest.mark.django_db
def test_observer_cannot_write(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["pengamat"])
    response = client.post(
        f"/app/organisasi/{tree.dinkes.public_id}/tambah/",
        {"new-code": "X", "new-name": "X", "new-kind": "upt"},
    )
    assert response.status_code == 404
    assert not tree.dinkes.children.filter(code="X").exists()


def test_observer_role_is_read_only_everywhere() -> None:
    writes = [
        name
        for name, roles in PERMISSIONS.items()
        # Observers read, export what they read, comment (moderated) and secure their own
        # account (TOTP), nothing else.
        if Role.PENGAMAT in roles
        and not name.split(".")[1].startswith(("view", "use", "comment", "enrol", "export"))
    ]
    assert writes == []


@pytest.mark.django_db
def test_api_is_scoped_and_hides_with_404(client: Client, tree: Tree) -> None:
    assert client.get("/api/v1/organisations").status_code == 401
    client.force_login(tree.users["tim_zi"])
    data = client.get("/api/v1/organisations").json()
    assert {o["code"] for o in data} == {"DPMPTSP", "MPP"}
    client.force_login(tree.users["nobody"])
    assert client.get("/api/v1/organisations").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.django_db
def test_audit_page_is_scoped(client: Client, tree: Tree) -> None:
    client.force_login(tree.users["tpi"])
    page = client.get("/app/audit/").content.decode()
    assert "organisation.create" in page
