"""Shared pytest fixtures: a small Pemda tree and users in every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from integritas.core.choices import OrganisationKind, Role
from integritas.core.models import Organisation, User
from integritas.core.tests.factories import OrganisationFactory, PemdaFactory, UserFactory, grant


@dataclass
class Tree:
    """Pemda → two OPD (DPMPTSP, Dinkes) → one unit each; users per role."""

    pemda: Organisation
    dpmptsp: Organisation
    dinkes: Organisation
    mpp: Organisation
    puskesmas: Organisation
    users: dict[str, User] = field(default_factory=dict)


@pytest.fixture(autouse=True)
def _registries_restored() -> Iterator[None]:
    """Whatever a test registers (datasets, feeds, commentable kinds, …) is gone after it, so
    no test depends on the order tests run in."""
    from integritas.core.registry import restore_registries, snapshot_registries

    saved = snapshot_registries()
    yield
    restore_registries(saved)


@pytest.fixture(autouse=True)
def _fresh_dataset_cache() -> None:
    """Test rollbacks reset dataset version counters, so cached rows must not survive."""
    from integritas.core.datasets import clear_cache

    clear_cache()


@pytest.fixture
def tree(db: None) -> Tree:
    pemda = PemdaFactory(code="3299", name="Pemerintah Kabupaten Sukamaju")
    dpmptsp = OrganisationFactory(parent=pemda, code="DPMPTSP", name="DPMPTSP")
    dinkes = OrganisationFactory(parent=pemda, code="DINKES", name="Dinas Kesehatan")
    mpp = OrganisationFactory(
        parent=dpmptsp, code="MPP", name="UPT Mal Pelayanan Publik", kind=OrganisationKind.UPT
    )
    puskesmas = OrganisationFactory(
        parent=dinkes, code="PKM", name="Puskesmas Sukamaju", kind=OrganisationKind.PUSKESMAS
    )
    t = Tree(pemda, dpmptsp, dinkes, mpp, puskesmas)
    for role in Role:
        user = UserFactory(username=f"{role.value}_user")
        scope = dpmptsp if role in {Role.TIM_ZI, Role.OPERATOR_LAYANAN} else pemda
        grant(user, role, scope)
        t.users[role.value] = user
    t.users["nobody"] = UserFactory(username="nobody")
    return t
