"""Who acts: the one closed actor type every service takes (issue 9, item 1).

An :data:`Actor` is exactly one of

* a signed-in :class:`~integritas.core.models.User` (staff; what they may do comes from their
  roles through ``core.permissions``),
* :class:`System` — the platform itself, acting for a stated reason: scheduled jobs, imports
  run by a job on behalf of a person already checked, the demo loader, benchmarks,
* :class:`Public` — a citizen without an account on a named channel (web, API, kiosk,
  WhatsApp, …).

No service accepts ``None``: "nobody in particular" is not an actor, and a citizen is never
the system. ``core/tests/test_actors.py`` inspects every service signature for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, TypeAlias

from integritas.core.models import User

#: Channels a citizen reaches us on (``Public.channel``).
PUBLIC_CHANNELS: Final = frozenset({"web", "api", "kiosk", "whatsapp", "email", "import"})


@dataclass(frozen=True)
class System:
    """The platform acting on its own: ``reason`` names the job or command (non-empty)."""

    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("System actor needs a reason")

    @property
    def label(self) -> str:
        """How the audit trail names this actor: ``system:<reason>``."""
        return f"system:{self.reason}"


@dataclass(frozen=True)
class Public:
    """A member of the public without an account, on ``channel`` (one of PUBLIC_CHANNELS)."""

    channel: str = "web"

    def __post_init__(self) -> None:
        if self.channel not in PUBLIC_CHANNELS:
            raise ValueError(f"Unknown public channel {self.channel!r}")

    @property
    def label(self) -> str:
        """How the audit trail names this actor: ``public:<channel>`` (never a person)."""
        return f"public:{self.channel}"


Actor: TypeAlias = User | System | Public


def is_actor(value: object) -> bool:
    """Whether ``value`` is one of the three actor kinds (``None`` is not)."""
    return isinstance(value, User | System | Public)


def actor_user(actor: Actor) -> User | None:
    """The signed-in user behind ``actor``, or None for the system and the public."""
    return actor if isinstance(actor, User) else None


def actor_label(actor: Actor) -> str:
    """A short label for the audit trail and event logs: username, ``system:…``, ``public:…``."""
    if isinstance(actor, User):
        return actor.username
    return actor.label


def require_actor(actor: object) -> Actor:
    """``actor`` itself if it is an :data:`Actor`; ``TypeError`` otherwise (``None`` included).

    Services that are reached from untyped code (views, tasks) call this first so that a
    missing actor fails loudly instead of meaning "may do anything".
    """
    if isinstance(actor, User | System | Public):
        return actor
    raise TypeError(f"An explicit actor is required (User, System or Public), got {actor!r}")
