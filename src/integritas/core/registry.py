"""One registration mechanism for every domain app (issue 9, item 8).

Each domain app's ``AppConfig`` subclasses :class:`DomainAppConfig` and answers
:meth:`DomainAppConfig.declare` with an :class:`AppDeclaration`: its permissions, published
datasets, LKE feeds, overdue items for the leaders' dashboard, workspace links, commentable
targets, public actions per unit and demo loader. Core reads the declarations once at start-up
(``ready``) and fills its registries (``core.permissions``, ``core.datasets``, ``core.feeds``,
``core.dashboard``, ``core.commentable``, ``core.demo``). No app registers anything by being
imported somewhere else.

``core/tests/test_skeleton.py`` checks that every domain app has the skeleton files
(:data:`SKELETON`) and declares what the skeleton requires (permissions and a demo loader).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

from django.apps import AppConfig, apps

from integritas.core.choices import Role

if TYPE_CHECKING:
    from integritas.core.commentable import Resolver
    from integritas.core.dashboard import OverdueProvider, WorkspaceLink
    from integritas.core.datasets import Dataset, PublicActions
    from integritas.core.demo import Loader
    from integritas.core.feeds import Provider
    from integritas.core.jobs import Handler as JobHandler

#: Files every domain app has (``tests/factories.py`` included); a package counts for a
#: module (``services/`` for ``services.py``).
SKELETON: Final = (
    "models",
    "choices",
    "services",
    "selectors",
    "permissions",
    "forms",
    "views",
    "urls",
    "api",
    "tasks",
    "admin",
    "demo",
    "tests/factories",
)


@dataclass(frozen=True)
class DemoLoader:
    """A demo loader: lower ``order`` runs first (core is 0); ``load`` must be idempotent."""

    order: int
    name: str
    load: Loader


@dataclass(frozen=True)
class AppDeclaration:
    """What one app contributes to the platform (see the module docstring)."""

    permissions: Mapping[str, frozenset[Role]]
    demo: DemoLoader | None = None
    datasets: Callable[[], Iterable[Dataset]] | None = None
    feeds: Mapping[str, Provider] = field(default_factory=dict)
    overdue: OverdueProvider | None = None
    links: Sequence[WorkspaceLink] = ()
    commentable: Mapping[str, Resolver] = field(default_factory=dict)
    public_actions: PublicActions | None = None
    jobs: Mapping[str, JobHandler] = field(default_factory=dict)
    #: Periodic due-date sweeps (automatic closes, reminders): name → ``fn() -> int`` (how
    #: many items it acted on). ``integritas manage sweeps`` runs them; the demo every 5 min.
    sweeps: Mapping[str, Callable[[], int]] = field(default_factory=dict)


class DomainAppConfig(AppConfig):
    """Base of every Integritas app: core reads :meth:`declare` at start-up."""

    default_auto_field = "django.db.models.BigAutoField"

    def declare(self) -> AppDeclaration:
        """The app's declaration; import the app's own modules inside (they are ready)."""
        raise NotImplementedError(f"{self.name} must declare what it registers")

    def ready(self) -> None:
        declaration = self.declare()
        _DECLARATIONS[self.label] = declaration
        apply(self.label, declaration)


_DECLARATIONS: dict[str, AppDeclaration] = {}


def apply(label: str, declaration: AppDeclaration) -> None:
    """Fill core's registries from one app's declaration (idempotent)."""
    from integritas.core.commentable import register_commentable
    from integritas.core.dashboard import register_link, register_overdue
    from integritas.core.datasets import register_dataset, register_public_actions
    from integritas.core.demo import register_loader
    from integritas.core.feeds import register_feed
    from integritas.core.jobs import register_job
    from integritas.core.permissions import register_permissions

    register_permissions(dict(declaration.permissions))
    if declaration.datasets is not None:
        for dataset in declaration.datasets():
            register_dataset(dataset)
    for code, provider in declaration.feeds.items():
        register_feed(code, provider)
    if declaration.overdue is not None:
        register_overdue(label, declaration.overdue)
    for link in declaration.links:
        register_link(link)
    for kind, resolver in declaration.commentable.items():
        register_commentable(kind, resolver)
    if declaration.public_actions is not None:
        register_public_actions(label, declaration.public_actions)
    for kind, handler in declaration.jobs.items():
        register_job(kind, handler)
    if declaration.demo is not None:
        register_loader(declaration.demo.order, declaration.demo.name, declaration.demo.load)
    if label not in _DECLARATIONS:
        _DECLARATIONS[label] = declaration
    # Workflows are declared in the app's ``workflows`` module; import it so WORKFLOWS is full.
    try:
        import_module(f"integritas.{label}.workflows")
    except ModuleNotFoundError as exc:
        if exc.name != f"integritas.{label}.workflows":
            raise


def sweeps() -> dict[str, Callable[[], int]]:
    """Every app's periodic sweeps by name (``<app>.<what>``)."""
    found: dict[str, Callable[[], int]] = {}
    for declaration in _DECLARATIONS.values():
        found.update(declaration.sweeps)
    return found


def declarations() -> Mapping[str, AppDeclaration]:
    """Every domain app's declaration by app label."""
    return dict(_DECLARATIONS)


def domain_apps() -> list[DomainAppConfig]:
    """The installed domain apps (core included)."""
    return [a for a in apps.get_app_configs() if isinstance(a, DomainAppConfig)]


def _registries() -> list[dict[Any, Any] | list[Any]]:
    """Every mutable registry core keeps (for tests that register something temporarily)."""
    from integritas.core import commentable, dashboard, datasets, demo, feeds, jobs, workflow
    from integritas.core.permissions import PERMISSIONS

    return [
        PERMISSIONS,
        commentable._RESOLVERS,
        dashboard._OVERDUE,
        dashboard._LINKS,
        datasets._DATASETS,
        datasets._ACTIONS,
        demo._LOADERS,
        feeds._PROVIDERS,
        jobs._HANDLERS,
        workflow.WORKFLOWS,
        _DECLARATIONS,
    ]


def snapshot_registries() -> list[dict[Any, Any] | list[Any]]:
    """Copies of every registry, to hand back to :func:`restore_registries`."""
    return [r.copy() for r in _registries()]


def restore_registries(saved: list[dict[Any, Any] | list[Any]]) -> None:
    """Put every registry back as :func:`snapshot_registries` found it (in place)."""
    for live, copy in zip(_registries(), saved, strict=True):
        if isinstance(live, dict) and isinstance(copy, dict):
            live.clear()
            live.update(copy)
        elif isinstance(live, list) and isinstance(copy, list):
            live[:] = copy
