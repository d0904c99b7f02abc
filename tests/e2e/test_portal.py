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
