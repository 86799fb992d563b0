"""A phone-sized browser uses the scam simulator, the data classifier and the form audit on their gallery page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "galeri/penipuan-dan-pdp.ipynb"


def test_learner_opens_the_wedding_apk_and_learns_why_and_where_to_report(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    simulator = phone.locator(".literasi-penipuan")
    expect(simulator).to_be_visible()
    expect(simulator.locator(".literasi-phone")).to_contain_text("Undangan Pernikahan Digital.apk")

    simulator.get_by_text("Buka file undangannya", exact=True).click()
    feedback = simulator.locator(".literasi-feedback")
    expect(feedback.locator(".literasi-verdict")).to_contain_text("berbahaya")
    expect(feedback).to_contain_text("aplikasi Android, bukan undangan")
    expect(feedback).to_contain_text("Tidak apa-apa")
    expect(feedback.locator(".literasi-report")).to_contain_text("bssn.go.id/lapor-insiden-siber")
    expect(feedback.locator(".literasi-report")).to_contain_text("iasc.ojk.go.id")
    expect(simulator.locator(".literasi-score")).to_contain_text("0 dari 1")

    simulator.get_by_role("button", name="Berikutnya →").click()
    expect(simulator.locator(".literasi-progress")).to_contain_text("Skenario 2 dari")
    expect(feedback).to_have_text("")
    simulator.get_by_role("button", name="← Sebelumnya").click()
    expect(feedback).to_contain_text("aplikasi Android, bukan undangan")
    simulator.scroll_into_view_if_needed()
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_learner_sorts_religion_as_specific_then_audits_a_form(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    classifier = phone.locator(".literasi-pdp-classifier")
    item = classifier.locator(".literasi-pdp-item-agama")
    item.scroll_into_view_if_needed()
    item.get_by_label("Agama").select_option(label="Data pribadi spesifik")
    feedback = item.locator(".literasi-item-feedback")
    expect(feedback).to_contain_text("Belum tepat")
    expect(feedback).to_contain_text("data pribadi umum (Pasal 4 ayat (3) UU PDP)")
    expect(classifier.locator(".literasi-score")).to_contain_text("0 dari 1")

    audit = phone.locator(".literasi-pdp-audit")
    audit.scroll_into_view_if_needed()
    audit.get_by_label("Formulir:").select_option(label="Pendaftaran pelatihan bimtek")
    expect(audit.locator(".literasi-purpose")).to_contain_text("sertifikat")
    fields = audit.locator(".literasi-fields")
    fields.get_by_text("Nama lengkap", exact=True).click()
    fields.get_by_text("Riwayat penyakit", exact=True).click()
    result = audit.locator(".literasi-audit")
    expect(result.locator(".literasi-flag")).to_have_count(1)
    expect(result.locator(".literasi-flag")).to_contain_text("Riwayat penyakit")
    expect(result.locator(".literasi-flag")).to_contain_text("data kesehatan")
    expect(result).to_contain_text("Pasal 4 ayat (2)")
    result.scroll_into_view_if_needed()
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
