"""A phone-sized browser uses the kota cerdas gallery page like an ASN learner would, and the office programme mapper
of the lesson "Kota cerdas di kantor Anda"."""

import re

import pytest
from conftest import PHONE
from playwright.sync_api import expect

from literasi.i18n import t
from literasi.widgets.smartcity.dimensions import load_dimension_data
from literasi.widgets.smartcity.spbe import load_spbe_data

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "galeri/kota-cerdas.ipynb"
LESSON = "05-layanan-publik-asn/02-kota-cerdas-di-kantor-anda.ipynb"
# A whole lesson runs before the page loads; on a busy 2-core machine that can take more than a minute.
LOAD_TIMEOUT_MS = 180_000
TRACEBACK_WORDS = ["Traceback", "Error", "Exception", 'File "']


def _dimension_label(dimension_id: str, lang: str) -> str:
    dimension = load_dimension_data().dimension(dimension_id)
    return t("kotacerdas.dimension_option", lang, name=dimension.name, gloss=dimension.gloss[lang])


def test_learner_maps_a_pontianak_idea_then_lists_an_own_idea(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    mapper = phone.locator(".literasi-kotacerdas-mapper")
    expect(mapper).to_be_visible()
    idea = load_dimension_data().idea("pontianak_psc119")
    mapper.locator(".literasi-kotacerdas-idea select").select_option(label=idea.text["id"])

    examples = mapper.locator(".literasi-kotacerdas-examples")
    economy = examples.get_by_text(_dimension_label("economy", "id"), exact=True)
    economy.click()
    examples.get_by_role("button", name="Periksa jawaban").click()
    feedback = mapper.locator(".literasi-kotacerdas-feedback")
    expect(feedback).to_contain_text("Belum tepat")
    expect(feedback).to_contain_text("Smart Economy kurang cocok")

    economy.click()
    examples.get_by_text(_dimension_label("living", "id"), exact=True).click()
    examples.get_by_role("button", name="Periksa jawaban").click()
    expect(feedback).to_contain_text("Tepat!")
    expect(feedback).to_contain_text(idea.why["id"][:45])
    expect(feedback).to_contain_text("Sonora.id")

    own = mapper.locator(".literasi-kotacerdas-own")
    own.locator(".literasi-kotacerdas-own-text input").fill("Peta bank sampah di tiap kelurahan")
    own.get_by_text(_dimension_label("environment", "id"), exact=True).click()
    own.get_by_role("button", name="Tambahkan ke daftar").click()
    expect(own.locator(".literasi-kotacerdas-own-list")).to_contain_text("Peta bank sampah di tiap kelurahan")
    expect(own.locator(".literasi-kotacerdas-coverage")).to_contain_text("1 dari 6 dimensi")
    expect(own.locator(".literasi-kotacerdas-coverage-chart img")).to_have_attribute(
        "alt", re.compile("Smart Environment: 1"))
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_learner_rates_spbe_domains_and_sees_the_weakest_and_the_radar(site, phone):
    phone.goto(f"{site}/voila/render/en/{PAGE}")
    tool = phone.locator(".literasi-kotacerdas-spbe")
    expect(tool).to_be_visible()
    spbe = load_spbe_data()
    levels = dict(zip([domain.id for domain in spbe.domains], [3, 4, 2, 3], strict=True))
    for domain_id, level in levels.items():
        label = t("kotacerdas.spbe_level_option", "en", level=level, label=spbe.level(level).label["en"])
        tool.locator(f".literasi-kotacerdas-level-{domain_id} select").select_option(label=label)
    weakest = spbe.domain("manajemen")
    result = tool.locator(".literasi-kotacerdas-weakest")
    expect(result).to_contain_text(f"Your weakest domain: {weakest.name} (level 2)")
    expect(result).to_contain_text(weakest.suggestion["en"][:40])
    radar = tool.locator(".literasi-kotacerdas-radar img.literasi-chart")
    expect(radar).to_be_visible()
    expect(radar).to_have_attribute("alt", re.compile(
        r"Kebijakan Internal 3, Tata Kelola 4, Manajemen 2, and Layanan 3\. Lowest: Manajemen"))
    expect(tool).to_contain_text("not the official SPBE evaluation")
    expect(tool.locator(".literasi-kotacerdas-not-official")).to_contain_text(
        "Since 2026 the official evaluation has used the Digital Government Index")
    radar.scroll_into_view_if_needed()


def test_officer_sorts_office_programmes_reads_who_leads_them_and_lists_her_own(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON}", timeout=LOAD_TIMEOUT_MS)
    mapper = phone.locator(".literasi-kotacerdas-set-kantor")
    mapper.scroll_into_view_if_needed()
    expect(mapper).to_be_visible()
    data = load_dimension_data()
    select = mapper.locator(".literasi-kotacerdas-idea select")
    select.select_option(label=data.idea("kantor_command_center").text["id"])

    examples = mapper.locator(".literasi-kotacerdas-examples")
    economy = examples.get_by_text(_dimension_label("economy", "id"), exact=True)
    economy.click()
    examples.get_by_role("button", name="Periksa jawaban").click()
    feedback = mapper.locator(".literasi-kotacerdas-feedback")
    expect(feedback).to_contain_text("Belum tepat")
    economy.click()
    examples.get_by_text(_dimension_label("governance", "id"), exact=True).click()
    examples.get_by_role("button", name="Periksa jawaban").click()
    expect(feedback).to_contain_text("Tepat!")
    expect(feedback).to_contain_text("mewah namun miskin fungsi")
    expect(feedback.locator(".literasi-kotacerdas-lead")).to_contain_text("Diskominfo mengelola ruangnya")

    select.select_option(label=data.idea("kantor_pusat_data").text["id"])
    examples.get_by_role("button", name="Lihat pembahasan").click()
    uses = feedback.locator(".literasi-kotacerdas-uses li")
    expect(uses).to_have_count(2)
    expect(uses.first).to_contain_text("Pusat Data Nasional (PDN): tempat menyimpan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = select.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"], box

    own = mapper.locator(".literasi-kotacerdas-own")
    own.locator(".literasi-kotacerdas-own-text input").fill("Pelatihan QRIS untuk UMKM binaan")
    own.get_by_text(_dimension_label("economy", "id"), exact=True).click()
    own.get_by_role("button", name="Tambahkan ke daftar").click()
    expect(own.locator(".literasi-kotacerdas-coverage")).to_contain_text("1 dari 6 dimensi")
    expect(mapper.locator(".literasi-kotacerdas-sources")).to_contain_text("Kota Sukamaju fiktif")
    text = mapper.inner_text()
    assert not [word for word in TRACEBACK_WORDS if word in text], text
    assert not re.search(r"F-[A-Z]+-\d", text)
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
