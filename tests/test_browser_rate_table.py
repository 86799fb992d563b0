"""The QRIS rate table on a phone: one card per merchant category, every rate and date readable, nothing sideways."""

import re

import pytest
from conftest import LESSON_PATH, PHONE
from playwright.sync_api import expect

from literasi.widgets.qris.core import load_qris_rules

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _inside_the_screen(box) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5 and box["width"] > 0


def test_the_rate_table_is_one_card_per_row_on_a_390_px_phone(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON_PATH}")
    table = phone.locator("table.literasi-rates")
    table.scroll_into_view_if_needed()
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    categories = load_qris_rules().categories
    expect(rows).to_have_count(len(categories))

    # Nothing scrolls sideways: not the page, not the table.
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
    assert _inside_the_screen(table.bounding_box())
    # Cards: each row is a block, the column headings are kept for screen readers only.
    assert rows.first.evaluate("r => getComputedStyle(r).display") == "block"
    assert table.locator("thead").evaluate("h => h.getBoundingClientRect().width") <= 1

    for index, category in enumerate(categories):
        row = rows.nth(index)
        row.scroll_into_view_if_needed()
        expect(row.locator("th")).to_have_text(category.label["id"])
        for cell, label in ((row.locator(".literasi-rate"), "MDR"), (row.locator(".literasi-since"), "Berlaku sejak")):
            expect(cell).to_be_visible()
            expect(cell).to_have_attribute("data-label", label)
            assert cell.evaluate("c => getComputedStyle(c, '::before').content") == f'"{label}: "'
            assert _inside_the_screen(cell.bounding_box()), f"{category.id}: {label} runs off the screen"
        expect(row.locator(".literasi-rate")).to_contain_text("%")
        expect(row.locator(".literasi-since")).to_have_text(re.compile(r"^\d{1,2} \w+ \d{4}$"))

    sources = table.locator("xpath=following-sibling::div[contains(@class, 'literasi-sources')]")
    expect(sources).to_contain_text("sumber per")
    assert not re.search(r"F-[A-Z]+-\d\d", table.inner_text() + sources.inner_text())
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"
