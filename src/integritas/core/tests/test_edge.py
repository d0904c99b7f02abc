"""The edge of the site (issue 11): bad bytes, oversized bodies and cross-site posts are refused
before any app sees them, in one place for every route and API operation.

Run on PostgreSQL too (a NUL byte there is a ``DataError``, so a 500, if anything slips
through): ``DATABASE_URL=postgres://… uv run pytest src/integritas/core/tests/test_edge.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from integritas.conftest import Tree
from integritas.core.middleware import bad_text
from integritas.core.urlcheck import Route, iter_routes

NUL = "a\x00b"
_PARAM = re.compile(r"<(?:[^>:]+:)?([^>]+)>|\{([^}]+)\}")


def _web_routes() -> Iterator[Route]:
    for route in iter_routes():
        if " " in route.route or "(?P" in route.route or "^" in route.route:
            continue  # API operations are fuzzed below; admin regex routes have no params here
        yield route


def _api_operations() -> Iterator[tuple[str, str]]:
    for route in iter_routes():
        if " " not in route.route:
            continue
        methods, path = route.route.split(" ", 1)
        for method in methods.split(","):
            yield method, path


def _fill(path: str, value: str) -> str:
    return _PARAM.sub(value, path)


# ------------------------------------------------------------------------------ bad bytes


def test_bad_text_finds_controls_and_surrogates_but_allows_layout() -> None:
    assert bad_text("a\x00b")
    assert bad_text("a\x1bb")
    assert bad_text("a\x7fb")
    assert bad_text("a\ud800b")
    assert not bad_text("line one\r\nline two\tend")
    assert bad_text("a\tb", allow_layout=False)
    assert not bad_text("Puskesmas Sukamaju — ulasan ✓")


@pytest.mark.django_db
def test_nul_in_any_path_parameter_is_not_found(tree: Tree) -> None:
    client = Client()
    client.force_login(tree.users["admin"])
    checked = 0
    for route in _web_routes():
        if "<" not in route.route:
            continue
        url = _fill(route.route, "abc%00def")
        for c in (Client(), client):
            response = c.get(url)
            assert response.status_code == 404, (url, response.status_code)
        checked += 1
    assert checked > 20
    for url in ["/survei/abc%00def/", "/transparansi/unit/abc%00def/"]:
        assert Client().get(url).status_code == 404, url


@pytest.mark.django_db
def test_nul_in_any_query_string_is_refused(tree: Tree) -> None:
    client = Client()
    client.force_login(tree.users["admin"])
    for route in _web_routes():
        url = _fill(route.route, "x") + "?q=a%00b&page=1"
        assert client.get(url).status_code == 400, url
    assert Client().get("/transparansi/?q=a%00b").status_code == 400


@pytest.mark.django_db
def test_nul_in_any_form_field_or_file_name_is_refused(tree: Tree) -> None:
    client = Client()
    client.force_login(tree.users["admin"])
    for route in _web_routes():
        url = _fill(route.route, "x")
        response = client.post(url, {"subject": NUL, "description": NUL, "q": NUL})
        # the API takes no form bodies at all (415)
        assert response.status_code in ({400, 415} if url.startswith("/api/") else {400}), url
    upload = SimpleUploadedFile("bukti\x00.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert Client().post("/pengaduan/", {"attachments": upload}).status_code == 400


def _example(schema: dict[str, Any], components: dict[str, Any], bad: str) -> Any:
    """A value for ``schema`` in which every string is ``bad``."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components, bad)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _example(schema[key][0], components, bad)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: _example(sub, components, bad)
            for name, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [_example(schema.get("items", {}), components, bad)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    return bad


@pytest.mark.django_db
def test_every_api_operation_refuses_bad_strings(tree: Tree) -> None:
    from integritas.complaints.models import Complaint

    spec = Client().get("/api/v1/openapi.json").json()
    components = spec.get("components", {}).get("schemas", {})
    staff = Client()
    staff.force_login(tree.users["admin"])
    operations = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            operations += 1
            # NUL in a path parameter: not found
            if "{" in path:
                url = _fill(path, "abc%00def")
                for c in (Client(), staff):
                    response = c.generic(method.upper(), url)
                    assert response.status_code == 404, (method, url, response.status_code)
            url = _fill(path, "x")
            # NUL in any query parameter: refused
            query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            for name in query or ["q"]:
                response = staff.generic(method.upper(), f"{url}?{name}=a%00b")
                assert response.status_code == 400, (method, url, name)
            # NUL and lone surrogates in every string of the body: refused, nothing stored
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            for bad in (NUL, "a\ud800b", "a\x1bb"):
                payload = _example(body["schema"], components, bad)
                for c in (Client(), staff):
                    response = c.generic(
                        method.upper(),
                        url,
                        json.dumps(payload),
                        content_type="application/json",
                    )
                    assert response.status_code in {400, 422}, (method, url, bad, response)
    assert operations >= 5
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_complaint_api_refuses_nul_in_subject_and_name(tree: Tree) -> None:
    from integritas.complaints.models import Complaint

    for field in ("subject", "name", "description"):
        payload = {
            "subject": "Antrian panjang",
            "description": "Antrian di loket perizinan sangat panjang setiap pagi.",
            "identity": "terbuka",
            "name": "Budi",
            "email": "budi@contoh.id",
        }
        payload[field] = payload[field][:3] + "\x00" + payload[field][3:]
        response = Client().post(
            "/api/v1/complaints", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code == 400, field
        assert "detail" in response.json()
    assert not Complaint.objects.exists()


# ------------------------------------------------------------------------------ big bodies


@pytest.mark.django_db
@override_settings(INTEGRITAS_MAX_REQUEST_BYTES=64 * 1024)
def test_an_oversized_body_is_refused_before_it_is_read(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files import uploadhandler

    from integritas.complaints.models import Complaint

    spooled: list[str] = []

    def no_disk(self: Any, *args: Any, **kwargs: Any) -> None:
        spooled.append("temporary file")
        raise AssertionError("an oversized body reached temporary disk")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", no_disk)
    read: list[int] = []
    original = uploadhandler.MemoryFileUploadHandler.receive_data_chunk

    def counting(self: Any, raw_data: bytes, start: int) -> Any:
        read.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploadhandler.MemoryFileUploadHandler, "receive_data_chunk", counting)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (200 * 1024))
    response = Client().post(
        "/pengaduan/", {"subject": "Besar", "description": "x" * 30, "attachments": big}
    )
    assert response.status_code == 413
    assert "MB" in response.content.decode()
    assert spooled == [] and read == []
    assert not Complaint.objects.exists()
    api = Client().post("/api/v1/complaints", "{" + " " * 70_000 + "}", "application/json")
    assert api.status_code == 413
    assert "detail" in api.json()


@pytest.mark.django_db
@override_settings(INTEGRITAS_MAX_FILE_BYTES=16 * 1024)
def test_the_upload_handler_stops_a_stream_at_the_cap(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files import uploadhandler

    written: list[int] = []
    original = uploadhandler.MemoryFileUploadHandler.receive_data_chunk

    def counting(self: Any, raw_data: bytes, start: int) -> Any:
        written.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploadhandler.MemoryFileUploadHandler, "receive_data_chunk", counting)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (400 * 1024))
    response = Client().post(
        "/pengaduan/", {"subject": "Besar", "description": "x" * 30, "attachments": big}
    )
    assert response.status_code == 413
    assert sum(written) <= 16 * 1024 + 64 * 1024  # at most one chunk beyond the cap


def test_production_documents_the_server_and_proxy_limits() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text(encoding="utf-8")
    for needle in ("client_max_body_size", "limit_request_line", "limit_request_field_size"):
        assert needle in readme, needle
    assert "INTEGRITAS_MAX_REQUEST_BYTES" in readme


# ------------------------------------------------------------------------------ cross-site


def _complaint_json() -> str:
    return json.dumps(
        {
            "subject": "Antrian panjang",
            "description": "Antrian di loket perizinan sangat panjang setiap pagi.",
            "identity": "anonim",
        }
    )


@pytest.mark.django_db
def test_a_foreign_origin_text_plain_post_is_refused_and_stores_nothing(tree: Tree) -> None:
    from integritas.complaints.models import Complaint

    attacks = [
        ("text/plain", {"Origin": "https://evil.example"}),
        ("text/plain", {"Sec-Fetch-Site": "cross-site"}),
        ("application/json", {"Origin": "https://evil.example"}),
        ("application/json", {"Origin": "null"}),
        ("application/json", {"Sec-Fetch-Site": "cross-site"}),
        ("application/json", {"Sec-Fetch-Site": "same-site", "Origin": "https://x.testserver"}),
    ]
    for content_type, headers in attacks:
        response = Client().post(
            "/api/v1/complaints", _complaint_json(), content_type, headers=headers
        )
        assert response.status_code == 403, headers
    # without a foreign origin, text/plain is still not JSON
    response = Client().post("/api/v1/complaints", _complaint_json(), content_type="text/plain")
    assert response.status_code == 415
    form = Client().post("/pengaduan/", {"subject": "x"}, HTTP_ORIGIN="https://evil.example")
    assert form.status_code == 403
    survey = Client().post(
        "/api/v1/surveys/x/responses",
        "{}",
        content_type="text/plain",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert survey.status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_same_origin_and_non_browser_clients_may_post(tree: Tree) -> None:
    from integritas.complaints.models import Complaint

    same = Client().post(
        "/api/v1/complaints",
        _complaint_json(),
        content_type="application/json; charset=utf-8",
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert same.status_code == 201, same.content
    script = Client().post("/api/v1/complaints", _complaint_json(), "application/json")
    assert script.status_code == 201
    # A page sent with Referrer-Policy: no-referrer (the WBS reporter pages) makes the
    # browser send "Origin: null"; its Sec-Fetch-Site still says same-origin.
    no_referrer = Client().post(
        "/api/v1/complaints",
        _complaint_json(),
        content_type="application/json",
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert no_referrer.status_code == 201, no_referrer.content
    assert Complaint.objects.count() == 3
