"""Two learners on the real site see a lesson's quiz options in different orders; one of them reloads the page
and sees the same order again (content audit 2026-12 §2.1: the key must not be guessable from its place)."""

import pytest
from conftest import PHONE, ROOT
from playwright.sync_api import expect

from literasi.curriculum import load_curriculum
from literasi.widgets.quiz.bank import load_bank

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON_ID = "pilar-dan-kota-cerdas"  # many shuffled questions: two learners alike by chance: about 1 in 10¹¹
# What a learner reads as the choices of each question card, top to bottom: radio buttons, check boxes and
# the entries of each dropdown.
CHOICES = ".widget-radio-box label, .widget-checkbox .widget-label-basic, select option"
SHOWN = """cards => cards.map(card => Array.from(card.querySelectorAll(%r)).map(
    element => element.textContent.replace(/\\s+/g, ' ').trim()))""" % CHOICES  # noqa: UP031 — JS braces


def expected_choice_count(lang: str) -> int:
    bank = load_bank(LESSON_ID, lang, ROOT)
    count = 0
    for question in bank.questions:
        if question.type in ("single", "multiple"):
            count += len(question.options)
        elif question.type == "scenario":
            count += len(question.actions)
        elif question.type == "matching":
            count += len(question.pairs) * (len(question.right_choices) + 1)  # + "choose its match"
        elif question.type == "true_false":
            count += 2
    return count


def shown_choices(page, url: str, lang: str, reload: bool = False) -> list[list[str]]:
    response = page.reload() if reload else page.goto(url)
    assert response.status == 200
    quiz = page.locator(".literasi-quiz")
    expect(quiz).to_be_visible()
    expect(quiz.locator(".literasi-question").locator(CHOICES)).to_have_count(expected_choice_count(lang))
    return quiz.locator(".literasi-question").evaluate_all(SHOWN)


def learner(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    return context, page


def leave(context, page) -> None:
    page.goto("about:blank")  # the lesson page shuts its kernel as it is left
    context.close()


@pytest.mark.parametrize("lang", ["id", "en"])  # id pages come from the warm pool; en kernels start per visit
def test_two_learners_see_different_orders_and_a_reload_shows_the_same(site, browser, lang):
    lesson = load_curriculum(ROOT / "curriculum.yml").lesson(LESSON_ID)
    url = f"{site}/voila/render/{lang}/{lesson.path}"
    first_context, first = learner(browser)
    second_context, second = learner(browser)
    try:
        ana = shown_choices(first, url, lang)
        budi = shown_choices(second, url, lang)
        assert ana != budi, "two learners saw every option in the same place"
        assert [sorted(card) for card in ana] == [sorted(card) for card in budi]  # the same options, moved
        assert shown_choices(first, url, lang, reload=True) == ana
        statements = [card for card in ana if len(card) == 2 and set(card) <= {"Benar", "Salah", "True", "False"}]
        assert all(card in (["Benar", "Salah"], ["True", "False"]) for card in statements)  # never swapped
    finally:
        leave(first_context, first)
        leave(second_context, second)
