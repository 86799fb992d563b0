"""Helpers that several test modules share (imported as ``from helpers import …``; pytest puts tests/ on the path).

Kept here, not in a test module, so no test module imports another.

- ``assert_result_or_sentence``: the body of every "anything typed gives a result or a sentence" property.
- ``assert_broken_data_reported``, ``broken_data_copy``: a widget data file copied with one change, for
  "a broken data file is reported by name and field" tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import yaml

from literasi.i18n import LANGS
from literasi.widgets.problems import InputProblem

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "widgets" / "data"

Result = TypeVar("Result")


def assert_result_or_sentence(call: Callable[[], Result], lang: str) -> Result | None:
    """Whatever a learner typed either gives a result (returned) or an ``InputProblem`` (``None`` returned)
    whose message is a sentence: in ``lang``, and in every other language of the string table too."""
    try:
        return call()
    except InputProblem as problem:
        for language in dict.fromkeys([lang, *LANGS]):
            message = problem.message(language)
            assert message.strip() and message.endswith("."), (problem.key, language, message)
        return None


def assert_broken_data_reported(check_data: Callable[[Path], list[str]], folder: Path, files: Iterable[str],
                                file: str, breakage: Callable[[object], object], expected: str) -> None:
    """A data file broken by ``breakage`` is reported by name: ``files`` (a module's data files) are copied
    from widgets/data into ``folder``, ``file`` is parsed, changed in place by ``breakage`` and written back;
    ``check_data(folder)`` must then report the problem, and only problems that name ``file``; one of
    them says ``expected``."""
    for name in files:
        shutil.copy(DATA / name, folder / name)
    raw = yaml.safe_load((folder / file).read_text("utf-8"))
    breakage(raw)
    (folder / file).write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    problems = check_data(folder)
    assert problems and all(problem.startswith(f"widgets/data/{file}: ") for problem in problems), problems
    assert any(expected in problem for problem in problems), problems


def broken_data_copy(folder: Path, name: str, change: Callable[[dict], object]) -> Path:
    """``widgets/data/<name>`` copied into ``folder`` under the same name, with ``change(raw)`` applied to its
    parsed YAML first (``change`` edits ``raw`` in place); the copy's path."""
    raw = yaml.safe_load((DATA / name).read_text("utf-8"))
    change(raw)
    path = Path(folder) / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    return path
