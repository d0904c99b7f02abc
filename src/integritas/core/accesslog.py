"""Access logs that cannot be joined to an anonymous citizen (issue 11, THREAT_MODEL.md).

The anonymous routes — public survey pages and the survey answer API, the public complaint
pages and API (a complaint may be filed ``anonim``), the WBS pages and API — are logged
without the client's address, user agent, referrer, headers or query string, with the time
to the hour only (so a line cannot be lined up with a row's arrival order), and with
capability tokens (a kiosk's token) cut from the path. A lookup that carries a tracking
code in its path (``GET /api/v1/complaints/{code}``, kept for compatibility) is not logged
at all. Two loggers apply it: :class:`AccessLogger` (gunicorn's ``logger_class``, set by
``integritas serve``) and :class:`AccessLogFilter` (Django's ``django.server`` logger under
``runserver``).
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from gunicorn.glogging import Logger

#: Paths whose requests are logged without who sent them.
_ANONYMOUS = re.compile(
    r"^/(?:[a-z]{2}/)?(?:survei|pengaduan|wbs)/"
    r"|^/api/v1/(?:surveys/[^/]+/responses|complaints|wbs)(?:/|$)"
)
#: Paths that hold a tracking code: never logged.
_UNLOGGED = re.compile(r"^/api/v1/complaints/(?!track/?$)[^/]+/?$")
#: A kiosk's secret token in its answer URL.
_KIOSK_TOKEN = re.compile(r"(/kios/)[^/]+")


def anonymous_route(path: str) -> bool:
    """True when requests to ``path`` are logged without address or user agent."""
    return bool(_ANONYMOUS.match(path))


def unlogged_route(path: str) -> bool:
    """True when requests to ``path`` are not logged at all (a tracking code in the path)."""
    return bool(_UNLOGGED.match(path))


def redact_path(path: str) -> str:
    """``path`` with capability tokens replaced by ``-``."""
    return _KIOSK_TOKEN.sub(r"\1-", path)


def hour_stamp() -> str:
    """The current time in the access log's format, to the hour only."""
    return time.strftime("[%d/%b/%Y:%H:00:00 %z]")


class AccessLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn's logger with the anonymous routes stripped of who sent them."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if unlogged_route(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO", "")
        if not anonymous_route(path):
            return atoms
        # Only the method, path, protocol, status, size and timings stay.
        atoms = {k: v for k, v in atoms.items() if not k.startswith("{")}
        clean = redact_path(path)
        atoms.update(
            {
                "t": hour_stamp(),
                "h": "-",
                "u": "-",
                "a": "-",
                "f": "-",
                "q": "",
                "U": clean,
                "r": f"{environ.get('REQUEST_METHOD', '-')} {clean} "
                f"{environ.get('SERVER_PROTOCOL', '-')}",
            }
        )
        return atoms


_REQUEST_LINE = re.compile(r"^(\S+) (\S+?)(\?\S*)? (\S+)$")


class AccessLogFilter(logging.Filter):
    """The same rules for Django's development server (``django.server`` log records)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not isinstance(args, tuple) or not args or not isinstance(args[0], str):
            return True
        match = _REQUEST_LINE.match(args[0])
        if match is None:
            return True
        method, path, _query, protocol = match.groups()
        if unlogged_route(path):
            return False
        if anonymous_route(path):
            record.args = (f"{method} {redact_path(path)} {protocol}", *args[1:])
            record.__dict__.pop("request", None)
            record.server_time = hour_stamp().strip("[]")
        return True
