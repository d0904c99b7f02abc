"""One permission layer for views, API operations and selectors (issue 2, item 5).

A *permission* is a named capability (``core.view_organisation``). Each is granted to a set
of roles; a role is held over an organisation subtree (:class:`RoleMembership`). So "may
user U do P on organisation O" = U holds some role in ``PERMISSIONS[P]`` on O or on an
ancestor of O.

Views declare what they need with :func:`requires` (signed-in staff with a permission) or
:func:`public` (anyone; the reason is recorded). A view that declares neither is caught by
``core/tests/test_url_permissions.py``, which walks every URL pattern. What a viewer may
not see answers 404, exactly like what does not exist (:func:`get_visible_or_404`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from integritas.core.choices import Role
from integritas.core.models import Organisation, RoleMembership, User

R = Role
ALL_STAFF_ROLES: Final = frozenset(Role)

#: Permission name → roles that carry it. The single table where roles meet capabilities;
#: each app adds its own entries with :func:`register_permissions` in its ``permissions.py``.
PERMISSIONS: Final[dict[str, frozenset[Role]]] = {
    # Staff workspace: anyone who holds a role somewhere.
    "core.use_workspace": ALL_STAFF_ROLES,
    "core.view_organisation": ALL_STAFF_ROLES,
    "core.manage_organisation": frozenset({R.ADMIN}),
    "core.view_people": frozenset({R.ADMIN, R.KEPEGAWAIAN, R.PIMPINAN}),
    "core.manage_people": frozenset({R.ADMIN}),
    "core.manage_roles": frozenset({R.ADMIN}),
    "core.view_audit": frozenset({R.ADMIN, R.TPI}),
    "core.manage_calendar": frozenset({R.ADMIN}),
    "core.view_calendar": ALL_STAFF_ROLES,
}


def register_permissions(entries: dict[str, frozenset[Role]]) -> None:
    """Add an app's permissions (``"<app>.<verb>_<thing>"`` → roles); names must be new.

    Call it at import time of the app's ``permissions.py``; the app's ``views.py`` and
    ``api.py`` import that module before using :func:`requires`.
    """
    for name, roles in entries.items():
        if name in PERMISSIONS and PERMISSIONS[name] != roles:
            raise ValueError(f"Permission {name!r} is already registered with other roles")
        if Role.PENGAMAT in roles and not name.split(".", 1)[1].startswith(
            ("view", "use", "comment")
        ):
            # Observers read, and may leave moderated public comments; nothing else.
            raise ValueError(f"The observer role is read-only; it cannot carry {name!r}")
        PERMISSIONS[name] = frozenset(roles)


@dataclass(frozen=True)
class Declaration:
    """What a view or API operation declared about who may use it."""

    kind: str  # "public" | "permission" | "staff_admin"
    permission: str = ""
    reason: str = ""


DECLARATION_ATTR: Final = "integritas_permission"
F = TypeVar("F", bound=Callable[..., Any])


def _declare(func: F, declaration: Declaration) -> F:
    setattr(func, DECLARATION_ATTR, declaration)
    return func


def declaration_of(func: Callable[..., Any]) -> Declaration | None:
    """The declaration attached to a view or operation function, or None."""
    found = getattr(func, DECLARATION_ATTR, None)
    if found is None and hasattr(func, "view_class"):
        found = getattr(func.view_class, DECLARATION_ATTR, None)
    return found if isinstance(found, Declaration) else None


def public(reason: str) -> Callable[[F], F]:
    """Declare a view open to everyone, citizens without an account included.

    ``reason`` says why (for reviewers and the URL-walk test's report).
    """

    def decorator(func: F) -> F:
        return _declare(func, Declaration("public", reason=reason))

    return decorator


def _roles_for(permission: str) -> frozenset[Role]:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise KeyError(f"Unknown permission {permission!r}; add it to PERMISSIONS") from None


def memberships(user: User | AnonymousUser) -> list[RoleMembership]:
    """The user's role memberships (cached on the user object for the request)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[RoleMembership] | None = getattr(user, "_integritas_memberships", None)
    if cached is None:
        cached = list(RoleMembership.objects.filter(user=user).select_related("organisation"))
        setattr(user, "_integritas_memberships", cached)  # noqa: B010 - per-request cache
    return cached


def scopes(user: User | AnonymousUser, permission: str) -> list[Organisation]:
    """Roots of the subtrees over which ``user`` holds ``permission``."""
    roles = _roles_for(permission)
    return [m.organisation for m in memberships(user) if m.role in roles]


def has_permission(
    user: User | AnonymousUser, permission: str, organisation: Organisation | None = None
) -> bool:
    """Whether ``user`` holds ``permission`` on ``organisation`` (anywhere, when None)."""
    roots = scopes(user, permission)
    if organisation is None:
        return bool(roots)
    return any(organisation.is_descendant_of(root) for root in roots)


def scope_filter(user: User | AnonymousUser, permission: str, path_field: str) -> Q:
    """A ``Q`` limiting rows to organisations in the user's subtrees for ``permission``.

    ``path_field`` is the lookup to an :class:`Organisation` path, e.g.
    ``"organisation__path"`` or ``"path"``. With no scope the ``Q`` matches nothing.
    """
    roots = scopes(user, permission)
    if not roots:
        return Q(pk__in=[])
    query = Q()
    for root in roots:
        query |= Q(**{f"{path_field}__startswith": root.path})
    return query


M = TypeVar("M", bound=Model)


def require_permission(
    actor: User | None, permission: str, organisation: Organisation | None = None
) -> None:
    """For services: raise ``PermissionDenied`` unless ``actor`` holds ``permission`` on
    ``organisation`` (anywhere, when None). ``actor`` None is the system itself (the demo
    loader, management commands, benchmarks) and may do anything."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if actor is not None and not has_permission(actor, permission, organisation):
        raise PermissionDenied(_("You do not have permission to do this."))


def get_visible_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """One object from an already viewer-scoped queryset; 404 when absent or hidden."""
    from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist

    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned):
        raise Http404 from None


def requires(permission: str) -> Callable[[F], F]:
    """Declare and enforce that a view needs a signed-in user holding ``permission``.

    Anonymous users go to the login page; a signed-in user without the permission gets
    404 (not 403), so that the existence of a page is not revealed. A user who enrolled a
    TOTP device must have verified it in this session.
    """
    _roles_for(permission)  # fail at import time on a misspelt permission

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if _needs_otp(request):
                return redirect_to_login(request.get_full_path())
            if not has_permission(user, permission):
                raise Http404
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        return _declare(cast(F, wrapped), Declaration("permission", permission=permission))

    return decorator


def _needs_otp(request: HttpRequest) -> bool:
    from django_otp import user_has_device

    user = request.user
    verified = getattr(user, "is_verified", None)
    return bool(user_has_device(user) and callable(verified) and not verified())


def check_api_permission(request: HttpRequest, permission: str) -> User:
    """For API operations: the signed-in user holding ``permission``, else 404/401."""
    from ninja.errors import AuthenticationError

    user = request.user
    if not user.is_authenticated:
        raise AuthenticationError
    if _needs_otp(request) or not has_permission(user, permission):
        raise Http404
    assert isinstance(user, User)
    return user


def roles_of(user: User, organisation: Organisation | None = None) -> set[Role]:
    """Roles the user holds (over ``organisation`` when given)."""
    return {
        Role(m.role)
        for m in memberships(user)
        if organisation is None or organisation.is_descendant_of(m.organisation)
    }


def all_permissions() -> Iterable[str]:
    """Every declared permission name."""
    return PERMISSIONS.keys()
