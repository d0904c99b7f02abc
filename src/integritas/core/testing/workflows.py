"""How an app's tests describe a workflow for the generated state × action × role test.

Each app whose services run on ``core.workflow`` lists :class:`WorkflowCase` objects in
``<app>/tests/workflow_cases.py`` as ``CASES``. ``core/tests/test_workflows.py`` then, for
every declared state and action and for every actor (a user in each role of the shared
``tree`` fixture, a user without roles, the public, the system):

* builds an object in that state (``make``),
* checks that the action is offered (``available_actions``) exactly when the declaration
  allows it (state among the sources and the predicate true),
* takes the action through the app's real service (``perform``) and checks the outcome:
  allowed → the state is one of the declared targets (unchanged for a recording action) and
  an audit event was written; otherwise ``PermissionDenied`` or ``ValidationError`` and
  nothing written,
* and, when ``url`` is given, posts the action's URL as each signed-in user: a person the
  predicate refuses gets 404, an allowed action redirects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from integritas.core.actors import Actor


@dataclass(frozen=True)
class WorkflowCase:
    """How to exercise one workflow (see the module docstring).

    ``make(tree, state)`` returns an object in ``state``; ``perform(action, actor, obj)``
    calls the app's service for ``action`` with plausible input; ``url(obj, action)`` is the
    action's URL (None: the action has no URL of its own); ``form(action)`` the POST data.
    ``skip_states`` lists states the generated test cannot build (with the reason in the
    case's docstring or comment).
    """

    workflow: str
    make: Callable[[Any, str], models.Model]
    perform: Callable[[str, Actor, Any], object]
    url: Callable[[Any, str], str | None] | None = None
    form: Callable[[str], Mapping[str, str]] = lambda action: {}
    skip_states: frozenset[str] = field(default_factory=frozenset)
