"""What every question type shares: the fields every bank question has, and the hooks a type fills in.

A question type is one class, in its own module of this package, and it owns everything about that type:

- its fields and their rules, as a pydantic model: a bank is validated once, and each problem names its field;
- ``check(response, lang)``: the learner's response judged, as a ``Result`` (never an exception for learner input);
- ``make_input(lang, bank_id, seed)``: the ipywidgets the learner answers with, as an ``AnswerInput`` that
  reads the response, clears it, and puts its choices in a learner's order;
- ``prompt_html(number, lang)``: the question as its card shows it;
- ``print_on(sheet, lang)``: the question on a printed handout, without its answer (``Sheet``);
- ``answer_shape()``: its ids and right answers, which must be the same in the id and en banks.

The learner-visible sentences are in the string table (``quiz.*`` on screen, ``cetak.*`` on paper).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from decimal import Decimal
from html import escape
from typing import Annotated, Protocol

import ipywidgets as widgets
from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, StringConstraints, WithJsonSchema

from literasi.curriculum import FactId, Slug, Strict

from ...ui import WIDE, layout
from ..scoring import Result

TEXT_SCHEMA = {"type": "string", "minLength": 1, "pattern": r"\S"}
# Prose a learner reads: never empty or only spaces.
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
SlugId = Annotated[str, Slug]
ChoiceId = Annotated[str, Field(pattern=r"^[a-z]$")]  # an option's or action's id: one letter


def _one_or_more(value: object) -> object:
    return (value,) if isinstance(value, str) else value


Hints = Annotated[
    tuple[Text, ...], Field(min_length=1), BeforeValidator(_one_or_more),
    WithJsonSchema({"description": "One hint, or a list shown one at a time.",
                    "anyOf": [TEXT_SCHEMA, {"type": "array", "minItems": 1, "items": TEXT_SCHEMA}]}),
]


def _number(value: object) -> Decimal:
    # A bank's numbers are YAML numbers: a quoted "3000" or a true is a mistake, not a number.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("should be a number")
    return Decimal(str(value))


Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
PRINT_LETTERS = "ABCDEFGHIJKLMNOP"  # the letters of printed options and matching choices
FULL_WIDTH = layout(WIDE)  # shared by every card's inputs, as the card itself


def repeats(values: list) -> list:
    """The values that occur more than once, sorted."""
    return sorted({value for value in values if values.count(value) > 1})


class AnswerInput(ABC):
    """The widgets a learner answers one question with (``widget``), and what the card needs from them."""

    widget: widgets.Widget

    @abstractmethod
    def response(self) -> object:
        """What the learner has chosen or typed, as the question's ``check`` takes it."""

    @abstractmethod
    def reset(self) -> None:
        """Nothing chosen, nothing typed."""

    def reorder(self, seed: str) -> None:  # noqa: B027 — an optional hook: most inputs never reorder
        """Show the choices in the order of learner ``seed``, keeping whatever is chosen (nothing to do for a
        question whose choices are never shuffled)."""


class Sheet(Protocol):
    """One question's place on a printed handout: what ``literasi.print.handout`` gives ``print_on`` to draw with."""

    pdf: object  # the fpdf document, at this question's position
    left: float  # where the question's number starts
    inner: float  # where its text, options and boxes start
    family: str  # the font family
    box_size: float  # the side of a tick box

    def clean(self, text: str) -> str: ...

    def prompt(self, text: str, statement: str | None = None) -> None:
        """The question's number and ``text`` in bold; or ``text`` as a lead-in and ``statement`` in bold below."""

    def instruction(self, text: str | None) -> None:
        """The small italic line saying how to answer (or none), and the space before the answer."""

    def box(self, x: float, y: float, size: float | None = None) -> None: ...

    def boxed_line(self, label: str, text: str, box_size: float | None = None) -> None:
        """A tick box (or, larger, a box to write a letter in), then ``label`` and ``text``."""

    def line_item(self, marker: str, text: str) -> None: ...

    def write_line(self, start: float, y: float, end: float) -> None:
        """A line to write an answer on."""


def _type_first(schema: dict, _model: type) -> None:
    # In a bank file ``type`` is required (it says which fields follow); in Python each class has its own.
    schema["properties"]["type"].pop("default", None)
    schema["required"] = ["type", *schema.get("required", [])]


class QuestionBase(Strict, ABC):
    """The fields every question has. A type subclasses this with ``type: Literal["<type>"]``, its own fields
    and the hooks below."""

    model_config = ConfigDict(populate_by_name=True, json_schema_extra=_type_first)  # ``hints`` is ``hint`` in a bank

    type: str
    id: SlugId
    prompt: Text
    hints: Hints = Field(alias="hint")
    explanation: Text
    facts: tuple[FactId, ...] = ()
    shuffle: StrictBool = Field(True, description=(
        "Optional, default true: the options (single, multiple), actions (scenario) or dropdown choices "
        "(matching) are shown in an order shuffled per learner. false keeps the file order (matching: "
        "alphabetical), where the order carries meaning, e.g. 'all of the above' or an ordered scale."))

    @abstractmethod
    def check(self, response: object, lang: str) -> Result:
        """The learner's ``response`` (what this type's input gives) judged; ``None`` or empty is NOT_ATTEMPTED."""

    @abstractmethod
    def make_input(self, lang: str, bank_id: str, seed: str) -> AnswerInput:
        """The input a learner answers with, its choices in the order of learner ``seed``."""

    @abstractmethod
    def print_on(self, sheet: Sheet, lang: str) -> None:
        """The question on a handout: its prompt, how to answer, and where, never the answer."""

    @abstractmethod
    def answer_shape(self) -> tuple:
        """Ids and right answers: what the id and en banks must have alike for this question."""

    def prompt_html(self, number: int, lang: str) -> str:
        return f"<p class='literasi-prompt'><b>{number}.</b> {escape(self.prompt)}</p>"

    def shape(self) -> tuple:
        """What must be the same in every language: id, type, the answer, the number of hints, the facts it
        cites and whether its choices are shuffled."""
        return (self.id, self.type, self.answer_shape(), len(self.hints), tuple(sorted(self.facts)), self.shuffle)
