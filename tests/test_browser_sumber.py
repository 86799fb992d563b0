"""The Sumber / Sources page on a phone: readable at 390 px, every link a real source, nothing fetched elsewhere."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_learner_on_a_phone_reads_the_sources_of_a_module(site, phone):
    phone.goto(f"{site}/")
    phone.get_by_role("link", name="Sumber fakta").click()
    expect(phone).to_have_url(f"{site}/sumber")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sumber fakta")
    section = phone.locator("details.module", has=phone.get_by_role("heading", name="Pembayaran digital", level=2))
    first = section.locator("article.fact").first
    expect(first).to_be_hidden()
    section.locator("summary").click()
    expect(first).to_be_visible()
    expect(first).to_contain_text("sumber per")
    # Every fact card fits the phone: no sideways scrolling.
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    phone.get_by_role("link", name="English").click()
    expect(phone).to_have_url(f"{site}/en/sources")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
