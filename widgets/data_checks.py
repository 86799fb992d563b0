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
from pydantic import BaseModel, ValidationError

import literasi.widgets as package
from literasi.yaml_files import field_path


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


def read_data_model(path: Path, model: type[BaseModel], label: str | None = None,
                    error: type[DataFileError] = DataFileError) -> BaseModel:
    """Parse and validate one data file against ``model``; problems raise ``error`` naming the file (as
    ``label``) and each bad field. Sources are keyed by FACTS id in the file; ``Source`` carries that id as
    ``fact``."""
    name = label or str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text("utf-8"))
    except OSError as problem:
        raise error(f"{name}: cannot be read ({problem.strerror})") from None
    except yaml.YAMLError as problem:
        raise error(f"{name}: not valid YAML ({problem})") from None
    if isinstance(raw, dict) and isinstance(raw.get("sources"), dict):
        raw = {**raw, "sources": {fact: {"fact": fact, **entry} if isinstance(entry, dict) else entry
                                  for fact, entry in raw["sources"].items()}}
    try:
        return model.model_validate(raw)
    except ValidationError as problem:
        raise error("\n".join(f"{name}: {field_path(e['loc'])}: {e['msg']}" for e in problem.errors())) from None


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
