"""The organisation tree: levels, paths, moves, cycles, time zones (issue 2, item 4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from integritas.conftest import Tree
from integritas.core import services
from integritas.core.actors import System
from integritas.core.choices import OrganisationKind, OrganisationLevel
from integritas.core.models import AuditEvent, Organisation


@pytest.mark.django_db
def test_levels_and_paths_follow_the_tree(tree: Tree) -> None:
    assert tree.pemda.level == OrganisationLevel.PEMDA
    assert tree.dpmptsp.level == OrganisationLevel.PERANGKAT_DAERAH
    assert tree.mpp.level == OrganisationLevel.UNIT_KERJA
    assert tree.mpp.path == f"/{tree.pemda.pk}/{tree.dpmptsp.pk}/{tree.mpp.pk}/"
    assert tree.mpp.is_descendant_of(tree.pemda)
    assert not tree.mpp.is_descendant_of(tree.dinkes)
    assert tree.mpp.timezone == "Asia/Jakarta"


@pytest.mark.django_db
def test_move_rewrites_the_subtree(tree: Tree) -> None:
    deep = services.organisation_create(
        actor=System("test"),
        parent=tree.mpp,
        code="LOKET",
        name="Loket 1",
        kind=OrganisationKind.UNIT,
    )
    services.organisation_move(
        actor=tree.users["admin"], organisation=tree.mpp, new_parent=tree.dinkes
    )
    tree.mpp.refresh_from_db()
    deep.refresh_from_db()
    assert tree.mpp.parent == tree.dinkes
    assert tree.mpp.path == f"/{tree.pemda.pk}/{tree.dinkes.pk}/{tree.mpp.pk}/"
    assert deep.path == f"{tree.mpp.path}{deep.pk}/"
    assert (tree.mpp.depth, deep.depth) == (2, 3)


@pytest.mark.django_db
def test_move_up_to_the_pemda_makes_a_perangkat_daerah(tree: Tree) -> None:
    services.organisation_move(actor=System("test"), organisation=tree.mpp, new_parent=tree.pemda)
    tree.mpp.refresh_from_db()
    assert (tree.mpp.level, tree.mpp.depth) == (OrganisationLevel.PERANGKAT_DAERAH, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["mpp", "dpmptsp"])
def test_a_move_that_makes_a_cycle_is_refused_and_nothing_changes(tree: Tree, target: str) -> None:
    paths_before = dict(Organisation.objects.values_list("pk", "path"))
    events_before = AuditEvent.objects.count()
    with translation.override("id"), pytest.raises(ValidationError) as info:
        services.organisation_move(
            actor=System("test"), organisation=tree.dpmptsp, new_parent=getattr(tree, target)
        )
    assert info.value.code == "cycle"
    assert "siklus" in info.value.messages[0]
    assert dict(Organisation.objects.values_list("pk", "path")) == paths_before
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_duplicate_code_under_one_parent_is_refused(tree: Tree) -> None:
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=System("test"),
            parent=tree.pemda,
            code="DPMPTSP",
            name="Lagi",
            kind=OrganisationKind.DINAS,
        )
    # the same code under another parent is fine
    services.organisation_create(
        actor=System("test"),
        parent=tree.dinkes,
        code="DPMPTSP",
        name="Seksi",
        kind=OrganisationKind.BIDANG,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "stored"),
    [("WIB", "Asia/Jakarta"), ("wita", "Asia/Makassar"), ("Asia/Jayapura", "Asia/Jayapura")],
)
def test_time_zones(given: str, stored: str) -> None:
    pemda = services.organisation_create(
        actor=System("test"),
        parent=None,
        code="X",
        name="Kota X",
        kind=OrganisationKind.PEMDA,
        timezone=given,
    )
    assert pemda.timezone == stored


@pytest.mark.django_db
def test_unknown_time_zone_is_refused_in_indonesian() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as info:
        services.organisation_create(
            actor=System("test"),
            parent=None,
            code="X",
            name="Kota X",
            kind=OrganisationKind.PEMDA,
            timezone="Asia/Tokyo",
        )
    assert "Zona waktu tidak dikenal" in info.value.messages[0]
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_setting_the_pemda_zone_applies_to_the_whole_tree(tree: Tree) -> None:
    services.pemda_set_timezone(actor=System("test"), pemda=tree.pemda, timezone="WIT")
    assert set(Organisation.objects.values_list("timezone", flat=True)) == {"Asia/Jayapura"}


@pytest.mark.django_db
def test_only_admins_in_scope_may_change_the_tree(tree: Tree) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=tree.users["tim_zi"],
            parent=tree.dpmptsp,
            code="NEW",
            name="Baru",
            kind=OrganisationKind.BIDANG,
        )
    with pytest.raises(PermissionDenied):
        services.organisation_move(
            actor=tree.users["pimpinan"], organisation=tree.mpp, new_parent=tree.dinkes
        )
