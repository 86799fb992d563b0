"""A learner's bad input, described as a sentence in their language instead of a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from literasi.i18n import t_params

from .money import NotANumber, parse_number


class InputProblem(ValueError):
    """Something the learner typed cannot be used; ``message(lang)`` says why and what to do."""

    def __init__(self, key: str, **params: object) -> None:
        """``params`` fill the sentence; a callable one is called with the language (to format money)."""
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return t_params(self.key, lang, self.params)


def typed_number(text: str, lang: str, problem: str, **params: object) -> Decimal:
    """The number a learner typed in their language's notation; ``InputProblem(problem, **params)`` if it is none."""
    try:
        return parse_number(text, lang)
    except NotANumber:
        raise InputProblem(problem, **params) from None


class Level(str, Enum):
    """How serious a checker's finding is. The same four levels for every checker; how a level looks (its
    mark, colour, CSS class) is each widget's own table (the link inspector's ``LEVEL_LOOK``, the sticker
    checker's ``LEVEL_LOOK``)."""

    DANGER = "danger"
    CAUTION = "caution"
    INFO = "info"
    OK = "ok"


@dataclass(frozen=True)
class Finding:
    """One thing a checker wants the learner to notice, as a sentence (``key`` and ``params`` in the string
    table); ``level`` is how serious it is."""

    level: Level
    key: str
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str) -> str:
        return t_params(self.key, lang, self.params)
