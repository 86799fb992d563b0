"""Every widget data file's validation, for ``literasi check``, and the one way data cites its sources.

A widget module whose behaviour comes from a data file defines ``check_data() -> list[str]``
(problems, each naming the file); this module finds and runs them all.

Data files and question banks cite facts by id only: ``sources: [F-QRIS-04, F-QRIS-07]``. The facts
themselves (statement, sources, dates) live in the project's facts registry (``facts/*.yml``, found from
the project root like lessons and banks); ``fact_sources`` resolves a file's ids there.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

import literasi.widgets as package
from literasi.facts import Fact, FactsError, load_facts
from literasi.paths import ContentNotFound
from literasi.yaml_files import field_path

Model = TypeVar("Model", bound=BaseModel)


class DataFileError(ValueError):
    """A widget data file is missing or breaks its rules; the message names the file (and the field)."""


# The project whose registry ``fact_sources`` reads when no root is given: set by ``literasi check --root``;
# otherwise the project found from the working directory or LITERASI_ROOT (as lessons and banks are).
_FACTS_ROOT: ContextVar[Path | None] = ContextVar("facts_root", default=None)


@contextmanager
def facts_root(root: Path) -> Iterator[None]:
    """Within this block, data files and banks resolve their fact ids in ``root``'s ``facts/*.yml``."""
    token = _FACTS_ROOT.set(Path(root))
    try:
        yield
    finally:
        _FACTS_ROOT.reset(token)


def fact_sources(ids: object, where: str, error: type[Exception] = DataFileError,
                 root: Path | None = None) -> dict[str, Fact]:
    """A data file's (or bank's) ``sources:``, a list of fact ids, as the registry's facts in file order.

    ``where`` names the file and the field (``widgets/data/qris.yml: sources``); anything but a list of
    fact ids, an id that repeats or an id that is not in ``facts/*.yml`` raises ``error`` naming it.
    """
    if not isinstance(ids, list) or not all(isinstance(fact, str) for fact in ids):
        raise error(f"{where}: expected a list of fact ids (F-QRIS-04, …); a fact's sources live in facts/*.yml")
    repeated = sorted({fact for fact in ids if ids.count(fact) > 1})
    if repeated:
        raise error(f"{where}: fact ids repeat: {', '.join(repeated)}")
    try:
        registry = load_facts(root or _FACTS_ROOT.get())
    except (FactsError, ContentNotFound) as problem:
        raise error(f"{where}: the facts registry (facts/*.yml) cannot be read: {problem}") from None
    unknown = [fact for fact in ids if fact not in registry]
    if unknown:
        raise error(f"{where}: {', '.join(unknown)} not in the facts registry (facts/*.yml)")
    return {fact: registry[fact] for fact in ids}


def check_cited(cited: object, sources: object, where: str, error: type[Exception] = DataFileError) -> None:
    """Every fact id in ``cited`` is one of the file's ``sources`` (which its source list shows)."""
    missing = sorted(set(cited) - set(sources))
    if missing:
        raise error(f"{where}: cites {', '.join(missing)}, which the file's sources do not list")


def data_text(folder: Path | None, name: str) -> str:
    """A data file's text: the packaged ``widgets/data/<name>``, or the copy in ``folder`` (checks, tests)."""
    if folder is None:
        return resources.files("literasi.widgets").joinpath("data", name).read_text("utf-8")
    return (Path(folder) / name).read_text("utf-8")


def data_file(folder: Path | None, name: str) -> Path:
    """Where a data file is: the packaged ``widgets/data/<name>``, or the copy in ``folder`` (checks, tests)."""
    if folder is None:
        return Path(str(resources.files("literasi.widgets").joinpath("data", name)))
    return Path(folder) / name


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


def read_data_model(path: Path, model: type[Model], label: str | None = None,
                    error: type[DataFileError] = DataFileError) -> Model:
    """Parse and validate one data file against ``model``; problems raise ``error`` naming the file (as
    ``label``) and each bad field. The file's ``sources`` (fact ids) reach the model as the registry's facts
    by id (``dict[str, Fact]``)."""
    name = label or str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text("utf-8"))
    except OSError as problem:
        raise error(f"{name}: cannot be read ({problem.strerror})") from None
    except yaml.YAMLError as problem:
        raise error(f"{name}: not valid YAML ({problem})") from None
    if isinstance(raw, dict) and "sources" in raw:
        raw = {**raw, "sources": fact_sources(raw["sources"], f"{name}: sources", error)}
    try:
        return model.model_validate(raw)
    except ValidationError as problem:
        raise error("\n".join(_problem_line(name, e) for e in problem.errors())) from None


def _problem_line(name: str, problem: ErrorDetails) -> str:
    """``file: path.to[0].field: what``; a check of the whole file (a model validator, whose message names its
    own fields) has no path of its own. pydantic's "Value error, " before a validator's sentence is dropped."""
    message = problem["msg"].removeprefix("Value error, ")
    return f"{name}: {field_path(problem['loc'])}: {message}" if problem["loc"] else f"{name}: {message}"


def read_problems(*reads) -> list[str]:
    """Run each reader of a module's data files; what a broken or missing file raised, as sentences: one per
    line of the error (read_data_model gives each bad field its own line, ``file: field: what``)."""
    problems = []
    for read in reads:
        try:
            read()
        except (DataFileError, OSError) as error:
            problems += str(error).splitlines()
    return problems


def data_file_problems() -> list[str]:
    """Every widget module's ``check_data()`` (in the topic subpackages too), run in name order."""
    problems: list[str] = []
    prefix = f"{package.__name__}."
    infos = pkgutil.walk_packages(package.__path__, prefix)
    for name in sorted(info.name for info in infos if not info.ispkg):
        if name == __name__:
            continue
        check = getattr(importlib.import_module(name), "check_data", None)
        if callable(check):
            problems += check()
    return problems
