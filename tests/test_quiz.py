from decimal import Decimal

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from literasi.widgets import Quiz
from literasi.widgets.quiz_bank import BankError, Option, Question, load_bank, load_bank_file
from literasi.widgets.quiz_scoring import Outcome, Scoreboard, check_answer

SINGLE = Question(
    id="q", type="single", prompt="?", hint="h", explanation="e",
    options=(Option("a", "A", True, "because A"), Option("b", "B", False, "not B because")),
)
MULTIPLE = Question(
    id="m", type="multiple", prompt="?", hint="h", explanation="e",
    options=(Option("a", "A", True, "A yes"), Option("b", "B", True, "B yes"), Option("c", "C", False, "C no")),
)
NUMERIC = Question(id="n", type="numeric", prompt="?", hint="h", explanation="e",
                   answer=Decimal(22400), tolerance=Decimal(1), unit="Rp")


def test_single_choice_feedback_says_why():
    assert check_answer(SINGLE, "a", "id").outcome is Outcome.CORRECT
    wrong = check_answer(SINGLE, "b", "id")
    assert wrong.outcome is Outcome.INCORRECT and wrong.feedback == ("not B because",)
    assert check_answer(SINGLE, None, "id").outcome is Outcome.NOT_ATTEMPTED


def test_multiple_choice_needs_exactly_the_right_set():
    assert check_answer(MULTIPLE, ["a", "b"], "id").outcome is Outcome.CORRECT
    partial = check_answer(MULTIPLE, ["a"], "id")
    assert partial.outcome is Outcome.INCORRECT and any("1" in line for line in partial.feedback)
    assert check_answer(MULTIPLE, ["a", "b", "c"], "id").outcome is Outcome.INCORRECT
    assert check_answer(MULTIPLE, [], "en").outcome is Outcome.NOT_ATTEMPTED


@pytest.mark.parametrize(("typed", "outcome"), [("22.400", Outcome.CORRECT), ("Rp22.401", Outcome.CORRECT),
                                                ("22.402", Outcome.INCORRECT), ("dua", Outcome.INVALID),
                                                ("", Outcome.NOT_ATTEMPTED)])
def test_numeric_answers_within_tolerance(typed, outcome):
    assert check_answer(NUMERIC, typed, "id").outcome is outcome


def test_numeric_feedback_never_reveals_the_answer():
    for typed in ("100", "999999"):
        result = check_answer(NUMERIC, typed, "id")
        assert not any("22.400" in line or "22400" in line for line in result.feedback)


@given(st.text(max_size=40), st.sampled_from(["id", "en"]))
def test_any_numeric_input_gets_feedback(text, lang):
    result = check_answer(NUMERIC, text, lang)
    assert result.feedback and all(line.strip() for line in result.feedback)


def test_score_counts_the_latest_checked_answer():
    board = Scoreboard(total=2)
    board.record("q", check_answer(SINGLE, "b", "id"))
    board.record("q", check_answer(SINGLE, "a", "id"))
    board.record("n", check_answer(NUMERIC, "", "id"))
    assert (board.correct, board.answered) == (1, 1)


def test_lesson_banks_load_in_both_languages(root):
    for lang in ("id", "en"):
        bank = load_bank("qris-untuk-usaha-mikro", lang, root)
        assert len(bank.questions) >= 5
        assert {q.type for q in bank.questions} >= {"single", "multiple", "numeric"}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [(lambda b: b["questions"][0]["options"][0].pop("feedback"), "questions[0].options[0]"),
     (lambda b: b["questions"][0]["options"][1].update(correct=True), "exactly one correct"),
     (lambda b: b["questions"][0].update(type="essay"), "questions[0].type"),
     (lambda b: b.update(lang="fr"), "lang")],
)
def test_invalid_bank_is_rejected_naming_file_and_field(root, tmp_path, mutate, expected):
    data = yaml.safe_load((root / "lessons/banks/id/qris-untuk-usaha-mikro.yml").read_text("utf-8"))
    mutate(data)
    path = tmp_path / "bank.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(BankError) as caught:
        load_bank_file(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)


def test_quiz_widget_shows_feedback_and_updates_the_score(root):
    quiz = Quiz.from_bank("qris-untuk-usaha-mikro", lang="id", root=root)
    card = next(c for c in quiz.cards if c.question.type == "single")
    wrong = next(o for o in card.question.options if not o.correct)
    card.answer_input.value = wrong.id
    card.check_button.click()
    assert wrong.feedback.split()[0] in card.feedback.value and "Belum tepat" in card.feedback.value
    right = next(o for o in card.question.options if o.correct)
    card.answer_input.value = right.id
    card.check_button.click()
    assert "Benar!" in card.feedback.value
    assert f"1 dari {len(quiz.cards)} benar" in quiz.summary.value
    card.hint_button.click()
    assert card.question.hint[:20] in card.feedback.value
