"""``numeric``: type a number, within a tolerance, with its unit beside the box (``Rp``, ``%``, ``hari``).

The learner may write the number the way people write amounts: with the unit or without it, ``Rp 3.000``,
``3.000 rupiah``, ``3 ribu``, ``1,5 juta``. The feedback shows the learner's number with its unit and says
whether it is too high or too low, never the answer.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

import ipywidgets as widgets
from pydantic import Field, ValidationInfo, WithJsonSchema, field_validator

from literasi.i18n import t

from ...money import NotANumber, format_number, format_rupiah, parse_number
from ..scoring import Outcome, Result
from .base import AnswerInput, Number, QuestionBase, Sheet, repeats

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
Unit = Annotated[str, Field(min_length=1, max_length=20)]
Tolerance = Annotated[Number, Field(ge=0), WithJsonSchema({"type": "number", "minimum": 0})]


def unit_goes_before(unit: str) -> bool:
    """Rupiah is written before the number (Rp25.000, IDR 25,000); other units after it (0,7%, 3 hari)."""
    return unit.casefold() in RUPIAH


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


class Numeric(QuestionBase):
    """Number: ``answer`` within ``tolerance``, optionally with a ``unit`` shown beside the box (and
    ``unit_aliases`` the learner may type, e.g. ``rupiah`` for ``Rp``)."""

    type: Literal["numeric"] = "numeric"
    answer: Number
    tolerance: Tolerance
    unit: Unit = ""
    unit_aliases: tuple[Unit, ...] = ()

    @field_validator("unit_aliases")
    @classmethod
    def _aliases_of_a_unit(cls, aliases: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if aliases and not info.data.get("unit"):
            raise ValueError("given without a unit")
        repeated = repeats([alias.casefold() for alias in aliases])
        if repeated:
            raise ValueError(f"aliases repeat: {repeated}")
        return aliases

    def unit_words(self) -> tuple[str, ...]:
        """Every spelling of the unit the learner may type, longest first."""
        words = {self.unit.casefold(), *(alias.casefold() for alias in self.unit_aliases)} - {""}
        for family in UNIT_FAMILIES:
            if words & set(family):
                words |= set(family)
        return tuple(sorted(words, key=len, reverse=True))

    def read_amount(self, text: str, lang: str) -> Decimal:
        """The number in what the learner typed, with the unit and a scale word allowed.

        ``"Rp 3.000"``, ``"3.000 rupiah"``, ``"3 ribu"`` and ``"3000"`` all read as 3000 in Indonesian.
        Raises NotANumber when what is left is not a number.
        """
        cleaned = " ".join(str(text).replace("\u00a0", " ").split()).casefold()
        for word in self.unit_words():
            if cleaned.startswith(word):
                cleaned = cleaned[len(word):].strip()
                break
        for word in self.unit_words():
            if cleaned.endswith(word):
                cleaned = cleaned[: -len(word)].strip()
                break
        exponent = 0
        match = _SCALE.match(cleaned)
        if match and match["word"] in SCALE_WORDS:
            cleaned, exponent = match["number"], SCALE_WORDS[match["word"]]
        value = parse_number(cleaned, lang)
        return value.scaleb(exponent) if exponent else value

    def check(self, response: object, lang: str) -> Result:
        """``response``: the text the learner typed (``"Rp 3.000"``, ``"3000 rupiah"``, ``"1,5 juta"``)."""
        text = "" if response is None else str(response)
        if not text.strip():
            return Result(Outcome.NOT_ATTEMPTED, (t("quiz.type_number", lang),))
        try:
            value = self.read_amount(text, lang)
        except NotANumber:
            shown = text.strip()[:40]
            if self.unit:
                example = format_amount(Decimal(3000 if self.unit.casefold() in RUPIAH else "2.5"), self.unit, lang)
                return Result(Outcome.INVALID, (t("quiz.not_a_number_unit", lang, text=shown, unit=self.unit,
                                                  example=example),))
            return Result(Outcome.INVALID, (t("quiz.not_a_number", lang, text=shown),))
        if abs(value - self.answer) <= self.tolerance:
            return Result(Outcome.CORRECT, (t("quiz.number_right", lang),))
        direction = "quiz.number_too_high" if value > self.answer else "quiz.number_too_low"
        return Result(Outcome.INCORRECT, (t(direction, lang, value=format_amount(value, self.unit, lang)),))

    def make_input(self, lang: str, bank_id: str, seed: str) -> NumberBox:
        return NumberBox(self.unit, lang)

    def print_on(self, sheet: Sheet, lang: str) -> None:
        sheet.prompt(self.prompt)
        sheet.instruction(t("cetak.write_number", lang))
        pdf, clean = sheet.pdf, sheet.clean
        pdf.set_font(sheet.family, "", 10.5)
        y = pdf.get_y() + 1
        line_start = sheet.inner
        if self.unit and unit_goes_before(self.unit):
            pdf.set_xy(sheet.inner, y + 1)
            pdf.cell(pdf.get_string_width(clean(self.unit)) + 2, 5, clean(self.unit))
            line_start = pdf.get_x()
        elif self.unit:
            pdf.set_xy(sheet.inner + 62, y + 1)
            pdf.cell(30, 5, clean(self.unit))
        sheet.write_line(line_start, y + 6, line_start + 60)
        pdf.set_xy(sheet.left, y + 9)

    def answer_shape(self) -> tuple:
        return (self.answer, self.tolerance)


class NumberBox(AnswerInput):
    """A text box to type the number in, with the unit beside it (before it for rupiah)."""

    def __init__(self, unit: str, lang: str) -> None:
        self.box = widgets.Text(placeholder=t("quiz.number_placeholder", lang), layout=widgets.Layout(width="12em"))
        if not unit:
            self.widget = self.box
            return
        label = widgets.Label(unit, layout=widgets.Layout(margin="0 0.4em"))
        label.add_class("literasi-unit")
        self.widget = widgets.HBox([label, self.box] if unit_goes_before(unit) else [self.box, label],
                                   layout=widgets.Layout(align_items="center"))

    def response(self) -> str:
        return self.box.value

    def reset(self) -> None:
        self.box.value = ""
