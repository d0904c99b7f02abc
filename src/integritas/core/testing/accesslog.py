"""Capture the access-log lines gunicorn would write for test requests (issue 11)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from types import SimpleNamespace

from gunicorn.config import Config

from integritas.core.accesslog import AccessLogger


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@dataclass
class AccessLog:
    """gunicorn's access logger as ``integritas serve`` configures it; ``lines`` collected."""

    logger: AccessLogger = field(init=False)
    sink: _Collect = field(init=False)

    def __post_init__(self) -> None:
        cfg = Config()
        cfg.set("accesslog", None)
        self.logger = AccessLogger(cfg)
        self.sink = _Collect()
        self.logger.access_log.addHandler(self.sink)
        self.logger.access_log.setLevel(logging.INFO)
        self.logger._access_log_enabled = True

    @property
    def lines(self) -> list[str]:
        return self.sink.lines

    def record(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        status: int = 200,
        address: str = "203.0.113.7",
        agent: str = "Mozilla/5.0 (test)",
        referer: str = "-",
    ) -> None:
        """Log one request as gunicorn would after answering it."""
        uri = f"{path}?{query}" if query else path
        environ = {
            "REQUEST_METHOD": method,
            "RAW_URI": uri,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": address,
            "HTTP_USER_AGENT": agent,
            "HTTP_REFERER": referer,
        }
        headers = [("USER-AGENT", agent), ("X-FORWARDED-FOR", address), ("REFERER", referer)]
        resp = SimpleNamespace(status=f"{status} X", sent=10, headers=[])
        req = SimpleNamespace(headers=headers)
        self.logger.access(resp, req, environ, dt.timedelta(milliseconds=5))
