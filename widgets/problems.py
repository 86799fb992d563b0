"""A learner's bad input, described as a sentence in their language instead of a traceback."""

from __future__ import annotations

from literasi.i18n import t


class InputProblem(ValueError):
    """Something the learner typed cannot be used; ``message(lang)`` says why and what to do."""

    def __init__(self, key: str, **params: object) -> None:
        """``params`` fill the sentence; a callable one is called with the language (to format money)."""
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        values = {name: value(lang) if callable(value) else value for name, value in self.params.items()}
        return t(self.key, lang, **values)
