"""A learner's whole visit on the light lesson page, on a phone and on a desktop: landing → UMKM track → a lesson
→ a calculator → a quiz answer → English → the next lesson. Only the site itself is contacted, and nothing of
Voila's JupyterLab front end is loaded."""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from conftest import LESSON_PATH, OUTPUT, ROOT
from playwright.sync_api import expect

from literasi.curriculum import load_curriculum
from literasi.i18n import t
from literasi.widgets.quiz.bank import load_bank

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VOILA_BUNDLE = ("/voila/static/", "/voila/labextensions/")
LESSON_ID = "qris-untuk-usaha-mikro"


@pytest.fixture(params=["phone", "desktop"])
def page(request):
    page = request.getfixturevalue(request.param)
    page.urls = []
    page.on("request", lambda r: page.urls.append(r.url))
    page.shot = lambda step: page.screenshot(
        path=str(OUTPUT / "browser" / f"site-flow-{request.param}-{step}.png"), full_page=False)
    (OUTPUT / "browser").mkdir(parents=True, exist_ok=True)
    return page


def test_learner_goes_from_the_landing_page_through_a_lesson_to_the_next_in_english(site, page):
    curriculum = load_curriculum(ROOT / "curriculum.yml")
    lesson = curriculum.lesson(LESSON_ID)
    following = curriculum.lessons()[[item.id for item in curriculum.lessons()].index(LESSON_ID) + 1]

    page.goto(site + "/")
    page.get_by_role("link", name=t("site.track_umkm", "id"), exact=True).click()
    expect(page).to_have_url(f"{site}/id/?jalur=umkm")
    page.shot("1-landing-umkm")
    page.get_by_role("link", name=lesson.title["id"], exact=True).click()
    expect(page).to_have_url(f"{site}/voila/render/id/{LESSON_PATH}")
    page.wait_for_load_state()  # the lesson streams in while its kernel runs the cells

    header = page.locator("header.literasi-header")
    expect(header.locator(".literasi-title")).to_have_text(lesson.title["id"])
    expect(header.locator(".literasi-minutes")).to_have_text(t("site.minutes", "id", minutes=lesson.minutes))
    module = curriculum.module_of(LESSON_ID)
    position = [item.id for item in module.lessons].index(LESSON_ID) + 1
    expect(header.locator(".literasi-position")).to_have_text(
        t("site.lesson_progress", "id", position=position, total=len(module.lessons)))
    expect(header.locator(".literasi-progress")).to_be_visible()

    calculator = page.locator(".literasi-calculator")
    expect(calculator).to_be_visible()
    expect(page.locator(".literasi-loading")).to_have_count(0)
    boxes = calculator.locator("input[type=text]")
    boxes.nth(0).fill("1200")
    boxes.nth(1).fill("40.000")
    calculator.locator("select").select_option(label="Usaha kecil, menengah, atau besar (reguler)")
    expect(calculator.locator(".literasi-result")).to_contain_text("Rp47.664.000")  # 48.000.000 − 0,7%
    calculator.scroll_into_view_if_needed()
    page.shot("2-calculator")

    question = load_bank(LESSON_ID, "id", ROOT).questions[0]
    right = next(option for option in question.options if option.correct)
    card = page.locator(".literasi-question").first
    card.scroll_into_view_if_needed()
    card.get_by_text(right.text, exact=True).click()
    card.get_by_role("button", name=t("quiz.check", "id")).click()
    expect(card.locator(".literasi-feedback")).to_contain_text(t("quiz.correct", "id"))
    page.shot("3-quiz-feedback")

    page.locator(".literasi-switch").click()
    expect(page).to_have_url(f"{site}/voila/render/en/{LESSON_PATH}")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(header.locator(".literasi-title")).to_have_text(lesson.title["en"])
    calculator = page.locator(".literasi-calculator")
    calculator.locator("input[type=text]").nth(0).fill("10")
    calculator.locator("input[type=text]").nth(1).fill("600,000")
    expect(calculator.locator(".literasi-result")).to_contain_text("IDR\u00a05,982,000")  # micro: 0.3% above 500,000
    page.shot("4-english")

    page.locator(".literasi-pager-top .literasi-next").click()
    expect(page).to_have_url(f"{site}/voila/render/en/{following.path}")
    page.wait_for_load_state()
    expect(header.locator(".literasi-title")).to_have_text(following.title["en"])
    expect(page.locator(".literasi-widget .jupyter-widgets").first).to_be_visible()
    expect(page.locator(".literasi-loading")).to_have_count(0)
    page.shot("5-next-lesson")

    assert page.hosts == {"127.0.0.1"}, f"third-party requests: {page.hosts - {'127.0.0.1'}}"
    bundle = [url for url in page.urls if urlparse(url).path.startswith(VOILA_BUNDLE)]
    assert not bundle, f"Voila's JupyterLab bundle was requested: {bundle[:3]}"
    assert any("/aset/lesson." in url for url in page.urls)


def test_keyboard_focus_reaches_a_visible_skip_link_then_the_header(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON_PATH}")
    phone.keyboard.press("Tab")
    skip = phone.locator(".literasi-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone.keyboard.press("Tab")
    expect(phone.locator(".literasi-brand")).to_be_focused()


def test_learner_sees_a_sentence_not_an_error_when_the_kernel_cannot_be_reached(site, phone):
    phone.route_web_socket("**/api/kernels/**", lambda socket: socket.close())
    phone.goto(f"{site}/voila/render/en/{LESSON_PATH}")
    problem = phone.locator(".literasi-widget-problem").first
    expect(problem).to_have_text(t("site.kernel_offline", "en"))
    expect(phone.locator(".literasi-loading")).to_have_count(0)
    expect(phone.locator("body")).not_to_contain_text("Traceback")


def kernel_exists(site: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{site}/api/kernels/{kernel_id}", timeout=10):
            return True
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def test_leaving_the_lesson_shuts_its_kernel_down(site, phone):
    phone.goto(f"{site}/voila/render/id/{LESSON_PATH}")
    expect(phone.locator(".literasi-calculator")).to_be_visible()
    kernel_id = json.loads(phone.locator("#jupyter-config-data").text_content())["kernelId"]
    assert kernel_exists(site, kernel_id)
    phone.goto(site + "/id/")
    deadline = time.monotonic() + 30
    while kernel_exists(site, kernel_id) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not kernel_exists(site, kernel_id)
