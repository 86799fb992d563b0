"""A phone-sized browser uses the own-sticker check of the lesson "Mendaftar QRIS dan menerima uang": a merchant
checks a newly printed sticker against the merchant name and NMID she registered, and sees a same-name sticker
with another NMID flagged."""

import pytest
from conftest import PHONE
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "03-pembayaran-digital/05-mendaftar-qris-dan-menerima-uang.ipynb"
# A whole lesson runs before the page loads; on a busy 2-core machine that can take more than a minute.
LOAD_TIMEOUT_MS = 180_000
TRACEBACK_WORDS = ["Traceback", "Error", "Exception", 'File "']


def test_merchant_checks_her_printed_sticker_by_name_and_nmid(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    checker = phone.locator(".literasi-stiker-own")
    checker.scroll_into_view_if_needed()
    expect(checker).to_be_visible()
    expect(checker).to_contain_text("Periksa stiker QRIS Anda setelah dicetak")
    result = checker.locator(".literasi-stiker-result")
    expect(result).to_contain_text("Tempel dulu isi kode QRIS")

    select = checker.locator("select")
    select.select_option(label="Stiker statis yang benar")
    expect(checker.locator(".literasi-stiker-nmid input")).to_have_value("ID0000000000001")
    expect(result.locator(".literasi-stiker-own-name-same")).to_be_visible()
    expect(result.locator(".literasi-stiker-own-nmid-same")).to_contain_text("ID0000000000001")

    select.select_option(label="Nama sama, NMID lain")
    warning = result.locator(".literasi-stiker-own-nmid-different")
    expect(warning).to_contain_text("ID0000000000037")
    expect(warning).to_contain_text("Jangan pajang stiker ini")
    expect(result.locator(".literasi-stiker-own-name-same")).to_be_visible()  # the name alone looked fine

    nmid = checker.locator(".literasi-stiker-nmid input")
    nmid.fill("id 0000 0000 000 37")
    expect(result.locator(".literasi-stiker-own-nmid-same")).to_be_visible()
    nmid.fill("ID/37")
    expect(result.locator(".literasi-problem")).to_contain_text("NMID hanya berisi huruf dan angka")

    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for box in (select, nmid):
        bounds = box.bounding_box()
        assert bounds["x"] + bounds["width"] <= PHONE["width"], bounds
    text = checker.inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text], text
    assert "F-QRIS" not in text and "F-SCAM" not in text
    # The lesson links to the first QRIS lesson instead of repeating its MDR calculation.
    link = phone.locator("a[href='01-qris-untuk-usaha-mikro.ipynb']").first
    expect(link).to_contain_text("QRIS untuk usaha mikro")
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
