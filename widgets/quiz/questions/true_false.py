"""``true_false``: is the statement true or false? The feedback for each answer says why."""

from __future__ import annotations

from html import escape
from typing import Literal

from pydantic import Field, StrictBool, model_validator

from literasi.i18n import t

from ..scoring import Outcome, Result, is_empty, unknown_choice
from .base import QuestionBase, Sheet, Text
from .choice import RadioInput

STATEMENT_STYLE = "border-left:4px solid #5b6b7a;padding:0.1em 0.8em;margin:0.3em 0;font-style:italic"
TRUE_WORDS = {"true", "benar", "ya", "yes"}
FALSE_WORDS = {"false", "salah", "tidak", "no"}


class TrueFalse(QuestionBase):
    """True/false: the prompt is a statement; ``answer`` says whether it is true."""

    type: Literal["true_false"] = "true_false"
    answer: StrictBool
    feedback_true: Text = Field(description="Shown when the learner answers true: why that is right or wrong.")
    feedback_false: Text = Field(description="Shown when the learner answers false.")

    @model_validator(mode="after")
    def _two_reasons(self) -> TrueFalse:
        if self.feedback_true.strip() == self.feedback_false.strip():
            raise ValueError("feedback_true and feedback_false are the same; each should say why")
        return self

    def check(self, response: object, lang: str) -> Result:
        """``response``: ``True`` or ``False`` (or the words, "benar", "false", …)."""
        if is_empty(response):
            return Result(Outcome.NOT_ATTEMPTED, (t("quiz.choose_true_false", lang),))
        if isinstance(response, str) and response.strip().casefold() in TRUE_WORDS | FALSE_WORDS:
            response = response.strip().casefold() in TRUE_WORDS
        if not isinstance(response, bool):
            return unknown_choice(lang)
        feedback = self.feedback_true if response else self.feedback_false
        return Result(Outcome.CORRECT if response == self.answer else Outcome.INCORRECT, (feedback,))

    def make_input(self, lang: str, bank_id: str, seed: str) -> RadioInput:
        return RadioInput(lambda _seed: [(t("quiz.true", lang), True), (t("quiz.false", lang), False)], seed)

    def prompt_html(self, number: int, lang: str) -> str:
        return (f"<p class='literasi-prompt'><b>{number}.</b> {escape(t('quiz.true_false_legend', lang))}</p>"
                f"<p class='literasi-statement' style='{STATEMENT_STYLE}'>{escape(self.prompt)}</p>")

    def print_on(self, sheet: Sheet, lang: str) -> None:
        sheet.prompt(t("quiz.true_false_legend", lang), statement=self.prompt)
        sheet.instruction(None)
        pdf, clean = sheet.pdf, sheet.clean
        pdf.set_font(sheet.family, "", 10.5)
        y = pdf.get_y()
        x = sheet.inner
        for label in (t("quiz.true", lang), t("quiz.false", lang)):  # a tick box before each word, on one line
            sheet.box(x, y + 0.9)
            pdf.set_xy(x + sheet.box_size + 2, y)
            pdf.cell(pdf.get_string_width(clean(label)) + 2, 5.25, clean(label))
            x += sheet.box_size + pdf.get_string_width(clean(label)) + 14
        pdf.set_xy(sheet.left, y + 6.5)

    def answer_shape(self) -> tuple:
        return (self.answer,)
