"""Fixtures of the complaints tests: the shared tree plus an OPD complaint handler."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import override_settings

from integritas.complaints.notifications import MemorySender
from integritas.conftest import Tree
from integritas.core.choices import Role
from integritas.core.models import User
from integritas.core.tests.factories import UserFactory, grant


@dataclass
class People:
    """The complaint manager (Pemda-wide), an OPD handler at Dinkes and one at DPMPTSP."""

    manager: User
    dinkes: User
    dpmptsp: User


@pytest.fixture
def people(tree: Tree) -> People:
    dinkes = UserFactory(username="handler_dinkes", email="dinkes@contoh.id")
    grant(dinkes, Role.PENGELOLA_PENGADUAN, tree.dinkes)
    dpm = UserFactory(username="handler_dpmptsp", email="dpm@contoh.id")
    grant(dpm, Role.PENGELOLA_PENGADUAN, tree.dpmptsp)
    return People(manager=tree.users["pengelola_pengaduan"], dinkes=dinkes, dpmptsp=dpm)


@pytest.fixture(autouse=True)
def _memory_sender() -> Iterator[None]:
    MemorySender.outbox.clear()
    with override_settings(
        COMPLAINTS_MESSAGE_SENDER="integritas.complaints.notifications.MemorySender",
        INTEGRITAS_PUBLIC_URL="https://pengaduan.contoh.id",
    ):
        yield
    MemorySender.outbox.clear()
