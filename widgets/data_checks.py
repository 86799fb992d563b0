"""Every widget data file's validation, for ``literasi check``.

A widget module whose behaviour comes from a data file defines ``check_data() -> list[str]``
(problems, each naming the file); this module finds and runs them all.
"""

from __future__ import annotations

import importlib
import pkgutil

import literasi.widgets as package


class DataFileError(ValueError):
    """A widget data file is missing or breaks its rules; the message names the file (and the field)."""


def read_problems(*reads) -> list[str]:
    """Run each reader of a module's data files; what a broken or missing file raised, as sentences."""
    problems = []
    for read in reads:
        try:
            read()
        except (DataFileError, OSError) as error:
            problems.append(str(error))
    return problems


def data_file_problems() -> list[str]:
    problems: list[str] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name == "data_checks":
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        check = getattr(module, "check_data", None)
        if callable(check):
            problems += check()
    return problems
