"""WBS reports: a dump of every table plus the access log joins no report to its sender.

Issue 11 item 1 (the same review as survey answers and ``anonim`` complaints): the report
row keeps a date, no time, no address; the reporter's actions write no audit event; the
access log of ``/api/v1/wbs/`` and ``/wbs/`` holds no address or user agent and the hour only.
"""

from __future__ import annotations

import json
import re
import secrets

import pytest
from django.test import Client

from integritas.conftest import Tree
from integritas.core.models import AuditEvent
from integritas.core.testing import anonymity
from integritas.core.testing.accesslog import AccessLog
from integritas.whistleblowing.models import Report

pytestmark = pytest.mark.django_db

N = 6


def test_no_report_joins_its_sender(client: Client, tree: Tree) -> None:
    log = AccessLog()
    truth: dict[str, str] = {}
    markers: list[str] = []
    events_before = AuditEvent.objects.count()
    for i in range(N):
        address, agent, request_id = (
            f"198.51.100.{i + 1}",
            f"Phone-{i:02d}",
            f"proxy-{secrets.token_hex(6)}",
        )
        response = client.post(
            "/api/v1/wbs/reports",
            {"category": "gratifikasi", "what": f"Laporan nomor {i}"},
            content_type="application/json",
            headers={"X-Request-ID": request_id, "User-Agent": agent},
            REMOTE_ADDR=address,
        )
        assert response.status_code == 201, response.content
        log.record("POST", "/api/v1/wbs/reports", status=201, address=address, agent=agent)
        truth[response.json()["number"]] = address
        markers += [address, agent, request_id]

    dump = anonymity.dump()
    rows = dump["whistleblowing_report"]
    for order in anonymity.orderings(rows, lambda r: r["number"], "id", "received_on"):
        join = anonymity.rebuild_join(order, log.lines, "/api/v1/wbs/")
        assert anonymity.correct(join, truth) == 0
    text = json.dumps(dump, default=str)
    for value in markers:
        assert value not in text
    # No time of day on the report, no audit event for the reporter's action.
    times = [f.name for f in Report._meta.get_fields() if f.get_internal_type() == "DateTimeField"]
    assert times == []
    assert AuditEvent.objects.count() == events_before
    # The log keeps the hour only, so even arrival order (the row ids) gives no instant.
    assert all(re.search(r":\d\d:00:00 ", line) for line in log.lines)
