"""Published items that observers may comment on, registered by the apps that own them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CommentTarget:
    """A published item: its title, the unit's name and a short description (public text)."""

    title: str
    unit: str
    description: str


Resolver = Callable[[str], CommentTarget | None]
_RESOLVERS: dict[str, Resolver] = {}


def register_commentable(kind: str, resolver: Resolver) -> None:
    """Register ``resolver(public_id)`` for items of ``kind`` (None when not published)."""
    _RESOLVERS[kind] = resolver


def resolve_target(kind: str, public_id: str) -> CommentTarget | None:
    """The published item, or None when the kind is unknown or the item not published."""
    resolver = _RESOLVERS.get(kind)
    return resolver(public_id) if resolver is not None else None
