"""Access logs of the anonymous routes carry no address or user agent (issue 11 items 1, 7)."""

from __future__ import annotations

import logging

import pytest

from integritas.core.accesslog import AccessLogFilter
from integritas.core.testing.accesslog import AccessLog

ADDRESS = "203.0.113.7"
AGENT = "Mozilla/5.0 (Citizen Phone)"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/survei/skm-dpmptsp/"),
        ("POST", "/survei/skm-dpmptsp/"),
        ("POST", "/survei/skm-dpmptsp/kios/SeCrEtToKeN123/"),
        ("POST", "/api/v1/surveys/skm-dpmptsp/responses"),
        ("POST", "/pengaduan/"),
        ("GET", "/pengaduan/terima-kasih/"),
        ("POST", "/pengaduan/lacak/"),
        ("POST", "/api/v1/complaints"),
        ("POST", "/api/v1/complaints/track"),
        ("POST", "/wbs/"),
        ("POST", "/wbs/lacak/"),
        ("POST", "/api/v1/wbs/reports"),
    ],
)
def test_anonymous_routes_are_logged_without_who(method: str, path: str) -> None:
    log = AccessLog()
    log.record(method, path, query="code=ABCD", address=ADDRESS, agent=AGENT, referer="x://r")
    [line] = log.lines
    assert ADDRESS not in line and "Citizen" not in line and "x://r" not in line
    assert "code=ABCD" not in line and "SeCrEtToKeN123" not in line
    assert method in line
    assert ":00:00 " in line  # the hour only


def test_staff_routes_keep_the_address() -> None:
    log = AccessLog()
    log.record("GET", "/app/pengaduan/", address=ADDRESS, agent=AGENT)
    [line] = log.lines
    assert ADDRESS in line and AGENT in line


def test_tracking_code_in_a_path_is_never_logged() -> None:
    log = AccessLog()
    log.record("GET", "/api/v1/complaints/ABCD-EFGH-JKLM")
    assert log.lines == []


def test_development_server_filter() -> None:
    keep = AccessLogFilter()
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        ("GET /survei/a/kios/TOK/ HTTP/1.1", "200", "5"),
        None,
    )
    assert keep.filter(record) and "TOK" not in record.getMessage()
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        ("GET /api/v1/complaints/ABCD-EFGH-JKLM HTTP/1.1", "200", "5"),
        None,
    )
    assert not keep.filter(record)
