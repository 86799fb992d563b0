"""``multiple``: tick every right option; feedback for each ticked one, and how many right ones are still missing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import ipywidgets as widgets
from pydantic import Field, field_validator

from literasi.i18n import t

from ...data_checks import find_by_id
from ..order import learner_order
from ..scoring import Outcome, Result, is_empty, unknown_choice
from .base import FULL_WIDTH, AnswerInput, QuestionBase, Sheet
from .choice import Option, print_choices, repeated_ids


class MultipleChoice(QuestionBase):
    """Multiple choice: options, at least one of them correct; the learner must tick exactly the correct ones."""

    type: Literal["multiple"] = "multiple"
    options: tuple[Option, ...] = Field(min_length=2)

    @field_validator("options")
    @classmethod
    def _some_correct(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        repeated_ids(options, "option")
        if not any(option.correct for option in options):
            raise ValueError("a multiple-choice question needs at least one correct option")
        return options

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def option(self, option_id: str) -> Option:
        return find_by_id(self.options, option_id)

    def check(self, response: object, lang: str) -> Result:
        """``response``: the ticked ids; the feedback follows their order (the order they were shown in)."""
        if is_empty(response):
            return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_some", lang),))
        chosen_ids = [response] if isinstance(response, str) else response
        if not isinstance(chosen_ids, Iterable) or isinstance(chosen_ids, Mapping):
            return unknown_choice(lang)
        unordered = isinstance(chosen_ids, set | frozenset)
        chosen_ids = list(chosen_ids)
        if not chosen_ids:
            return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_some", lang),))
        known = {option.id for option in self.options}
        if not all(isinstance(option_id, str) and option_id in known for option_id in chosen_ids):
            return unknown_choice(lang)
        if unordered:  # a set has no order of its own: file order
            chosen_ids = [option.id for option in self.options if option.id in chosen_ids]
        # Feedback in the order of the response (the widget lists the ids in the order it shows the options);
        # right or wrong depends on the ids alone, never on their order.
        chosen = [self.option(option_id) for option_id in dict.fromkeys(chosen_ids)]
        feedback = [option.feedback for option in chosen]
        chosen_set = frozenset(option.id for option in chosen)
        if chosen_set == self.correct_ids:
            return Result(Outcome.CORRECT, tuple(feedback))
        missed = self.correct_ids - chosen_set
        all_chosen_right = all(option.correct for option in chosen)
        if missed and all_chosen_right:
            feedback.append(t("quiz.some_missing", lang, count=len(missed)))
        return Result(Outcome.INCORRECT, tuple(feedback), partly=all_chosen_right)

    def make_input(self, lang: str, bank_id: str, seed: str) -> CheckBoxes:
        return CheckBoxes(self, bank_id, seed)

    def print_on(self, sheet: Sheet, lang: str) -> None:
        sheet.prompt(self.prompt)
        sheet.instruction(t("cetak.choose_many", lang))
        print_choices(sheet, self.id, self.options)

    def answer_shape(self) -> tuple:
        return tuple((option.id, option.correct) for option in self.options)


class CheckBoxes(AnswerInput):
    """A check box per option, in the learner's order; the response lists the ticked ids in that order."""

    def __init__(self, question: MultipleChoice, bank_id: str, seed: str) -> None:
        self._question, self._bank_id = question, bank_id
        self.boxes = {  # option id → its box, in the order shown
            option.id: widgets.Checkbox(description=option.text, value=False, indent=False, layout=FULL_WIDTH)
            for option in learner_order(question, question.options, bank_id, seed)
        }
        self.widget = widgets.VBox(list(self.boxes.values()))

    def response(self) -> list[str]:
        return [option_id for option_id, box in self.boxes.items() if box.value]

    def reset(self) -> None:
        for box in self.boxes.values():
            box.value = False

    def reorder(self, seed: str) -> None:
        order = learner_order(self._question, self._question.options, self._bank_id, seed)
        self.boxes = {option.id: self.boxes[option.id] for option in order}
        self.widget.children = tuple(self.boxes.values())
