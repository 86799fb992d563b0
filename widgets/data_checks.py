"""Every widget data file's validation, for ``literasi check``.

A widget module whose behaviour comes from a data file defines ``check_data() -> list[str]``
(problems, each naming the file); this module finds and runs them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib import resources
from pathlib import Path

import yaml

import literasi.widgets as package


class DataFileError(ValueError):
    """A widget data file is missing or breaks its rules; the message names the file (and the field)."""


def data_text(folder: Path | None, name: str) -> str:
    """A data file's text: the packaged ``widgets/data/<name>``, or the copy in ``folder`` (checks, tests)."""
    if folder is None:
        return resources.files("literasi.widgets").joinpath("data", name).read_text("utf-8")
    return (Path(folder) / name).read_text("utf-8")


def load_data_yaml(folder: Path | None, name: str, error: type[DataFileError] = DataFileError) -> object:
    """A data file parsed; malformed YAML raises ``error`` naming ``widgets/data/<name>``."""
    try:
        return yaml.safe_load(data_text(folder, name))
    except yaml.YAMLError as problem:
        raise error(f"widgets/data/{name}: not valid YAML ({problem})") from None


def load_data_mapping(folder: Path | None, name: str, error: type[DataFileError] = DataFileError) -> dict:
    """``load_data_yaml`` for a file whose top level must be a mapping."""
    raw = load_data_yaml(folder, name, error)
    if not isinstance(raw, dict):
        raise error(f"widgets/data/{name}: expected a mapping at the top level")
    return raw


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
