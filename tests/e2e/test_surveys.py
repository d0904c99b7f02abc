"""A citizen answers a survey on a phone without JavaScript; staff see it counted (issue 4)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

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
