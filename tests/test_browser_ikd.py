"""A phone-sized browser uses the counter check of the lesson "IKD di loket layanan": a counter officer marks what
a bazaar sign-up may ask for, reads why per item, and switches to another service."""

import pytest
from conftest import PHONE
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "05-layanan-publik-asn/04-ikd-di-loket-layanan.ipynb"
# A whole lesson runs before the page loads; on a busy 2-core machine that can take more than a minute.
LOAD_TIMEOUT_MS = 180_000
TRACEBACK_WORDS = ["Traceback", "Error", "Exception", 'File "']


def test_counter_officer_marks_what_a_bazaar_sign_up_may_ask_for(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    check = phone.locator(".literasi-pdp-counter")
    check.scroll_into_view_if_needed()
    expect(check).to_be_visible()
    expect(check.locator(".literasi-purpose")).to_contain_text("NIB")
    expect(check.locator(".literasi-score")).to_contain_text("Belum ada yang dipilih")

    religion = check.locator(".literasi-pdp-item-agama")
    religion.scroll_into_view_if_needed()
    religion.get_by_label("Agama").select_option(label="Perlu")
    feedback = religion.locator(".literasi-item-feedback")
    expect(feedback).to_contain_text("Belum tepat")
    expect(feedback).to_contain_text("Tidak perlu")
    expect(feedback).to_contain_text("Pasal 4 ayat (3)")

    pin = check.locator(".literasi-pdp-item-pin-ikd")
    pin.scroll_into_view_if_needed()
    pin.get_by_label("PIN aplikasi IKD").select_option(label="Jangan pernah, apalagi lewat chat")
    expect(pin.locator(".literasi-item-feedback")).to_contain_text("Tepat")
    expect(check.locator(".literasi-score")).to_contain_text("Tepat 1 dari 2")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    select = pin.locator("select").bounding_box()
    assert select["x"] + select["width"] <= PHONE["width"], select

    check.get_by_label("Layanan:").select_option(label="Bantuan sembako kelurahan (program contoh)")
    expect(check.locator(".literasi-purpose")).to_contain_text("penghasilan keluarga")
    income = check.locator(".literasi-pdp-item-penghasilan")
    income.scroll_into_view_if_needed()
    income.get_by_label("Penghasilan per bulan").select_option(label="Perlu")
    expect(income.locator(".literasi-item-feedback")).to_contain_text("data keuangan pribadi")
    expect(check.locator(".literasi-score")).to_contain_text("Tepat 1 dari 1")
    text = check.inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text], text
    assert "F-PDP" not in text and "F-ASN" not in text
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
