"""A unit's LKE from its first missing answer to the TPI lock, in a real browser (issue 3).

Uses the demo draft of UPT Mal Pelayanan Publik (MPP), which the demo leaves with three items
unanswered and the demo ``tpi`` user assigned as TPI lead.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.browser

OPEN_ITEMS = {"PPB3B": "PPB", "PPF2C": "PPF", "PRB2A": "PRB"}


def _sign_in(page: Page, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/app/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(server.logins[username])
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/app/$"))


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_tim_zi_answers_and_submits_then_tpi_reviews_and_locks(
    page: Page, live_product: LiveServer
) -> None:
    _sign_in(page, live_product, "timzi")
    page.goto(f"{live_product.url}/app/lke/")
    page.get_by_role("link", name="UPT Mal Pelayanan Publik").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("UPT Mal Pelayanan Publik")
    detail_url = page.url

    # Submitting too early is refused, naming the unanswered items.
    page.get_by_role("button", name="Kirim ke TPI").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("belum dijawab")
    for code in OPEN_ITEMS:
        expect(alert).to_contain_text(code)

    for code, area in OPEN_ITEMS.items():
        page.goto(f"{detail_url}area/{area}/")
        item = page.locator(f"#item-{code}")
        item.locator(f"#a-{code}-1").check()  # the best option
        item.get_by_label("Catatan").fill(f"Eviden {code} tersedia.")
        item.get_by_role("button", name=f"Simpan jawaban {code}").click()
        expect(page.get_by_role("status")).to_contain_text(f"Jawaban {code} disimpan")

    # Evidence on the last answered item.
    code = "PRB2A"
    item = page.locator(f"#item-{code}")
    item.locator("summary", has_text="Eviden").click()
    item.get_by_label("Nama dokumen").fill("Laporan inovasi pelayanan")
    item.locator(f"#e-{code}-file").set_input_files(
        {"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
    )
    item.get_by_role("button", name=f"Unggah eviden untuk {code}").click()
    expect(page.get_by_role("status")).to_contain_text("versi 1")
    expect(
        page.locator(f"#item-{code}").get_by_role("link", name="Laporan inovasi pelayanan")
    ).to_be_visible()

    page.goto(detail_url)
    page.get_by_role("button", name="Kirim ke TPI").click()
    expect(page.get_by_role("status")).to_contain_text("dikirim kepada TPI")
    expect(page.locator(".lke-status").first).to_have_text("Dalam penilaian TPI")
    _sign_out(page)

    # The TPI lead reviews: starts from the unit's answers, disagrees on one item, consolidates.
    _sign_in(page, live_product, "tpi")
    page.goto(detail_url)
    page.get_by_role("link", name="Tim TPI dan penilaian").click()
    page.get_by_role("button", name="Gunakan jawaban unit sebagai nilai saya").click()
    expect(page.get_by_role("status")).to_contain_text("disalin sebagai nilai Anda")

    page.goto(f"{detail_url}area/PPA/")
    item = page.locator("#item-PPA2B")
    item.locator("summary", has_text="Nilai TPI saya").click()
    item.locator("#r-PPA2B-3").check()  # C
    item.locator("#r-PPA2B-note").fill("Rencana kerja belum memuat target terukur.")
    item.get_by_role("button", name="Simpan nilai saya untuk PPA2B").click()
    expect(page.get_by_role("status")).to_contain_text("Nilai TPI untuk PPA2B disimpan")

    page.goto(f"{detail_url}tim-penilai/")
    page.get_by_role("button", name="Tetapkan nilai akhir yang disepakati anggota").click()
    expect(page.get_by_role("status")).to_contain_text("110 butir")

    page.goto(detail_url)
    page.get_by_role("button", name="Kunci nilai TPI").click()
    expect(page.get_by_role("status")).to_contain_text("Nilai TPI telah dikunci")
    expect(page.locator(".lke-status").first).to_have_text("Dikunci oleh TPI")
    expect(page.locator("#tpi-total")).to_have_text(re.compile(r"^\d{1,3},\d\d$"))
    self_total = page.locator("#self-total").inner_text()
    assert page.locator("#tpi-total").inner_text() != self_total  # the TPI judged PPA2B lower
    page.get_by_role("link", name="Riwayat nilai").click()
    expect(page.get_by_role("cell", name="Dikunci oleh TPI").first).to_be_visible()
