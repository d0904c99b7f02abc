"""Core API operations: who am I, the organisation tree in my scope, health."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.functions import Header as HeaderParam
from ninja.security import django_auth

from integritas.core import selectors
from integritas.core.idempotency import KEY_PATTERN
from integritas.core.permissions import (
    Declaration,
    _declare,
    check_api_permission,
    memberships,
    public,
)

router = Router(tags=["core"])
F = TypeVar("F", bound=Callable[..., Any])


def api_requires(permission: str) -> Callable[[F], F]:
    """Declare and enforce ``permission`` on an API operation (404 when not held).

    ``PermissionDenied`` raised by a service inside the operation answers 404 as well. The
    URL walk reads the operation's HTTP methods from its router: a POST/PUT/PATCH/DELETE
    operation under a read permission fails it.
    """

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            check_api_permission(request, permission)
            try:
                return func(request, *args, **kwargs)
            except PermissionDenied:
                raise Http404 from None

        return _declare(cast(F, wrapped), Declaration("permission", permission=permission))

    return decorator


class ErrorOut(Schema):
    """Every error of every operation: a summary (``detail``) and each problem (``errors``).

    ``detail`` is always one sentence in the request's language (Indonesian by default);
    ``errors`` lists the problems, for a 422 one per field (``"subject: Field required"``).
    """

    detail: str
    errors: list[str] = []


class RefusedOut(Schema):
    """429: too many requests; under load a proof-of-work ``challenge`` with ``bits``: find a
    string ``s`` such that SHA-256 of ``<challenge>:<s>`` (UTF-8) starts with ``bits`` zero
    bits and send the same request again with the header ``X-Integritas-Pow:
    <challenge>:<s>`` (single use, valid 10 minutes)."""

    detail: str
    errors: list[str] = []
    challenge: str | None = None
    bits: int | None = None


#: The ``Idempotency-Key`` header of public writes, with the pattern ``validate_key`` checks.
IdempotencyKey = Annotated[
    str | None,
    HeaderParam(
        alias="Idempotency-Key",
        pattern=KEY_PATTERN,
        description="Repeat the same key to retry safely: the first answer is replayed.",
    ),
]


class MembershipOut(Schema):
    role: str
    organisation: str
    organisation_name: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[MembershipOut]


class OrganisationOut(Schema):
    id: str
    code: str
    name: str
    kind: str
    level: str
    parent: str | None
    is_public_service: bool
    timezone: str


class HealthOut(Schema):
    status: str


@router.get("/health", response=HealthOut, auth=None)
@public("liveness probe; reveals no data")
def health(request: HttpRequest) -> dict[str, str]:
    """Liveness of the API."""
    return {"status": "ok"}


@router.get("/me", response=MeOut, auth=django_auth)
@api_requires("core.use_workspace")
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person and their roles."""
    user = request.user
    return {
        "username": user.get_username(),
        "full_name": getattr(user, "full_name", ""),
        "roles": [
            {
                "role": m.role,
                "organisation": m.organisation.public_id,
                "organisation_name": m.organisation.name,
            }
            for m in memberships(user)
        ],
    }


@router.get("/organisations", response=list[OrganisationOut], auth=django_auth)
@api_requires("core.view_organisation")
def organisations(request: HttpRequest) -> list[dict[str, Any]]:
    """Organisations in the caller's scope, in tree order."""
    return [
        {
            "id": o.public_id,
            "code": o.code,
            "name": o.name,
            "kind": o.kind,
            "level": o.level,
            "parent": o.parent.public_id if o.parent else None,
            "is_public_service": o.is_public_service,
            "timezone": o.timezone,
        }
        for o in selectors.organisation_list(viewer=request.user)
    ]


# -- one error shape for every operation (issue 11, item 9) ---------------------------------


_LOCATIONS = frozenset({"body", "payload", "query", "path", "header", "cookie", "form", "file"})


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every error of ``api`` as :class:`ErrorOut`, in the request's language."""

    def respond(request: HttpRequest, status: int, detail: str, errors: list[str]) -> HttpResponse:
        return api.create_response(request, {"detail": detail, "errors": errors}, status=status)

    def validation_error(
        request: HttpRequest, exc: NinjaValidationError | type[NinjaValidationError]
    ) -> HttpResponse:
        problems = []
        for error in exc.errors if isinstance(exc, NinjaValidationError) else []:
            # ("body", "payload", "subject") → "subject"; ("query", "period") → "period".
            loc = [str(p) for p in error.get("loc", ())]
            if loc and loc[0] in _LOCATIONS:
                loc = loc[1:]
            if loc and loc[0] == "payload":
                loc = loc[1:]
            where = ".".join(loc)
            message = str(error.get("msg", ""))
            problems.append(f"{where}: {message}" if where else message)
        return respond(request, 422, _("The input is not valid."), problems)

    def not_found(request: HttpRequest, exc: Http404 | type[Http404]) -> HttpResponse:
        detail = _("Not found.")
        return respond(request, 404, detail, [detail])

    def unauthenticated(
        request: HttpRequest, exc: AuthenticationError | type[AuthenticationError]
    ) -> HttpResponse:
        detail = _("Sign in to use this operation.")
        return respond(request, 401, detail, [detail])

    def http_error(request: HttpRequest, exc: HttpError | type[HttpError]) -> HttpResponse:
        status = exc.status_code if isinstance(exc, HttpError) else 500
        return respond(request, status, str(exc), [str(exc)])

    api.add_exception_handler(NinjaValidationError, validation_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
