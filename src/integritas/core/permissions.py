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
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from integritas.core.actors import Actor, Public, System
from integritas.core.choices import Role
from integritas.core.models import Organisation, RoleMembership, User

R = Role
ALL_STAFF_ROLES: Final = frozenset(Role)

#: Core's own permissions (declared by ``CoreConfig`` like every app's).
CORE_PERMISSIONS: Final[dict[str, frozenset[Role]]] = {
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
    "core.view_jobs": ALL_STAFF_ROLES,
    # Each person enrols their own authenticator app (self-service, a write).
    "core.enrol_totp": ALL_STAFF_ROLES,
}

#: Permission name → roles that carry it. The single table where roles meet capabilities,
#: filled at start-up from every app's declaration (``core.registry``).
PERMISSIONS: Final[dict[str, frozenset[Role]]] = dict(CORE_PERMISSIONS)


def register_permissions(entries: dict[str, frozenset[Role]]) -> None:
    """Add an app's permissions (``"<app>.<verb>_<thing>"`` → roles); names must be new.

    Called by ``core.registry`` from each app's declaration at start-up.
    """
    for name, roles in entries.items():
        if name in PERMISSIONS and PERMISSIONS[name] != roles:
            raise ValueError(f"Permission {name!r} is already registered with other roles")
        if Role.PENGAMAT in roles and not name.split(".", 1)[1].startswith(
            ("view", "use", "comment", "enrol", "export")
        ):
            # Observers read, export what they may read (an export job writes nothing but
            # its own file), leave moderated public comments and secure their own account.
            raise ValueError(f"The observer role is read-only; it cannot carry {name!r}")
        PERMISSIONS[name] = frozenset(roles)


#: Verbs of permissions that only read (``<app>.<verb>_…``); every other verb writes.
READ_VERBS: Final = ("view", "use")
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


def is_read_permission(name: str) -> bool:
    """Whether permission ``name`` only reads (its verb is ``view…`` or ``use…``)."""
    return name.split(".", 1)[-1].startswith(READ_VERBS)


@dataclass(frozen=True)
class Declaration:
    """What a view or API operation declared about who may use it.

    ``methods`` are the HTTP methods the view answers (others get 405 before the view runs);
    a view that accepts an unsafe method must be declared with a write permission — the URL
    walk (``core/tests/test_url_permissions.py``) fails otherwise.
    """

    kind: str  # "public" | "permission" | "staff_admin"
    permission: str = ""
    reason: str = ""
    methods: frozenset[str] = frozenset({"GET", "HEAD"})

    @property
    def writes(self) -> bool:
        """Whether the view accepts a method that may change something."""
        return bool(self.methods - SAFE_METHODS)

    @property
    def write_under_read_permission(self) -> bool:
        """A view that accepts POST (etc.) while declaring only a read permission."""
        return self.kind == "permission" and self.writes and is_read_permission(self.permission)


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


def public(reason: str, *, methods: Iterable[str] = ("GET", "HEAD", "POST")) -> Callable[[F], F]:
    """Declare a view open to everyone, citizens without an account included.

    ``reason`` says why (for reviewers and the URL-walk test's report). ``methods`` are
    recorded for the walk; API operations are limited by their router.
    """

    def decorator(func: F) -> F:
        return _declare(func, Declaration("public", reason=reason, methods=frozenset(methods)))

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


def actor_may(actor: Actor, permission: str, organisation: Organisation | None = None) -> bool:
    """Whether ``actor`` holds ``permission`` on ``organisation`` (anywhere, when None).

    A :class:`~integritas.core.actors.System` actor acts for a job or command that was
    authorised where it started (a person's request already checked, a scheduled sweep), so
    it passes; a :class:`~integritas.core.actors.Public` actor never holds a staff
    permission; a user holds what their roles give. Raises ``TypeError`` for anything else
    (``None`` included): a missing actor never means "may do anything".
    """
    if isinstance(actor, User):
        return has_permission(actor, permission, organisation)
    if isinstance(actor, System):
        _roles_for(permission)
        return True
    if isinstance(actor, Public):
        _roles_for(permission)
        return False
    raise TypeError(f"An explicit actor is required (User, System or Public), got {actor!r}")


def deny() -> PermissionDenied:
    """The one ``PermissionDenied`` services raise (message in the active language)."""
    from django.utils.translation import gettext as _

    return PermissionDenied(_("You do not have permission to do this."))


def require_permission(
    actor: Actor, permission: str, organisation: Organisation | None = None
) -> None:
    """For services: raise ``PermissionDenied`` unless :func:`actor_may` allows it."""
    if not actor_may(actor, permission, organisation):
        raise deny()


def require(allowed: bool) -> None:
    """For services: raise ``PermissionDenied`` unless ``allowed`` (a ``can_…`` predicate)."""
    if not allowed:
        raise deny()


def get_visible_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """One object from an already viewer-scoped queryset; 404 when absent or hidden."""
    from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist

    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned):
        raise Http404 from None


def requires(permission: str, *, methods: Iterable[str] | None = None) -> Callable[[F], F]:
    """Declare and enforce that a view needs a signed-in user holding ``permission``.

    Anonymous users go to the login page; a signed-in user without the permission gets
    404 (not 403), so that the existence of a page is not revealed. A user who enrolled a
    TOTP device must have verified it in this session. ``methods`` are the HTTP methods the
    view answers (default: GET/HEAD for a read permission, GET/HEAD/POST for a write one);
    any other method gets 405 before the view runs. ``PermissionDenied`` raised by a
    service inside the view answers 404 like a hidden object.
    """
    _roles_for(permission)  # fail at import time on a misspelt permission
    if methods is None:
        methods = ("GET", "HEAD") if is_read_permission(permission) else ("GET", "HEAD", "POST")
    allowed = frozenset(m.upper() for m in methods)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from django.http import HttpResponseNotAllowed

            if request.method not in allowed:
                return HttpResponseNotAllowed(sorted(allowed))
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if _needs_otp(request):
                return redirect_to_login(request.get_full_path())
            if not has_permission(user, permission):
                raise Http404
            try:
                response: HttpResponse = view(request, *args, **kwargs)
            except PermissionDenied:
                raise Http404 from None
            return response

        return _declare(
            cast(F, wrapped), Declaration("permission", permission=permission, methods=allowed)
        )

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
