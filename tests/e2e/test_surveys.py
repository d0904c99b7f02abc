"""A citizen answers a survey on a phone without JavaScript; staff see it counted (issue 4)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

from integritas.surveys.ikm import UNSUR
from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.browser

SURVEY_TITLE = "SKM Perizinan Berusaha (NIB)"


def _sign_in(page: Page, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/app/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(server.logins[username])
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/app/$"))


def _respondents(page: Page) -> int:
    return int(page.locator("#respondents").inner_text().strip())


def test_a_citizen_answers_on_a_phone_and_staff_see_it_counted(
    browser: Browser, page: Page, live_product: LiveServer
) -> None:
    _sign_in(page, live_product, "survei")
    page.goto(f"{live_product.url}/app/survei/")
    page.get_by_role("link", name=SURVEY_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SURVEY_TITLE)
    results_url = page.url
    before = _respondents(page)
    public_url = page.locator("#public-link").get_attribute("href")
    assert public_url is not None

    phone = browser.new_context(
        locale="id-ID", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    try:
        citizen = phone.new_page()
        response = citizen.goto(public_url)
        assert response is not None and response.status == 200
        assert len(response.body()) < 100_000
        expect(citizen.get_by_role("heading", level=1)).to_have_text(SURVEY_TITLE)
        for unsur in UNSUR:
            group = citizen.get_by_role("group", name=f"{unsur.code} {unsur.name}")
            group.get_by_role("radio", name=unsur.labels[3], exact=True).check()
        citizen.get_by_role("radio", name="Perempuan").check()
        citizen.get_by_label("Pendidikan").select_option(label="SMA/SMK")
        # A double click sends the form twice with the same one-time key: one response.
        citizen.get_by_role("button", name="Kirim jawaban saya").dblclick()
        expect(citizen.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
    finally:
        phone.close()

    page.goto(results_url)
    assert _respondents(page) == before + 1
    expect(page.locator("#ikm-mutu")).to_have_text(re.compile(r"^[ABCD]$"))


def test_an_incomplete_answer_sheet_is_explained(
    browser: Browser, live_product: LiveServer
) -> None:
    context = browser.new_context(
        locale="id-ID", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    staff = context.new_page()
    _sign_in(staff, live_product, "survei")
    staff.goto(f"{live_product.url}/app/survei/")
    staff.get_by_role("link", name=SURVEY_TITLE).click()
    public_url = staff.locator("#public-link").get_attribute("href")
    assert public_url is not None
    staff.goto(public_url)
    first = UNSUR[0]
    staff.get_by_role("group", name=f"{first.code} {first.name}").get_by_role(
        "radio", name=first.labels[2], exact=True
    ).check()
    staff.get_by_role("button", name="Kirim jawaban saya").click()
    expect(staff.get_by_role("alert")).to_contain_text("Silakan pilih satu jawaban")
    context.close()


def _responses_csv(rows: list[list[object]]) -> bytes:
    header = ["No", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Jenis Kelamin"]
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _upload(page: Page, server: LiveServer, period: str, name: str, content: bytes) -> None:
    page.get_by_role("link", name="Impor jawaban kertas (CSV/XLSX)").click()
    page.get_by_label("Berkas (CSV atau XLSX)").set_input_files(
        files=FilePayload(name=name, mimeType="text/csv", buffer=content)
    )
    page.get_by_label("Periode untuk baris tanpa tanggal").fill(period)
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page).to_have_url(re.compile(r"/app/tugas/[\w-]+/$"))


def test_a_survey_manager_imports_paper_responses_as_a_job(
    browser: Browser, live_product: LiveServer
) -> None:
    """Upload → the job's progress page, which refreshes itself without JavaScript until
    the job is done → the results count the imported responses; a bad file names the row
    and the column of each problem and stores nothing."""
    context = browser.new_context(
        locale="id-ID", viewport={"width": 1024, "height": 800}, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _sign_in(page, live_product, "survei")
        page.goto(f"{live_product.url}/app/survei/")
        page.get_by_role("link", name=SURVEY_TITLE).click()
        period = page.locator("#periode").input_value()
        results_url = f"{page.url.split('?')[0]}?periode={period}"
        page.goto(results_url)
        before = _respondents(page)

        good = _responses_csv([[i, 4, 4, 3, 4, 3, 4, 4, 3, 4, "P"] for i in range(1, 13)])
        _upload(page, live_product, period, "kertas.csv", good)
        job_url = page.url
        # No script runs here: only the page's own <noscript> refresh brings the result.
        expect(page.get_by_text("Selesai: 12 dari 12.")).to_be_visible(timeout=60_000)
        assert page.url == job_url
        page.get_by_role("link", name="Kembali").click()
        assert _respondents(page) == before + 12

        bad = _responses_csv(
            [[1, 4, 4, 4, 4, 4, 4, 4, 4, 4, "L"], [2, 4, 4, 5, 3, 3, 3, 3, 3, 3, "P"]]
        )
        page.goto(results_url)
        _upload(page, live_product, period, "salah.csv", bad)
        expect(page.get_by_text("Pekerjaan gagal.")).to_be_visible(timeout=60_000)
        problem = page.locator(".error-list tbody tr").first
        expect(problem.locator("td").nth(1)).to_have_text("3")
        expect(problem.locator("td").nth(2)).to_have_text("U3")
        expect(problem.locator("td").nth(3)).to_contain_text("baris 3, kolom U3")
        page.goto(results_url)
        assert _respondents(page) == before + 12
    finally:
        context.close()
