"""Question banks: YAML files validated against one JSON Schema, parsed once into typed questions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema

from literasi.paths import banks_dir, project_root
from literasi.yaml_files import field_path, read_yaml


class BankError(ValueError):
    """A question bank is missing or invalid; the message names the file and the field."""


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # "single" | "multiple" | "numeric"
    prompt: str
    hint: str
    explanation: str
    options: tuple[Option, ...] = ()
    answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    unit: str = ""
    facts: tuple[str, ...] = ()

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)


@dataclass(frozen=True)
class Bank:
    id: str
    lang: str
    title: str
    questions: tuple[Question, ...]


@lru_cache(maxsize=1)
def bank_schema() -> dict:
    return json.loads(resources.files("literasi.widgets").joinpath("data", "quiz_bank.schema.json").read_text("utf-8"))


def validate_bank_data(data: object, source: str) -> list[str]:
    """Every problem in a parsed bank, each naming the file and the field; empty when it is valid."""
    validator = jsonschema.Draft202012Validator(bank_schema())
    problems = [
        f"{source}: {field_path(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    seen: set[str] = set()
    for index, question in enumerate(data["questions"]):
        where = f"{source}: questions[{index}]"
        if question["id"] in seen:
            problems.append(f"{where}.id: duplicate question id {question['id']!r}")
        seen.add(question["id"])
        options = question.get("options", [])
        ids = [option["id"] for option in options]
        if len(ids) != len(set(ids)):
            problems.append(f"{where}.options: option ids repeat: {ids}")
        correct = sum(option["correct"] for option in options)
        if question["type"] == "single" and correct != 1:
            problems.append(f"{where}.options: a single-choice question needs exactly one correct option, has {correct}")
        if question["type"] == "multiple" and correct < 1:
            problems.append(f"{where}.options: a multiple-choice question needs at least one correct option")
    return problems


def parse_bank(data: dict) -> Bank:
    questions = tuple(
        Question(
            id=q["id"],
            type=q["type"],
            prompt=q["prompt"],
            hint=q["hint"],
            explanation=q["explanation"],
            options=tuple(Option(**option) for option in q.get("options", [])),
            answer=Decimal(str(q["answer"])) if "answer" in q else None,
            tolerance=Decimal(str(q.get("tolerance", 0))),
            unit=q.get("unit", ""),
            facts=tuple(q.get("facts", [])),
        )
        for q in data["questions"]
    )
    return Bank(id=data["id"], lang=data["lang"], title=data["title"], questions=questions)


def load_bank_file(path: Path | str) -> Bank:
    path = Path(path)
    data = read_yaml(path, BankError)
    problems = validate_bank_data(data, str(path))
    if problems:
        raise BankError("\n".join(problems))
    return parse_bank(data)


def bank_path(bank_id: str, lang: str, root: Path | None = None) -> Path:
    return banks_dir(root or project_root(), lang) / f"{bank_id}.yml"


def load_bank(bank_id: str, lang: str, root: Path | None = None) -> Bank:
    path = bank_path(bank_id, lang, root)
    bank = load_bank_file(path)
    if bank.id != bank_id or bank.lang != lang:
        raise BankError(f"{path}: declares id={bank.id!r}, lang={bank.lang!r}; expected {bank_id!r}, {lang!r}")
    return bank
