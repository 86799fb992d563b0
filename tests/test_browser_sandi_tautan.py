"""A phone-sized browser uses the password meter and the link inspector on their gallery page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "galeri/sandi-dan-tautan.ipynb"


def test_learner_types_a_weak_password_and_reads_why_in_indonesian(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    meter = phone.locator(".literasi-sandi")
    expect(meter).to_be_visible()
    password = meter.locator("input[type=password]")
    password.fill("sayang123")
    result = meter.locator(".literasi-sandi-result")
    expect(result).to_contain_text("Lemah")
    expect(result).to_contain_text("skor 1 dari 4")
    expect(result).to_contain_text("kata yang umum di Indonesia")
    expect(result).to_contain_text("minimal 12 karakter")
    assert "sayang123" not in result.inner_text()

    password.fill("mentega-kartu-cicak-lumut")
    expect(result).to_contain_text("dari 4")
    expect(result).not_to_contain_text("Lemah")
    phrase = meter.locator(".literasi-sandi-phrase")
    first = phrase.inner_text()
    meter.get_by_role("button", name="Buat contoh lain").click()
    expect(phrase).not_to_have_text(first)
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_learner_checks_lookalike_and_official_links_and_nothing_is_opened(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    inspector = phone.locator(".literasi-tautan")
    inspector.scroll_into_view_if_needed()
    box = inspector.locator("input[type=text]")
    result = inspector.locator(".literasi-tautan-result")

    box.fill("http://bi-go-id.xyz/login")
    expect(result.locator(".literasi-tautan-verdict")).to_contain_text("Bahaya")
    expect(result).to_contain_text("meniru bi.go.id")
    expect(result).to_contain_text("Jangan buka tautan ini")

    box.fill("https://0jk.go.id.verifikasi.co/")
    expect(result.locator(".literasi-tautan-verdict")).to_contain_text("Bahaya")
    expect(result.locator(".literasi-tautan-owner")).to_have_text("verifikasi.co")
    expect(result).to_contain_text("ditempel di depan")

    box.fill("https://www.bi.go.id")
    expect(result.locator(".literasi-tautan-verdict")).to_contain_text("Aman")
    expect(result).to_contain_text("Bank Indonesia")

    inspector.locator("select").select_option("https://s.id/bansos-umkm")
    expect(box).to_have_value("https://s.id/bansos-umkm")
    expect(result.locator(".literasi-tautan-verdict")).to_contain_text("Waspada")
    result.scroll_into_view_if_needed()
    # The links were read as text only: the browser contacted nothing but the lesson server.
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
