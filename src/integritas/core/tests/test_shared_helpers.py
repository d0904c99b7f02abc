"""Shared helpers: safe uploads, safe exports, idempotency, rate limits, charts, PDF."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Sequence

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader, PdfWriter

from integritas.core.charts import bar_chart, line_chart
from integritas.core.exports import csv_response, safe_text, xlsx_bytes
from integritas.core.idempotency import IdempotencyConflict, run_idempotent
from integritas.core.models import IdempotencyRecord
from integritas.core.pdf import render_pdf
from integritas.core.ratelimit import hit
from integritas.core.uploads import IMAGES, check_upload

GPS_TAG = 0x8825


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[GPS_TAG] = {1: "S", 2: (6.0, 12.0, 30.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_images_are_re_encoded_without_exif() -> None:
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get(GPS_TAG) is not None
    safe = check_upload(io.BytesIO(raw), name="foto rumah.JPG", allowed=IMAGES)
    cleaned = Image.open(io.BytesIO(safe.content))
    assert cleaned.getexif().get(GPS_TAG) is None
    assert b"KameraRahasia" not in safe.content
    assert (safe.kind, safe.original_name) == ("jpeg", "foto_rumah.jpg")


def test_pdf_metadata_is_removed() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Nama Pelapor", "/Creator": "Laptop Kantor"})
    raw = io.BytesIO()
    writer.write(raw)
    assert b"Nama Pelapor" in raw.getvalue()
    safe = check_upload(io.BytesIO(raw.getvalue()), name="bukti.pdf", allowed={"pdf"})
    assert b"Nama Pelapor" not in safe.content
    metadata = PdfReader(io.BytesIO(safe.content)).metadata
    assert metadata is None or "/Author" not in metadata


def test_office_document_properties_are_blanked() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "Nama Pelapor"
    raw = io.BytesIO()
    book.save(raw)
    safe = check_upload(io.BytesIO(raw.getvalue()), name="data.xlsx", allowed={"xlsx"})
    with zipfile.ZipFile(io.BytesIO(safe.content)) as archive:
        assert b"Nama Pelapor" not in archive.read("docProps/core.xml")
    load_workbook(io.BytesIO(safe.content))  # still a valid workbook


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "foto.jpg"),  # HTML named as an image
        (b"MZ\x90\x00" + b"\x00" * 100, "laporan.pdf"),  # an executable named as a PDF
    ],
)
def test_type_comes_from_the_bytes_not_the_name(content: bytes, name: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_upload(io.BytesIO(content), name=name, allowed={"jpeg", "pdf"})
    assert info.value.code == "upload_type"


def test_size_limit_and_empty_file() -> None:
    with pytest.raises(ValidationError) as info:
        check_upload(io.BytesIO(_jpeg_with_gps()), name="a.jpg", allowed=IMAGES, max_bytes=100)
    assert info.value.code == "upload_too_large"
    with pytest.raises(ValidationError) as info:
        check_upload(io.BytesIO(b""), name="a.jpg", allowed=IMAGES)
    assert info.value.code == "upload_empty"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62812", "'+62812"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Jalan Merdeka", "Jalan Merdeka"),
    ],
)
def test_formula_injection_is_neutralised(value: str, expected: str) -> None:
    assert safe_text(value) == expected


def test_xlsx_keeps_identifiers_as_text() -> None:
    data = xlsx_bytes(
        ["NIK", "Kode", "Jumlah", "Isi", "Telepon"],
        [["3201010101010001", "0042AB", 7, "=cmd|' /C calc'!A0", "+62 812-3456-7890"]],
        text_columns=[0, 1, 4],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == [
        "3201010101010001",
        "0042AB",
        7,
        "'=cmd|' /C calc'!A0",
        "+62 812-3456-7890",  # a phone number in a text cell is data, kept as typed
    ]
    assert sheet["A2"].data_type == "s"


def test_csv_is_streamed_and_safe() -> None:
    response = csv_response(["Isi"], [["=1+1"], ["aman"]], filename="x.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[arg-type]  # a list of bytes chunks
    assert body.splitlines() == ["Isi", "'=1+1", "aman"]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


@pytest.mark.django_db
def test_idempotent_action_runs_once() -> None:
    calls: list[int] = []

    def action() -> tuple[int, dict[str, object]]:
        calls.append(1)
        return 201, {"tracking_code": f"T{len(calls)}"}

    first = run_idempotent(scope="t", key="key-12345", payload={"a": 1}, action=action)
    again = run_idempotent(scope="t", key="key-12345", payload={"a": 1}, action=action)
    assert (first.status, first.body, first.replayed) == (201, {"tracking_code": "T1"}, False)
    assert (again.status, again.body, again.replayed) == (200, {"tracking_code": "T1"}, True)
    assert len(calls) == 1
    assert IdempotencyRecord.objects.count() == 1
    with pytest.raises(IdempotencyConflict):
        run_idempotent(scope="t", key="key-12345", payload={"a": 2}, action=action)
    with pytest.raises(ValidationError):
        run_idempotent(scope="t", key="short", payload={}, action=action)


@pytest.mark.django_db
def test_failed_action_stores_no_record() -> None:
    def action() -> tuple[int, dict[str, object]]:
        raise ValidationError("bad")

    with pytest.raises(ValidationError):
        run_idempotent(scope="t", key="key-99999", payload={}, action=action)
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_rate_limit_per_bucket() -> None:
    assert all(hit("kiosk:1", limit=3, window_seconds=60) for _ in range(3))
    assert not hit("kiosk:1", limit=3, window_seconds=60)
    assert hit("kiosk:2", limit=3, window_seconds=60)  # another kiosk has its own budget
    assert all(hit("web", limit=0, window_seconds=60) for _ in range(10))  # 0 = unlimited


def test_charts_escape_text_and_carry_a_text_alternative() -> None:
    chart = bar_chart(
        [("<script>x</script>", 3.5), ("Area 2", 2.0)],
        title="Nilai & skor",
        max_value=5,
        markers=[(3.0, "60%")],
    )
    assert "<script>" not in chart.svg
    assert "&lt;script&gt;" in chart.svg
    assert 'role="img"' in chart.svg and "<title id=" in chart.svg and "<desc id=" in chart.svg
    assert chart.rows == [["<script>x</script>", "3,50"], ["Area 2", "2,00"]]
    line = line_chart(
        ["2025-Q1", "2025-Q2"], [("IKM", [80.5, None])], title="Tren", y_min=25, y_max=100
    )
    assert line.rows == [["2025-Q1", "80,50"], ["2025-Q2", ""]]


def test_pdf_renders_a_chart() -> None:
    chart = bar_chart([("Area", 1.0)], title="Uji", max_value=2)
    pdf = render_pdf("core/tests/pdf_sample.html", {"chart": chart, "generated_at": "hari ini"})
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Uji" in text


def test_pdf_active_content_and_embedded_files_are_removed() -> None:
    from pypdf.actions import JavaScript
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("rahasia.txt", b"RT-EMBEDDED Nama Pelapor")
    writer.add_open_action(JavaScript("app.alert('RT-OPEN');"))
    xmp = DecodedStreamObject()
    xmp.set_data(b"<x:xmpmeta>RT-PAGE-XMP Nama Pelapor</x:xmpmeta>")
    writer.pages[0][NameObject("/Metadata")] = writer._add_object(xmp)
    raw = io.BytesIO()
    writer.write(raw)
    before = PdfReader(io.BytesIO(raw.getvalue()))
    names = before.root_object["/Names"].get_object()
    assert isinstance(names, DictionaryObject)
    assert {"/JavaScript", "/EmbeddedFiles"} <= set(names)
    assert before.attachments
    assert "/Metadata" in before.pages[0]
    safe = check_upload(io.BytesIO(raw.getvalue()), name="bukti.pdf", allowed={"pdf"})
    reader = PdfReader(io.BytesIO(safe.content))
    root = reader.root_object
    assert "/OpenAction" not in root
    assert "/AA" not in root
    assert "/Names" not in root
    assert "/Metadata" not in reader.pages[0]
    assert not reader.attachments
    for marker in (b"RT-OPEN", b"RT-EMBEDDED", b"RT-PAGE-XMP"):
        assert marker not in safe.content


def test_dataset_cache_follows_versions_and_waits_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from integritas.core import datasets as ds

    state = {"fingerprint": 1, "builds": 0}

    def rows() -> list[Sequence[ds.Value]]:
        state["builds"] += 1
        return [[state["fingerprint"]]]

    monkeypatch.setattr(ds, "_version", lambda slug: 0)
    eager = ds.Dataset(
        "t-eager",
        "T",
        "",
        [ds.Column("n", "N")],
        rows,
        "t",
        "s",
        fingerprint=lambda: state["fingerprint"],
    )
    lazy = ds.Dataset(
        "t-lazy",
        "T",
        "",
        [ds.Column("n", "N")],
        rows,
        "t",
        "s",
        fingerprint=lambda: state["fingerprint"],
        refresh_after=300,
    )
    assert ds.dataset_rows(eager) == [[1]] and ds.dataset_rows(lazy) == [[1]]
    state["fingerprint"] = 2
    assert ds.dataset_rows(eager) == [[2]]  # rebuilt when the data changed
    assert ds.dataset_rows(lazy) == [[1]]  # kept: built less than 300 s ago
    clock = time.monotonic() + 301
    monkeypatch.setattr(time, "monotonic", lambda: clock)
    assert ds.dataset_rows(lazy) == [[2]]
    assert state["builds"] == 4
