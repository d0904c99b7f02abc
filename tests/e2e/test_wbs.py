"""A whistleblower reports without an account or JavaScript, keeps only the receipt, and reads
the handler's answer with it (issue 12, items 1–2)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.browser

WHAT = "Bendahara meminta potongan 10% dari honor kegiatan pelatihan bulan lalu."


def test_a_reporter_follows_up_with_the_receipt_alone(
    browser: Browser, live_product: LiveServer
) -> None:
    server = live_product
    # 1. A reporter without an account and without JavaScript.
    reporter_ctx = browser.new_context(
        locale="id-ID", java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    reporter = reporter_ctx.new_page()
    reporter.goto(f"{server.url}/wbs/")
    expect(reporter.get_by_role("heading", level=1)).to_have_text(
        "Laporkan pelanggaran (whistleblowing)"
    )
    expect(reporter.get_by_text("bukan komputer atau jaringan kantor")).to_be_visible()
    reporter.get_by_label("Tentang apa?").select_option(label="Pengadaan barang/jasa")
    reporter.get_by_label("Apa yang terjadi?").fill(WHAT)
    reporter.get_by_label("Di mana?").fill("Sekretariat Daerah")
    reporter.get_by_role("button", name="Kirim laporan").click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Laporan Anda telah diterima")
    assert reporter.url == f"{server.url}/wbs/"  # the page never changed its URL
    receipt = reporter.locator("#receipt").inner_text().strip()
    assert re.fullmatch(r"(\d{5} ){4}\d{5}", receipt)
    assert receipt.replace(" ", "") not in reporter.url
    assert reporter_ctx.cookies() == []  # no cookie at all on the reporter's side
    reporter.get_by_role("button", name="Sudah saya catat — selesai").click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Selesai")
    reporter_ctx.close()

    # 2. The WBS handler signs in (their key unlocks), reads the report and asks a question.
    handler_ctx = browser.new_context(locale="id-ID")
    handler = handler_ctx.new_page()
    handler.goto(f"{server.url}/app/masuk/")
    handler.get_by_label("Nama pengguna").fill("wbs")
    handler.get_by_label("Kata sandi").fill(server.logins["wbs"])
    handler.get_by_role("button", name="Masuk").click()
    expect(handler).to_have_url(re.compile(r"/app/$"))
    handler.goto(f"{server.url}/app/wbs/")
    handler.locator("tbody tr").filter(has_text="Pengadaan barang/jasa").filter(
        has_text="Penelaahan awal"
    ).first.get_by_role("link").click()
    expect(handler.locator("#what")).to_have_text(WHAT)
    handler.get_by_label("Pesan untuk pelapor").fill("Siapa nama kegiatan pelatihannya?")
    handler.get_by_role("button", name="Kirim ke pelapor").click()
    handler.get_by_role("button", name="Mulai investigasi").click()
    expect(handler.locator("#status")).to_have_text("Dalam investigasi")
    handler_ctx.close()

    # 3. The reporter comes back in a fresh window with the receipt alone.
    again_ctx = browser.new_context(locale="id-ID", java_script_enabled=False)
    again = again_ctx.new_page()
    again.goto(f"{server.url}/wbs/lacak/")
    again.get_by_label("Nomor tanda terima").fill(receipt)
    again.get_by_role("button", name="Buka").click()
    expect(again.locator("#status")).to_have_text("Dalam investigasi")
    expect(again.get_by_text("Siapa nama kegiatan pelatihannya?")).to_be_visible()
    again.get_by_label("Pesan untuk pengelola").fill("Pelatihan aplikasi keuangan daerah.")
    again.get_by_role("button", name="Kirim", exact=True).click()
    expect(again.get_by_text("Pelatihan aplikasi keuangan daerah.")).to_be_visible()
    assert again.url == f"{server.url}/wbs/lacak/"
    assert again_ctx.cookies() == []
    again_ctx.close()
