"""Helpers several test modules share (import them as ``from helpers import …``; pytest puts tests/ on the path).

- ``assert_result_or_sentence``: the body of every "anything typed gives a result or a sentence" property.
- ``broken_data_copy``: a widget data file copied with one change, for "a broken data file is reported by
  name and field" tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

from literasi.widgets.problems import InputProblem

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "widgets" / "data"

Result = TypeVar("Result")


def assert_result_or_sentence(call: Callable[[], Result], lang: str) -> Result | None:
    """``call()``'s result; or, when it refuses what the learner typed (InputProblem), None, after checking that
    the refusal is a sentence in ``lang`` (never a traceback, never an empty message)."""
    try:
        return call()
    except InputProblem as problem:
        message = problem.message(lang)
        assert message.strip() and message.endswith("."), (problem.key, message)
        return None


def broken_data_copy(folder: Path, name: str, change: Callable[[dict], object]) -> Path:
    """``widgets/data/<name>`` copied into ``folder`` under the same name, with ``change(raw)`` applied to its
    parsed YAML first (``change`` edits ``raw`` in place); the copy's path."""
    raw = yaml.safe_load((DATA / name).read_text("utf-8"))
    change(raw)
    path = Path(folder) / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    return path
