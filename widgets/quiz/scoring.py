"""Checking one answer to one question: distinct outcomes and feedback that says why.

``check_answer`` never raises for anything a learner (or a buggy caller) passes as the response: an
odd value is an ``INVALID`` outcome with a sentence saying what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from literasi.i18n import t

from ..money import NotANumber, format_number, format_rupiah, parse_number
from .bank import Question


class Outcome(str, Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"
    INVALID = "invalid"  # e.g. words typed into a number question


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    feedback: tuple[str, ...] = field(default_factory=tuple)  # why, per chosen option, pair or for the number
    partly: bool = False  # incorrect, but on the right track (some right choices, a good but not best action)

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT


def check_answer(question: Question, response: object, lang: str) -> Result:
    """Check one response. What ``response`` is depends on the question type:

    - single, scenario: an option id (``"b"``);
    - multiple: a collection of option ids (feedback follows their order: the order shown);
    - true_false: ``True`` or ``False`` (or the strings ``"true"``/``"false"``);
    - numeric: the text the learner typed (``"Rp 3.000"``, ``"3000 rupiah"``, ``"1,5 juta"``);
    - matching: a mapping from each pair id (the left item) to the chosen right choice id.

    ``None`` or an empty response is NOT_ATTEMPTED.
    """
    checks = {"single": _check_single, "scenario": _check_scenario, "multiple": _check_multiple,
              "true_false": _check_true_false, "numeric": _check_numeric, "matching": _check_matching}
    return checks[question.type](question, response, lang)


def _empty(response: object) -> bool:
    return response is None or (isinstance(response, str | Mapping | list | tuple | set | frozenset) and not response)


def _unknown_choice(lang: str) -> Result:
    return Result(Outcome.INVALID, (t("quiz.unknown_choice", lang),))


def _chosen_option(question: Question, response: object):
    if not isinstance(response, str) or response not in {option.id for option in question.options}:
        return None
    return question.option(response)


def _check_single(question: Question, response: object, lang: str) -> Result:
    if _empty(response):
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_one", lang),))
    option = _chosen_option(question, response)
    if option is None:
        return _unknown_choice(lang)
    return Result(Outcome.CORRECT if option.correct else Outcome.INCORRECT, (option.feedback,))


def _check_scenario(question: Question, response: object, lang: str) -> Result:
    if _empty(response):
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_action", lang),))
    action = _chosen_option(question, response)
    if action is None:
        return _unknown_choice(lang)
    if action.correct:
        return Result(Outcome.CORRECT, (action.feedback,))
    if action.verdict == "good":  # safe, but the bank names a better one
        return Result(Outcome.INCORRECT, (action.feedback, t("quiz.better_action", lang)), partly=True)
    return Result(Outcome.INCORRECT, (action.feedback,))


def _check_multiple(question: Question, response: object, lang: str) -> Result:
    if _empty(response):
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_some", lang),))
    chosen_ids = [response] if isinstance(response, str) else response
    if not isinstance(chosen_ids, Iterable) or isinstance(chosen_ids, Mapping):
        return _unknown_choice(lang)
    unordered = isinstance(chosen_ids, set | frozenset)
    chosen_ids = list(chosen_ids)
    if not chosen_ids:
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_some", lang),))
    known = {option.id for option in question.options}
    if not all(isinstance(option_id, str) and option_id in known for option_id in chosen_ids):
        return _unknown_choice(lang)
    if unordered:  # a set has no order of its own: file order
        chosen_ids = [option.id for option in question.options if option.id in chosen_ids]
    # Feedback in the order of the response (the widget lists the ids in the order it shows the options);
    # right or wrong depends on the ids alone, never on their order.
    chosen = [question.option(option_id) for option_id in dict.fromkeys(chosen_ids)]
    feedback = [option.feedback for option in chosen]
    chosen_set = frozenset(option.id for option in chosen)
    if chosen_set == question.correct_ids:
        return Result(Outcome.CORRECT, tuple(feedback))
    missed = question.correct_ids - chosen_set
    all_chosen_right = all(option.correct for option in chosen)
    if missed and all_chosen_right:
        feedback.append(t("quiz.some_missing", lang, count=len(missed)))
    return Result(Outcome.INCORRECT, tuple(feedback), partly=all_chosen_right)


TRUE_WORDS = {"true", "benar", "ya", "yes"}
FALSE_WORDS = {"false", "salah", "tidak", "no"}


def _check_true_false(question: Question, response: object, lang: str) -> Result:
    if _empty(response):
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_true_false", lang),))
    if isinstance(response, str) and response.strip().casefold() in TRUE_WORDS | FALSE_WORDS:
        response = response.strip().casefold() in TRUE_WORDS
    if not isinstance(response, bool):
        return _unknown_choice(lang)
    feedback = question.feedback_true if response else question.feedback_false
    return Result(Outcome.CORRECT if response == question.answer else Outcome.INCORRECT, (feedback,))


def _check_matching(question: Question, response: object, lang: str) -> Result:
    if _empty(response):
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_pairs", lang),))
    if not isinstance(response, Mapping):
        return _unknown_choice(lang)
    choice_ids = {choice_id for choice_id, _ in question.right_choices}
    pair_ids = {pair.id for pair in question.pairs}
    for left_id, choice_id in response.items():
        if left_id not in pair_ids or not (choice_id is None or isinstance(choice_id, str)):
            return _unknown_choice(lang)
        if choice_id and choice_id not in choice_ids:
            return _unknown_choice(lang)
    if not any(response.values()):
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_pairs", lang),))
    lines, right = [], 0
    for pair in question.pairs:
        choice_id = response.get(pair.id)
        if not choice_id:
            lines.append(t("quiz.pair_missing", lang, left=pair.left))
        elif choice_id == pair.id:
            right += 1
            lines.append(t("quiz.pair_right", lang, left=pair.left, right=pair.right, why=pair.feedback))
        else:  # says which pairing is wrong, never which one is right
            lines.append(t("quiz.pair_wrong", lang, left=pair.left, right=question.right_text(choice_id)))
    total = len(question.pairs)
    if right == total:
        return Result(Outcome.CORRECT, tuple(lines))
    lines.append(t("quiz.pairs_count", lang, right=right, total=total))
    return Result(Outcome.INCORRECT, tuple(lines), partly=right > 0)


# The usual ways of writing a unit, so that every bank accepts them without listing them (a bank
# adds others with ``unit_aliases``). Compared case-insensitively.
UNIT_FAMILIES = (
    ("rp", "rp.", "idr", "rupiah"),
    ("%", "persen", "percent", "per cent"),
)
RUPIAH, PERCENT = UNIT_FAMILIES
# Words that scale a typed number, as people write amounts: "1,5 juta", "25 ribu", "25rb", "25k".
# ("M" is left out: miliar in Indonesian, million in English.)
SCALE_WORDS = {
    "ribu": 3, "rb": 3, "k": 3, "thousand": 3,
    "juta": 6, "jt": 6, "million": 6, "mn": 6,
    "miliar": 9, "milyar": 9, "billion": 9, "bn": 9,
    "triliun": 12, "trillion": 12,
}
_SCALE = re.compile(r"^(?P<number>.*?\d)\s*(?P<word>[a-z]+)$")


def unit_words(question: Question) -> tuple[str, ...]:
    """Every spelling of the question's unit the learner may type, longest first."""
    words = {question.unit.casefold(), *(alias.casefold() for alias in question.unit_aliases)} - {""}
    for family in UNIT_FAMILIES:
        if words & set(family):
            words |= set(family)
    return tuple(sorted(words, key=len, reverse=True))


def unit_goes_before(unit: str) -> bool:
    """Rupiah is written before the number (Rp25.000, IDR 25,000); other units after it (0,7%, 3 hari)."""
    return unit.casefold() in RUPIAH


def read_amount(text: str, question: Question, lang: str) -> Decimal:
    """The number in what the learner typed, with the question's unit and a scale word allowed.

    ``"Rp 3.000"``, ``"3.000 rupiah"``, ``"3 ribu"`` and ``"3000"`` all read as 3000 in Indonesian.
    Raises NotANumber when what is left is not a number.
    """
    cleaned = " ".join(str(text).replace("\u00a0", " ").split()).casefold()
    for word in unit_words(question):
        if cleaned.startswith(word):
            cleaned = cleaned[len(word):].strip()
            break
    for word in unit_words(question):
        if cleaned.endswith(word):
            cleaned = cleaned[: -len(word)].strip()
            break
    exponent = 0
    match = _SCALE.match(cleaned)
    if match and match["word"] in SCALE_WORDS:
        cleaned, exponent = match["number"], SCALE_WORDS[match["word"]]
    value = parse_number(cleaned, lang)
    return value.scaleb(exponent) if exponent else value


def format_amount(value: Decimal, unit: str, lang: str) -> str:
    """A number the way it is written with its unit: ``Rp22.402``, ``0,7%``, ``3 hari``."""
    folded = unit.casefold()
    if folded in RUPIAH and value == value.to_integral_value():
        return format_rupiah(value, lang)
    number = format_number(value, lang)
    if not unit:
        return number
    if folded in PERCENT:
        return f"{number}%"
    return f"{unit}\u00a0{number}" if unit_goes_before(unit) else f"{number}\u00a0{unit}"


def _check_numeric(question: Question, response: object, lang: str) -> Result:
    text = "" if response is None else str(response)
    if not text.strip():
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.type_number", lang),))
    try:
        value = read_amount(text, question, lang)
    except NotANumber:
        shown = text.strip()[:40]
        if question.unit:
            example = format_amount(Decimal(3000 if question.unit.casefold() in RUPIAH else "2.5"), question.unit, lang)
            return Result(Outcome.INVALID, (t("quiz.not_a_number_unit", lang, text=shown, unit=question.unit,
                                              example=example),))
        return Result(Outcome.INVALID, (t("quiz.not_a_number", lang, text=shown),))
    assert isinstance(question.answer, Decimal)
    if abs(value - question.answer) <= question.tolerance:
        return Result(Outcome.CORRECT, (t("quiz.number_right", lang),))
    direction = "quiz.number_too_high" if value > question.answer else "quiz.number_too_low"
    return Result(Outcome.INCORRECT, (t(direction, lang, value=format_amount(value, question.unit, lang)),))


@dataclass
class Scoreboard:
    """The latest checked outcome of each question in a quiz: a retry replaces the earlier try."""

    total: int
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def record(self, question_id: str, result: Result) -> None:
        if result.outcome in (Outcome.CORRECT, Outcome.INCORRECT):
            self.outcomes[question_id] = result.outcome

    def reset(self) -> None:
        self.outcomes.clear()

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(outcome is Outcome.CORRECT for outcome in self.outcomes.values())

    @property
    def to_review(self) -> list[str]:
        """Question ids whose latest checked answer was not right."""
        return [question_id for question_id, outcome in self.outcomes.items() if outcome is Outcome.INCORRECT]
