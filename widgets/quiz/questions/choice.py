"""What the choice questions share: an option, radio buttons, one-choice checking and the printed order.

``OneChoice`` is a question answered with one of its shown choices (``single``, ``scenario``); ``multiple``
uses ``Option`` and ``print_choices`` too, and ``true_false`` the ``RadioInput``.
"""

from __future__ import annotations

import hashlib
from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import ClassVar, TypeVar

import ipywidgets as widgets
from pydantic import StrictBool

from literasi.curriculum import Strict
from literasi.i18n import t

from ...data_checks import find_by_id
from ..order import learner_order
from ..scoring import Outcome, Result, is_empty, unknown_choice
from .base import FULL_WIDTH, PRINT_LETTERS, AnswerInput, ChoiceId, QuestionBase, Sheet, Text, repeats

Choice = TypeVar("Choice")


class Option(Strict):
    """A choice of a single/multiple-choice question, with its own feedback saying why it is right or wrong."""

    id: ChoiceId
    text: Text
    correct: StrictBool
    feedback: Text


def repeated_ids(choices: Sequence, noun: str) -> Sequence:
    """``choices`` unchanged, or a ValueError when two of them share an id."""
    ids = [choice.id for choice in choices]
    if repeats(ids):
        raise ValueError(f"{noun} ids repeat: {ids}")
    return choices


def print_order(question_id: str, choices: Sequence[Choice]) -> list[Choice]:
    """The choices in a fixed order that does not depend on where the bank author put the right one (on paper
    there is no learner to shuffle for)."""
    return sorted(choices, key=lambda choice: hashlib.sha256(f"{question_id}/{choice.id}".encode()).hexdigest())


def print_choices(sheet: Sheet, question_id: str, choices: Sequence) -> None:
    """Each choice on its own line with a tick box and a letter, in the print order."""
    for letter, choice in zip(PRINT_LETTERS, print_order(question_id, choices), strict=False):
        sheet.boxed_line(f"{letter}.", choice.text)


class RadioInput(AnswerInput):
    """Radio buttons; the response is the value of the chosen one. ``labelled(seed)`` gives ``(label, value)``
    pairs in the order of learner ``seed``."""

    def __init__(self, labelled: Callable[[str], list[tuple[str, object]]], seed: str, **style) -> None:
        self._labelled = labelled
        self.widget = widgets.RadioButtons(options=labelled(seed), value=None, **style)

    def response(self) -> object:
        return self.widget.value

    def reset(self) -> None:
        self.widget.value = None

    def reorder(self, seed: str) -> None:
        options = self._labelled(seed)
        if list(self.widget.options) == options:
            return
        chosen = self.widget.value
        with self.widget.hold_sync():
            self.widget.options = options
            self.widget.value = chosen


class OneChoice(QuestionBase):
    """A question answered with exactly one of its ``choices``, shown as radio buttons in a learner's order."""

    empty_key: ClassVar[str]  # quiz.* sentence when nothing is chosen
    instruction_key: ClassVar[str]  # cetak.* line on paper

    @property
    @abstractmethod
    def choices(self) -> tuple:
        """The options (or actions) in file order; each has ``id``, ``text`` and ``feedback``."""

    @property
    @abstractmethod
    def correct_ids(self) -> frozenset[str]: ...

    def choice(self, choice_id: str):
        return find_by_id(self.choices, choice_id)

    def check(self, response: object, lang: str) -> Result:
        """``response``: the chosen id (``"b"``)."""
        if is_empty(response):
            return Result(Outcome.NOT_ATTEMPTED, (t(self.empty_key, lang),))
        if not isinstance(response, str) or response not in {choice.id for choice in self.choices}:
            return unknown_choice(lang)
        return self.judge(self.choice(response), lang)

    def judge(self, choice, lang: str) -> Result:
        """A known choice: right or wrong, with its feedback."""
        return Result(Outcome.CORRECT if choice.id in self.correct_ids else Outcome.INCORRECT, (choice.feedback,))

    def make_input(self, lang: str, bank_id: str, seed: str) -> RadioInput:
        def labelled(learner: str) -> list[tuple[str, object]]:
            return [(choice.text, choice.id) for choice in learner_order(self, self.choices, bank_id, learner)]

        return RadioInput(labelled, seed, layout=FULL_WIDTH)

    def print_prompt(self, sheet: Sheet, lang: str) -> None:
        sheet.prompt(self.prompt)

    def print_on(self, sheet: Sheet, lang: str) -> None:
        self.print_prompt(sheet, lang)
        sheet.instruction(t(self.instruction_key, lang))
        print_choices(sheet, self.id, self.choices)
