"""The quiz widget: one card per question, feedback that says why, hints, retries, a score summary.

A card is the same for every question type: the type gives its prompt, its input (``make_input``) and its
check (``quiz.questions``); the card adds the buttons, the hints and the feedback, and keeps the score.

Choices are shown in an order shuffled per learner (``quiz.order``); the response is always option ids,
so nothing depends on where an option appears.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from .bank import Bank, shared_bank
from .order import follow_seed, learner_seed
from .questions import Question
from .questions.base import FULL_WIDTH
from .report import report_quiz
from .scoring import Outcome, Result, Scoreboard

__all__ = ['Quiz']

ALMOST_STYLE = "color:#8a4b00"  # the site styles correct/incorrect; "almost" is amber, and says so in words


def _paragraphs(lines: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


class QuestionCard(widgets.VBox):
    """One question: its input, a check button, a hint button, the hints and the feedback area."""

    def __init__(self, question: Question, number: int, lang: str, scoreboard: Scoreboard, on_change,
                 bank_id: str = "", seed: str = "") -> None:
        self.question = question
        self.number = number
        self.lang = lang
        self.bank_id = bank_id
        self.seed = seed or learner_seed()
        self._scoreboard = scoreboard
        self._on_change = on_change
        self._hints_shown = 0
        prompt = widgets.HTML(question.prompt_html(number, lang))
        self.answer = question.make_input(lang, bank_id, self.seed)
        self.answer_input = self.answer.widget
        self.check_button = widgets.Button(description=t("quiz.check", lang), button_style="primary")
        self.hint_button = widgets.Button(description=t("quiz.hint", lang))
        self.hint_area = widgets.HTML()
        self.hint_area.add_class("literasi-hints")
        self.feedback = widgets.HTML()
        self.feedback.add_class("literasi-feedback")
        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.show_hint())
        buttons = widgets.HBox([self.check_button, self.hint_button], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([prompt, self.answer_input, buttons, self.hint_area, self.feedback], layout=FULL_WIDTH)
        self.add_class("literasi-question")
        self.add_class(f"literasi-question-{question.type.replace('_', '-')}")

    def response(self) -> object:
        return self.answer.response()

    def check(self) -> Result:
        result = self.question.check(self.response(), self.lang)
        self._scoreboard.record(self.question.id, result)
        self.feedback.value = self._render(result)
        self._on_change()
        return result

    def _render(self, result: Result) -> str:
        lang = self.lang
        if result.outcome is Outcome.CORRECT:
            head = f"<p class='literasi-correct'><b>✔ {escape(t('quiz.correct', lang))}</b></p>"
            tail = f"<p>{escape(self.question.explanation)}</p>"
        elif result.outcome is Outcome.INCORRECT:
            head = (f"<p class='literasi-almost' style='{ALMOST_STYLE}'><b>◐ {escape(t('quiz.almost', lang))}</b></p>"
                    if result.partly
                    else f"<p class='literasi-incorrect'><b>✘ {escape(t('quiz.incorrect', lang))}</b></p>")
            tail = f"<p><i>{escape(t('quiz.try_again', lang))}</i></p>"
        elif result.outcome is Outcome.INVALID:
            lines = (f"⚠ {result.feedback[0]}", *result.feedback[1:])
            return f"<div class='literasi-problem' role='alert'>{_paragraphs(lines)}</div>"
        else:
            head, tail = "", ""
        return head + _paragraphs(result.feedback) + tail

    def show_hint(self) -> None:
        hints = self.question.hints
        self._hints_shown = min(self._hints_shown + 1, len(hints))
        if len(hints) == 1:
            lines = [f"💡 {escape(hints[0])}"]
        else:
            lines = [f"💡 {escape(t('quiz.hint_line', self.lang, number=n, text=text))}"
                     for n, text in enumerate(hints[: self._hints_shown], start=1)]
        self.hint_area.value = "".join(f"<p class='literasi-hint'>{line}</p>" for line in lines)
        if self._hints_shown < len(hints):
            self.hint_button.description = t("quiz.hint_next", self.lang)

    def reorder(self, seed: str) -> None:
        """Show the choices in the order of learner ``seed``, keeping whatever is already chosen."""
        if seed == self.seed:
            return
        self.seed = seed
        self.answer.reorder(seed)

    def reset(self) -> None:
        """Clear the answer, hints and feedback, for a fresh try at the whole quiz."""
        self.answer.reset()
        self._hints_shown = 0
        self.hint_button.description = t("quiz.hint", self.lang)
        self.hint_area.value = ""
        self.feedback.value = ""


class Quiz(widgets.VBox):
    """A quiz from a question bank: ``Quiz.from_bank("qris-untuk-usaha-mikro", lang="id")``."""

    def __init__(self, bank: Bank, lang: str | None = None) -> None:
        self.bank = bank
        self.lang = check_lang(lang or bank.lang)
        self.scoreboard = Scoreboard(total=len(bank.questions))
        self.summary = widgets.HTML()
        self.summary.add_class("literasi-score")
        seed = learner_seed()
        self.cards = [
            QuestionCard(question, number, self.lang, self.scoreboard, self._update_summary, bank.id, seed)
            for number, question in enumerate(bank.questions, start=1)
        ]
        self.restart_button = widgets.Button(description=t("quiz.restart", self.lang), icon="refresh")
        self.restart_button.add_class("literasi-restart")
        self.restart_button.on_click(lambda _: self.restart())
        title = widgets.HTML(f"<h3>{escape(bank.title)}</h3>")
        self._reported = False  # this round's score went to the Kelas server (see .report)
        self._update_summary()
        super().__init__([title, *self.cards, self.summary, self.restart_button], layout=FULL_WIDTH)
        self.add_class("literasi-quiz")
        follow_seed(self)

    @classmethod
    def from_bank(cls, bank_id: str, lang: str = "id", root: Path | None = None) -> Quiz:
        return cls(shared_bank(bank_id, check_lang(lang), root), lang)

    def reorder(self, seed: str) -> None:
        """Show every question's choices in the order of learner ``seed`` (the site's, once it arrives)."""
        for card in self.cards:
            card.reorder(seed)

    def restart(self) -> None:
        self._reported = False
        self.scoreboard.reset()
        for card in self.cards:
            card.reset()
        self._update_summary()

    def _update_summary(self) -> None:
        board = self.scoreboard
        lines = [t("quiz.score", self.lang, correct=board.correct, total=board.total)]
        if board.answered < board.total:
            lines.append(t("quiz.unanswered", self.lang, count=board.total - board.answered))
        elif board.correct == board.total:
            lines.append(t("quiz.all_correct", self.lang))
        text = f"<p><b>{escape(' '.join(lines))}</b></p>"
        review = sorted(card.number for card in self.cards if card.question.id in board.to_review)
        if review:
            text += f"<p>{escape(t('quiz.review', self.lang, numbers=', '.join(map(str, review))))}</p>"
        self.summary.value = text
        if board.answered == board.total and not self._reported:  # complete: one attempt, for a joined learner
            self._reported = True
            report_quiz(self.bank.id, board.correct, board.total)
