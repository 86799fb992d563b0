"""A phone-sized browser uses the QRIS sticker checker and the NIK tools on the gallery page like a learner."""

import pytest
from playwright.sync_api import expect

from literasi.widgets.sticker.core import load_stiker_data

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "galeri/stiker-dan-nik.ipynb"
SAMPLES = load_stiker_data().samples


def test_learner_checks_an_altered_code_and_a_swapped_sticker(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    checker = phone.locator(".literasi-stiker")
    expect(checker).to_be_visible()
    result = checker.locator(".literasi-stiker-result")
    expect(result).to_contain_text("Tempel dulu isi kode QRIS")

    altered = next(sample for sample in SAMPLES if sample.expect == "checksum")
    checker.locator("select").select_option(label=altered.label["id"])
    expect(result.locator(".literasi-stiker-finding-crc")).to_contain_text("angka pemeriksa (CRC) tidak cocok")

    genuine = next(sample for sample in SAMPLES if sample.expect == "valid")
    checker.locator("select").select_option(label=genuine.label["id"])
    expect(result.locator(".literasi-stiker-finding-name-same")).to_be_visible()
    expect(result).to_contain_text("WARUNG SAMBAL BU SARI")
    checker.locator(".literasi-stiker-expected input").fill("Toko Bangunan Maju Jaya")
    warning = result.locator(".literasi-stiker-finding-name-different")
    expect(warning).to_contain_text("bukan “Toko Bangunan Maju Jaya”")
    result.scroll_into_view_if_needed()
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_learner_decodes_a_nik_and_masks_a_table(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    decoder = phone.locator(".literasi-nik-decoder")
    expect(decoder).to_be_visible()
    # A fictional NIK: region codes 00, a woman (day 17 + 40 = 57) born 17 August 1995, serial 0003.
    decoder.locator(".literasi-nik-input input").fill("0000005708950003")
    expect(decoder.locator(".literasi-nik-result")).to_contain_text("17 Agustus 1995")
    expect(decoder.locator(".literasi-nik-result")).to_contain_text("Perempuan")
    decoder.locator(".literasi-nik-input input").fill("00000057089500")
    expect(decoder.locator(".literasi-nik-result")).to_contain_text("14 angka")

    masker = phone.locator(".literasi-nik-masker")
    masker.locator(".literasi-nik-table-input textarea").fill(
        "Nama; NIK; HP\nDewi Lestari; 0000005708950003; 0812-0000-7777")
    after = masker.locator(".literasi-nik-after")
    expect(after).to_contain_text("0000********0003")
    expect(after).to_contain_text("0812****7777")
    expect(after).to_contain_text("D*** L***")
    expect(after).not_to_contain_text("0000005708950003")
    after.scroll_into_view_if_needed()
