"""A phone-sized browser uses the BI-FAST fee calculator and the PPh final estimator in their lessons, typing
numbers the Indonesian way, then garbage: it sees results and sentences, never a traceback."""

import pytest
from conftest import PHONE
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BIFAST_LESSON = "03-pembayaran-digital/02-transfer-bifast-ewallet.ipynb"
TAX_LESSON = "04-ecommerce-umkm/02-legalitas-usaha-online.ipynb"
# A whole lesson runs before the page loads; on a busy 2-core machine that can take more than a minute.
LOAD_TIMEOUT_MS = 180_000
TRACEBACK_WORDS = ["Traceback", "Error", "Exception", 'File "']


def _fits_the_phone(page, box) -> None:
    """The page does not scroll sideways, and the box's label sits above its input, not beside it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    label, field = box.locator("label").bounding_box(), box.locator("input, select").bounding_box()
    assert label["y"] + label["height"] <= field["y"] + 1, (label, field)
    assert field["x"] + field["width"] <= PHONE["width"]


def test_learner_works_out_a_month_of_bifast_transfers(site, phone):
    phone.goto(f"{site}/voila/render/id/{BIFAST_LESSON}", timeout=LOAD_TIMEOUT_MS)
    calculator = phone.locator(".literasi-bifast")
    calculator.scroll_into_view_if_needed()
    expect(calculator).to_be_visible()
    result = calculator.locator(".literasi-bifast-result")
    # The defaults: Bu Sari's 6 transfers at the maximum Rp2.500
    expect(result.locator(".literasi-bifast-month-value")).to_have_text("Rp15.000")

    calculator.locator(".literasi-bifast-count input").fill("10")
    calculator.locator(".literasi-bifast-fee input").fill("Rp1.000")
    expect(result.locator(".literasi-bifast-month-value")).to_have_text("Rp10.000")
    expect(result.locator(".literasi-bifast-year-value")).to_have_text("Rp120.000")
    _fits_the_phone(phone, calculator.locator(".literasi-bifast-count"))

    calculator.locator(".literasi-bifast-amount input").fill("300.000.000")
    expect(result).to_contain_text("melebihi batas BI-FAST Rp250.000.000")

    calculator.locator(".literasi-bifast-count input").fill("sepuluh kali")
    expect(result.get_by_role("alert")).to_contain_text("Jumlah transfer harus berupa angka")
    expect(calculator.locator(".literasi-bifast-count input")).to_have_value("sepuluh kali")
    calculator.locator(".literasi-bifast-fee input").fill("5.000")
    text = calculator.inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text], text
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_learner_estimates_pph_final_then_finds_the_time_limit_has_passed(site, phone):
    phone.goto(f"{site}/voila/render/id/{TAX_LESSON}", timeout=LOAD_TIMEOUT_MS)
    estimator = phone.locator(".literasi-pph")
    estimator.scroll_into_view_if_needed()
    expect(estimator).to_be_visible()
    result = estimator.locator(".literasi-pph-result")
    estimator.locator(".literasi-pph-tax-year select").select_option(label="2026")
    estimator.locator(".literasi-pph-turnover input").fill("Rp800.000.000")
    estimator.locator(".literasi-pph-registered input").fill("2022")
    # (800 juta − 500 juta) × 0,5% = Rp1.500.000
    expect(result.locator(".literasi-pph-tax-value")).to_have_text("Rp1.500.000")
    _fits_the_phone(phone, estimator.locator(".literasi-pph-registered"))

    estimator.locator(".literasi-pph-registered input").fill("2018")
    expect(result.locator(".literasi-pph-tax-value")).to_contain_text("tidak dihitung")
    expect(result).to_contain_text("mungkin sudah tidak tersedia")
    expect(result).to_contain_text("Status per November 2025")
    expect(result).to_contain_text("Kring Pajak")

    estimator.locator(".literasi-pph-registered input").fill("tahun lalu")
    expect(result.get_by_role("alert")).to_contain_text("Tahun terdaftar harus berupa tahun")
    estimator.locator(".literasi-pph-turnover input").fill("<script>alert(1)</script>")
    expect(result.get_by_role("alert")).to_contain_text("Omzet setahun harus berupa angka")
    text = estimator.inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text], text
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_english_estimator_reads_english_numbers(site, phone):
    phone.goto(f"{site}/voila/render/en/{TAX_LESSON}", timeout=LOAD_TIMEOUT_MS)
    estimator = phone.locator(".literasi-pph")
    estimator.scroll_into_view_if_needed()
    estimator.locator(".literasi-pph-tax-year select").select_option(label="2026")
    estimator.locator(".literasi-pph-type select").select_option(label="CV (limited partnership)")
    estimator.locator(".literasi-pph-turnover input").fill("800,000,000")
    estimator.locator(".literasi-pph-registered input").fill("2024")
    expect(estimator.locator(".literasi-pph-tax-value")).to_have_text("IDR\u00a04,000,000")
