"""Question banks: YAML files validated against one JSON Schema, parsed once into typed questions.

Six question types share one bank format (``widgets/data/quiz_bank.schema.json``):

- ``single`` and ``multiple``: options, each with its own feedback saying why;
- ``true_false``: a statement, its ``answer`` and the feedback for answering true or false;
- ``numeric``: an ``answer`` with a ``tolerance`` and optionally a ``unit`` (plus ``unit_aliases``
  the learner may type, e.g. ``rupiah`` for ``Rp``);
- ``matching``: ``pairs`` of a left item and its right item (plus wrong ``distractors``); the learner
  picks the right item for each left item from a dropdown;
- ``scenario``: a short ``situation`` and ``actions``, each rated ``best``, ``good`` or ``poor``
  with feedback explaining why.

Any question may say ``shuffle: false``: its options are then shown in file order instead of an order
shuffled per learner (``quiz_order``), where the order carries meaning ("all of the above", a scale).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
from literasi.facts import Fact
from literasi.paths import banks_dir, project_root
from literasi.yaml_files import field_path, read_yaml

from ..data_checks import fact_sources

QUESTION_TYPES = ("single", "multiple", "true_false", "numeric", "matching", "scenario")
SCHEMA_FILE = "widgets/data/quiz_bank.schema.json"
# Right-hand choices of a matching question that belong to no pair get ids no pair id can have
# (pair ids are slugs), so a learner's choice can never be mistaken for a pair.
DISTRACTOR_PREFIX = "~"


class BankError(ValueError):
    """A question bank is missing or invalid; the message names the file and the field."""


@dataclass(frozen=True)
class Option:
    """A choice of a single/multiple-choice question, or an action of a scenario."""

    id: str
    text: str
    correct: bool
    feedback: str
    verdict: str = ""  # scenario actions only: "best" | "good" | "poor"


@dataclass(frozen=True)
class Pair:
    """One row of a matching question: ``left`` goes with ``right``; ``feedback`` says why."""

    id: str
    left: str
    right: str
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # one of QUESTION_TYPES
    prompt: str
    hint: str | tuple[str, ...]  # one hint, or several shown one at a time
    explanation: str
    options: tuple[Option, ...] = ()  # single, multiple; the actions of a scenario
    answer: Decimal | bool | None = None  # numeric: a Decimal; true_false: a bool
    tolerance: Decimal = Decimal(0)
    unit: str = ""
    unit_aliases: tuple[str, ...] = ()
    feedback_true: str = ""  # true_false: shown when the learner answers "true"
    feedback_false: str = ""
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    situation: str = ""
    facts: tuple[str, ...] = ()
    shuffle: bool = True  # False: the options keep the file order on screen (see quiz_order)

    @property
    def hints(self) -> tuple[str, ...]:
        return (self.hint,) if isinstance(self.hint, str) else tuple(self.hint)

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def pair(self, pair_id: str) -> Pair:
        for pair in self.pairs:
            if pair.id == pair_id:
                return pair
        raise KeyError(pair_id)

    @property
    def right_choices(self) -> tuple[tuple[str, str], ...]:
        """``(choice id, text)`` of every right-hand item, in alphabetical order.

        Alphabetical, not in pair order: otherwise the first left item's match would always be the
        first choice, the second's the second, and so on.
        """
        choices = [(pair.id, pair.right) for pair in self.pairs]
        choices += [(f"{DISTRACTOR_PREFIX}{index}", text) for index, text in enumerate(self.distractors, start=1)]
        return tuple(sorted(choices, key=lambda choice: (choice[1].casefold(), choice[0])))

    def right_text(self, choice_id: str) -> str:
        for known_id, text in self.right_choices:
            if known_id == choice_id:
                return text
        raise KeyError(choice_id)


@dataclass(frozen=True)
class Bank:
    id: str
    lang: str
    title: str
    questions: tuple[Question, ...]
    sources: dict[str, Fact] | None = None  # fact id → the registry's fact, when the bank lists its sources

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


@lru_cache(maxsize=1)
def bank_schema() -> dict:
    return json.loads(resources.files("literasi.widgets").joinpath("data", "quiz_bank.schema.json").read_text("utf-8"))


def check_data(schema_text: str | None = None) -> list[str]:
    """Problems in the bank schema itself (or in ``schema_text``), for ``literasi check``.

    The banks are checked against it per lesson (``literasi.check``) and by the tests.
    """
    try:
        if schema_text is None:
            bank_schema.cache_clear()
            schema = bank_schema()
        else:
            schema = json.loads(schema_text)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as error:  # json.JSONDecodeError is a ValueError
        return [f"{SCHEMA_FILE}: {error.__class__.__name__}: {str(error)[:300]}"]
    except jsonschema.SchemaError as error:
        return [f"{SCHEMA_FILE}: {field_path(error.absolute_path)}: {error.message}"]
    return []


def validate_bank_data(data: object, source: str) -> list[str]:
    """Every problem in a parsed bank, each naming the file and the field; empty when it is valid."""
    validator = jsonschema.Draft202012Validator(bank_schema())
    problems = [
        f"{source}: {field_path(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    problems += _source_problems(data, source)
    seen: set[str] = set()
    for index, question in enumerate(data["questions"]):
        where = f"{source}: questions[{index}]"
        if question["id"] in seen:
            problems.append(f"{where}.id: duplicate question id {question['id']!r}")
        seen.add(question["id"])
        problems += _question_problems(question, where)
        if "sources" in data:
            problems += [f"{where}.facts: {fact} is not in the bank's sources"
                         for fact in question.get("facts", []) if fact not in data["sources"]]
    return problems


def _repeats(values: list[str]) -> list[str]:
    return sorted({value for value in values if values.count(value) > 1})


def _source_problems(data: dict, where: str) -> list[str]:
    """A bank's ``sources`` (fact ids) must all be in the facts registry."""
    if "sources" not in data:
        return []
    try:
        fact_sources(data["sources"], f"{where}: sources", BankError)
    except BankError as error:
        return [str(error)]
    return []


def _question_problems(question: dict, where: str) -> list[str]:
    """Rules JSON Schema cannot say: which answers are right, and that nothing repeats."""
    kind = question["type"]
    problems = []
    if kind in ("single", "multiple"):
        options = question["options"]
        ids = [option["id"] for option in options]
        if _repeats(ids):
            problems.append(f"{where}.options: option ids repeat: {ids}")
        correct = sum(option["correct"] for option in options)
        if kind == "single" and correct != 1:
            problems.append(f"{where}.options: a single-choice question needs exactly one correct option, has {correct}")
        if kind == "multiple" and correct < 1:
            problems.append(f"{where}.options: a multiple-choice question needs at least one correct option")
    elif kind == "true_false":
        if not isinstance(question.get("answer"), bool):
            problems.append(f"{where}.answer: a true/false question needs answer: true or answer: false")
        if question["feedback_true"].strip() == question["feedback_false"].strip():
            problems.append(f"{where}: feedback_true and feedback_false are the same; each should say why")
    elif kind == "numeric":
        aliases = [alias.casefold() for alias in question.get("unit_aliases", [])]
        if aliases and not question.get("unit"):
            problems.append(f"{where}.unit_aliases: given without a unit")
        if _repeats(aliases):
            problems.append(f"{where}.unit_aliases: aliases repeat: {_repeats(aliases)}")
    elif kind == "matching":
        pairs = question["pairs"]
        for name, values in (("pair ids", [p["id"] for p in pairs]), ("left items", [p["left"] for p in pairs]),
                             ("right items", [p["right"].casefold() for p in pairs]
                              + [d.casefold() for d in question.get("distractors", [])])):
            if _repeats(values):
                problems.append(f"{where}.pairs: {name} repeat: {_repeats(values)}; every pair must be unique")
    elif kind == "scenario":
        actions = question["actions"]
        ids = [action["id"] for action in actions]
        if _repeats(ids):
            problems.append(f"{where}.actions: action ids repeat: {ids}")
        verdicts = [action["verdict"] for action in actions]
        if verdicts.count("best") > 1:
            problems.append(f"{where}.actions: a scenario may have at most one best action, has {verdicts.count('best')}")
        if "best" not in verdicts and "good" not in verdicts:
            problems.append(f"{where}.actions: a scenario needs at least one best or good action")
    return problems


def _scenario_options(actions: list[dict]) -> tuple[Option, ...]:
    # With a best action only that one counts as correct; without one, every good action does.
    winning = "best" if any(action["verdict"] == "best" for action in actions) else "good"
    return tuple(
        Option(id=a["id"], text=a["text"], correct=a["verdict"] == winning, feedback=a["feedback"], verdict=a["verdict"])
        for a in actions
    )


def _parse_question(q: dict) -> Question:
    kind = q["type"]
    hint = q["hint"] if isinstance(q["hint"], str) else tuple(q["hint"])
    common = dict(id=q["id"], type=kind, prompt=q.get("prompt", ""), hint=hint, explanation=q["explanation"],
                  facts=tuple(q.get("facts", [])), shuffle=q.get("shuffle", True))
    if kind in ("single", "multiple"):
        return Question(**common, options=tuple(Option(**option) for option in q["options"]))
    if kind == "true_false":
        return Question(**common, answer=q["answer"], feedback_true=q["feedback_true"],
                        feedback_false=q["feedback_false"])
    if kind == "numeric":
        return Question(**common, answer=Decimal(str(q["answer"])), tolerance=Decimal(str(q.get("tolerance", 0))),
                        unit=q.get("unit", ""), unit_aliases=tuple(q.get("unit_aliases", [])))
    if kind == "matching":
        return Question(**common, pairs=tuple(Pair(**pair) for pair in q["pairs"]),
                        distractors=tuple(q.get("distractors", [])))
    return Question(**common, situation=q["situation"], options=_scenario_options(q["actions"]))


def parse_bank(data: dict) -> Bank:
    """A bank that ``validate_bank_data`` accepted, as typed questions."""
    sources = fact_sources(data["sources"], "sources", BankError) if "sources" in data else None
    questions = tuple(_parse_question(q) for q in data["questions"])
    return Bank(id=data["id"], lang=data["lang"], title=data["title"], questions=questions, sources=sources)


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
