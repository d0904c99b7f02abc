"""Find views and API operations that declare no permission (GOV.UK Notify-style invariant).

Used by ``core/tests/test_url_permissions.py``; kept in the package so that every app's URLs
are checked by one walker. A view counts as declared when it carries a
:class:`~integritas.core.permissions.Declaration` (``@public`` or ``@requires``) or is in
:data:`FRAMEWORK_VIEWS`, the explicit list of views that third-party code protects itself.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from integritas.core.permissions import Declaration, declaration_of

#: Views whose protection lives in the framework, each with the reason it is acceptable.
FRAMEWORK_VIEWS: dict[str, str] = {
    "django.views.i18n.set_language": "public: stores only the visitor's language choice",
    "ninja.openapi.views.openapi_json": "public: the API description contains no data",
    "ninja.openapi.views.openapi_view": "public: the API documentation page contains no data",
    "ninja.openapi.views.default_home": "public: the API root redirects to the documentation",
}
#: URL namespaces protected as a whole by their framework (Django admin: ``admin_view``
#: requires an active staff member; its login page is public by design).
FRAMEWORK_NAMESPACES: dict[str, str] = {
    "admin": "Django admin: AdminSite.admin_view requires is_staff and is_active",
}


@dataclass(frozen=True)
class Route:
    """One URL pattern (or API operation) and what it declared."""

    route: str
    name: str
    view: str
    declaration: Declaration | None
    framework_reason: str = ""
    #: HTTP methods the route answers: an API operation's from its router, a view's from
    #: its declaration.
    methods: frozenset[str] = frozenset()

    @property
    def declared(self) -> bool:
        return self.declaration is not None or bool(self.framework_reason)

    @property
    def write_under_read_permission(self) -> bool:
        """Accepts POST/PUT/PATCH/DELETE while declaring only a read permission."""
        from integritas.core.permissions import SAFE_METHODS, is_read_permission

        d = self.declaration
        return (
            d is not None
            and d.kind == "permission"
            and bool(self.methods - SAFE_METHODS)
            and is_read_permission(d.permission)
        )


def _qualname(func: Callable[..., Any]) -> str:
    while isinstance(func, functools.partial):
        func = func.func
    return f"{getattr(func, '__module__', '?')}.{getattr(func, '__qualname__', repr(func))}"


def _ninja_operations(callback: Callable[..., Any]) -> list[tuple[str, Callable[..., Any]]] | None:
    """If ``callback`` is a django-ninja path view, its (method, operation function) pairs."""
    if not getattr(callback, "__module__", "").startswith("ninja."):
        return None
    try:
        path_view = inspect.getclosurevars(callback).nonlocals.get("self")
    except TypeError:
        return None
    operations = getattr(path_view, "operations", None)
    if operations is None:
        return None
    return [(",".join(op.methods), op.view_func) for op in operations]


def iter_routes(urlconf: str | None = None) -> Iterator[Route]:
    """Every URL pattern of ``urlconf`` (default: the project's), API operations expanded."""

    def walk(patterns: list[Any], prefix: str, namespaces: tuple[str, ...]) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
                continue
            assert isinstance(pattern, URLPattern)
            route = prefix + str(pattern.pattern)
            callback = pattern.callback
            name = pattern.name or ""
            ns_reason = next(
                (FRAMEWORK_NAMESPACES[n] for n in namespaces if n in FRAMEWORK_NAMESPACES), ""
            )
            operations = _ninja_operations(callback)
            if operations is not None:
                for methods, func in operations:
                    yield Route(
                        f"{methods} {route}",
                        name,
                        _qualname(func),
                        declaration_of(func),
                        methods=frozenset(methods.split(",")),
                    )
                continue
            qual = _qualname(callback)
            declaration = declaration_of(callback)
            yield Route(
                route,
                name,
                qual,
                declaration,
                ns_reason or FRAMEWORK_VIEWS.get(qual, ""),
                methods=declaration.methods if declaration is not None else frozenset(),
            )

    resolver = get_resolver(urlconf)
    yield from walk(resolver.url_patterns, "/", ())


def undeclared_routes(urlconf: str | None = None) -> list[Route]:
    """Routes that declare no permission and are not explicitly listed."""
    return [route for route in iter_routes(urlconf) if not route.declared]


def writes_under_read_permission(urlconf: str | None = None) -> list[Route]:
    """Routes that accept a writing method but declare only a read permission."""
    return [route for route in iter_routes(urlconf) if route.write_under_read_permission]
