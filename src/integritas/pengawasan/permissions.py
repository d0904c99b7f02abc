"""Pengawasan permissions and access predicates (LHP and TLHP of the Inspektorat).

Services enforce with ``require(can_…(actor, obj))``; selectors and views ask the same
predicates to decide what to show.
"""

from __future__ import annotations

from typing import Final

from django.contrib.auth.models import AnonymousUser

from integritas.core.actors import Actor
from integritas.core.choices import Role
from integritas.core.models import Organisation, User
from integritas.core.permissions import actor_may, has_permission
from integritas.pengawasan.models import Lhp, Rekomendasi

#: The Inspektorat (TPI role) records LHP summaries, publishes them and tracks TLHP.
MANAGE: Final = "pengawasan.manage_lhp"
#: Drafts included, so not observers: they see published summaries early on the portal
#: itself (``VIEW_EARLY``), never the Inspektorat's drafts.
VIEW: Final = "pengawasan.view_lhp"
#: Observers (and leaders) see published summaries before their public release date.
VIEW_EARLY: Final = "pengawasan.view_lhp_early"

PERMISSIONS: dict[str, frozenset[Role]] = {
    MANAGE: frozenset({Role.ADMIN, Role.TPI}),
    VIEW: frozenset({Role.ADMIN, Role.TPI, Role.PIMPINAN}),
    VIEW_EARLY: frozenset({Role.PENGAMAT, Role.ADMIN, Role.PIMPINAN}),
}


def can_record_lhp(actor: Actor, organisation: Organisation | None) -> bool:
    """Whether ``actor`` may record an LHP about ``organisation`` (anywhere, when None)."""
    return actor_may(actor, MANAGE, organisation)


def can_view_lhp(actor: Actor, lhp: Lhp) -> bool:
    """Whether ``actor`` may read ``lhp`` in the staff pages (drafts included)."""
    return actor_may(actor, VIEW, lhp.organisation)


def can_publish_lhp(actor: Actor, lhp: Lhp) -> bool:
    """Whether ``actor`` may publish ``lhp`` (the Inspektorat over its organisation)."""
    return actor_may(actor, MANAGE, lhp.organisation)


def can_follow_up(actor: Actor, rekomendasi: Rekomendasi) -> bool:
    """Whether ``actor`` may record the follow-up (TLHP) of ``rekomendasi``."""
    return actor_may(actor, MANAGE, rekomendasi.lhp.organisation)


def sees_early(viewer: User | AnonymousUser) -> bool:
    """Whether ``viewer`` sees published summaries before their public date (observers)."""
    return has_permission(viewer, VIEW_EARLY)
