"""Supporting documents: sniffed and cleaned, served as downloads to the reporter and the UPG
only (issue 12, item 8; DOMAIN.md §7 "documents")."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from integritas.conftest import Tree
from integritas.core.models import User
from integritas.gratification.models import Document
from integritas.gratification.tests.factories import report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_reporter_uploads_a_cleaned_document_seen_by_them_and_the_upg_only(
    tree: Tree,
) -> None:
    employee = tree.users["pengelola_pengaduan"]
    r = report(employee, tree.pemda)
    upload = SimpleUploadedFile("foto jam.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    response = _client(employee).post(
        f"/app/gratifikasi/{r.public_id}/dokumen/", {"document": upload}
    )
    assert response.status_code == 302, response.content[:400]
    doc = Document.objects.get(report=r)
    url = f"/app/gratifikasi/{r.public_id}/dokumen/{doc.public_id}/"
    for allowed in (employee, tree.users["upg"]):
        got = _client(allowed).get(url)
        assert got.status_code == 200
        assert "attachment" in got["Content-Disposition"]
        body = b"".join(got.streaming_content)  # type: ignore[attr-defined]
        assert b"KameraRahasia" not in body
        assert body.startswith(b"\xff\xd8")
    for refused in (tree.users["pimpinan"], tree.users["tpi"], tree.users["nobody"]):
        assert _client(refused).get(url).status_code == 404
    page = _client(employee).get(f"/app/gratifikasi/{r.public_id}/").content.decode()
    assert doc.original_name in page


def test_a_forbidden_type_is_refused_and_nothing_is_stored(tree: Tree) -> None:
    employee = tree.users["pengelola_pengaduan"]
    r = report(employee, tree.pemda)
    upload = SimpleUploadedFile(
        "bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = _client(employee).post(
        f"/app/gratifikasi/{r.public_id}/dokumen/", {"document": upload}
    )
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_only_the_reporter_adds_documents(tree: Tree) -> None:
    r = report(tree.users["pengelola_pengaduan"], tree.pemda)
    upload = SimpleUploadedFile("a.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    response = _client(tree.users["upg"]).post(
        f"/app/gratifikasi/{r.public_id}/dokumen/", {"document": upload}
    )
    assert response.status_code == 404
    assert not Document.objects.exists()
