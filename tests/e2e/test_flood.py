"""Under load, a public post costs its sender a proof of work: solved by the browser where
JavaScript runs, waited out where it does not — slower, never blocked (issue 11, item 2)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LiveServer, serve_product

pytestmark = pytest.mark.browser

WAIT_SECONDS = 4
#: From the first complaint on, the web form is "under load": every post needs a token.
FLOOD = {"complaints:web": {"pow_at": 1, "pow_bits": 10, "pow_wait": WAIT_SECONDS, "window": 86400}}


@pytest.fixture(scope="module")
def loaded(browser: Browser) -> Iterator[tuple[LiveServer, Browser]]:
    # The session's browser: a second sync_playwright() in one process is refused.
    with serve_product({"INTEGRITAS_FLOOD": json.dumps(FLOOD)}) as server:
        yield server, browser


def fill_complaint(page: Page, subject: str) -> None:
    page.get_by_label("Judul").fill(subject)
    page.get_by_label("Apa yang terjadi?").fill(
        "Antrean di loket pelayanan sangat panjang dan tidak ada nomor antrean sama sekali."
    )
    page.get_by_label("Anonim", exact=False).first.check()


def send(page: Page) -> None:
    page.get_by_role("button", name="Kirim pengaduan").click()


def test_proof_of_work_with_and_without_javascript(
    loaded: tuple[LiveServer, Browser],
) -> None:
    server, browser = loaded
    # 1. Not under load yet: no challenge, no script; the first complaint goes straight in.
    first = browser.new_context(locale="id-ID").new_page()
    first.goto(f"{server.url}/pengaduan/")
    assert first.locator("input[name=pow_token]").count() == 0
    fill_complaint(first, "Antrean panjang di loket satu")
    send(first)
    expect(first.get_by_role("heading", level=1)).to_contain_text("Terima kasih")

    # 2. Under load, without JavaScript: sent too soon, the form comes back with the notice
    #    (and what was typed); sent again after the wait, it is accepted.
    no_js = browser.new_context(locale="id-ID", java_script_enabled=False).new_page()
    no_js.goto(f"{server.url}/pengaduan/")
    assert no_js.locator("input[name=pow_token]").count() == 1
    fill_complaint(no_js, "Antrean panjang di loket dua")
    send(no_js)
    expect(no_js.locator("[data-pow]")).to_contain_text(f"{WAIT_SECONDS} detik")
    expect(no_js.get_by_label("Judul")).to_have_value("Antrean panjang di loket dua")
    time.sleep(WAIT_SECONDS + 0.5)
    send(no_js)
    expect(no_js.get_by_role("heading", level=1)).to_contain_text("Terima kasih")

    # 3. Under load, with JavaScript: pow.js solves the challenge before sending; no wait.
    js = browser.new_context(locale="id-ID").new_page()
    js.goto(f"{server.url}/pengaduan/")
    challenge = js.locator("input[name=pow_token]").get_attribute("data-pow-challenge")
    assert challenge
    fill_complaint(js, "Antrean panjang di loket tiga")
    started = time.monotonic()
    send(js)
    expect(js.get_by_role("heading", level=1)).to_contain_text("Terima kasih")
    assert time.monotonic() - started < WAIT_SECONDS
