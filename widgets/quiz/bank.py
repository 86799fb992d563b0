"""Question banks: a YAML file validated once, by the question models, into typed questions.

A bank (``lessons/banks/<lang>/<id>.yml``) has an id, a language, a title, optionally ``sources`` (the fact
ids its questions cite) and its questions, each of one of the types in ``quiz.questions``. Every problem in
a bank is reported as ``file: questions[2].options: what is wrong`` (the manifest's way), all at once.

Any question may say ``shuffle: false``: its options are then shown in file order instead of an order
shuffled per learner (``quiz.order``), where the order carries meaning ("all of the above", a scale).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, WithJsonSchema, model_validator

from literasi.curriculum import Strict
from literasi.facts import FACT_ID_PATTERN, Fact
from literasi.paths import banks_dir, project_root
from literasi.yaml_files import field_path, read_yaml

from ..data_checks import fact_sources, find_by_id
from .questions import QUESTION_TYPES, Question
from .questions.base import SlugId, Text


class BankError(ValueError):
    """A question bank is missing or invalid; the message names the file and the field."""


Sources = Annotated[dict[str, Fact] | None, WithJsonSchema({
    "description": "Optional, for a bank that is not part of a lesson (whose notebook lists its sources): the fact "
                   "ids its questions cite; each fact's sources live in the facts registry (facts/*.yml).",
    "type": "array", "items": {"type": "string", "pattern": FACT_ID_PATTERN}, "uniqueItems": True,
})]


class Bank(Strict):
    """Literasi question bank. Question types: see each type's description. Rules a schema cannot say (exactly
    one correct option, unique pairs, at most one best action) are checked when a bank is loaded."""

    id: SlugId
    lang: Literal["id", "en"]
    title: Text
    # fact id → the registry's fact; in the file, a list of fact ids (resolved before validation)
    sources: Sources = None
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_and_facts(self) -> Bank:
        problems, seen = [], set()
        for index, question in enumerate(self.questions):
            if question.id in seen:
                problems.append(f"questions[{index}].id: duplicate question id {question.id!r}")
            seen.add(question.id)
            if self.sources is not None:
                problems += [f"questions[{index}].facts: {fact} is not in the bank's sources"
                             for fact in question.facts if fact not in self.sources]
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def question(self, question_id: str) -> Question:
        return find_by_id(self.questions, question_id)


def _field(loc: tuple, error_type: str) -> str:
    """The path of a bad field as a bank author wrote it: without the question type pydantic puts in the
    path of a question's field, and at ``type`` when the type itself is unknown or missing."""
    parts = [part for index, part in enumerate(loc)
             if not (part in QUESTION_TYPES and index and isinstance(loc[index - 1], int))]
    if error_type in ("union_tag_invalid", "union_tag_not_found"):
        parts.append("type")
    return field_path(parts) if parts else ""


def _problems(error: ValidationError, source: str) -> list[str]:
    problems = []
    for detail in error.errors(include_url=False):
        path = _field(detail["loc"], detail["type"])
        # A rule of ours (a ValueError in a validator) reads as we wrote it, without pydantic's "Value error, ".
        message = str(detail["ctx"]["error"]) if detail["type"] == "value_error" else detail["msg"]
        problems += [f"{source}: {path}: {line}" if path else f"{source}: {line}" for line in message.splitlines()]
    return problems


def _validate(data: object, source: str) -> tuple[Bank | None, list[str]]:
    problems = []
    if isinstance(data, dict) and "sources" in data:  # fact ids → the registry's facts, as data files do
        try:
            data = {**data, "sources": fact_sources(data["sources"], f"{source}: sources", BankError)}
        except BankError as error:
            problems.append(str(error))
            data = {key: value for key, value in data.items() if key != "sources"}
    try:
        bank = Bank.model_validate(data)
    except ValidationError as error:
        return None, problems + _problems(error, source)
    return (None if problems else bank), problems


def validate_bank_data(data: object, source: str) -> list[str]:
    """Every problem in a parsed bank file, each naming ``source`` and the field; empty when it is valid."""
    return _validate(data, source)[1]


def parse_bank(data: object, source: str) -> Bank:
    """A parsed bank file as typed questions; BankError lists every problem."""
    bank, problems = _validate(data, source)
    if bank is None:
        raise BankError("\n".join(problems))
    return bank


def load_bank_file(path: Path | str) -> Bank:
    path = Path(path)
    return parse_bank(read_yaml(path, BankError), str(path))


def bank_path(bank_id: str, lang: str, root: Path | None = None) -> Path:
    return banks_dir(root or project_root(), lang) / f"{bank_id}.yml"


def load_bank(bank_id: str, lang: str, root: Path | None = None) -> Bank:
    path = bank_path(bank_id, lang, root)
    bank = load_bank_file(path)
    if bank.id != bank_id or bank.lang != lang:
        raise BankError(f"{path}: declares id={bank.id!r}, lang={bank.lang!r}; expected {bank_id!r}, {lang!r}")
    return bank


# Banks read by lesson quizzes (``shared_bank``): path → (the file's identity when read, the bank). A bank is
# frozen, so one read serves every quiz of the process and, read in the site's zygote before it forks, every
# learner kernel (literasi/site/zygote.py); a file that changed since is read again.
_SHARED: dict[Path, tuple[tuple[int, int, int], Bank]] = {}


def _identity(path: Path) -> tuple[int, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0, 0)  # missing: load_bank_file says so
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def shared_bank(bank_id: str, lang: str, root: Path | None = None) -> Bank:
    """``load_bank``, read once per process (again when its file changed): what a lesson's quiz shows. Checks
    and printouts read with ``load_bank`` (a fact removed from the registry must show up there at once)."""
    path = bank_path(bank_id, lang, root)
    identity = _identity(path)
    known = _SHARED.get(path)
    if known is not None and known[0] == identity:
        return known[1]
    bank = load_bank(bank_id, lang, root)
    _SHARED[path] = (identity, bank)
    return bank


def forget_shared_banks() -> None:
    """Read every bank afresh at its next ``shared_bank``."""
    _SHARED.clear()
