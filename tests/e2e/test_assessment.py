"""A unit's LKE from its first missing answer to the TPI lock, in a real browser (issue 3).

Uses the demo draft of UPT Mal Pelayanan Publik (MPP), which the demo leaves with three items
unanswered and the demo ``tpi`` user assigned as TPI lead.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

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


# --------------------------------------------------------------------------- workbook import job

IMPORT_UNIT = "Bidang Pelayanan Perizinan"  # a demo draft, half answered


def _workbook(bad_codes: tuple[str, ...] = ()) -> tuple[bytes, dict[str, str]]:
    """A filled LKE workbook (best answer everywhere); ``bad_codes`` get the answer "Z".

    Returns the file and the answer cell of each bad code (``LKE!K57``).
    """
    from openpyxl import load_workbook

    from integritas.assessment.lke_template import load_template
    from integritas.assessment.tests.factories import best_answers
    from integritas.assessment.workbook import read_workbook, write_workbook

    template = load_template("permenpanrb-90-2021")
    buf = io.BytesIO()
    write_workbook(template, best_answers(template), buf)
    cells = dict(read_workbook(io.BytesIO(buf.getvalue()), template=template).cells)
    if not bad_codes:
        return buf.getvalue(), {}
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    for code in bad_codes:
        sheet, ref = cells[code].split("!")
        wb[sheet][ref] = "Z"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), {code: cells[code] for code in bad_codes}


@pytest.fixture
def page_without_js(browser: object) -> Iterator[Page]:
    """A page with JavaScript off: the progress page must refresh itself all the same."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        locale="id-ID", viewport={"width": 1024, "height": 800}, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _upload(page: Page, server: LiveServer, content: bytes) -> None:
    _sign_in(page, server, "timzi")
    page.goto(f"{server.url}/app/lke/")
    page.get_by_role("link", name=IMPORT_UNIT).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(IMPORT_UNIT)
    page.get_by_role("link", name="Impor berkas LKE").click()
    page.get_by_label("Berkas LKE (.xlsx)").set_input_files(
        {
            "name": "lke-perizinan.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        }
    )
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page).to_have_url(re.compile(r"/app/tugas/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Impor lembar kerja LKE")


def test_bad_workbook_import_lists_the_bad_cells_and_stores_nothing(
    page_without_js: Page, live_product: LiveServer
) -> None:
    page = page_without_js
    content, cells = _workbook(bad_codes=("PPA2B",))
    _upload(page, live_product, content)
    # The page refreshes itself (no JavaScript) until the worker has run the job.
    expect(page.get_by_text("Pekerjaan gagal.")).to_be_visible(timeout=60_000)
    sheet, ref = cells["PPA2B"].split("!")
    column = ref.rstrip("0123456789")
    row = page.locator(".error-list tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text(sheet)
    expect(row.locator("td").nth(1)).to_have_text(ref[len(column) :])
    expect(row.locator("td").nth(2)).to_have_text(column)
    expect(row.locator("td").nth(3)).to_contain_text("PPA2B")
    # Nothing stored: the draft is still half answered.
    page.get_by_role("link", name="Kembali").click()
    progress = page.locator("table").nth(1).inner_text()
    answered = re.findall(r"(\d+)/(\d+)", progress)
    assert any(done != total for done, total in answered)


def test_tim_zi_imports_a_workbook_as_a_job(
    page_without_js: Page, live_product: LiveServer
) -> None:
    page = page_without_js
    content, _cells = _workbook()
    _upload(page, live_product, content)
    # Without JavaScript the page refreshes itself until the job is done, then says so.
    expect(page.get_by_text(re.compile(r"Selesai: \d+ dari \d+\."))).to_be_visible(timeout=60_000)
    expect(page.get_by_text("jawaban diimpor")).to_be_visible()
    done, total = re.findall(r"Selesai: (\d+) dari (\d+)\.", page.content())[0]
    assert done == total and int(total) > 50
    page.get_by_role("link", name="Kembali").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(IMPORT_UNIT)
    progress = page.locator("table").nth(1).inner_text()
    answered = re.findall(r"(\d+)/(\d+)", progress)
    assert answered and all(done == total for done, total in answered), answered
