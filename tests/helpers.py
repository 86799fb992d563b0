"""Helpers that several test modules share (imported as ``from helpers import …``; pytest puts tests/ on the path).

Kept here, not in a test module, so no test module imports another.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import yaml

from literasi.i18n import LANGS
from literasi.widgets.problems import InputProblem

DATA = Path(__file__).resolve().parent.parent / "widgets" / "data"

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
