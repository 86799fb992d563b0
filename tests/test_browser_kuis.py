"""A learner on a phone answers the gallery quiz: true/false, matching and a scenario, then reads the score."""

import pytest
from conftest import ROOT
from playwright.sync_api import expect

from literasi.widgets.quiz.bank import load_bank

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "galeri/kuis.ipynb"


def test_learner_answers_true_false_matching_and_scenario_and_sees_the_score(site, phone):
    bank = load_bank("galeri-kuis", "id", ROOT)
    question = {q.type: q for q in bank.questions}
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    quiz = phone.locator(".literasi-quiz")
    expect(quiz).to_be_visible()
    expect(quiz.locator(".literasi-question")).to_have_count(len(bank.questions))

    card = quiz.locator(".literasi-question-true-false")
    card.scroll_into_view_if_needed()
    card.get_by_text("Benar", exact=True).click()
    card.get_by_role("button", name="Periksa jawaban").click()
    feedback = card.locator(".literasi-feedback")
    expect(feedback).to_contain_text("Belum tepat")
    expect(feedback).to_contain_text(question["true_false"].feedback_true[:40])
    card.get_by_text("Salah", exact=True).click()
    card.get_by_role("button", name="Periksa jawaban").click()
    expect(feedback).to_contain_text("Tepat!")
    expect(feedback).to_contain_text(question["true_false"].feedback_false[:40])

    matching = question["matching"]
    card = quiz.locator(".literasi-question-matching")
    card.scroll_into_view_if_needed()
    expect(card.locator("select")).to_have_count(len(matching.pairs))
    first, second = matching.pairs[0], matching.pairs[1]
    # Each dropdown is labelled by the item it matches (what a screen reader reads out).
    card.get_by_label(first.left, exact=True).select_option(label=second.right)  # a mix-up first
    card.get_by_role("button", name="Periksa jawaban").click()
    feedback = card.locator(".literasi-feedback")
    expect(feedback).to_contain_text(f"✘ {first.left} → {second.right}")
    for pair in matching.pairs:
        card.get_by_label(pair.left, exact=True).select_option(label=pair.right)
    card.get_by_role("button", name="Periksa jawaban").click()
    expect(feedback).to_contain_text("Tepat!")
    for pair in matching.pairs:
        expect(feedback).to_contain_text(pair.feedback)

    scenario = question["scenario"]
    card = quiz.locator(".literasi-question-scenario")
    card.scroll_into_view_if_needed()
    expect(card.locator(".literasi-situation")).to_contain_text(scenario.situation[:40])
    good = next(action for action in scenario.actions if action.verdict == "good")
    best = next(action for action in scenario.actions if action.verdict == "best")
    card.get_by_text(good.text, exact=True).click()
    card.get_by_role("button", name="Periksa jawaban").click()
    feedback = card.locator(".literasi-feedback")
    expect(feedback).to_contain_text("Hampir tepat")
    expect(feedback).to_contain_text(good.feedback[:40])
    card.get_by_text(best.text, exact=True).click()
    card.get_by_role("button", name="Periksa jawaban").click()
    expect(feedback).to_contain_text("Tepat!")

    score = quiz.locator(".literasi-score")
    score.scroll_into_view_if_needed()
    expect(score).to_contain_text(f"Skor Anda: 3 dari {len(bank.questions)} benar.")
    expect(score).to_contain_text(f"{len(bank.questions) - 3} pertanyaan belum diperiksa")
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_english_learner_types_an_amount_with_its_unit(site, phone):
    phone.goto(f"{site}/voila/render/en/{PAGE}")
    card = phone.locator(".literasi-question-numeric")
    card.scroll_into_view_if_needed()
    expect(card.locator(".literasi-unit")).to_have_text("IDR")
    card.locator("input[type=text]").fill("10 thousand")
    card.get_by_role("button", name="Check answer").click()
    expect(card.locator(".literasi-feedback")).to_contain_text("Correct!")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
