"""The quiz widget: one card per question, feedback that says why, hints, retries, a score summary.

Question types: single and multiple choice, true/false, numbers (with a unit beside the box),
matching (a dropdown per left item) and scenarios ("What do you do?"). The checking is done by
``quiz_scoring.check_answer``; the cards only collect the learner's response and show the result.

Choices are shown in an order shuffled per learner (``quiz_order``); the response is always option ids,
so nothing depends on where an option appears.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from .bank import Bank, Question, load_bank, load_bank_file
from .order import choice_order, follow_seed, learner_seed, option_order
from .scoring import Outcome, Result, Scoreboard, check_answer, unit_goes_before

__all__ = ['Quiz']

FULL_WIDTH = widgets.Layout(width="100%", max_width="40em")
SITUATION_STYLE = "border-left:4px solid #5b6b7a;background:#f3f5f7;padding:0.4em 0.8em;margin:0.3em 0"
ALMOST_STYLE = "color:#8a4b00"  # the site styles correct/incorrect; "almost" is amber, and says so in words
STATEMENT_STYLE = "border-left:4px solid #5b6b7a;padding:0.1em 0.8em;margin:0.3em 0;font-style:italic"


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
        prompt = widgets.HTML(self._prompt_html())
        self.answer_input = self._make_input()
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

    def _prompt_html(self) -> str:
        q, number = self.question, f"<b>{self.number}.</b>"
        if q.type == "scenario":
            ask = escape(q.prompt or t("quiz.what_do_you_do", self.lang))
            return (f"<div class='literasi-prompt literasi-situation' style='{SITUATION_STYLE}'>{number} "
                    f"<b>{escape(t('quiz.situation', self.lang))}:</b> {escape(q.situation)}</div><p><b>{ask}</b></p>")
        if q.type == "true_false":
            return (f"<p class='literasi-prompt'>{number} {escape(t('quiz.true_false_legend', self.lang))}</p>"
                    f"<p class='literasi-statement' style='{STATEMENT_STYLE}'>{escape(q.prompt)}</p>")
        return f"<p class='literasi-prompt'>{number} {escape(q.prompt)}</p>"

    def _make_input(self) -> widgets.Widget:
        q = self.question
        if q.type in ("single", "scenario"):
            return widgets.RadioButtons(options=self._radio_options(), value=None, layout=FULL_WIDTH)
        if q.type == "true_false":
            return widgets.RadioButtons(
                options=[(t("quiz.true", self.lang), True), (t("quiz.false", self.lang), False)], value=None
            )
        if q.type == "multiple":
            self._boxes = {  # option id → its box, in the order shown
                option.id: widgets.Checkbox(description=option.text, value=False, indent=False, layout=FULL_WIDTH)
                for option in option_order(q, self.bank_id, self.seed)
            }
            return widgets.VBox(list(self._boxes.values()))
        if q.type == "matching":
            return self._make_matching()
        box = widgets.Text(placeholder=t("quiz.number_placeholder", self.lang), layout=widgets.Layout(width="12em"))
        self._number_box = box
        if not q.unit:
            return box
        unit = widgets.Label(q.unit, layout=widgets.Layout(margin="0 0.4em"))
        unit.add_class("literasi-unit")
        return widgets.HBox([unit, box] if unit_goes_before(q.unit) else [box, unit],
                            layout=widgets.Layout(align_items="center"))

    def _radio_options(self) -> list[tuple[str, str]]:
        return [(option.text, option.id) for option in option_order(self.question, self.bank_id, self.seed)]

    def _dropdown_choices(self) -> list[tuple[str, str]]:
        return [(t("quiz.match_placeholder", self.lang), ""),
                *((text, choice_id) for choice_id, text in choice_order(self.question, self.bank_id, self.seed))]

    def _make_matching(self) -> widgets.Widget:
        choices = self._dropdown_choices()
        self._dropdowns = {}
        rows = []
        for pair in self.question.pairs:
            dropdown = widgets.Dropdown(options=choices, value="", layout=widgets.Layout(width="100%", max_width="28em"))
            self._dropdowns[pair.id] = dropdown
            label = widgets.HTML(f"<b>{escape(pair.left)}</b>")
            row = widgets.VBox([label, dropdown], layout=widgets.Layout(width="100%", margin="0 0 0.5em 0"))
            row.add_class("literasi-pair")
            rows.append(row)
        container = widgets.VBox(rows, layout=FULL_WIDTH)
        container.add_class("literasi-matching")
        return container

    def response(self) -> object:
        q = self.question
        if q.type in ("single", "scenario", "true_false"):
            return self.answer_input.value
        if q.type == "multiple":
            return [option_id for option_id, box in self._boxes.items() if box.value]
        if q.type == "matching":
            return {pair_id: dropdown.value for pair_id, dropdown in self._dropdowns.items()}
        return self._number_box.value

    def check(self) -> Result:
        result = check_answer(self.question, self.response(), self.lang)
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
        q = self.question
        if q.type in ("single", "scenario"):
            chosen = self.answer_input.value
            with self.answer_input.hold_sync():
                self.answer_input.options = self._radio_options()
                self.answer_input.value = chosen
        elif q.type == "multiple":
            order = option_order(q, self.bank_id, seed)
            self._boxes = {option.id: self._boxes[option.id] for option in order}
            self.answer_input.children = tuple(self._boxes.values())
        elif q.type == "matching":
            choices = self._dropdown_choices()
            for dropdown in self._dropdowns.values():
                chosen = dropdown.value
                with dropdown.hold_sync():
                    dropdown.options = choices
                    dropdown.value = chosen

    def reset(self) -> None:
        """Clear the answer, hints and feedback, for a fresh try at the whole quiz."""
        q = self.question
        if q.type in ("single", "scenario", "true_false"):
            self.answer_input.value = None
        elif q.type == "multiple":
            for box in self._boxes.values():
                box.value = False
        elif q.type == "matching":
            for dropdown in self._dropdowns.values():
                dropdown.value = ""
        else:
            self._number_box.value = ""
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
        self._update_summary()
        super().__init__([title, *self.cards, self.summary, self.restart_button], layout=FULL_WIDTH)
        self.add_class("literasi-quiz")
        follow_seed(self)

    @classmethod
    def from_bank(cls, bank_id: str, lang: str = "id", root: Path | None = None) -> "Quiz":
        return cls(load_bank(bank_id, check_lang(lang), root), lang)

    @classmethod
    def from_file(cls, path: Path | str, lang: str | None = None) -> "Quiz":
        return cls(load_bank_file(path), lang)

    def reorder(self, seed: str) -> None:
        """Show every question's choices in the order of learner ``seed`` (the site's, once it arrives)."""
        for card in self.cards:
            card.reorder(seed)

    def restart(self) -> None:
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
