"""The WhatsApp account self-check: one set of radio buttons per question, a button, and the steps that matter most
for the learner's own answers, each with why, then what to do if the account has already been taken over."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import SafetyResult, check_account, load_account_data

__all__ = ["AccountSafetyCheck"]

STEP_COLOUR = "#8a4b00"
GOOD_COLOUR = "#1b6e3a"
QUESTION_STYLE = "margin:0.8em 0 0.2em 0"


class AccountSafetyCheck(widgets.VBox):
    """``AccountSafetyCheck(lang="id")``: answer what you can about your own WhatsApp, press the button, read the
    two or three steps that matter most for you.

    ``answers`` (question id → answer id) presets the radio buttons, e.g. for a worked example."""

    def __init__(self, lang: str = "id", answers: dict[str, str] | None = None) -> None:
        self.lang = check_lang(lang)
        data = load_account_data()
        answers = answers or {}
        self.choices: dict[str, widgets.RadioButtons] = {}
        rows = []
        for number, question in enumerate(data.questions, start=1):
            choice = widgets.RadioButtons(
                options=[(option.label[lang], option.id) for option in question.options],
                value=question.option(answers[question.id]).id if question.id in answers else None,
                layout=layout(WIDE))
            choice.add_class("literasi-account-choice")
            choice.observe(lambda _change: self._on_answer(), names="value")
            self.choices[question.id] = choice
            text = widgets.HTML(f"<p style='{QUESTION_STYLE}'><b>{number}.</b> {escape(question.text[lang])}</p>")
            row = widgets.VBox([text, choice], layout=layout(WIDE))
            row.add_class("literasi-account-question")
            row.add_class(f"literasi-account-question-{question.id}")
            rows.append(row)
        self.check_button = widgets.Button(description=t("account.check", lang), button_style="primary",
                                           layout=layout(FIELD, height="auto"))
        self.check_button.add_class("literasi-account-check")
        self.check_button.on_click(lambda _button: self.update())
        self.clear_button = widgets.Button(description=t("account.clear", lang), layout=layout(FIELD, height="auto"))
        self.clear_button.add_class("literasi-account-clear")
        self.clear_button.on_click(lambda _button: self.clear())
        self.result = widgets.HTML()
        self.result.add_class("literasi-result")
        self.result.add_class("literasi-account-result")
        self.sources = widgets.HTML(sources_html(data.sources.values(), lang, note=t("account.private", lang)))
        self.sources.add_class("literasi-account-sources")
        heading = widgets.HTML(f"<h3>{escape(t('account.title', lang))}</h3>"
                               f"<p>{escape(t('account.intro', lang, total=len(data.questions)))}</p>")
        self._shown = False  # after the first press, a changed answer updates the result at once
        super().__init__([heading, *rows, self.check_button, self.result, self.clear_button, self.sources],
                         layout=layout(WIDE))
        self.add_class("literasi-account")
        if answers:
            self.update()

    def chosen(self) -> dict[str, str | None]:
        return {question_id: choice.value for question_id, choice in self.choices.items()}

    def _on_answer(self) -> None:
        if self._shown:
            self.update()

    def update(self) -> SafetyResult | None:
        """Show the steps for the answers given so far (or the sentence asking for one)."""
        self._shown = True
        try:
            result = check_account(self.chosen())
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang), mark=False)
            return None
        self.result.value = render_result(result, self.lang)
        return result

    def clear(self) -> None:
        """Every answer back to none, and no result."""
        self._shown = False
        for choice in self.choices.values():
            choice.value = None
        self.result.value = ""


def _steps_html(result: SafetyResult, lang: str) -> str:
    items = "".join(
        f"<li class='literasi-account-step literasi-account-step-{step.id}' style='margin-bottom:0.6em'>"
        f"<b>{escape(step.title[lang])}</b><br>"
        f"<span>{escape(t('account.why', lang))} {escape(step.why[lang])}</span></li>"
        for step in result.steps)
    key = "account.steps_one" if len(result.steps) == 1 else "account.steps_many"
    parts = [f"<p class='literasi-account-verdict' role='status' style='border-left:4px solid {STEP_COLOUR};"
             f"padding-left:0.6em'><b>{escape(t(key, lang, count=len(result.steps)))}</b></p>",
             f"<ol class='literasi-account-steps' style='padding-left:1.4em'>{items}</ol>"]
    if result.later:
        later = "".join(f"<li>{escape(step.title[lang])}</li>" for step in result.later)
        parts.append(f"<div class='literasi-account-later'><p style='margin-bottom:0.2em'>"
                     f"{escape(t('account.later', lang))}</p><ul style='margin-top:0'>{later}</ul></div>")
    return "".join(parts)


def render_result(result: SafetyResult, lang: str) -> str:
    """The steps (or the all-good sentence), a note when questions were left open, then "if it already happened"."""
    parts = []
    if not result.complete:
        parts.append(f"<p class='literasi-account-partial'>"
                     f"{escape(t('account.partial', lang, answered=result.answered, total=result.total))}</p>")
    if result.all_good:
        parts.append(f"<p class='literasi-account-verdict literasi-account-good' role='status' "
                     f"style='border-left:4px solid {GOOD_COLOUR};padding-left:0.6em'>"
                     f"<b>{escape(t('account.all_good', lang))}</b></p>")
    else:
        parts.append(_steps_html(result, lang))
    happened = "".join(f"<li>{escape(item.text[lang])}</li>" for item in result.if_it_happened)
    parts.append(f"<div class='literasi-account-happened'><p style='margin-bottom:0.2em'>"
                 f"<b>{escape(t('account.if_it_happened', lang))}</b></p>"
                 f"<ol style='margin-top:0;padding-left:1.4em'>{happened}</ol></div>")
    return "".join(parts)
