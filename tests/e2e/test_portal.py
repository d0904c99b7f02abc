"""The public portal as a citizen meets it: find a unit, read, download; accessible and light."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PUBLIC_PAGES = [
    "/",
    "/transparansi/",
    "/transparansi/pengawasan/",
    "/data/",
    "/data/lhp-ringkasan/",
    "/data/ikm-per-unit-triwulan/",
    "/pengaduan/",
    "/pengaduan/lacak/",
    "/app/masuk/",
]
UNIT_NAMES = ["Dinas Kependudukan dan Pencatatan Sipil", "Bidang Pelayanan Pendaftaran Penduduk"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_a_citizen_finds_a_unit_reads_its_figures_and_downloads_them(
    browser: Browser, live_product: LiveServer, tmp_path: Path
) -> None:
    context = browser.new_context(locale="id-ID", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_product.url}/")
    page.get_by_role("link", name="Angka yang dipublikasikan").click()
    page.get_by_label("Cari unit").fill("Penanaman Modal")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    )
    table = page.get_by_role("table", name=re.compile("Ringkasan Laporan Hasil Pemeriksaan"))
    expect(table).to_contain_text("700/LHP-01/INSP/2025")
    expect(table).to_contain_text("Pemeriksaan kinerja pelayanan perizinan berusaha")
    section = page.locator("section.card", has=table)
    with page.expect_download() as download_info:
        section.get_by_role("link", name="CSV").click()
    path = tmp_path / "lhp.csv"
    download_info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["nomor"] for r in rows] == ["700/LHP-01/INSP/2025"]
    assert rows[0]["judul"] == "Pemeriksaan kinerja pelayanan perizinan berusaha"
    assert rows[0]["rekomendasi"] == "3"
    # what is not yet public stays out: the embargoed and the unpublished reports
    page.goto(f"{live_product.url}/transparansi/pengawasan/")
    expect(page.get_by_text("Reviu pelayanan administrasi kependudukan")).to_have_count(0)
    expect(page.get_by_text("Pemeriksaan pengadaan pekerjaan jalan")).to_have_count(0)
    context.close()


def _unit_path(browser: Browser, server: LiveServer, name: str) -> str:
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{server.url}/transparansi/?q={name}")
    href = page.get_by_role("link", name=name, exact=True).first.get_attribute("href")
    context.close()
    assert href is not None
    return href


@pytest.mark.parametrize("path", PUBLIC_PAGES + [f"unit:{n}" for n in UNIT_NAMES])
def test_public_pages_have_no_axe_violations_and_stay_light(
    browser: Browser, live_product: LiveServer, path: str
) -> None:
    if path.startswith("unit:"):
        path = _unit_path(browser, live_product, path.removeprefix("unit:"))
    context = browser.new_context(
        locale="id-ID", bypass_csp=True, viewport={"width": 360, "height": 740}
    )
    page: Page = context.new_page()
    transferred: list[int] = []
    page.on("response", lambda r: transferred.append(len(r.body())) if r.ok else None)
    page.goto(f"{live_product.url}{path}", wait_until="load")
    total = sum(transferred)
    assert total < 100_000, f"{path} transferred {total} bytes"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]
    assert violations == [], f"{path}: " + "; ".join(violations)
    context.close()


def test_the_inspektorat_records_follows_up_and_publishes_an_lhp_without_javascript(
    browser: Browser, live_product: LiveServer
) -> None:
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_product.url}/app/masuk/")
    page.get_by_label("Nama pengguna").fill("tpi")
    page.get_by_label("Kata sandi").fill(live_product.logins["tpi"])
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Laporan hasil pemeriksaan (LHP)").first.click()
    expect(page).to_have_url(re.compile(r"/app/pengawasan/lhp/$"))
    page.get_by_label("Organisasi yang diperiksa").select_option(label="Dinas Kesehatan")
    page.get_by_label("Nomor laporan").fill("700/LHP-E2E/INSP/2026")
    page.get_by_label("Tanggal laporan").fill("2026-05-04")
    page.get_by_label("Judul").fill("Reviu layanan rujukan puskesmas (uji peramban)")
    page.get_by_label("Ringkasan untuk publik").fill("Rujukan belum tercatat lengkap.")
    page.get_by_label("Rekomendasi (satu per baris)").fill(
        "Mencatat setiap rujukan secara elektronik.\nMelatih petugas pendaftaran."
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reviu layanan rujukan puskesmas (uji peramban)"
    )
    first = page.get_by_role("row").filter(has_text="Mencatat setiap rujukan")
    first.get_by_label("Catatan").fill("Aplikasi rujukan dipakai sejak Juni.")
    first.get_by_role("button", name="Selesai").click()
    first = page.get_by_role("row").filter(has_text="Mencatat setiap rujukan")
    expect(first).to_contain_text("Aplikasi rujukan dipakai sejak Juni.")
    expect(first.get_by_role("button", name="Buka kembali")).to_be_visible()
    page.get_by_role("button", name="Publikasikan").click()
    expect(page.get_by_text("Ringkasan telah dipublikasikan.")).to_be_visible()
    context.close()
    citizen = browser.new_context(locale="id-ID", java_script_enabled=False).new_page()
    citizen.goto(f"{live_product.url}/transparansi/pengawasan/")
    report = citizen.locator("article.card").filter(has_text="uji peramban")
    expect(report.get_by_role("listitem").filter(has_text="Mencatat")).to_contain_text("Selesai")
    expect(report.get_by_role("listitem").filter(has_text="Melatih")).to_contain_text(
        "Belum ditindaklanjuti"
    )
    citizen.context.close()
