"""Request id and privacy headers."""

from __future__ import annotations

import contextvars
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    """The id of the request being handled ('' outside a request, e.g. in a command)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an id (a trusted proxy's ``X-Request-ID`` or a new UUID).

    The id goes into every audit event written while handling the request and back to the
    client in the ``X-Request-ID`` header, so a complaint about an action can be traced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class PrivacyHeadersMiddleware:
    """``Cache-Control: no-store`` on every page that may carry personal data.

    That is every response to a signed-in user, everything under ``/app/``, ``/admin/`` and
    the API, and any view that set ``response.personal_data = True`` (public forms that echo
    a complainant's input, for instance). Shared caches and the browser's back button must
    not keep them.
    """

    PRIVATE_PREFIXES = ("/app/", "/admin/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        private = (
            getattr(response, "personal_data", False)
            or request.path.startswith(self.PRIVATE_PREFIXES)
            or (user is not None and user.is_authenticated)
        )
        if private:
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class LocalTimeMiddleware:
    """Show times in the Pemda's zone (WIB, WITA or WIT), not in UTC (DESIGN.md "Data").

    Signed-in staff see their organisation's zone; everyone else the zone of the Pemda this
    deployment serves. Times stay stored in UTC.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        timezone.activate(ZoneInfo(_zone_for(request)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _zone_for(request: HttpRequest) -> str:
    from integritas.core.choices import OrganisationLevel, TimeZoneName
    from integritas.core.models import Organisation
    from integritas.core.permissions import memberships

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for membership in memberships(user):
            return membership.organisation.timezone
    zone = (
        Organisation.objects.filter(level=OrganisationLevel.PEMDA, is_active=True)
        .order_by("pk")
        .values_list("timezone", flat=True)
        .first()
    )
    return zone or TimeZoneName.WIB.value
