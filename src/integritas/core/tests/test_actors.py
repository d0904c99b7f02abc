"""No service accepts ``None`` as its actor (issue 9, item 1): every write names who acts."""

from __future__ import annotations

import inspect
import typing
from importlib import import_module
from pkgutil import iter_modules
from types import ModuleType

import pytest

from integritas.core.actors import Actor, Public, System, actor_label, require_actor
from integritas.core.audit import audit_record
from integritas.core.models import User
from integritas.core.permissions import actor_may, require_permission
from integritas.core.registry import domain_apps

ACTOR_ARGS = ("actor", "viewer_actor")


def _service_modules() -> list[ModuleType]:
    modules = []
    for app in domain_apps():
        module = import_module(f"{app.name}.services")
        modules.append(module)
        path = getattr(module, "__path__", None)
        if path is not None:  # a services package: every module in it
            for info in iter_modules(path):
                modules.append(import_module(f"{app.name}.services.{info.name}"))
    return modules


def _functions() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for module in _service_modules():
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__:
                continue
            found.append((f"{module.__name__}.{name}", func))
    return found


def test_services_exist_to_inspect() -> None:
    names = [name for name, _f in _functions()]
    assert any(n.endswith(".complaint_submit") for n in names)
    assert any(n.endswith(".organisation_create") for n in names)


@pytest.mark.parametrize(
    ("name", "func"), _functions(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_no_service_accepts_none_as_actor(name: str, func: object) -> None:
    signature = inspect.signature(func)  # type: ignore[arg-type]  # a function from getmembers
    if "actor" not in signature.parameters:
        return
    hints = typing.get_type_hints(func)
    annotation = hints.get("actor")
    assert annotation is not None, f"{name}: actor has no annotation"
    members = set(typing.get_args(annotation)) or {annotation}
    assert type(None) not in members, f"{name}: actor may be None"
    assert members <= {User, System, Public}, f"{name}: actor is {annotation}"
    parameter = signature.parameters["actor"]
    assert parameter.default is inspect.Parameter.empty, f"{name}: actor has a default"


def test_none_is_not_an_actor_anywhere() -> None:
    with pytest.raises(TypeError):
        require_actor(None)
    with pytest.raises(TypeError):
        actor_may(None, "core.view_organisation")  # type: ignore[arg-type]  # the point of the test
    with pytest.raises(TypeError):
        require_permission(None, "core.view_organisation")  # type: ignore[arg-type]  # idem


def test_public_never_holds_a_staff_permission_and_the_system_acts_for_a_reason() -> None:
    assert not actor_may(Public("web"), "core.manage_organisation")
    assert actor_may(System("test"), "core.manage_organisation")
    with pytest.raises(ValueError, match="reason"):
        System(" ")
    with pytest.raises(ValueError, match="channel"):
        Public("carrier pigeon")
    assert actor_label(Public("kiosk")) == "public:kiosk"
    assert actor_label(System("demo")) == "system:demo"


@pytest.mark.django_db
def test_audit_names_the_public_and_the_system_without_a_person() -> None:
    from django.db import transaction

    with transaction.atomic():
        event = audit_record(actor=Public("api"), action="x.test")
        other = audit_record(actor=System("sweep"), action="x.test")
    assert (event.actor_id, event.actor_label) == (None, "public:api")
    assert (other.actor_id, other.actor_label) == (None, "system:sweep")


def test_actor_type_is_closed() -> None:
    assert set(typing.get_args(Actor)) == {User, System, Public}
