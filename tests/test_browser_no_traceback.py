"""Hostile typing on every page: whatever a learner enters into any box and whichever button they press, the
page shows sentences, never a Python traceback or error text."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers import track_kernel, wait_for_kernel_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = ["abc", "-1", "1e309", "99999999999999999999999999999999999", "１２", "<script>alert(1)</script>",
           "0,,5", " ", "Rp 1.000.000,-", "NaN", "%s%s%s", "'; DROP TABLE--", "😀" * 50]
TRACEBACK_WORDS = ["Traceback", "Error:", "Exception", 'File "', ".py\"", "/site-packages/", "NameError", "ValueError",
                   "TypeError", "KeyError"]


def _pages() -> list[str]:
    from literasi.curriculum import load_curriculum

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    return [f"id/{page.path}" for page in [*curriculum.lessons(), *curriculum.gallery]]


@pytest.mark.parametrize("path", _pages())
def test_bad_input_never_shows_a_traceback(site, phone, path):
    blocked = []  # the page's own scripts must run under the site's Content-Security-Policy
    phone.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text
             else None)
    track_kernel(phone)
    phone.goto(f"{site}/voila/render/{path}")
    phone.wait_for_selector(".jupyter-widgets", state="attached", timeout=90_000)
    phone.wait_for_load_state("networkidle")
    boxes = phone.locator(".widget-text input, .widget-textarea textarea, .widget-inline-hbox input[type=number]")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        if box.is_visible() and box.is_enabled():
            box.fill(HOSTILE[index % len(HOSTILE)])
            box.press("Enter")
    buttons = phone.locator("button.jupyter-button")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        if button.is_visible() and button.is_enabled():
            button.click()
    wait_for_kernel_idle(phone)  # every typed value and click handled, and what it showed drawn
    text = phone.locator("body").inner_text()
    shown = [word for word in TRACEBACK_WORDS if word in text]
    assert not shown, f"{path}: {shown} in page text"
    assert not blocked, blocked
