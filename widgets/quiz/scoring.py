"""What checking an answer gives: distinct outcomes, feedback that says why, and the quiz's running score.

Every question type's ``check(response, lang)`` (``quiz.questions``) returns a ``Result`` and never raises for
anything a learner (or a buggy caller) passes as the response: an odd value is an ``INVALID`` outcome with a
sentence saying what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from literasi.i18n import t


class Outcome(str, Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"
    INVALID = "invalid"  # e.g. words typed into a number question


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    feedback: tuple[str, ...] = field(default_factory=tuple)  # why, per chosen option, pair or for the number
    partly: bool = False  # incorrect, but on the right track (some right choices, a good but not best action)

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.CORRECT


def is_empty(response: object) -> bool:
    """Nothing chosen or typed: ``None``, or an empty text or collection."""
    return response is None or (isinstance(response, str | Mapping | list | tuple | set | frozenset) and not response)


def unknown_choice(lang: str) -> Result:
    """The answer to a response that names no choice the question has."""
    return Result(Outcome.INVALID, (t("quiz.unknown_choice", lang),))


@dataclass
class Scoreboard:
    """The latest checked outcome of each question in a quiz: a retry replaces the earlier try."""

    total: int
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def record(self, question_id: str, result: Result) -> None:
        if result.outcome in (Outcome.CORRECT, Outcome.INCORRECT):
            self.outcomes[question_id] = result.outcome

    def reset(self) -> None:
        self.outcomes.clear()

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(outcome is Outcome.CORRECT for outcome in self.outcomes.values())

    @property
    def to_review(self) -> list[str]:
        """Question ids whose latest checked answer was not right."""
        return [question_id for question_id, outcome in self.outcomes.items() if outcome is Outcome.INCORRECT]
