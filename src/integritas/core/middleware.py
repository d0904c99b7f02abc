"""The edge of every request: size, origin and bad bytes refused first; request id; privacy
headers; local time.

The first three (issue 11) sit at the top of ``MIDDLEWARE`` so that no app, form or database
query ever sees what they refuse — one place for all apps, not a check in each view.
"""

from __future__ import annotations

import contextvars
import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

from integritas.core.accesslog import anonymous_route

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``INTEGRITAS_TRUSTED_PROXY_COUNT``
    proxies the address the outermost trusted proxy added to ``X-Forwarded-For``.

    Entries further left in ``X-Forwarded-For`` are whatever the client claimed and are never
    used. Used for the sign-in lockout (``AXES_CLIENT_IP_CALLABLE``); behind a proxy without
    this setting every client would share the proxy's address.
    """
    import ipaddress

    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "INTEGRITAS_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    hops = [h for h in hops if h]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


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
        # On the anonymous routes the id stays out of audit events: a proxy's log pairs it
        # with the client's address (issue 11, core.accesslog).
        token = _request_id.set("" if anonymous_route(request.path_info) else request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class AnonymousSessionMiddleware:
    """Sessions without a signed-in user end when the browser closes (issue 11 item 7).

    A citizen's session (the tracking code just issued, a WBS reporter's state) must not
    outlive the visit on a shared PC; a staff session keeps ``SESSION_COOKIE_AGE``. Placed
    after the authentication middleware, so it runs before the session is saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or not session.modified:
            return response
        if user is not None and user.is_authenticated:
            if session.get("_session_expiry") == 0:
                session.set_expiry(None)
        elif session.get("_session_expiry") != 0:
            session.set_expiry(0)
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


# ------------------------------------------------------------------------------------ edge

#: Prefix of the JSON API (``config/urls.py``): refusals there answer in JSON.
API_PREFIX = "/api/"
#: C0 controls and DEL. PostgreSQL refuses NUL in text (a ``DataError``, so a 500); the others
#: have no place in names, subjects or search terms. Lone surrogates cannot be encoded.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CONTROLS_AND_LAYOUT = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON_TYPES = re.compile(r"^application/(?:[\w.+-]+\+)?json$")


def bad_text(value: str, *, allow_layout: bool = True) -> bool:
    """True when ``value`` holds a control character, DEL or a lone surrogate.

    With ``allow_layout`` (text fields and bodies) tab, CR and LF are allowed; in URL paths and
    query strings they are not.
    """
    pattern = _CONTROLS if allow_layout else _CONTROLS_AND_LAYOUT
    return pattern.search(value) is not None


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A short refusal: JSON ``{"detail": …}`` on the API, plain text elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=status)
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return response


def max_request_bytes() -> int:
    """The largest request body accepted (setting ``INTEGRITAS_MAX_REQUEST_BYTES``)."""
    return int(getattr(settings, "INTEGRITAS_MAX_REQUEST_BYTES", 26 * 1024 * 1024))


def _too_large(request: HttpRequest) -> HttpResponse:
    limit = max_request_bytes() / (1024 * 1024)
    return _refuse(
        request,
        413,
        _("The request is larger than the limit of %(limit)s MB.") % {"limit": f"{limit:g}"},
    )


class RequestSizeLimitMiddleware:
    """Refuse a body above ``INTEGRITAS_MAX_REQUEST_BYTES`` by its ``Content-Length`` (413).

    Nothing of the body has been read at this point, so nothing is spooled to temporary disk.
    A body whose length is not declared is read by Django as empty (WSGI), and multipart files
    are in any case counted as they stream by :class:`integritas.core.uploads.CappedUploadHandler`,
    which stops at the cap and marks the request so that the answer here is a 413 too. The
    proxy (``client_max_body_size``) and gunicorn (``limit_request_*``) refuse earlier still
    (README, "Production").
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(request, 400, _("The request is malformed."))
        if length < 0:
            return _refuse(request, 400, _("The request is malformed."))
        if length > max_request_bytes():
            response: HttpResponseBase = _too_large(request)
            response["Connection"] = "close"
            return response
        response = self.get_response(request)
        if getattr(request, "integritas_too_large", False):
            response = _too_large(request)
            response["Connection"] = "close"
        return response


def _origin_of(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _foreign(request: HttpRequest) -> bool:
    """A browser says this write comes from another site (``Origin``/``Sec-Fetch-Site``)."""
    site = request.headers.get("Sec-Fetch-Site", "").lower()
    if site == "same-origin":
        # The browser itself vouches; ``Origin`` may then be "null" (a page sent with
        # ``Referrer-Policy: no-referrer``, as the WBS reporter pages are).
        return False
    if site in {"cross-site", "same-site"}:
        origin = request.headers.get("Origin", "")
        return not (site == "same-site" and origin in settings.CSRF_TRUSTED_ORIGINS)
    claimed = request.headers.get("Origin")
    if claimed is None:
        return False  # a script, a kiosk, curl: not a browser carrying a visitor's session
    return claimed != _origin_of(request) and claimed not in settings.CSRF_TRUSTED_ORIGINS


class CrossSiteWriteMiddleware:
    """Refuse writes sent by a browser from another site (403), and non-JSON API bodies (415).

    A page on any website can make its visitors' browsers POST a form or ``text/plain`` body
    here without a CORS preflight. Browsers mark such requests with ``Origin`` and
    ``Sec-Fetch-Site``; a write whose origin is not this site (or a trusted one in
    ``CSRF_TRUSTED_ORIGINS``) is refused. Clients that send neither header (scripts, kiosks,
    partner systems) are not browsers acting for a visitor and are allowed. The JSON API also
    requires ``Content-Type: application/json`` on a body, which a cross-site page cannot send
    without a preflight.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in _UNSAFE_METHODS:
            if _foreign(request):
                return _refuse(request, 403, _("Requests from other websites are not accepted."))
            if request.path.startswith(API_PREFIX) and _declares_body(request):
                content_type = request.content_type or ""
                if not _JSON_TYPES.match(content_type.strip().lower()):
                    return _refuse(
                        request, 415, _("The request body must be JSON (application/json).")
                    )
        return self.get_response(request)


def _declares_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parsed JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class BadBytesMiddleware:
    """Refuse control characters in the URL path (404), query, form fields, file names and
    JSON bodies (400) — before any view, form, API schema or database query sees them.

    PostgreSQL cannot store NUL (``DataError``: a 500 if it reaches a query) and SQLite stores
    it silently; neither belongs in a name, a subject or a search. Tab, CR and LF are allowed
    in bodies (multi-line descriptions), nowhere in the URL. Must come after the upload
    handlers are fixed (it reads ``request.POST``), i.e. anywhere in ``MIDDLEWARE``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if bad_text(request.path, allow_layout=False):
            if request.path.startswith(API_PREFIX):
                return _refuse(request, 404, _("Not found."))
            raise Http404
        refusal = _("The request contains characters that are not allowed.")
        for key, values in request.GET.lists():
            if bad_text(key, allow_layout=False) or any(
                bad_text(v, allow_layout=False) for v in values
            ):
                return _refuse(request, 400, refusal)
        if request.method in _UNSAFE_METHODS and _declares_body(request) and _body_is_bad(request):
            return _refuse(request, 400, refusal)
        return self.get_response(request)


def _body_is_bad(request: HttpRequest) -> bool:
    content_type = (request.content_type or "").lower()
    if content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        for key, values in request.POST.lists():
            if bad_text(key) or any(bad_text(v) for v in values):
                return True
        for key, files in request.FILES.lists():
            if bad_text(key) or any(bad_text(f.name or "", allow_layout=False) for f in files):
                return True
        return False
    if _JSON_TYPES.match(content_type) or request.path.startswith(API_PREFIX):
        try:
            document = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return False  # not JSON: the API answers that itself
        return any(bad_text(s) for s in _strings(document))
    return False
