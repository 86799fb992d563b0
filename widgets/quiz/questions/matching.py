"""``matching``: pick the right item for each left item from a dropdown; wrong ``distractors`` may be mixed in.

The feedback names a wrong pairing without giving away the right one, and says why each right pair belongs
together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import ipywidgets as widgets
from pydantic import Field, ValidationInfo, field_validator

from literasi.curriculum import Strict
from literasi.i18n import t

from ...ui import FIELD, layout
from ..order import learner_order
from ..scoring import Outcome, Result, is_empty, unknown_choice
from .base import FULL_WIDTH, PRINT_LETTERS, AnswerInput, QuestionBase, Sheet, SlugId, Text, repeats

# Right-hand choices that belong to no pair get ids no pair id can have (pair ids are slugs), so a learner's
# choice can never be mistaken for a pair.
DISTRACTOR_PREFIX = "~"
LABEL_STYLE = {"description_width": "initial"}  # the label as wide as its text, not ipywidgets' fixed 148 px


class Pair(Strict):
    """One row: ``left`` goes with ``right``; ``feedback`` says why."""

    id: SlugId
    left: Text
    right: Text
    feedback: Text = Field(description="Why left goes with right; shown once the learner matches them.")


class Matching(QuestionBase):
    """Matching: ``pairs`` of a left item and its right item, plus wrong ``distractors`` among the choices."""

    type: Literal["matching"] = "matching"
    distractors: tuple[Text, ...] = ()  # before pairs: the pairs' rule compares their right items with these
    pairs: tuple[Pair, ...] = Field(min_length=2)

    @field_validator("pairs")
    @classmethod
    def _unique(cls, pairs: tuple[Pair, ...], info: ValidationInfo) -> tuple[Pair, ...]:
        rights = [pair.right.casefold() for pair in pairs]
        rights += [distractor.casefold() for distractor in info.data.get("distractors", ())]
        problems = [f"{name} repeat: {repeats(values)}; every pair must be unique"
                    for name, values in (("pair ids", [pair.id for pair in pairs]),
                                         ("left items", [pair.left for pair in pairs]), ("right items", rights))
                    if repeats(values)]
        if problems:
            raise ValueError("\n".join(problems))
        return pairs

    @property
    def right_choices(self) -> tuple[tuple[str, str], ...]:
        """``(choice id, text)`` of every right-hand item, in alphabetical order.

        Alphabetical, not in pair order: otherwise the first left item's match would always be the
        first choice, the second's the second, and so on.
        """
        choices = [(pair.id, pair.right) for pair in self.pairs]
        choices += [(f"{DISTRACTOR_PREFIX}{index}", text) for index, text in enumerate(self.distractors, start=1)]
        return tuple(sorted(choices, key=lambda choice: (choice[1].casefold(), choice[0])))

    def right_text(self, choice_id: str) -> str:
        for known_id, text in self.right_choices:
            if known_id == choice_id:
                return text
        raise KeyError(choice_id)

    def check(self, response: object, lang: str) -> Result:
        """``response``: a mapping from each pair id (the left item) to the chosen right choice id."""
        if is_empty(response):
            return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_pairs", lang),))
        if not isinstance(response, Mapping):
            return unknown_choice(lang)
        choice_ids = {choice_id for choice_id, _ in self.right_choices}
        pair_ids = {pair.id for pair in self.pairs}
        for left_id, choice_id in response.items():
            if left_id not in pair_ids or not (choice_id is None or isinstance(choice_id, str)):
                return unknown_choice(lang)
            if choice_id and choice_id not in choice_ids:
                return unknown_choice(lang)
        if not any(response.values()):
            return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_pairs", lang),))
        lines, right = [], 0
        for pair in self.pairs:
            choice_id = response.get(pair.id)
            if not choice_id:
                lines.append(t("quiz.pair_missing", lang, left=pair.left))
            elif choice_id == pair.id:
                right += 1
                lines.append(t("quiz.pair_right", lang, left=pair.left, right=pair.right, why=pair.feedback))
            else:  # says which pairing is wrong, never which one is right
                lines.append(t("quiz.pair_wrong", lang, left=pair.left, right=self.right_text(choice_id)))
        total = len(self.pairs)
        if right == total:
            return Result(Outcome.CORRECT, tuple(lines))
        lines.append(t("quiz.pairs_count", lang, right=right, total=total))
        return Result(Outcome.INCORRECT, tuple(lines), partly=right > 0)

    def make_input(self, lang: str, bank_id: str, seed: str) -> Dropdowns:
        return Dropdowns(self, lang, bank_id, seed)

    def print_on(self, sheet: Sheet, lang: str) -> None:
        """The right items as a lettered list, then each left item with a box to write its letter in."""
        sheet.prompt(self.prompt)
        sheet.instruction(t("cetak.match_intro", lang))
        letters = dict(zip((choice_id for choice_id, _ in self.right_choices), PRINT_LETTERS, strict=False))
        for choice_id, text in self.right_choices:
            sheet.line_item(f"{letters[choice_id]}.", text)
        sheet.pdf.ln(1.5)
        for pair in self.pairs:
            sheet.boxed_line("", pair.left, box_size=6)

    def answer_shape(self) -> tuple:
        return (tuple(pair.id for pair in self.pairs), len(self.distractors))


class Dropdowns(AnswerInput):
    """A dropdown of the right-hand choices (in the learner's order) labelled by each left item."""

    def __init__(self, question: Matching, lang: str, bank_id: str, seed: str) -> None:
        self._question, self._lang, self._bank_id = question, lang, bank_id
        choices = self._choices(seed)
        self.dropdowns: dict[str, widgets.Dropdown] = {}  # pair id → its dropdown
        rows = []
        for pair in question.pairs:
            # The left item is the dropdown's own <label for>, so a screen reader names each dropdown by the item
            # it matches (the page's CSS sets it above the box, in bold).
            dropdown = widgets.Dropdown(options=choices, value="", description=pair.left, style=LABEL_STYLE,
                                        layout=layout(FIELD, margin="0 0 0.5em 0"))
            dropdown.add_class("literasi-pair")
            self.dropdowns[pair.id] = dropdown
            rows.append(dropdown)
        self.widget = widgets.VBox(rows, layout=FULL_WIDTH)
        self.widget.add_class("literasi-matching")

    def _choices(self, seed: str) -> list[tuple[str, str]]:
        shown = learner_order(self._question, self._question.right_choices, self._bank_id, seed)
        return [(t("quiz.match_placeholder", self._lang), ""), *((text, choice_id) for choice_id, text in shown)]

    def response(self) -> dict[str, str]:
        return {pair_id: dropdown.value for pair_id, dropdown in self.dropdowns.items()}

    def reset(self) -> None:
        for dropdown in self.dropdowns.values():
            dropdown.value = ""

    def reorder(self, seed: str) -> None:
        choices = self._choices(seed)
        for dropdown in self.dropdowns.values():
            chosen = dropdown.value
            with dropdown.hold_sync():
                dropdown.options = choices
                dropdown.value = chosen
