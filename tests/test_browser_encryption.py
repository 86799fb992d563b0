"""A phone-sized browser uses the eavesdropper demo in the encryption lesson: it sends the example citizen record
five ways, sees what the eavesdropper and the phone thief get, presses send again for a new key, then types an
empty and an over-long message: it sees sentences, never a traceback, and nothing leaves the site."""

import pytest
from conftest import PHONE
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "05-layanan-publik-asn/03-enkripsi-dan-klasifikasi-informasi.ipynb"
# A whole lesson runs before the page loads; on a busy 2-core machine that can take more than a minute.
LOAD_TIMEOUT_MS = 180_000
TRACEBACK_WORDS = ["Traceback", "Error", "Exception", 'File "']
NIK = "0000006312920005"  # the sample's fictional NIK


def test_learner_sends_a_citizen_record_five_ways_and_sees_who_can_read_it(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    demo = phone.locator(".literasi-encryption")
    demo.scroll_into_view_if_needed()
    expect(demo).to_be_visible()
    result = demo.locator(".literasi-encryption-result")
    network, thief = result.locator(".literasi-encryption-network"), result.locator(".literasi-encryption-thief")

    # The default: the aid-recipient sample through a web form without a padlock.
    expect(network).to_contain_text("Isi terbaca")
    expect(network).to_contain_text(NIK)
    expect(result.locator(".literasi-encryption-verdict")).to_contain_text("Bahaya:")
    expect(result.locator(".literasi-encryption-nik")).to_contain_text("16 angka berturut-turut")

    # On a phone the three views stack and the page does not scroll sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    sender_box = result.locator(".literasi-encryption-sender").bounding_box()
    network_box, thief_box = network.bounding_box(), thief.bounding_box()
    assert sender_box["y"] < network_box["y"] < thief_box["y"], (sender_box, network_box, thief_box)
    assert thief_box["x"] + thief_box["width"] <= PHONE["width"]

    demo.get_by_text("Formulir web dengan gembok (alamat https://)", exact=True).click()
    expect(network).to_contain_text("Hanya acak (terenkripsi)")
    expect(network).not_to_contain_text(NIK)
    scramble = network.locator(".literasi-encryption-shown").inner_text()
    demo.get_by_role("button", name="Kirim lagi dengan kunci baru").click()
    expect(network.locator(".literasi-encryption-shown")).not_to_have_text(scramble)

    demo.get_by_text("Arsip terenkripsi lewat email dinas, sandinya di email yang sama", exact=True).click()
    expect(thief).to_contain_text("Terbuka: sandinya ada di dekatnya")
    expect(thief).to_contain_text(NIK)
    expect(result.locator(".literasi-encryption-verdict")).to_contain_text("Waspada:")

    demo.get_by_text("Arsip terenkripsi lewat email dinas, sandinya lewat telepon", exact=True).click()
    expect(thief).to_contain_text("Hanya acak (terenkripsi)")
    expect(thief).not_to_contain_text(NIK)
    expect(result.locator(".literasi-encryption-sender")).to_contain_text("Sandi arsip (dibuat acak)")

    demo.get_by_text("Aplikasi chat pribadi (pesan biasa)", exact=True).click()
    expect(thief).to_contain_text("Isi terbaca")
    expect(result.locator(".literasi-encryption-verdict")).to_contain_text("Jangan kirim data warga lewat chat pribadi")

    box = demo.locator(".literasi-encryption-message textarea")
    box.fill("   ")
    box.blur()
    expect(result.get_by_role("alert")).to_contain_text("Tulis dulu pesan")
    box.fill("a" * 501)
    demo.get_by_role("button", name="Kirim lagi dengan kunci baru").click()
    expect(result.get_by_role("alert")).to_contain_text("terlalu panjang: 501 karakter")
    box.fill("<script>alert(1)</script> rapat jam 9")
    box.blur()
    expect(thief).to_contain_text("<script>alert(1)</script> rapat jam 9")
    text = demo.inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text], text
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_english_demo_marks_the_fictional_example(site, phone):
    phone.goto(f"{site}/voila/render/en/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    demo = phone.locator(".literasi-encryption")
    demo.scroll_into_view_if_needed()
    expect(demo.locator(".literasi-encryption-message textarea")).to_have_value(
        "Aid recipients, RT 03 (fictional example): Siti Aminah, NIK 0000006312920005, Jl. Melati 7, Kota Sukamaju.")
    demo.get_by_text("Web form with a padlock (https:// address)", exact=True).click()
    expect(demo.locator(".literasi-encryption-network")).to_contain_text("Scrambled only (encrypted)")
    expect(demo.locator(".literasi-encryption-sources")).to_contain_text("AES-GCM")
