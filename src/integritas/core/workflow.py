"""Workflows declared once (issue 9, item 2; STYLE.md house rule 1).

A :class:`Workflow` names an entity's states (a ``TextChoices``) and its :class:`Action`\\ s:
for each action the states it may start from, the states it may lead to, who may take it (a
``can_<verb>(actor, obj)`` predicate from the app's ``permissions.py``), its button label and,
for one-way actions, the consequence a person confirms before taking it.

Services move an object only through :meth:`Workflow.transition`, which checks the actor (→
``PermissionDenied``) and the from-state (→ ``ValidationError`` with code ``transition``)
and sets the state field; the service then saves and audits (``core.audit.audited``). Views
render the buttons from :meth:`Workflow.available_actions` — the same predicates, so a
button is shown exactly when the action would be accepted. Every workflow registers itself
in :data:`WORKFLOWS`; ``core/tests/test_workflows.py`` walks every state × action × role of
each one through the app's real services and checks the declared outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from integritas.core.actors import Actor
from integritas.core.permissions import deny

T = TypeVar("T", bound=models.Model)
Label = str | Promise
Predicate = Callable[[Actor, T], bool]


@dataclass(frozen=True)
class Action(Generic[T]):
    """One step of a workflow.

    ``name`` is the verb (``verify``); ``sources`` the states it may start from; ``targets``
    the states it may lead to (one, or several chosen by the service from its input — the
    TPN's result, say); an empty ``targets`` means the action records something without
    changing the state. ``allowed(actor, obj)`` says who may take it. ``confirm``, when
    set, is the consequence shown on a confirmation page before the action runs (one-way
    actions). ``audit`` names the audit event (default ``<workflow>.<name>``).
    """

    name: str
    label: Label
    sources: frozenset[str]
    targets: frozenset[str]
    allowed: Predicate[T]
    confirm: Label = ""
    audit: str = ""
    style: str = "primary"  # "primary" | "secondary" | "danger": how the button looks

    @property
    def changes_state(self) -> bool:
        return bool(self.targets)


@dataclass
class Workflow(Generic[T]):
    """The declaration of one entity's workflow (see the module docstring).

    ``states`` is the model's ``TextChoices``; ``state_field`` the state field (default
    ``status``); ``state_label`` gives the human name of a state for messages. Raises
    ``ValueError`` at import time when an action names an unknown state or repeats a name.
    """

    name: str
    model: type[T]
    states: type[models.TextChoices]
    actions: list[Action[T]]
    state_field: str = "status"
    entity_label: Label = ""
    _by_name: dict[str, Action[T]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        known = set(self.states.values)
        self._by_name = {}
        for action in self.actions:
            if action.name in self._by_name:
                raise ValueError(f"{self.name}: action {action.name!r} declared twice")
            unknown = (action.sources | action.targets) - known
            if unknown:
                raise ValueError(f"{self.name}.{action.name}: unknown states {sorted(unknown)}")
            self._by_name[action.name] = action
        WORKFLOWS[self.name] = self

    # -- reading the declaration ----------------------------------------------------------

    def action(self, name: str) -> Action[T]:
        """The action called ``name``; ``KeyError`` when the workflow has none."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no action {name!r}") from None

    def state_of(self, obj: T) -> str:
        return str(getattr(obj, self.state_field))

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def transitions(self) -> dict[str, frozenset[str]]:
        """from-state → states reachable in one action (derived from the actions)."""
        table: dict[str, set[str]] = {state: set() for state in self.states.values}
        for action in self.actions:
            for source in action.sources:
                table[source] |= action.targets
        return {state: frozenset(to) for state, to in table.items()}

    def terminal_states(self) -> frozenset[str]:
        """States no action leaves."""
        return frozenset(s for s, to in self.transitions().items() if not to)

    # -- asking and acting ----------------------------------------------------------------

    def is_possible(self, obj: T, name: str) -> bool:
        """Whether the object's state allows action ``name`` (whoever asks)."""
        return self.state_of(obj) in self.action(name).sources

    def can(self, actor: Actor, obj: T, name: str) -> bool:
        """Whether ``actor`` may take action ``name`` on ``obj`` now (state and predicate)."""
        action = self.action(name)
        return self.state_of(obj) in action.sources and bool(action.allowed(actor, obj))

    def available_actions(self, actor: Actor, obj: T) -> list[Action[T]]:
        """The actions ``actor`` may take on ``obj`` now, in declaration order (the buttons)."""
        state = self.state_of(obj)
        return [a for a in self.actions if state in a.sources and a.allowed(actor, obj)]

    def check(self, actor: Actor, obj: T, name: str) -> Action[T]:
        """Refuse unless ``actor`` may take ``name`` on ``obj`` now; return the action.

        ``PermissionDenied`` when the predicate says no (checked first: a person who may
        not act learns nothing about the state); ``ValidationError`` (code ``transition``,
        naming the state) when the state does not allow it.
        """
        action = self.action(name)
        if not action.allowed(actor, obj):
            raise deny()
        state = self.state_of(obj)
        if state not in action.sources:
            raise ValidationError(
                _("This step is not possible while the %(entity)s is “%(status)s”."),
                code="transition",
                params={
                    "entity": str(self.entity_label) or self.name,
                    "status": self.state_label(state),
                },
            )
        return action

    def transition(self, obj: T, name: str, *, actor: Actor, to: str | None = None) -> str:
        """Check and take action ``name``: set the state field; return the previous state.

        ``to`` chooses among several declared targets (required then); with one target it
        may be omitted. ``to`` outside the action's targets raises ``ValueError`` (a
        programming error, not user input). The caller saves and audits.
        """
        action = self.check(actor, obj, name)
        previous = self.state_of(obj)
        if not action.targets:
            if to is not None:
                raise ValueError(f"{self.name}.{name} does not change the state")
            return previous
        if to is None:
            if len(action.targets) != 1:
                raise ValueError(f"{self.name}.{name}: choose one of {sorted(action.targets)}")
            (to,) = action.targets
        if to not in action.targets:
            raise ValueError(f"{self.name}.{name} cannot lead to {to!r}")
        setattr(obj, self.state_field, to)
        return previous

    def audit_action(self, name: str) -> str:
        """The audit event name of action ``name``."""
        return self.action(name).audit or f"{self.name}.{name}"


def action(
    name: str,
    label: Label,
    *,
    sources: Iterable[str],
    targets: Iterable[str] = (),
    allowed: Predicate[Any],
    confirm: Label = "",
    audit: str = "",
    style: str = "primary",
) -> Action[Any]:
    """Shorthand for :class:`Action` taking any iterables of states."""
    return Action(
        name=name,
        label=label,
        sources=frozenset(str(s) for s in sources),
        targets=frozenset(str(t) for t in targets),
        allowed=allowed,
        confirm=confirm,
        audit=audit,
        style=style,
    )


#: Every declared workflow by name (filled as each app's ``workflows`` module is imported).
WORKFLOWS: dict[str, Workflow[Any]] = {}


def all_workflows() -> Mapping[str, Workflow[Any]]:
    """Every declared workflow (import the apps first: ``django.setup()`` does)."""
    return WORKFLOWS
