"""A phone-sized browser works through the judi online and pinjol scenarios in their lesson (3-04): only that
topic's six scenarios, feedback that says why and where to report, the collection rules, no traceback."""

import pytest
from conftest import PHONE
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "03-pembayaran-digital/04-judi-online-dan-pinjol-ilegal.ipynb"
# A whole lesson runs before the page loads; on a busy 2-core machine that can take more than a minute.
LOAD_TIMEOUT_MS = 180_000
TRACEBACK_WORDS = ["Traceback", 'File "', "InputProblem"]


def test_learner_meets_a_loan_offer_then_a_collector_and_learns_the_rules(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    simulator = phone.locator(".literasi-penipuan")
    simulator.scroll_into_view_if_needed()
    expect(simulator).to_be_visible()
    progress = simulator.locator(".literasi-progress")
    expect(progress).to_contain_text("Skenario 1 dari 6: Tawaran pinjaman")
    expect(simulator.locator(".literasi-phone")).to_contain_text("DanaKilat_Pinjaman.apk")
    expect(simulator.locator(".literasi-phone")).to_contain_text("Rp20.000.000")

    simulator.get_by_text("Pasang aplikasinya dan izinkan aksesnya, modalnya dibutuhkan", exact=True).click()
    feedback = simulator.locator(".literasi-feedback")
    expect(feedback.locator(".literasi-verdict")).to_contain_text("berbahaya")
    expect(feedback).to_contain_text("kamera, mikrofon, dan lokasi")
    expect(feedback).to_contain_text("Tidak apa-apa")
    report = feedback.locator(".literasi-report")
    expect(report).to_contain_text("www.ojk.go.id")
    expect(report).to_contain_text("081 157 157 157")
    expect(report).to_contain_text("aduannomor.id")
    expect(simulator.locator(".literasi-score")).to_contain_text("0 dari 1 pilihan pertama Anda aman (6 skenario)")

    simulator.get_by_role("button", name="Berikutnya →").click()
    expect(progress).to_contain_text("Skenario 2 dari 6: Ditagih utang orang lain")
    expect(feedback).to_have_text("")
    simulator.get_by_text("Simpan tangkapan layarnya, jangan balas, blokir, lalu kabari Mas Budi lewat nomor yang "
                          "Anda kenal", exact=True).click()
    expect(feedback.locator(".literasi-verdict")).to_contain_text("Pilihan aman")
    expect(feedback).to_contain_text("selain peminjam")
    expect(simulator.locator(".literasi-score")).to_contain_text("1 dari 2")

    simulator.get_by_role("button", name="Berikutnya →").click()
    expect(progress).to_contain_text("Skenario 3 dari 6")
    expect(simulator.locator(".literasi-phone")).to_contain_text("22.15")
    simulator.get_by_text("Ajukan pinjaman di aplikasi lain malam ini untuk melunasinya", exact=True).click()
    expect(feedback).to_contain_text("Satgas Waspada Investasi (kini Satgas PASTI)")
    expect(feedback.locator(".literasi-report")).to_contain_text("patrolisiber.id")

    simulator.get_by_role("button", name="← Sebelumnya").click()
    expect(progress).to_contain_text("Skenario 2 dari 6")
    expect(feedback).to_contain_text("selain peminjam")
    simulator.scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    text = phone.locator("body").inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text]
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_the_english_lesson_shows_the_same_six_scenarios(site, phone):
    phone.goto(f"{site}/voila/render/en/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    simulator = phone.locator(".literasi-penipuan")
    simulator.scroll_into_view_if_needed()
    expect(simulator.locator(".literasi-progress")).to_contain_text("Scenario 1 of 6: A loan offer")
    simulator.get_by_text("Install nothing; look up \"Dana Kilat\" in the list of licensed lenders on OJK's website, "
                          "or ask OJK on 157", exact=True).click()
    expect(simulator.locator(".literasi-feedback .literasi-verdict")).to_contain_text("A safe choice")
    expect(simulator.locator(".literasi-score")).to_contain_text("1 of your 1")
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
