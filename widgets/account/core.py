"""A self-check of one's own WhatsApp account: a few questions, the next steps that follow from the answers.

Pure logic, no widgets. The questions, their answers, the steps with their reasons and the "if it has already
happened" list live in ``data/account.yml`` with their sources (fact ids), validated here with pydantic.

How answers become steps: the data file lists the steps most important first. A step applies when any of its
``when`` conditions holds (a question answered with one of the listed options); a step ``covered_by`` an earlier
step that applies is left out, because that step already includes it. The learner sees the first
``show_at_most`` steps that apply, each with why, and the titles of the others. Questions left unanswered call for
no step; answering none is a sentence, not a result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from literasi.curriculum import Localized, Strict

from ..data_checks import (
    CitingData,
    DataFileError,
    FactIds,
    raise_field_problems,
    read_data_model,
    repeated_ids,
)
from ..problems import InputProblem

DATA_NAME = "account.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class DataError(DataFileError):
    """The self-check's data file is missing or invalid; the message names the file and the field."""


class Option(Strict):
    id: Id
    label: Localized


class Question(Strict):
    id: Id
    text: Localized
    options: tuple[Option, ...] = Field(min_length=2)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise ValueError(f"question {self.id!r} has no answer {option_id!r} in {DATA_LABEL}")


class Step(Strict):
    """One next step: when it applies (question id → the answers that call for it), what to do and why."""

    id: Id
    when: dict[str, tuple[str, ...]] = Field(min_length=1)
    covered_by: tuple[str, ...] = ()
    title: Localized
    why: Localized
    facts: FactIds = Field(min_length=1)

    def called_for(self, answers: Mapping[str, str]) -> bool:
        return any(answers.get(question) in options for question, options in self.when.items())


class CitedText(Strict):
    text: Localized
    facts: FactIds = Field(min_length=1)


class AccountData(CitingData):
    show_at_most: int = Field(ge=1, le=5, strict=True)
    questions: tuple[Question, ...] = Field(min_length=1)
    steps: tuple[Step, ...] = Field(min_length=1)
    if_it_happened: tuple[CitedText, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps_refer_to_real_answers(self) -> AccountData:
        problems = [*repeated_ids(("questions",), self.questions), *repeated_ids(("steps",), self.steps)]
        questions = {question.id: question for question in self.questions}
        for index, question in enumerate(self.questions):
            problems += repeated_ids(("questions", index, "options"), question.options)
        earlier: list[str] = []
        for index, step in enumerate(self.steps):
            for question_id, option_ids in step.when.items():
                where = ("steps", index, "when", question_id)
                if question_id not in questions:
                    problems.append((where, f"no question {question_id!r} in questions"))
                    continue
                known = {option.id for option in questions[question_id].options}
                unknown = [option for option in option_ids if option not in known]
                if unknown:
                    problems.append((where, f"question {question_id!r} has no answer {', '.join(unknown)}"))
                if not option_ids:
                    problems.append((where, "lists no answers"))
            for other in step.covered_by:
                if other not in earlier:
                    problems.append((("steps", index, "covered_by"),
                                     f"{other!r} is not a step listed before this one (steps go most important first)"))
            earlier.append(step.id)
        asked = {question_id for step in self.steps for question_id in step.when}
        for index, question in enumerate(self.questions):
            if question.id not in asked:
                problems.append((("questions", index), f"no step uses the answers to {question.id!r}"))
        raise_field_problems("AccountData", problems)
        return self

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise ValueError(f"no question {question_id!r} in {DATA_LABEL}")


def read_account_data(path: Path, label: str | None = None) -> AccountData:
    """Parse and validate one data file; raises DataError naming the file (as ``label``) and the field."""
    return read_data_model(path, AccountData, label, DataError)  # type: ignore[return-value]


def default_path() -> Path:
    return Path(str(resources.files("literasi.widgets").joinpath("data", DATA_NAME)))


@lru_cache(maxsize=1)
def load_account_data() -> AccountData:
    return read_account_data(default_path(), DATA_LABEL)


def check_data(path: Path | None = None) -> list[str]:
    """Problems in data/account.yml (or ``path``), for ``literasi check``."""
    try:
        read_account_data(path or default_path(), None if path else DATA_LABEL)
    except DataError as error:
        return str(error).splitlines()
    return []


# --- The result ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SafetyResult:
    """What the learner's answers call for: the most important steps (with why), the others, and what to do if the
    account has already been taken over."""

    answered: int
    total: int
    steps: tuple[Step, ...]  # at most ``show_at_most``, most important first
    later: tuple[Step, ...]  # the other steps that apply, most important first
    if_it_happened: tuple[CitedText, ...]

    @property
    def all_good(self) -> bool:
        """Every answer given was a safe one: no step applies."""
        return not self.steps

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def facts(self) -> tuple[str, ...]:
        """The fact ids behind what the result shows, each once."""
        cited = [fact for step in self.steps for fact in step.facts]
        cited += [fact for item in self.if_it_happened for fact in item.facts]
        return tuple(dict.fromkeys(cited))


def _given(answers: Mapping[str, object], data: AccountData) -> dict[str, str]:
    """The answers actually given (None is a question left open), each checked against the data file."""
    given = {}
    for question_id, option_id in answers.items():
        question = data.question(str(question_id))
        if option_id is None:
            continue
        question.option(str(option_id))
        given[question.id] = str(option_id)
    return given


def check_account(answers: Mapping[str, object]) -> SafetyResult:
    """The steps that the answers (question id → option id, or None for no answer) call for.

    Raises InputProblem when no question is answered (the learner reads a sentence); ValueError for a question or
    an answer the data file does not have (a programming error, not something a learner can pick)."""
    data = load_account_data()
    given = _given(answers, data)
    if not given:
        raise InputProblem("account.nothing_answered", total=len(data.questions))
    applying: list[Step] = []
    for step in data.steps:
        if step.called_for(given) and not set(step.covered_by) & {earlier.id for earlier in applying}:
            applying.append(step)
    return SafetyResult(answered=len(given), total=len(data.questions), steps=tuple(applying[:data.show_at_most]),
                        later=tuple(applying[data.show_at_most:]), if_it_happened=data.if_it_happened)
