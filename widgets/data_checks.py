"""Every widget data file's validation, for ``literasi check``, and the one way data is read and cites its sources.

A data file is read one way: ``read_data_model(path, Model, label, error)`` validates it against a pydantic
model (``Strict``: no unknown keys, frozen; ``Localized`` for every ``{id, en}`` text; ``CitingData`` at the top
when it has ``sources``), and every problem raises ``error`` naming the file and the field path
(``widgets/data/qris.yml: merchant_categories[1].facts: …``), also for a rule across fields
(``raise_field_problems``). Anything else a loader raises is a bug and surfaces as one.

A widget module whose behaviour comes from a data file defines ``check_data() -> list[str]``
(problems, each naming the file); this module finds and runs them all.

Data files and question banks cite facts by id only: ``sources: [F-QRIS-04, F-QRIS-07]``. The facts
themselves (statement, sources, dates) live in the project's facts registry (``facts/*.yml``, found from
the project root like lessons and banks); ``fact_sources`` resolves a file's ids there.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Annotated, Generic, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError, model_validator
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

import literasi.widgets as package
from literasi.curriculum import Strict
from literasi.facts import Fact, FactsError, load_facts
from literasi.paths import ContentNotFound
from literasi.yaml_files import field_path, parse_yaml

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


def read_data_model(path: Path, model: type[Model], label: str | None = None,
                    error: type[DataFileError] = DataFileError) -> Model:
    """Parse and validate one data file against ``model``; problems raise ``error`` naming the file (as
    ``label``) and each bad field. The file's ``sources`` (fact ids) reach the model as the registry's facts
    by id (``dict[str, Fact]``)."""
    name = label or str(path)
    try:
        raw = parse_yaml(Path(path).read_text("utf-8"))
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


def data_path(name: str, folder: Path | None = None) -> Path:
    """Where data file ``name`` is: the packaged ``widgets/data/<name>``, or its copy in ``folder`` (checks, tests)."""
    if folder is not None:
        return Path(folder) / name
    return Path(str(resources.files("literasi.widgets").joinpath("data", name)))



class DataFile(Generic[Model]):
    """One widget data file, ``widgets/data/<name>``, read into ``model``; problems raise ``error``.

    A topic's core declares it once (``DATA = DataFile("qris.yml", QrisRules, DataError)``) and exports
    ``DATA.read`` (a copy at a path: tests, checks), ``DATA.load`` (the packaged file, read once) and
    ``DATA.problems`` (its ``check_data`` for ``literasi check``)."""

    def __init__(self, name: str, model: type[Model], error: type[DataFileError] = DataFileError) -> None:
        self.name, self.model, self.error = name, model, error
        self.label = f"widgets/data/{name}"
        self._loaded: Model | None = None

    def read(self, path: Path | None = None, label: str | None = None) -> Model:
        """The file at ``path`` (named ``label``, else its path, in problems), or the packaged one."""
        if path is None:
            return read_data_model(self.packaged_path(), self.model, label or self.label, self.error)
        return read_data_model(path, self.model, label, self.error)

    def packaged_path(self) -> Path:
        return data_path(self.name)

    def load(self) -> Model:
        """The packaged file, read and validated once per process."""
        if self._loaded is None:
            self._loaded = self.read()
        return self._loaded

    def forget(self) -> None:
        """Read the packaged file afresh at the next ``load``."""
        self._loaded = None

    def problems(self, path: Path | None = None) -> list[str]:
        """What is wrong with the packaged file (or the copy at ``path``), one line per bad field."""
        return read_problems(lambda: self.read(path))

# --- Rules that span fields, reported at the field they are about -------------------------------------------

FieldProblem = tuple[tuple[str | int, ...], str]  # (path to the field, what is wrong with it)


def raise_field_problems(model: str, problems: Iterable[FieldProblem]) -> None:
    """Raise what a model validator found (a rule across fields: an id that must exist elsewhere in the file,
    a range, a repeat) as a ValidationError located at each field, so ``read_data_model`` names the field path
    (``ideas[0].expected: …``) as it does for a field of the wrong type. Nothing to raise: returns."""
    details = [InitErrorDetails(type=PydanticCustomError("data_rule", "{rule}", {"rule": message}), loc=loc,
                                input=None) for loc, message in problems]
    if details:
        raise ValidationError.from_exception_data(model, details)


def repeated_ids(loc: tuple, items: Iterable) -> list[FieldProblem]:
    """The problem to raise (see :func:`raise_field_problems`) when the ``id`` of ``items`` repeat, at ``loc``;
    none when every id is unique."""
    repeated = repeats(item.id for item in items)
    return [(loc, f"ids repeat: {', '.join(repeated)}")] if repeated else []


def find_by_id(items: Iterable, item_id: str):
    """The item of ``items`` whose ``id`` is ``item_id``; ``KeyError(item_id)`` if there is none."""
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def repeats(values: Iterable[object]) -> list:
    """The values that occur more than once, each once, sorted."""
    values = list(values)
    return sorted({value for value in values if values.count(value) > 1}, key=str)


class _Cites:
    """Marks a model field whose value holds fact ids (one, a list, or a mapping's values)."""

    def __repr__(self) -> str:
        return "CITES"


CITES = _Cites()
FactId = Annotated[str, CITES]
FactIds = Annotated[tuple[str, ...], CITES]  # e.g. ``facts: FactIds = Field(min_length=1)``


def _cites(metadata: list, annotation: object) -> bool:
    """Whether a field is marked CITES (``FactIds``, or ``FactId | None`` where the mark sits inside the union)."""
    return CITES in metadata or any(CITES in getattr(arg, "__metadata__", ()) for arg in get_args(annotation))


def _cited(value: object, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], list[str]]]:
    """Every field marked CITES under ``value``, with its path and the fact ids it holds."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            field = getattr(value, name)
            key = info.alias or name
            if _cites(info.metadata, info.annotation):
                ids = field.values() if isinstance(field, dict) else [field] if isinstance(field, str) else field
                yield (*loc, key), [fact for fact in ids or () if fact is not None]
            elif not isinstance(field, Fact):
                yield from _cited(field, (*loc, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _cited(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _cited(item, (*loc, key))


class CitingData(Strict):
    """A data file's top level: ``sources`` (the fact ids its source list shows, resolved in the facts registry
    by ``read_data_model``), and every field marked ``FactId``/``FactIds`` anywhere in the file cites only
    those."""

    sources: dict[str, Fact]

    @model_validator(mode="after")
    def _cites_only_its_sources(self):
        raise_field_problems(type(self).__name__, (
            (loc, f"cites {', '.join(missing)}, which the file's sources do not list")
            for loc, ids in _cited(self, ()) if (missing := [fact for fact in ids if fact not in self.sources])))
        return self


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
