"""Run Integritas under gunicorn, the production WSGI server (``integritas serve``)."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _IntegritasServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from integritas.config.wsgi import application

        return application


def run_gunicorn(*, bind: str, workers: int, extra: dict[str, Any] | None = None) -> int:
    """Serve the WSGI application with gunicorn on ``bind`` with ``workers`` processes.

    Blocks until gunicorn exits; returns the exit code 0.
    """
    options: dict[str, Any] = {
        "bind": bind,
        "workers": workers,
        "accesslog": "-",
        # Anonymous routes logged without address or user agent; tracking codes unlogged.
        "logger_class": "integritas.core.accesslog.AccessLogger",
        "timeout": 60,
        "forwarded_allow_ips": "127.0.0.1",
        # Request line and headers are bounded here (issue 11); gunicorn has no body limit, so
        # bodies are bounded by the proxy's client_max_body_size and, before any read, by
        # Django's RequestSizeLimitMiddleware (INTEGRITAS_MAX_REQUEST_BYTES).
        "limit_request_line": 4094,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
    }
    if extra:
        options.update(extra)
    _IntegritasServer(options).run()
    return 0
