"""factory_boy factories for the core app."""

from __future__ import annotations

from typing import Any

import factory

from integritas.core import services
from integritas.core.actors import System
from integritas.core.choices import OrganisationKind, Role
from integritas.core.models import Organisation, RoleMembership, User

PASSWORD = "correct-horse-battery-staple"


class PemdaFactory(factory.Factory):  # type: ignore[misc]  # factory_boy has no type hints
    """A Pemda (root) created through the service, so paths and audit are real."""

    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Contoh {n}")
    kind = OrganisationKind.PEMDA
    timezone = "Asia/Jakarta"

    @classmethod
    def _create(cls, model_class: type[Organisation], *args: Any, **kwargs: Any) -> Organisation:
        return services.organisation_create(actor=System("test"), parent=None, **kwargs)


class OrganisationFactory(factory.Factory):  # type: ignore[misc]  # factory_boy has no type hints
    """A perangkat daerah or unit kerja under ``parent``."""

    class Meta:
        model = Organisation

    parent = factory.SubFactory(PemdaFactory)
    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = OrganisationKind.DINAS
    is_public_service = True

    @classmethod
    def _create(cls, model_class: type[Organisation], *args: Any, **kwargs: Any) -> Organisation:
        return services.organisation_create(actor=System("test"), **kwargs)


class UserFactory(factory.Factory):  # type: ignore[misc]  # factory_boy has no type hints
    """A person with a known password."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Pegawai Contoh {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.id")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return services.user_create(actor=System("test"), **kwargs)


def grant(user: User, role: Role, organisation: Organisation) -> RoleMembership:
    """Give ``user`` the ``role`` over ``organisation`` (system actor)."""
    return services.role_grant(
        actor=System("test"), user=user, role=role, organisation=organisation
    )
