"""The quiz widget: one card per question, feedback that says why, a hint, retries, a score summary."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from .quiz_bank import Bank, Question, load_bank, load_bank_file
from .quiz_scoring import Outcome, Result, Scoreboard, check_answer

__all__ = ['Quiz']

FULL_WIDTH = widgets.Layout(width="100%", max_width="40em")


def _paragraphs(lines: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


class QuestionCard(widgets.VBox):
    """One question: its input, a check button, a hint button and the feedback area."""

    def __init__(self, question: Question, number: int, lang: str, scoreboard: Scoreboard, on_change) -> None:
        self.question = question
        self.lang = lang
        self._scoreboard = scoreboard
        self._on_change = on_change
        prompt = widgets.HTML(f"<p class='literasi-prompt'><b>{number}.</b> {escape(question.prompt)}</p>")
        self.answer_input = self._make_input()
        self.check_button = widgets.Button(description=t("quiz.check", lang), button_style="primary")
        self.hint_button = widgets.Button(description=t("quiz.hint", lang))
        self.feedback = widgets.HTML()
        self.feedback.add_class("literasi-feedback")
        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.show_hint())
        buttons = widgets.HBox([self.check_button, self.hint_button], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([prompt, self.answer_input, buttons, self.feedback], layout=FULL_WIDTH)
        self.add_class("literasi-question")

    def _make_input(self) -> widgets.Widget:
        q = self.question
        if q.type == "single":
            return widgets.RadioButtons(
                options=[(option.text, option.id) for option in q.options], value=None, layout=FULL_WIDTH
            )
        if q.type == "multiple":
            self._boxes = [
                widgets.Checkbox(description=option.text, value=False, indent=False, layout=FULL_WIDTH)
                for option in q.options
            ]
            return widgets.VBox(self._boxes)
        box = widgets.Text(placeholder=t("quiz.number_placeholder", self.lang), layout=widgets.Layout(width="12em"))
        self._number_box = box
        return widgets.HBox([box, widgets.Label(q.unit)]) if q.unit else box

    def response(self) -> object:
        q = self.question
        if q.type == "single":
            return self.answer_input.value
        if q.type == "multiple":
            return [option.id for option, box in zip(q.options, self._boxes, strict=True) if box.value]
        return self._number_box.value

    def check(self) -> Result:
        result = check_answer(self.question, self.response(), self.lang)
        self._scoreboard.record(self.question.id, result)
        self.feedback.value = self._render(result)
        self._on_change()
        return result

    def _render(self, result: Result) -> str:
        if result.outcome is Outcome.CORRECT:
            head = f"<p class='literasi-correct'><b>✔ {escape(t('quiz.correct', self.lang))}</b></p>"
            tail = f"<p>{escape(self.question.explanation)}</p>"
        elif result.outcome is Outcome.INCORRECT:
            head = f"<p class='literasi-incorrect'><b>✘ {escape(t('quiz.incorrect', self.lang))}</b></p>"
            tail = f"<p><i>{escape(t('quiz.try_again', self.lang))}</i></p>"
        else:
            head, tail = "", ""
        return head + _paragraphs(result.feedback) + tail

    def show_hint(self) -> None:
        self.feedback.value = f"<p class='literasi-hint'>💡 {escape(self.question.hint)}</p>"


class Quiz(widgets.VBox):
    """A quiz from a question bank: ``Quiz.from_bank("qris-untuk-usaha-mikro", lang="id")``."""

    def __init__(self, bank: Bank, lang: str | None = None) -> None:
        self.bank = bank
        self.lang = check_lang(lang or bank.lang)
        self.scoreboard = Scoreboard(total=len(bank.questions))
        self.summary = widgets.HTML()
        self.summary.add_class("literasi-score")
        self.cards = [
            QuestionCard(question, number, self.lang, self.scoreboard, self._update_summary)
            for number, question in enumerate(bank.questions, start=1)
        ]
        title = widgets.HTML(f"<h3>{escape(bank.title)}</h3>")
        self._update_summary()
        super().__init__([title, *self.cards, self.summary], layout=FULL_WIDTH)
        self.add_class("literasi-quiz")

    @classmethod
    def from_bank(cls, bank_id: str, lang: str = "id", root: Path | None = None) -> "Quiz":
        return cls(load_bank(bank_id, check_lang(lang), root), lang)

    @classmethod
    def from_file(cls, path: Path | str, lang: str | None = None) -> "Quiz":
        return cls(load_bank_file(path), lang)

    def _update_summary(self) -> None:
        board = self.scoreboard
        text = t("quiz.score", self.lang, correct=board.correct, total=board.total)
        if board.answered < board.total:
            text += " " + t("quiz.unanswered", self.lang, count=board.total - board.answered)
        elif board.correct == board.total:
            text += " " + t("quiz.all_correct", self.lang)
        self.summary.value = f"<p><b>{escape(text)}</b></p>"
