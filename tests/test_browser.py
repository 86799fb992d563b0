"""A real phone-sized browser (Debian chromium driven by Playwright) uses the lesson like a learner."""

import re

import pytest
from conftest import LESSON_PATH, ROOT
from playwright.sync_api import expect

from literasi.widgets.quiz.bank import load_bank

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_learner_types_sales_sees_net_amount_and_gets_quiz_feedback(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON_PATH}")
    calculator = phone.locator(".literasi-calculator")
    expect(calculator).to_be_visible()
    boxes = calculator.locator("input[type=text]")
    boxes.nth(0).fill("1200")
    boxes.nth(1).fill("40.000")
    calculator.locator("select").select_option(label="Usaha kecil, menengah, atau besar (reguler)")
    result = calculator.locator(".literasi-result")
    # 1.200 × Rp40.000 = Rp48.000.000; MDR 0,7% = Rp336.000; net Rp47.664.000
    expect(result).to_contain_text("Rp47.664.000")
    expect(result).to_contain_text("Rp336.000")
    expect(calculator.locator("img.literasi-chart")).to_have_attribute("alt", re.compile("Rp47.664.000"))

    boxes.nth(1).fill("dua puluh ribu")
    expect(result).to_contain_text("harus berupa angka")

    question = load_bank("qris-untuk-usaha-mikro", "id", ROOT).questions[0]
    wrong = next(option for option in question.options if not option.correct)
    card = phone.locator(".literasi-question").first
    card.scroll_into_view_if_needed()
    card.get_by_text(wrong.text, exact=True).click()
    card.get_by_role("button", name="Periksa jawaban").click()
    feedback = card.locator(".literasi-feedback")
    expect(feedback).to_contain_text("Belum tepat")
    expect(feedback).to_contain_text(wrong.feedback[:40])

    right = next(option for option in question.options if option.correct)
    card.get_by_text(right.text, exact=True).click()
    card.get_by_role("button", name="Periksa jawaban").click()
    expect(feedback).to_contain_text("Tepat!")
    expect(phone.locator(".literasi-score")).to_contain_text("1 dari")
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_english_lesson_works_the_same(site, phone):
    phone.goto(f"{site}/voila/render/en/{LESSON_PATH}")
    calculator = phone.locator(".literasi-calculator")
    boxes = calculator.locator("input[type=text]")
    boxes.nth(0).fill("10")
    boxes.nth(1).fill("600,000")
    # A micro business pays 0.3% above IDR 500,000: 10 × 600,000 × 0.3% = 18,000
    expect(calculator.locator(".literasi-result")).to_contain_text("IDR\u00a05,982,000")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
