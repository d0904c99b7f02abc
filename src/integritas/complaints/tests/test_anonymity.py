"""Complaints filed ``anonim`` stay unjoinable; tracking codes stay out of URLs and logs.

Issue 11 items 1 and 7. The attack of ``core.testing.anonymity``: every table in its stored
order, complaints by time, paired with the access log's addresses — no match. The tracking
code: never in a URL the site generates (links, redirects, form actions, e-mails) nor in an
access-log line.
"""

from __future__ import annotations

import json
import re
import secrets

import pytest
from django.core import mail
from django.test import Client

from integritas.complaints.models import Complaint
from integritas.complaints.tests.test_public import form_data
from integritas.conftest import Tree
from integritas.core.testing import anonymity
from integritas.core.testing.accesslog import AccessLog

pytestmark = pytest.mark.django_db

N = 8
_URL = re.compile(r"""(?:href|action|src)=["']([^"']*)["']|(https?://[^\s"'<>]+)""")


def test_anonim_complaints_cannot_be_joined_to_their_senders(client: Client, tree: Tree) -> None:
    log = AccessLog()
    truth: dict[str, str] = {}
    secrets_seen: list[str] = []
    for i in range(N):
        address, agent = f"198.51.100.{i + 1}", f"Phone-{i:02d}"
        request_id, key = f"proxy-{secrets.token_hex(6)}", f"kunci-{secrets.token_hex(8)}"
        subject = f"Pungutan liar di loket {i:02d}"
        if i % 2:
            path = "/api/v1/complaints"
            response = client.post(
                path,
                {"subject": subject, "description": "Diminta uang tambahan.", "identity": "anonim"},
                content_type="application/json",
                headers={"Idempotency-Key": key, "X-Request-ID": request_id, "User-Agent": agent},
                REMOTE_ADDR=address,
            )
            assert response.status_code == 201, response.content
        else:
            path = "/pengaduan/"
            data = form_data(subject=subject, identity_mode="anonim", name="", email="")
            data["form_key"] = key
            response = client.post(
                path,
                data,
                headers={"X-Request-ID": request_id, "User-Agent": agent},
                REMOTE_ADDR=address,
            )
            assert response.status_code == 302, response.content
        log.record("POST", path, status=response.status_code, address=address, agent=agent)
        truth[subject] = address
        secrets_seen += [address, agent, request_id, key]

    dump = anonymity.dump()
    rows = dump["complaints_complaint"]
    for order in anonymity.orderings(rows, lambda r: r["subject"], "received_at", "id"):
        for marker in ("/pengaduan/", "/api/v1/complaints"):
            join = anonymity.rebuild_join(order, log.lines, marker)
            assert anonymity.correct(join, truth) == 0
    text = json.dumps(dump, default=str)
    for value in secrets_seen:
        assert value not in text


def _urls(text: str) -> list[str]:
    return [a or b for a, b in _URL.findall(text)]


def test_tracking_code_never_in_a_generated_url_or_a_log_line(client: Client, tree: Tree) -> None:
    log = AccessLog()
    seen: list[str] = []

    def visit(method: str, path: str, **kwargs: object) -> str:
        response = (client.post if method == "POST" else client.get)(path, **kwargs)  # type: ignore[arg-type]
        log.record(method, path, status=response.status_code)
        seen.append(response.get("Location", ""))
        body = response.content.decode()
        seen.extend(_urls(body))
        return body

    visit("GET", "/pengaduan/")
    visit("POST", "/pengaduan/", data=form_data(email="budi@contoh.id"))
    thanks = visit("GET", "/pengaduan/terima-kasih/")
    code = Complaint.objects.get().tracking_code
    assert code in thanks
    visit("GET", "/pengaduan/lacak/")
    visit("POST", "/pengaduan/lacak/", data={"code": code})
    visit(
        "POST",
        "/api/v1/complaints/track",
        data={"tracking_code": code},
        content_type="application/json",
    )
    visit("GET", f"/api/v1/complaints/{code}")  # the compatible GET: answered, never logged
    for message in mail.outbox:
        seen.extend(_urls(str(message.body)))
        for alternative, _type in getattr(message, "alternatives", []):
            seen.extend(_urls(str(alternative)))
    assert all(code not in url and code.replace("-", "") not in url for url in seen)
    assert log.lines and all(code not in line for line in log.lines)
