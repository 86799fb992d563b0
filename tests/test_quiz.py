"""The quiz engine: banks, checking every question type, and the quiz widget a learner sees."""

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT, answer_right
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.check import check_bank_pair
from literasi.widgets import Quiz
from literasi.widgets.money import format_number
from literasi.widgets.quiz.bank import BankError, load_bank, load_bank_file, validate_bank_data
from literasi.widgets.quiz.questions import QUESTION_TYPES
from literasi.widgets.quiz.questions.choice import Option
from literasi.widgets.quiz.questions.matching import Matching, Pair
from literasi.widgets.quiz.questions.multiple import MultipleChoice
from literasi.widgets.quiz.questions.numeric import Numeric
from literasi.widgets.quiz.questions.scenario import Action, Scenario
from literasi.widgets.quiz.questions.single import SingleChoice
from literasi.widgets.quiz.questions.true_false import TrueFalse
from literasi.widgets.quiz.schema import bank_json_schema, check_data
from literasi.widgets.quiz.scoring import Outcome, Result, Scoreboard


def option(option_id: str, text: str, correct: bool, feedback: str) -> Option:
    return Option(id=option_id, text=text, correct=correct, feedback=feedback)


def action(action_id: str, text: str, verdict: str, feedback: str) -> Action:
    return Action(id=action_id, text=text, verdict=verdict, feedback=feedback)


def pair(pair_id: str, left: str, right: str, feedback: str) -> Pair:
    return Pair(id=pair_id, left=left, right=right, feedback=feedback)


SINGLE = SingleChoice(
    id="q", prompt="?", hint="h", explanation="e",
    options=(option("a", "A", True, "because A"), option("b", "B", False, "not B because")),
)
MULTIPLE = MultipleChoice(
    id="m", prompt="?", hint="h", explanation="e",
    options=(option("a", "A", True, "A yes"), option("b", "B", True, "B yes"), option("c", "C", False, "C no")),
)
NUMERIC = Numeric(id="n", prompt="?", hint="h", explanation="e", answer=22400, tolerance=1, unit="Rp")
PERCENT = Numeric(id="p", prompt="?", hint="h", explanation="e", answer=Decimal("0.7"), tolerance=0, unit="%")
DAYS = Numeric(id="d", prompt="?", hint="h", explanation="e", answer=3, tolerance=0, unit="hari",
               unit_aliases=("hr", "days"))
TRUE_FALSE = TrueFalse(id="tf", prompt="QRIS statis memuat jumlah belanja.", hint="h",
                       explanation="e", answer=False, feedback_true="Bukan, itu QRIS dinamis.",
                       feedback_false="Tepat, pembeli mengetik jumlahnya.")
MATCHING = Matching(
    id="match", prompt="Pasangkan", hint="h", explanation="semua pas",
    pairs=(pair("iasc", "Uang terkirim ke penipu", "iasc.ojk.go.id", "IASC memblokir rekening penipu."),
           pair("cek", "Cek rekening penjual", "cekrekening.id", "Rekening yang pernah dilaporkan."),
           pair("konten", "Akun penipu di medsos", "aduankonten.id", "Aduan konten negatif.")),
    distractors=("Balas pesan penipunya",),
)
SCENARIO = Scenario(
    id="s", situation="File .apk datang lewat WhatsApp.", hint="h", explanation="e",
    actions=(action("a", "Buka filenya", "poor", "APK bisa mencuri OTP."),
             action("b", "Hapus dan beri tahu keluarga", "best", "Terbaik: semua terlindungi."),
             action("c", "Abaikan saja", "good", "Aman, tetapi orang lain belum tahu.")),
)
SCENARIO_WITHOUT_BEST = Scenario(
    id="s2", situation="…", hint="h", explanation="e",
    actions=(action("a", "Tanya penjual", "good", "Baik."), action("b", "Tanya bank", "good", "Baik juga."),
             action("c", "Kirim PIN", "poor", "Jangan pernah.")),
)
EVERY_TYPE = {"single": SINGLE, "multiple": MULTIPLE, "numeric": NUMERIC, "true_false": TRUE_FALSE,
              "matching": MATCHING, "scenario": SCENARIO}
GALLERY_BANK = "galeri-kuis"


def gallery_data(lang: str = "id") -> dict:
    return yaml.safe_load((ROOT / f"lessons/banks/{lang}/{GALLERY_BANK}.yml").read_text("utf-8"))


def question_of_type(data: dict, kind: str) -> dict:
    return next(question for question in data["questions"] if question["type"] == kind)


# --- single and multiple choice -------------------------------------------------------------------

def test_single_choice_feedback_says_why():
    assert SINGLE.check("a", "id").outcome is Outcome.CORRECT
    wrong = SINGLE.check("b", "id")
    assert wrong.outcome is Outcome.INCORRECT and wrong.feedback == ("not B because",)
    assert SINGLE.check(None, "id").outcome is Outcome.NOT_ATTEMPTED


def test_multiple_choice_needs_exactly_the_right_set():
    assert MULTIPLE.check(["a", "b"], "id").outcome is Outcome.CORRECT
    partial = MULTIPLE.check(["a"], "id")
    assert partial.outcome is Outcome.INCORRECT and partial.partly and any("1" in line for line in partial.feedback)
    too_many = MULTIPLE.check(["a", "b", "c"], "id")
    assert too_many.outcome is Outcome.INCORRECT and not too_many.partly and "C no" in too_many.feedback
    assert MULTIPLE.check([], "en").outcome is Outcome.NOT_ATTEMPTED


def test_a_choice_that_is_not_on_the_list_gets_a_sentence_not_an_error():
    for question, response in ((SINGLE, "z"), (MULTIPLE, ["a", "z"]), (SCENARIO, 7), (TRUE_FALSE, "mungkin")):
        result = question.check(response, "id")
        assert result.outcome is Outcome.INVALID and "tidak ada di daftar" in result.feedback[0]


# --- true / false ---------------------------------------------------------------------------------

def test_learner_who_says_false_to_a_false_statement_is_right_and_told_why():
    result = TRUE_FALSE.check(False, "id")
    assert result.outcome is Outcome.CORRECT and result.feedback == (TRUE_FALSE.feedback_false,)
    wrong = TRUE_FALSE.check(True, "id")
    assert wrong.outcome is Outcome.INCORRECT and wrong.feedback == (TRUE_FALSE.feedback_true,)
    assert TRUE_FALSE.check(None, "id").outcome is Outcome.NOT_ATTEMPTED


@pytest.mark.parametrize(("said", "outcome"), [("salah", Outcome.CORRECT), ("Benar", Outcome.INCORRECT),
                                               ("false", Outcome.CORRECT), (" TRUE ", Outcome.INCORRECT)])
def test_true_false_accepts_the_words_as_well(said, outcome):
    assert TRUE_FALSE.check(said, "id").outcome is outcome


# --- numbers with a unit --------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "outcome"), [("22.400", Outcome.CORRECT), ("Rp22.401", Outcome.CORRECT),
                                                ("22.402", Outcome.INCORRECT), ("dua", Outcome.INVALID),
                                                ("", Outcome.NOT_ATTEMPTED)])
def test_numeric_answers_within_tolerance(typed, outcome):
    assert NUMERIC.check(typed, "id").outcome is outcome


@pytest.mark.parametrize("typed", ["Rp 22.400", "22.400 rupiah", "22400 Rupiah", "rp22400", "IDR 22.400",
                                   "22,4 ribu", "22,4rb", "Rp 22,4 ribu", "22400\u00a0rupiah", "  22.400  "])
def test_learner_may_type_the_unit_and_common_ways_of_writing_amounts(typed):
    assert NUMERIC.check(typed, "id").outcome is Outcome.CORRECT


@pytest.mark.parametrize(("question", "typed", "lang"), [
    (PERCENT, "0,7%", "id"), (PERCENT, "0,7 persen", "id"), (PERCENT, "0.7 percent", "en"), (PERCENT, "0.7", "en"),
    (DAYS, "3 hari", "id"), (DAYS, "3 HR", "id"), (DAYS, "3 days", "en"),
])
def test_every_spelling_of_the_unit_is_accepted(question, typed, lang):
    assert question.check(typed, lang).outcome is Outcome.CORRECT


def test_english_learner_types_a_million_in_words():
    question = Numeric(id="m", prompt="?", hint="h", explanation="e", answer=1_500_000, tolerance=0, unit="IDR")
    for typed in ("IDR 1,500,000", "1.5 million", "1,500 thousand", "1500000 rupiah", "1,5 juta"):
        expected = Outcome.INVALID if typed == "1,5 juta" else Outcome.CORRECT  # English reads "1,5" as nothing
        assert question.check(typed, "en").outcome is expected, typed


def test_an_unknown_unit_is_explained_with_an_example():
    result = NUMERIC.check("22400 dolar", "id")
    assert result.outcome is Outcome.INVALID
    assert "22400 dolar" in result.feedback[0] and "Rp" in result.feedback[0] and "Rp3.000" in result.feedback[0]


def test_numeric_feedback_shows_the_learners_number_with_its_unit_but_never_the_answer():
    for typed, shown in (("100", "Rp100"), ("999999", "Rp999.999")):
        result = NUMERIC.check(typed, "id")
        assert shown in result.feedback[0]
        assert not any("22.400" in line or "22400" in line for line in result.feedback)
    assert "0,9%" in PERCENT.check("0,9", "id").feedback[0]
    assert "4\u00a0hari" in DAYS.check("4", "id").feedback[0]


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["id", "en"]),
       st.sampled_from(["{n}", "Rp{n}", "Rp {n}", "{n} rupiah", "IDR {n}", "{n} Rupiah", "rp. {n}"]))
def test_any_amount_written_with_the_unit_reads_as_that_amount(amount, lang, pattern):
    typed = pattern.format(n=format_number(amount, lang))
    assert NUMERIC.read_amount(typed, lang) == amount


# --- matching -------------------------------------------------------------------------------------

ALL_RIGHT = {"iasc": "iasc", "cek": "cek", "konten": "konten"}


def test_learner_who_matches_every_pair_sees_why_each_pair_belongs_together():
    result = MATCHING.check(ALL_RIGHT, "id")
    assert result.outcome is Outcome.CORRECT
    for pair in MATCHING.pairs:
        assert any(pair.left in line and pair.right in line and pair.feedback in line for line in result.feedback)


def test_a_wrong_pair_is_named_without_giving_away_its_match():
    result = MATCHING.check({**ALL_RIGHT, "iasc": "cek", "cek": "~1"}, "id")
    assert result.outcome is Outcome.INCORRECT and result.partly
    wrong_lines = [line for line in result.feedback if line.startswith("✘")]
    assert len(wrong_lines) == 2
    assert "cekrekening.id" in wrong_lines[0] and "iasc.ojk.go.id" not in " ".join(wrong_lines)
    assert "Balas pesan penipunya" in wrong_lines[1]
    assert "1 dari 3 pasangan" in result.feedback[-1]


def test_matching_with_rows_left_empty_says_which_ones():
    result = MATCHING.check({"iasc": "iasc", "cek": "", "konten": None}, "id")
    assert result.outcome is Outcome.INCORRECT
    assert sum("belum dipilih" in line for line in result.feedback) == 2
    assert MATCHING.check({"iasc": "", "cek": ""}, "id").outcome is Outcome.NOT_ATTEMPTED
    assert MATCHING.check({}, "id").outcome is Outcome.NOT_ATTEMPTED


def test_dropdown_choices_do_not_follow_the_order_of_the_pairs():
    texts = [text for _, text in MATCHING.right_choices]
    assert texts == sorted(texts, key=str.casefold)
    assert "Balas pesan penipunya" in texts and len(texts) == 4


@settings(deadline=None)  # the first example loads the string table: on a busy machine, more than 200 ms
@given(st.permutations(["iasc", "cek", "konten"]))
def test_matching_is_right_exactly_when_every_left_item_gets_its_own_right_item(order):
    response = dict(zip(["iasc", "cek", "konten"], order, strict=True))
    assert MATCHING.check(response, "id").correct == (response == ALL_RIGHT)


# --- scenarios ------------------------------------------------------------------------------------

def test_scenario_best_action_is_right_and_a_merely_safe_one_is_almost():
    best = SCENARIO.check("b", "id")
    assert best.outcome is Outcome.CORRECT and best.feedback == ("Terbaik: semua terlindungi.",)
    safe = SCENARIO.check("c", "id")
    assert safe.outcome is Outcome.INCORRECT and safe.partly
    assert safe.feedback[0] == "Aman, tetapi orang lain belum tahu." and "lebih baik" in safe.feedback[1]
    risky = SCENARIO.check("a", "en")
    assert risky.outcome is Outcome.INCORRECT and not risky.partly and risky.feedback == ("APK bisa mencuri OTP.",)
    assert SCENARIO.check(None, "id").outcome is Outcome.NOT_ATTEMPTED


def test_scenario_without_a_best_action_accepts_every_good_one():
    assert SCENARIO_WITHOUT_BEST.check("a", "id").correct
    assert SCENARIO_WITHOUT_BEST.check("b", "id").correct
    assert not SCENARIO_WITHOUT_BEST.check("c", "id").correct


def test_scenario_correct_action_follows_the_verdicts_in_the_bank():
    bank = load_bank(GALLERY_BANK, "id", ROOT)
    question = next(q for q in bank.questions if q.type == "scenario")
    assert question.correct_ids == {action.id for action in question.actions if action.verdict == "best"}


# --- fuzzing: anything as a response gives a Result with a sentence --------------------------------

ANY_RESPONSE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from(["a", "b", "c", "iasc", "cek", "~1", "true", "false", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.sampled_from(["iasc", "cek"]),
                                                                inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=300)
@given(st.sampled_from(sorted(EVERY_TYPE)), ANY_RESPONSE, st.sampled_from(["id", "en"]))
def test_any_response_to_any_question_type_gets_feedback(kind, response, lang):
    result = EVERY_TYPE[kind].check(response, lang)
    assert isinstance(result, Result) and isinstance(result.outcome, Outcome)
    assert result.feedback and all(isinstance(line, str) and line.strip() for line in result.feedback)


@given(st.text(max_size=40), st.sampled_from([NUMERIC, PERCENT, DAYS]), st.sampled_from(["id", "en"]))
def test_any_typed_text_in_a_number_box_gets_feedback(text, question, lang):
    result = question.check(text, lang)
    assert result.feedback and all(line.strip() for line in result.feedback)


@given(st.dictionaries(st.sampled_from(["iasc", "cek", "konten"]),
                       st.sampled_from(["iasc", "cek", "konten", "~1", "", None]), max_size=3),
       st.sampled_from(["id", "en"]))
def test_any_matching_choices_get_one_line_per_pair(response, lang):
    result = MATCHING.check(response, lang)
    if result.outcome is not Outcome.NOT_ATTEMPTED:
        assert len([line for line in result.feedback if line[0] in "✔✘•"]) == len(MATCHING.pairs)


# --- scoring --------------------------------------------------------------------------------------

def test_score_counts_the_latest_checked_answer():
    board = Scoreboard(total=3)
    board.record("q", SINGLE.check("b", "id"))
    board.record("q", SINGLE.check("a", "id"))
    board.record("n", NUMERIC.check("", "id"))
    board.record("tf", TRUE_FALSE.check(True, "id"))
    assert (board.correct, board.answered, board.to_review) == (1, 2, ["tf"])
    board.reset()
    assert (board.correct, board.answered) == (0, 0)


# --- banks ----------------------------------------------------------------------------------------

def test_lesson_banks_load_in_both_languages(root):
    for lang in ("id", "en"):
        bank = load_bank("qris-untuk-usaha-mikro", lang, root)
        assert len(bank.questions) >= 5
        assert {q.type for q in bank.questions} >= {"single", "multiple", "numeric"}


def test_gallery_bank_has_one_question_of_each_type_in_both_languages(root):
    for lang in ("id", "en"):
        bank = load_bank(GALLERY_BANK, lang, root)
        assert sorted(q.type for q in bank.questions) == sorted(QUESTION_TYPES)
        assert all(q.facts for q in bank.questions), "every gallery question cites the facts registry"
    assert check_bank_pair(root, GALLERY_BANK) == []


def test_gallery_bank_cites_only_sourced_facts(root):
    # The project's facts registry (facts/*.yml) is the one place facts and their sources live.
    from literasi.facts import Status, read_facts
    registry = read_facts(root)
    for lang in ("id", "en"):
        bank = load_bank(GALLERY_BANK, lang, root)
        for fact in {fact for q in bank.questions for fact in q.facts}:
            assert fact in registry, fact
            assert registry[fact].status is not Status.unverified, fact
            assert bank.sources[fact] == registry[fact], f"{fact}: the bank's source list is the registry's"


def test_gallery_page_lists_every_source_of_the_bank(root):
    for lang in ("id", "en"):
        page = (root / "lessons" / lang / "galeri" / "kuis.ipynb").read_text("utf-8")
        bank = load_bank(GALLERY_BANK, lang, root)
        for fact in bank.sources:
            assert fact in page, f"{lang}: {fact} not listed on the gallery page"


def test_a_language_mirror_with_different_pairs_is_reported(tmp_path):
    for lang in ("id", "en"):
        (tmp_path / "lessons" / "banks" / lang).mkdir(parents=True)
        data = gallery_data(lang)
        if lang == "en":
            question_of_type(data, "matching")["pairs"][0]["id"] = "other"
            question_of_type(data, "scenario")["actions"][1]["verdict"] = "good"
        (tmp_path / "lessons" / "banks" / lang / f"{GALLERY_BANK}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert any("differ from the id bank" in problem for problem in check_bank_pair(tmp_path, GALLERY_BANK))


def _break(data: dict, kind: str, change) -> None:
    change(question_of_type(data, kind))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [(lambda b: b["questions"][0]["options"][0].pop("feedback"), "questions[0].options[0]"),
     (lambda b: b["questions"][0]["options"][1].update(correct=True), "exactly one correct"),
     (lambda b: b["questions"][0].update(type="essay"), "questions[0].type: Input tag 'essay'"),
     (lambda b: b["questions"][0].pop("type"), "questions[0].type:"),
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


@pytest.mark.parametrize(
    ("kind", "change", "expected"),
    [("true_false", lambda q: q.pop("answer"), "questions[2].answer: Field required"),
     ("true_false", lambda q: q.update(answer="false"), "questions[2].answer: Input should be a valid boolean"),
     ("true_false", lambda q: q.update(feedback_false=q["feedback_true"]), "questions[2]: feedback_true and "
                                                                           "feedback_false are the same"),
     ("matching", lambda q: q["pairs"][1].update(right=q["pairs"][0]["right"]), ".pairs: right items repeat"),
     ("matching", lambda q: q["pairs"][1].update(left=q["pairs"][0]["left"]), ".pairs: left items repeat"),
     ("matching", lambda q: q["pairs"][1].update(id=q["pairs"][0]["id"]), ".pairs: pair ids repeat"),
     ("matching", lambda q: q.update(distractors=[q["pairs"][0]["right"].upper()]), ".pairs: right items repeat"),
     ("matching", lambda q: q.update(pairs=q["pairs"][:1]), ".pairs: Tuple should have at least 2 items"),
     ("scenario", lambda q: [a.update(verdict="best") for a in q["actions"][:2]], ".actions: a scenario may have "
                                                                                  "at most one best"),
     ("scenario", lambda q: [a.update(verdict="poor") for a in q["actions"]], "at least one best or good"),
     ("scenario", lambda q: q["actions"][0].update(verdict="okay"), "actions[0].verdict"),
     ("scenario", lambda q: q.pop("situation"), ".situation: Field required"),
     ("numeric", lambda q: q.update(pairs=[]), ".pairs: Extra inputs are not permitted"),
     ("numeric", lambda q: q.update(answer="3000"), ".answer: should be a number"),
     ("numeric", lambda q: q.update(tolerance=-1), ".tolerance: Input should be greater than or equal to 0"),
     ("numeric", lambda q: q.update(unit_aliases=["rupiah", "Rupiah"]), ".unit_aliases: aliases repeat"),
     ("numeric", lambda q: (q.pop("unit"), q.update(unit_aliases=["rupiah"])), ".unit_aliases: given without a unit"),
     ("single", lambda q: q.update(answer=3), "questions[0].answer: Extra inputs are not permitted"),
     ("single", lambda q: q.update(facts=["F-NOPE-01"]), "questions[0].facts: F-NOPE-01 is not in the bank's sources"),
     ("single", lambda q: q.update(id="data-rahasia"), "questions[1].id: duplicate question id 'data-rahasia'"),
     ("multiple", lambda q: q.update(hint=[]), "questions[1].hint"),
     ("multiple", lambda q: q.update(explanation=" "), "questions[1].explanation: String should match pattern")],
)
def test_gallery_bank_rules_are_enforced_naming_the_field(kind, change, expected):
    data = gallery_data()
    _break(data, kind, change)
    problems = validate_bank_data(data, "galeri-kuis.yml")
    assert problems and all(problem.startswith("galeri-kuis.yml: ") for problem in problems)
    assert any(expected in problem for problem in problems), problems


def test_a_bad_source_in_a_bank_is_reported():
    data = gallery_data()
    data["sources"].append("F-SCAM-99")  # cited by id only; not in facts/*.yml
    assert "b.yml: sources: F-SCAM-99 not in the facts registry (facts/*.yml)" in validate_bank_data(data, "b.yml")
    data["sources"] = {"F-SCAM-05": {"title": "a bank's own copy of a source", "url": "https://example.org"}}
    assert any(problem.startswith("b.yml: sources:") for problem in validate_bank_data(data, "b.yml"))


def test_the_unchanged_gallery_bank_is_valid():
    assert validate_bank_data(gallery_data("id"), "id") == [] and validate_bank_data(gallery_data("en"), "en") == []


def test_the_schema_file_for_editors_is_the_one_the_models_give():
    schema = (Path(__file__).parent.parent / "widgets/data/quiz_bank.schema.json").read_text("utf-8")
    assert json.loads(schema) == bank_json_schema(), "run: python -m literasi.widgets.quiz.schema"
    assert check_data() == []
    broken = schema.replace('"minItems": 1', '"minItems": 2', 1)
    assert any("quiz_bank.schema.json" in problem for problem in check_data(broken))
    assert any("quiz_bank.schema.json" in problem for problem in check_data(schema[:-20]))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_editor_checking_against_the_schema_file_accepts_every_bank_and_flags_a_broken_one(root, lang):
    validator = jsonschema.Draft202012Validator(bank_json_schema())
    for path in sorted((root / "lessons" / "banks" / lang).glob("*.yml")):
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))), path
    data = gallery_data(lang)
    question_of_type(data, "scenario")["actions"][0]["verdict"] = "okay"
    question_of_type(data, "numeric").pop("type")
    assert len(list(validator.iter_errors(data))) == 2


# --- the widget -----------------------------------------------------------------------------------

def card_of(quiz: Quiz, kind: str):
    return next(card for card in quiz.cards if card.question.type == kind)


def test_quiz_widget_shows_feedback_and_updates_the_score(root):
    quiz = Quiz.from_bank("qris-untuk-usaha-mikro", lang="id", root=root)
    card = card_of(quiz, "single")
    wrong = next(o for o in card.question.options if not o.correct)
    card.answer_input.value = wrong.id
    card.check_button.click()
    assert wrong.feedback.split()[0] in card.feedback.value and "Belum tepat" in card.feedback.value
    right = next(o for o in card.question.options if o.correct)
    card.answer_input.value = right.id
    card.check_button.click()
    assert "Tepat!" in card.feedback.value
    assert f"1 dari {len(quiz.cards)} benar" in quiz.summary.value
    card.hint_button.click()
    assert card.question.hints[0][:20] in card.hint_area.value and "Tepat!" in card.feedback.value


def test_learner_answers_true_false_and_sees_why(root):
    quiz = Quiz.from_bank(GALLERY_BANK, lang="id", root=root)
    card = card_of(quiz, "true_false")
    assert [label for label, _ in card.answer_input.options] == ["Benar", "Salah"]
    card.answer_input.value = True
    card.check_button.click()
    assert "Belum tepat" in card.feedback.value and card.question.feedback_true[:30] in card.feedback.value
    card.answer_input.value = False
    card.check_button.click()
    assert "Tepat!" in card.feedback.value and card.question.explanation[:30] in card.feedback.value


def test_learner_types_rupiah_with_words_beside_the_rp_label(root):
    quiz = Quiz.from_bank(GALLERY_BANK, lang="id", root=root)
    card = card_of(quiz, "numeric")
    unit, box = card.answer_input.children
    assert unit.value == "Rp" and "literasi-unit" in unit._dom_classes
    box.value = "10 ribu"
    card.check_button.click()
    assert "Tepat!" in card.feedback.value
    box.value = "Rp 7.500"
    card.check_button.click()
    assert "Rp7.500 terlalu kecil" in card.feedback.value
    box.value = "sepuluh ribu"
    card.check_button.click()
    assert "literasi-problem" in card.feedback.value and "Traceback" not in card.feedback.value


def test_english_numbers_show_the_unit_beside_the_box(root):
    card = card_of(Quiz.from_bank(GALLERY_BANK, lang="en", root=root), "numeric")
    card.answer_input.children[1].value = "IDR 10,000"
    card.check_button.click()
    assert card.answer_input.children[0].value == "IDR" and "Correct!" in card.feedback.value


def test_learner_matches_with_dropdowns_and_gets_feedback_per_pair(root):
    quiz = Quiz.from_bank(GALLERY_BANK, lang="id", root=root)
    card = card_of(quiz, "matching")
    dropdowns = card.answer.dropdowns
    assert all(dropdown.value == "" for dropdown in dropdowns.values())
    pairs = card.question.pairs
    dropdowns[pairs[0].id].value = pairs[0].id
    dropdowns[pairs[1].id].value = pairs[2].id
    card.check_button.click()
    html = card.feedback.value
    assert "Hampir tepat" in html and pairs[0].feedback in html and "belum dipilih" in html
    assert pairs[1].feedback not in html
    for pair in pairs:
        dropdowns[pair.id].value = pair.id
    card.check_button.click()
    assert "Tepat!" in card.feedback.value and all(pair.feedback in card.feedback.value for pair in pairs)


def test_learner_picks_a_safe_but_not_best_action_in_a_scenario(root):
    quiz = Quiz.from_bank(GALLERY_BANK, lang="id", root=root)
    card = card_of(quiz, "scenario")
    assert "Situasi" in card.children[0].value and "Apa yang Anda lakukan?" in card.children[0].value
    good = next(a for a in card.question.actions if a.verdict == "good")
    card.answer_input.value = good.id
    card.check_button.click()
    assert "Hampir tepat" in card.feedback.value and "lebih baik" in card.feedback.value
    best = next(a for a in card.question.actions if a.verdict == "best")
    card.answer_input.value = best.id
    card.check_button.click()
    assert "Tepat!" in card.feedback.value and best.feedback[:30] in card.feedback.value


def test_hints_come_one_at_a_time(root):
    card = card_of(Quiz.from_bank(GALLERY_BANK, lang="id", root=root), "numeric")
    first, second = card.question.hints
    card.hint_button.click()
    assert first in card.hint_area.value and second not in card.hint_area.value
    assert card.hint_button.description == "Petunjuk berikutnya"
    card.hint_button.click()
    assert first in card.hint_area.value and second in card.hint_area.value


def test_summary_names_questions_to_retry_and_start_over_clears_everything(root):
    quiz = Quiz.from_bank(GALLERY_BANK, lang="id", root=root)
    card = card_of(quiz, "true_false")
    card.answer_input.value = True
    card.check_button.click()
    card.hint_button.click()
    assert f"0 dari {len(quiz.cards)} benar" in quiz.summary.value
    assert f"Coba lagi soal nomor {card.number}." in quiz.summary.value
    quiz.restart_button.click()
    assert card.answer_input.value is None and card.feedback.value == "" and card.hint_area.value == ""
    assert "Coba lagi" not in quiz.summary.value and f"{len(quiz.cards)} pertanyaan belum diperiksa" in quiz.summary.value


def test_answering_every_gallery_question_right_gives_full_marks(root):
    quiz = Quiz.from_bank(GALLERY_BANK, lang="en", root=root)
    for card in quiz.cards:
        answer_right(card)
        card.check_button.click()
        assert "Correct!" in card.feedback.value, card.question.id
    assert f"{len(quiz.cards)} of {len(quiz.cards)} correct" in quiz.summary.value
    assert "Excellent" in quiz.summary.value


def test_questions_built_in_python_work_in_the_widget():
    from literasi.widgets.quiz.bank import Bank

    quiz = Quiz(Bank(id="x", lang="id", title="Contoh", questions=tuple(EVERY_TYPE.values())))
    assert {card.question.type for card in quiz.cards} == set(QUESTION_TYPES)
    for card in quiz.cards:
        card.check_button.click()  # nothing chosen yet: a sentence, not a score
        assert card.feedback.value and "Traceback" not in card.feedback.value
    assert quiz.scoreboard.answered == 0
