"""A complaint from a person without an account to an answer and the statistics (issue 5)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.browser

OPD_NAME = "Dinas Kependudukan dan Pencatatan Sipil"
SECRET_NAME = "Warga Rahasia Uji E2E"


def sign_in(page: Page, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/app/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(server.logins[username])
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/app/$"))


def stats_figures(page: Page, server: LiveServer) -> tuple[int, int, int]:
    """(complaints this year, answered within the deadline, answers measured)."""
    page.goto(f"{server.url}/app/pengaduan/statistik/")
    total = int(page.locator("#total").inner_text())
    met, measured = re.findall(r"\((\d+)/(\d+)\)", page.locator("#answer-compliance").inner_text())[
        0
    ]
    return total, int(met), int(measured)


def test_a_citizen_complaint_reaches_an_opd_is_answered_and_counted(
    browser: Browser, live_product: LiveServer
) -> None:
    server = live_product
    manager_ctx = browser.new_context(locale="id-ID")
    manager = manager_ctx.new_page()
    sign_in(manager, server, "pengaduan")
    before = stats_figures(manager, server)

    # 1. A person without an account, no JavaScript, on a phone-sized screen.
    citizen_ctx = browser.new_context(
        locale="id-ID", java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    citizen = citizen_ctx.new_page()
    citizen.goto(f"{server.url}/pengaduan/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Sampaikan pengaduan")
    expect(
        citizen.get_by_text("Hanya pengelola pengaduan pemerintah daerah yang melihat nama")
    ).to_be_visible()
    citizen.get_by_label("Judul").fill("KTP elektronik <b>belum</b> jadi")
    citizen.get_by_label("Apa yang terjadi?").fill(
        "Sudah tiga bulan sejak perekaman, belum ada kabar dari kantor dinas."
    )
    citizen.get_by_label("Instansi yang diadukan").select_option(label=OPD_NAME)
    citizen.get_by_label("Rahasia: hanya pengelola pengaduan").check()
    citizen.get_by_label("Nama:", exact=True).fill(SECRET_NAME)
    citizen.get_by_role("button", name="Kirim pengaduan").click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text("Terima kasih")
    code = citizen.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    # Shown once (issue 11 item 7): a reload shows no code, and the URL never held it.
    assert code not in citizen.url
    citizen.reload()
    expect(citizen.locator("#code-shown")).to_be_visible()
    expect(citizen.locator("#tracking-code")).to_have_count(0)
    assert code not in citizen.content()

    # 2. The complaint manager verifies it and forwards it to the OPD.
    manager.goto(f"{server.url}/app/pengaduan/")
    manager.get_by_label("Kode pelacakan atau judul").fill(code)
    manager.get_by_role("button", name="Saring").click()
    manager.get_by_role("link", name=code).click()
    expect(manager.locator("#complainant-name")).to_have_text(SECRET_NAME)  # the manager may see it
    expect(manager.get_by_text("KTP elektronik <b>belum</b> jadi")).to_be_visible()  # shown as text
    manager.get_by_role("button", name="Verifikasi").click()
    expect(manager.locator("#status")).to_have_text("Diverifikasi")
    manager.get_by_label("Teruskan ke").select_option(label=OPD_NAME)
    manager.get_by_role("button", name="Teruskan", exact=True).click()
    expect(manager.locator("#status")).to_have_text("Diteruskan ke unit yang berwenang")

    # 3. The OPD's handler answers within its clock, without seeing the rahasia identity.
    handler_ctx = browser.new_context(locale="id-ID")
    handler = handler_ctx.new_page()
    sign_in(handler, server, "pengaduan_capil")
    handler.goto(f"{server.url}/app/pengaduan/")
    assert code not in handler.content()  # the code is the complainant's capability
    handler.get_by_role("row", name=re.compile("KTP elektronik")).get_by_role("link").first.click()
    expect(handler.get_by_text("Tepat waktu")).to_be_visible()
    expect(handler.get_by_text("Identitas dirahasiakan")).to_be_visible()
    assert SECRET_NAME not in handler.content()
    handler.get_by_label("Jawaban").fill(
        "KTP Anda sudah dicetak dan dapat diambil di loket 2 mulai besok."
    )
    handler.get_by_role("button", name="Kirim jawaban").click()
    expect(handler.locator("#status")).to_have_text("Dijawab")

    # 4. The tracking page shows the answer, never the identity.
    citizen.goto(f"{server.url}/pengaduan/lacak/")
    citizen.get_by_label("Kode pelacakan").fill(code.lower())
    citizen.get_by_role("button", name="Tampilkan status").click()
    expect(citizen.locator("#status")).to_have_text("Dijawab")
    expect(citizen.get_by_text("KTP Anda sudah dicetak")).to_be_visible()
    expect(citizen.get_by_text(f"Diteruskan ke {OPD_NAME}.")).to_be_visible()
    assert SECRET_NAME not in citizen.content()
    citizen.goto(f"{server.url}/pengaduan/lacak/")
    citizen.get_by_label("Kode pelacakan").fill("AAAA-BBBB-CCCC")
    citizen.get_by_role("button", name="Tampilkan status").click()
    expect(citizen.get_by_role("alert")).to_contain_text(
        "Tidak ada pengaduan dengan kode pelacakan itu"
    )

    # 5. The statistics count it: one more complaint, one more answer within the deadline.
    after = stats_figures(manager, server)
    assert after == (before[0] + 1, before[1] + 1, before[2] + 1)
    for context in (manager_ctx, citizen_ctx, handler_ctx):
        context.close()
