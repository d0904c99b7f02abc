"""Every domain app has the standard skeleton and declares what core reads (issue 9, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from integritas.core.registry import SKELETON, declarations, domain_apps


def _apps() -> list[str]:
    return sorted(app.label for app in domain_apps())


def test_the_domain_apps_are_known() -> None:
    assert set(_apps()) >= {
        "core",
        "assessment",
        "surveys",
        "complaints",
        "pengawasan",
        "portal",
    }


@pytest.mark.parametrize("label", _apps())
def test_app_has_every_skeleton_file(label: str) -> None:
    app = next(a for a in domain_apps() if a.label == label)
    root = Path(app.path)
    missing = [
        name
        for name in SKELETON
        if not (root / f"{name}.py").is_file() and not (root / name / "__init__.py").is_file()
    ]
    assert missing == [], f"{label} lacks {missing}"


@pytest.mark.parametrize("label", _apps())
def test_app_declares_permissions_and_a_demo(label: str) -> None:
    declaration = declarations()[label]
    assert declaration.permissions, f"{label} declares no permissions"
    assert all(name.startswith(f"{label}.") for name in declaration.permissions)
    assert declaration.demo is not None, f"{label} declares no demo loader"


def test_no_app_registers_by_side_effect_import() -> None:
    package = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "test_skeleton.py"
        and "noqa: F401 - " + "registers" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
