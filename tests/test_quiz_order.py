"""Quiz choices in an order shuffled per learner: the same learner always sees the same order, two learners see
different orders, ``shuffle: false`` keeps the file order, and the score never depends on where an option is."""

import os
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, answer_right
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from literasi.check import check_bank_pair
from literasi.widgets import Quiz
from literasi.widgets.quiz import order as quiz_order
from literasi.widgets.quiz.bank import Bank, load_bank, load_bank_file, validate_bank_data
from literasi.widgets.quiz.order import SEED_ENV, learner_order, set_learner_seed, shuffled
from literasi.widgets.quiz.questions import Question
from literasi.widgets.quiz.questions.choice import Option
from literasi.widgets.quiz.questions.multiple import MultipleChoice
from literasi.widgets.quiz.questions.scenario import Action, Scenario
from literasi.widgets.quiz.questions.single import SingleChoice

LESSON_BANK = "qris-untuk-usaha-mikro"
GALLERY_BANK = "galeri-kuis"
SHUFFLED = ("single", "multiple", "scenario", "matching")
SEEDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=24)


def quiz_with_seed(bank: Bank, seed: str) -> Quiz:
    """A quiz as a learner with ``seed`` sees it (the seed the site hands a kernel)."""
    set_learner_seed(seed)
    return Quiz(bank)


def shown(quiz: Quiz) -> list[list[str]]:
    """What the learner reads, card by card: the option texts, check boxes and dropdown choices, top to bottom."""
    texts = []
    for card in quiz.cards:
        kind = card.question.type
        if kind in ("single", "scenario"):
            texts.append([label for label, _ in card.answer_input.options])
        elif kind == "multiple":
            texts.append([box.description for box in card.answer_input.children])
        elif kind == "matching":
            texts.append([label for label, _ in next(iter(card.answer.dropdowns.values())).options])
    return texts


def shuffled_questions(bank: Bank) -> list[Question]:
    return [q for q in bank.questions if q.type in SHUFFLED]


@pytest.fixture(autouse=True)
def fresh_seed(monkeypatch):
    """Each test starts as a new kernel would: no seed yet."""
    monkeypatch.delenv(SEED_ENV, raising=False)
    monkeypatch.setattr(quiz_order, "_seed", None)


# --- the order -------------------------------------------------------------------------------------

def test_two_learners_see_different_orders_and_one_learner_always_the_same(root):
    bank = load_bank(LESSON_BANK, "id", root)
    assert len(shuffled_questions(bank)) >= 3
    first = shown(quiz_with_seed(bank, "pelajar-satu"))
    assert first == shown(quiz_with_seed(bank, "pelajar-satu"))
    assert first != shown(quiz_with_seed(bank, "pelajar-dua"))
    assert [sorted(texts) for texts in first] == [sorted(texts) for texts in shown(quiz_with_seed(bank, "pelajar-dua"))]


def test_the_right_answer_is_not_always_in_the_same_place(root):
    """For every single-choice question, different learners find the key in different places."""
    questions = [q for q in load_bank(LESSON_BANK, "id", root).questions if q.type == "single"]
    assert questions
    for question in questions:
        positions = {next(i for i, option in enumerate(learner_order(question, question.options, LESSON_BANK,
                                                                     f"pelajar-{n}"))
                          if option.correct) for n in range(20)}
        assert len(positions) > 1, question.id


def test_each_question_is_shuffled_its_own_way():
    ids = ("a", "b", "c", "d", "e")
    assert len({tuple(shuffled(ids, "pelajar", "bank", f"soal-{n}")) for n in range(8)}) > 1
    assert len({tuple(shuffled(ids, "pelajar", f"bank-{n}", "soal")) for n in range(8)}) > 1


def test_the_order_does_not_depend_on_pythons_hash_seed():
    code = ("from literasi.widgets.quiz.order import shuffled; "
            "print(shuffled(list('abcdefgh'), 'pelajar', 'bank', 'soal'))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(n)}).stdout for n in (1, 2, 3)}
    assert len(outputs) == 1


def test_true_false_and_number_questions_are_never_shuffled(root):
    bank = load_bank(GALLERY_BANK, "id", root)
    for seed in ("x", "y", "z"):
        card = next(c for c in quiz_with_seed(bank, seed).cards if c.question.type == "true_false")
        assert [label for label, _ in card.answer_input.options] == ["Benar", "Salah"]


# --- shuffle: false -------------------------------------------------------------------------------

def bank_with_scale(tmp_path, shuffle: object = False) -> dict:
    data = yaml.safe_load((ROOT / f"lessons/banks/id/{GALLERY_BANK}.yml").read_text("utf-8"))
    for question in data["questions"]:
        if question["type"] in ("single", "matching"):
            question["shuffle"] = shuffle
    return data


def test_a_question_marked_shuffle_false_keeps_the_file_order(tmp_path):
    path = tmp_path / f"{GALLERY_BANK}.yml"
    path.write_text(yaml.safe_dump(bank_with_scale(tmp_path), allow_unicode=True), "utf-8")
    bank = load_bank_file(path)
    single = next(q for q in bank.questions if q.type == "single")
    matching = next(q for q in bank.questions if q.type == "matching")
    scenario = next(q for q in bank.questions if q.type == "scenario")
    assert not single.shuffle and not matching.shuffle and scenario.shuffle
    scenario_orders = set()
    for seed in ("satu", "dua", "tiga", "empat", "lima"):
        card = {c.question.type: c for c in quiz_with_seed(bank, seed).cards}
        assert [value for _, value in card["single"].answer_input.options] == [o.id for o in single.options]
        assert [value for _, value in next(iter(card["matching"].answer.dropdowns.values())).options][1:] == \
            [choice_id for choice_id, _ in matching.right_choices]  # alphabetical, as before shuffling
        scenario_orders.add(tuple(value for _, value in card["scenario"].answer_input.options))
    assert len(scenario_orders) > 1  # the others are still shuffled


def test_shuffle_must_be_true_or_false(tmp_path):
    problems = validate_bank_data(bank_with_scale(tmp_path, shuffle="tidak"), "kuis.yml")
    assert problems and all("shuffle" in problem for problem in problems)


def test_a_language_mirror_that_shuffles_differently_is_reported(tmp_path):
    for lang in ("id", "en"):
        (tmp_path / "lessons" / "banks" / lang).mkdir(parents=True)
        data = yaml.safe_load((ROOT / f"lessons/banks/{lang}/{GALLERY_BANK}.yml").read_text("utf-8"))
        if lang == "en":
            next(q for q in data["questions"] if q["type"] == "single")["shuffle"] = False
        (tmp_path / "lessons" / "banks" / lang / f"{GALLERY_BANK}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert any("differ from the id bank" in problem for problem in check_bank_pair(tmp_path, GALLERY_BANK))


# --- where the seed comes from --------------------------------------------------------------------

QUIZ_ORDER = ("from literasi.widgets import Quiz; q = Quiz.from_bank('qris-untuk-usaha-mikro', 'id'); "
              "print([[v for _, v in c.answer_input.options] for c in q.cards if c.question.type == 'single'])")


def run_kernel_like(env: dict) -> str:
    environ = {key: value for key, value in os.environ.items() if key != SEED_ENV}
    return subprocess.run([sys.executable, "-c", QUIZ_ORDER], capture_output=True, text=True, check=True,
                          env={**environ, **env}, cwd=ROOT).stdout


def test_without_a_seed_each_kernel_draws_its_own_and_the_env_variable_fixes_it():
    assert run_kernel_like({SEED_ENV: "uji"}) == run_kernel_like({SEED_ENV: "uji"})
    assert run_kernel_like({}) != run_kernel_like({})


def test_within_one_kernel_the_same_quiz_shows_the_same_order_again(root):
    bank = load_bank(LESSON_BANK, "id", root)
    assert shown(Quiz(bank)) == shown(Quiz(bank))


def test_the_learners_seed_arriving_later_reorders_a_quiz_already_built_and_keeps_the_answer(root):
    bank = load_bank(GALLERY_BANK, "id", root)
    set_learner_seed("kernel-hangat")
    quiz = Quiz(bank)
    scenario = next(card for card in quiz.cards if card.question.type == "scenario")
    multiple = next(card for card in quiz.cards if card.question.type == "multiple")
    scenario.answer_input.value = "b"
    right = sorted(multiple.question.correct_ids)
    for option_id in right:
        multiple.answer.boxes[option_id].value = True
    for seed in ("pelajar-satu", "pelajar-dua", "pelajar-tiga"):
        set_learner_seed(seed)
        assert shown(quiz) == shown(Quiz(bank))
        assert scenario.answer_input.value == "b"
        assert sorted(multiple.response()) == right
    multiple.check_button.click()
    assert "Tepat!" in multiple.feedback.value


@pytest.mark.parametrize("seed", ["", "a b", "x" * 65, "'); import os; ('", None])
def test_a_malformed_seed_is_refused(seed):
    with pytest.raises(ValueError):
        set_learner_seed(seed)


# --- scoring never depends on the position ---------------------------------------------------------

def options(*rows: tuple) -> tuple[Option, ...]:
    return tuple(Option(id=option_id, text=text, correct=correct, feedback=feedback)
                 for option_id, text, correct, feedback in rows)


QUESTIONS = {
    "single": SingleChoice(id="q", prompt="?", hint="h", explanation="e",
                           options=options(("a", "A", True, "A ya"), ("b", "B", False, "B tidak"),
                                           ("c", "C", False, "C tidak"), ("d", "D", False, "D tidak"))),
    "multiple": MultipleChoice(id="m", prompt="?", hint="h", explanation="e",
                               options=options(("a", "A", True, "A ya"), ("b", "B", True, "B ya"),
                                               ("c", "C", False, "C tidak"), ("d", "D", False, "D tidak"))),
    "scenario": Scenario(id="s", situation="…", hint="h", explanation="e",
                         actions=(Action(id="a", text="A", verdict="best", feedback="A terbaik"),
                                  Action(id="b", text="B", verdict="good", feedback="B aman"),
                                  Action(id="c", text="C", verdict="poor", feedback="C bahaya"))),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(QUESTIONS)), seed=SEEDS, picks=st.sets(st.sampled_from("abcd"), min_size=1),
       order=st.permutations("abcd"), lang=st.sampled_from(["id", "en"]))
def test_any_display_order_gives_the_same_score_and_feedback(kind, seed, picks, order, lang):
    question = QUESTIONS[kind]
    ids = [choice.id for choice in (question.actions if kind == "scenario" else question.options)]
    picks = sorted(picks & set(ids))
    if kind != "multiple":
        picks = picks[:1]
    if not picks:
        return
    expected = question.check(picks if kind == "multiple" else picks[0], lang)
    # Any order the response may list the ids in (the order they were shown in):
    if kind == "multiple":
        listed = [option_id for option_id in order if option_id in picks]
        result = question.check(listed, lang)
        assert sorted(result.feedback) == sorted(expected.feedback)
        assert (result.outcome, result.partly) == (expected.outcome, expected.partly)
    # The widget, shuffled for this learner: the learner ticks the same options wherever they are shown.
    set_learner_seed(seed)
    card = Quiz(Bank(id="b", lang=lang, title="T", questions=(question,))).cards[0]
    if kind == "multiple":
        for option_id in picks:
            card.answer.boxes[option_id].value = True
    else:
        card.answer_input.value = picks[0]
    result = card.check()
    assert (result.outcome, result.partly) == (expected.outcome, expected.partly)
    assert sorted(result.feedback) == sorted(expected.feedback)
    if kind == "multiple":  # the feedback lines follow the order the options are shown in
        shown_ids = list(card.answer.boxes)
        chosen_lines = [line for line in result.feedback if line in {o.feedback for o in question.options}]
        assert chosen_lines == [question.option(i).feedback for i in shown_ids if i in picks]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=SEEDS)
def test_every_gallery_question_can_still_be_answered_right_in_any_order(seed):
    bank = load_bank(GALLERY_BANK, "en", ROOT)
    quiz = quiz_with_seed(bank, seed)
    for card in quiz.cards:
        answer_right(card)
        assert card.check().correct, card.question.id


def test_matching_choices_are_shuffled_but_keep_every_item(root):
    question = next(q for q in load_bank(GALLERY_BANK, "id", root).questions if q.type == "matching")
    orders = {tuple(learner_order(question, question.right_choices, GALLERY_BANK, seed))
              for seed in ("a", "b", "c", "d", "e", "f")}
    assert len(orders) > 1 and all(sorted(order) == sorted(question.right_choices) for order in orders)
