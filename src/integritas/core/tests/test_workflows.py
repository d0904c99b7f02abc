"""Every declared workflow, walked state × action × actor through the real services
(issue 9, item 2). See ``integritas.core.testing.workflows`` for what each app provides."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client

from integritas.conftest import Tree
from integritas.core.actors import Actor, Public, System
from integritas.core.models import AuditEvent
from integritas.core.registry import domain_apps
from integritas.core.testing.workflows import WorkflowCase
from integritas.core.workflow import Workflow, all_workflows


class _Rollback(Exception):
    pass


def _cases() -> dict[str, WorkflowCase]:
    cases: dict[str, WorkflowCase] = {}
    for app in domain_apps():
        try:
            module = import_module(f"{app.name}.tests.workflow_cases")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.tests.workflow_cases":
                raise
            continue
        for case in module.CASES:
            cases[case.workflow] = case
    return cases


CASES = _cases()


def test_every_workflow_has_a_case() -> None:
    assert set(all_workflows()) <= set(CASES), "workflows without a generated-test case"


def _params() -> list[Any]:
    out = []
    for name, wf in sorted(all_workflows().items()):
        case = CASES.get(name)
        if case is None:
            continue
        for state in wf.states.values:
            if state in case.skip_states:
                continue
            for action in wf.actions:
                out.append(
                    pytest.param(name, state, action.name, id=f"{name}-{state}-{action.name}")
                )
    return out


def _actors(tree: Tree) -> dict[str, Actor]:
    actors: dict[str, Actor] = dict(tree.users)
    actors["public"] = Public("web")
    actors["system"] = System("test")
    return actors


@pytest.mark.django_db
@pytest.mark.parametrize(("workflow", "state", "action"), _params())
def test_workflow_state_action_actor(tree: Tree, workflow: str, state: str, action: str) -> None:
    wf: Workflow[Any] = all_workflows()[workflow]
    case = CASES[workflow]
    declared = wf.action(action)
    obj = case.make(tree, state)
    assert wf.state_of(obj) == state
    for label, actor in _actors(tree).items():
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        expected = state in declared.sources and bool(declared.allowed(actor, fresh))
        offered = action in [a.name for a in wf.available_actions(actor, fresh)]
        assert offered == expected, f"{label}: offered={offered}, declared={expected}"
        events = AuditEvent.objects.count()
        outcome = "allowed"
        try:
            with transaction.atomic():
                try:
                    case.perform(action, actor, fresh)
                except PermissionDenied:
                    outcome = "denied"
                except ValidationError:
                    outcome = "refused"
                if outcome == "allowed":
                    after = type(obj)._default_manager.get(pk=obj.pk)
                    new_state = wf.state_of(after)
                    if declared.targets:
                        assert new_state in declared.targets, f"{label}: went to {new_state}"
                    else:
                        assert new_state == state, f"{label}: {action} changed the state"
                    assert AuditEvent.objects.count() > events, f"{label}: no audit event"
                raise _Rollback
        except _Rollback:
            pass
        if expected:
            assert outcome == "allowed", f"{label}: declared allowed, service said {outcome}"
        else:
            assert outcome != "allowed", f"{label}: declared refused, service allowed it"
            if state not in declared.sources and declared.allowed(actor, fresh):
                # Someone who may take the action is told the state forbids it.
                assert outcome == "refused", f"{label}: wrong state should be refused"
        assert wf.state_of(type(obj)._default_manager.get(pk=obj.pk)) == state
        assert AuditEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize(("workflow", "state", "action"), _params())
def test_workflow_action_urls_answer_404_to_those_refused(
    tree: Tree, workflow: str, state: str, action: str
) -> None:
    wf: Workflow[Any] = all_workflows()[workflow]
    case = CASES[workflow]
    if case.url is None:
        pytest.skip("this workflow's actions have no URLs")
    obj = case.make(tree, state)
    url = case.url(obj, action)
    if url is None:
        pytest.skip("this action has no URL of its own")
    declared = wf.action(action)
    for label, user in tree.users.items():
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        if declared.allowed(user, fresh):
            continue
        client = Client()
        client.force_login(user)
        response = client.post(url, dict(case.form(action)))
        assert response.status_code == 404, f"{label}: {response.status_code}"
        assert wf.state_of(type(obj)._default_manager.get(pk=obj.pk)) == state
