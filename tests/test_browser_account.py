"""A phone-sized browser uses the WhatsApp account self-check in the lesson "Akun WhatsApp dan kode OTP": it presses
the button without answering and reads a sentence, then answers about its own account one question at a time and
sees the two or three steps that matter most, each with why, and the "if it has already happened" list."""

import pytest
from conftest import PHONE
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "02-keamanan-data-pribadi/05-akun-whatsapp-dan-kode-otp.ipynb"
# A whole lesson runs before the page loads; on a busy 2-core machine that can take more than a minute.
LOAD_TIMEOUT_MS = 180_000
TRACEBACK_WORDS = ["Traceback", "Error", "Exception", 'File "']


def _answer(check, question: str, label: str) -> None:
    row = check.locator(f".literasi-account-question-{question}")
    row.scroll_into_view_if_needed()
    row.get_by_text(label, exact=True).click()


def test_learner_checks_their_own_whatsapp_and_reads_the_steps_that_matter_most(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    check = phone.locator(".literasi-account")
    check.scroll_into_view_if_needed()
    expect(check).to_be_visible()
    result = check.locator(".literasi-account-result")

    button = check.get_by_role("button", name="Lihat langkah untuk saya")
    button.scroll_into_view_if_needed()
    button.click()
    expect(result.get_by_role("status")).to_contain_text("Anda belum menjawab satu pun dari 6 pertanyaan")

    _answer(check, "dua-langkah", "Belum")
    expect(result.locator(".literasi-account-step")).to_have_count(1)
    expect(result).to_contain_text("Nyalakan verifikasi dua langkah")
    expect(result).to_contain_text("Mengapa:")
    expect(result.locator(".literasi-account-partial")).to_contain_text("Anda menjawab 1 dari 6 pertanyaan")

    _answer(check, "teruskan-kode", "Saya kirimkan kodenya, kasihan dia")
    _answer(check, "perangkat", "Sudah, ada yang tidak saya kenali")
    _answer(check, "pin", "Pernah")
    steps = result.locator(".literasi-account-step")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Jangan pernah meneruskan kode 6 angka")
    expect(steps.nth(1)).to_contain_text("Keluarkan sekarang perangkat yang tidak Anda kenali")
    expect(result.locator(".literasi-account-later")).to_contain_text("Ganti PIN verifikasi dua langkah")
    expect(result.locator(".literasi-account-happened")).to_contain_text("iasc.ojk.go.id")
    expect(result.locator(".literasi-account-happened")).to_contain_text("otomatis keluar")

    # On a phone nothing scrolls sideways, and the longest answer wraps inside the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    longest = check.locator(".literasi-account-question-langkah-pertama").get_by_text(
        "Masuk lagi ke WhatsApp dengan nomor saya dan memasukkan kode 6 angka dari SMS", exact=True)
    box = longest.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box

    clear = check.get_by_role("button", name="Hapus semua jawaban")
    clear.scroll_into_view_if_needed()
    clear.click()
    expect(result).to_have_text("")
    text = check.inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text], text
    assert "F-SCAM" not in text
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_english_learner_with_safe_habits_reads_that_they_are_safe(site, phone):
    phone.goto(f"{site}/voila/render/en/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    check = phone.locator(".literasi-account")
    check.scroll_into_view_if_needed()
    _answer(check, "teruskan-kode", "I send nothing, then phone my friend on the number I know")
    _answer(check, "dua-langkah", "Yes")
    check.get_by_role("button", name="Show my steps").click()
    result = check.locator(".literasi-account-result")
    expect(result.locator(".literasi-account-good")).to_contain_text("Your answers show safe habits")
    expect(result).to_contain_text("You answered 2 of 6 questions")
    expect(result.locator(".literasi-account-happened")).to_contain_text("If your account has already been taken over")
    expect(check.locator(".literasi-account-sources")).to_contain_text("WhatsApp Help Center")
