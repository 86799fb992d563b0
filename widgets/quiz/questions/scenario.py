"""``scenario``: a short situation and "what do you do?"; each action is rated best, good or poor."""

from __future__ import annotations

from html import escape
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from literasi.curriculum import Strict
from literasi.i18n import t

from ..scoring import Outcome, Result
from .base import ChoiceId, Sheet, Text
from .choice import OneChoice, repeated_ids

SITUATION_STYLE = "border-left:4px solid #5b6b7a;background:#f3f5f7;padding:0.4em 0.8em;margin:0.3em 0"


class Action(Strict):
    """One thing the learner could do, rated ``best``, ``good`` (safe, but not the best) or ``poor``."""

    id: ChoiceId
    text: Text
    verdict: Literal["best", "good", "poor"]
    feedback: Text


class Scenario(OneChoice):
    """Scenario: a ``situation`` and ``actions``. With a best action only that one is right (a good one is
    "almost"); without one, every good action is right. The prompt defaults to "What do you do?"."""

    empty_key: ClassVar[str] = "quiz.choose_action"
    instruction_key: ClassVar[str] = "cetak.choose_action"

    type: Literal["scenario"] = "scenario"
    prompt: Text = ""
    situation: Text
    actions: tuple[Action, ...] = Field(min_length=2)

    @field_validator("actions")
    @classmethod
    def _rated(cls, actions: tuple[Action, ...]) -> tuple[Action, ...]:
        repeated_ids(actions, "action")
        verdicts = [action.verdict for action in actions]
        if verdicts.count("best") > 1:
            raise ValueError(f"a scenario may have at most one best action, has {verdicts.count('best')}")
        if "best" not in verdicts and "good" not in verdicts:
            raise ValueError("a scenario needs at least one best or good action")
        return actions

    @property
    def choices(self) -> tuple[Action, ...]:
        return self.actions

    @property
    def correct_ids(self) -> frozenset[str]:
        winning = "best" if any(action.verdict == "best" for action in self.actions) else "good"
        return frozenset(action.id for action in self.actions if action.verdict == winning)

    def judge(self, action: Action, lang: str) -> Result:
        if action.id not in self.correct_ids and action.verdict == "good":  # safe, but the bank names a better one
            return Result(Outcome.INCORRECT, (action.feedback, t("quiz.better_action", lang)), partly=True)
        return super().judge(action, lang)

    def ask(self, lang: str) -> str:
        return self.prompt or t("quiz.what_do_you_do", lang)

    def prompt_html(self, number: int, lang: str) -> str:
        return (f"<div class='literasi-prompt literasi-situation' style='{SITUATION_STYLE}'><b>{number}.</b> "
                f"<b>{escape(t('quiz.situation', lang))}:</b> {escape(self.situation)}</div>"
                f"<p><b>{escape(self.ask(lang))}</b></p>")

    def print_prompt(self, sheet: Sheet, lang: str) -> None:
        sheet.prompt(f"**{t('quiz.situation', lang)}:** {self.situation}", statement=self.ask(lang))

    def answer_shape(self) -> tuple:
        return tuple((action.id, action.verdict) for action in self.actions)
