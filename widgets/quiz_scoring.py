"""Checking one answer to one question: distinct outcomes and feedback that says why."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from literasi.i18n import t

from .money import NotANumber, format_number, parse_number
from .quiz_bank import Question


class Outcome(str, Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"
    INVALID = "invalid"  # e.g. words typed into a number question


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    feedback: tuple[str, ...] = field(default_factory=tuple)  # why, per chosen option or for the number

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT


def check_answer(question: Question, response: object, lang: str) -> Result:
    """``response``: an option id (single), a collection of option ids (multiple), or typed text (numeric)."""
    if question.type == "single":
        return _check_single(question, response, lang)
    if question.type == "multiple":
        return _check_multiple(question, response, lang)
    return _check_numeric(question, response, lang)


def _check_single(question: Question, response: object, lang: str) -> Result:
    if not response:
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_one", lang),))
    option = question.option(str(response))
    return Result(Outcome.CORRECT if option.correct else Outcome.INCORRECT, (option.feedback,))


def _check_multiple(question: Question, response: object, lang: str) -> Result:
    chosen = [question.option(str(option_id)) for option_id in (response or ())]
    if not chosen:
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_some", lang),))
    feedback = [option.feedback for option in chosen]
    chosen_ids = frozenset(option.id for option in chosen)
    if chosen_ids == question.correct_ids:
        return Result(Outcome.CORRECT, tuple(feedback))
    missed = question.correct_ids - chosen_ids
    if missed and not any(not option.correct for option in chosen):
        feedback.append(t("quiz.some_missing", lang, count=len(missed)))
    return Result(Outcome.INCORRECT, tuple(feedback))


def _check_numeric(question: Question, response: object, lang: str) -> Result:
    text = "" if response is None else str(response)
    if not text.strip():
        return Result(Outcome.NOT_ATTEMPTED, (t("quiz.type_number", lang),))
    try:
        value = parse_number(text, lang)
    except NotANumber:
        return Result(Outcome.INVALID, (t("quiz.not_a_number", lang, text=text.strip()[:40]),))
    assert question.answer is not None
    if abs(value - question.answer) <= question.tolerance:
        return Result(Outcome.CORRECT, (t("quiz.number_right", lang),))
    direction = "quiz.number_too_high" if value > question.answer else "quiz.number_too_low"
    return Result(Outcome.INCORRECT, (t(direction, lang, value=format_number(value, lang)),))


@dataclass
class Scoreboard:
    """The latest checked outcome of each question in a quiz: a retry replaces the earlier try."""

    total: int
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def record(self, question_id: str, result: Result) -> None:
        if result.outcome in (Outcome.CORRECT, Outcome.INCORRECT):
            self.outcomes[question_id] = result.outcome

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(outcome is Outcome.CORRECT for outcome in self.outcomes.values())
