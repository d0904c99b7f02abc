"""Portal permissions and access predicates: observers' comments, moderation, dashboard.

Services enforce with ``require(can_…(actor, obj))``; views ask the same predicates to
decide what to show.
"""

from __future__ import annotations

from typing import Final

from integritas.core.actors import Actor
from integritas.core.choices import Role
from integritas.core.models import User
from integritas.core.permissions import actor_may
from integritas.portal.models import PublicComment

COMMENT: Final = "portal.comment"
MODERATE: Final = "portal.moderate_comments"
VIEW_DASHBOARD: Final = "portal.view_dashboard"

PERMISSIONS: dict[str, frozenset[Role]] = {
    VIEW_DASHBOARD: frozenset({Role.ADMIN, Role.PIMPINAN, Role.TPI}),
    COMMENT: frozenset({Role.PENGAMAT}),
    MODERATE: frozenset({Role.ADMIN, Role.PIMPINAN}),
}


def can_comment(actor: Actor) -> bool:
    """Whether ``actor`` may comment on published items: an observer, always a person (the
    comment is shown under their name, so neither the system nor the public may)."""
    return actor_may(actor, COMMENT) and isinstance(actor, User)


def can_moderate(actor: Actor) -> bool:
    """Whether ``actor`` may moderate observers' comments at all (the moderation page)."""
    return actor_may(actor, MODERATE)


def can_moderate_comment(actor: Actor, comment: PublicComment) -> bool:
    """Whether ``actor`` may publish or reject ``comment`` (leaders, administrators)."""
    return can_moderate(actor)


def can_view_dashboard(actor: Actor) -> bool:
    """Whether ``actor`` may open the leaders' dashboard."""
    return actor_may(actor, VIEW_DASHBOARD)
