"""What each answer of an exercise is: ``metadata.literasi.answer_fields`` of its source notebook.

The released notebook only says ``harga_jual = ...``: not whether a number, a letter or a word is expected. The
exercise's author therefore writes it down, once per answer, in the notebook's metadata (both languages)::

    "answer_fields": {
      "biaya_mdr": {"kind": "number", "money": true},
      "terjual_tempe": {"kind": "number", "data": "penjualan-oktober.csv"},
      "jawaban_1": {"kind": "choice", "choices": ["a", "b", "c", "d"]},
      "jenis_agama": {"kind": "word"},
      "refleksi": {"kind": "text"}
    }

A code answer cell's fields are keyed by the names it assigns; a manually graded Markdown answer cell (the
reflection) by its nbgrader grade id. ``data`` names a file of the assignment folder the learner needs (the answer
may be a call of a data helper that reads it; a phone shows the file and takes the value). nbgrader keeps notebook
metadata when it releases an exercise, so the form is built from the released notebook alone.
:func:`answer_field_problems` (part of ``literasi check``) keeps the metadata true to the notebook.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Literal

from nbformat import NotebookNode
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

FieldKind = Literal["number", "choice", "word", "text"]
LETTER = re.compile(r"^[a-z]$")


class AnswerFieldSpec(BaseModel):
    """One answer as the exercise's author describes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FieldKind
    money: bool = False  # a rupiah amount (numbers only): the hint says so
    choices: tuple[str, ...] = ()  # the allowed letters (choices only)
    data: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a file of the assignment

    @model_validator(mode="after")
    def consistent(self) -> AnswerFieldSpec:
        if self.kind == "choice":
            if len(self.choices) < 2 or not all(LETTER.match(letter) for letter in self.choices) \
                    or len(set(self.choices)) != len(self.choices):
                raise ValueError("a choice needs at least two different single lowercase letters in 'choices'")
        elif self.choices:
            raise ValueError(f"'choices' belongs to choice fields, not to {self.kind!r}")
        if self.money and self.kind != "number":
            raise ValueError("'money' belongs to number fields")
        return self


def answer_field_specs(notebook: NotebookNode) -> dict[str, AnswerFieldSpec]:
    """The notebook's ``metadata.literasi.answer_fields``, validated (``ValueError`` naming the field when not)."""
    raw = notebook.metadata.get("literasi", {}).get("answer_fields")
    if not isinstance(raw, dict):
        raise ValueError("metadata.literasi.answer_fields is missing")
    specs = {}
    for name, value in raw.items():
        try:
            specs[str(name)] = AnswerFieldSpec.model_validate(value)
        except ValidationError as error:
            message = "; ".join(item["msg"] for item in error.errors())
            raise ValueError(f"metadata.literasi.answer_fields.{name}: {message}") from None
    return specs


def nbgrader_meta(cell: NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def is_answer_cell(cell: NotebookNode) -> bool:
    """An nbgrader ``solution`` cell: the learner writes there (code: values; Markdown: the reflection)."""
    return bool(nbgrader_meta(cell).get("solution"))


def assigned_names(source: str) -> list[str]:
    """The names a code answer cell assigns, in order, each once (``harga = ...`` in a released cell)."""
    names: list[str] = []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return names
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else \
            [statement.target] if isinstance(statement, ast.AnnAssign) else []
        names += [target.id for target in targets if isinstance(target, ast.Name) and target.id not in names]
    return names


def cell_field_names(cell: NotebookNode) -> list[str]:
    """The field names an answer cell gives: its assigned names (code), or its grade id (Markdown)."""
    if cell.cell_type == "markdown":
        return [str(nbgrader_meta(cell).get("grade_id", ""))]
    return assigned_names(cell.source)


# ---------------------------------------------------------------- `literasi check`

OPTION_LINE = re.compile(r"^\s*[-*]\s*(?P<letter>[a-z])[.)]\s+(?P<text>\S.*)$", re.MULTILINE)
CHECK_NUMBER = re.compile(r'check_number\(\s*"(?P<name>\w+)"\s*,\s*"\w+"\s*(?P<money>,\s*money\s*=\s*True\s*)?\)')


def listed_options(markdown: str) -> dict[str, str]:
    """The options a question lists in Markdown (``- a. text``): letter → text."""
    return {match["letter"]: match["text"].strip() for match in OPTION_LINE.finditer(markdown)}


def answer_field_problems(path: Path, notebook: NotebookNode) -> list[str]:
    """What is wrong with a source notebook's ``answer_fields``: a field for every answer name and no other,
    a number field exactly where the check cell calls ``check_number`` for it (with the same ``money``), a
    choice field's letters listed as options in the question above it, a ``data`` file that exists."""
    try:
        specs = answer_field_specs(notebook)
    except ValueError as error:
        return [f"{path}: {error}"]
    problems, seen = [], []
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if not is_answer_cell(cell):
            continue
        following = cells[index + 1].source if index + 1 < len(cells) else ""
        numbers = {match["name"]: bool(match["money"]) for match in CHECK_NUMBER.finditer(following)}
        question = next((c.source for c in reversed(cells[:index]) if c.cell_type == "markdown"), "")
        for name in cell_field_names(cell):
            seen.append(name)
            spec = specs.get(name)
            if spec is None:
                problems.append(f"{path}: answer {name!r} has no entry in metadata.literasi.answer_fields")
                continue
            if cell.cell_type == "markdown" and spec.kind != "text":
                problems.append(f"{path}: answer {name!r} is a Markdown cell, so its kind is 'text'")
            if cell.cell_type == "code" and spec.kind == "text":
                problems.append(f"{path}: answer {name!r} is a code cell; 'text' is for Markdown answer cells")
            if (spec.kind == "number") != (name in numbers):
                problems.append(f"{path}: answer {name!r}: kind {spec.kind!r}, but its check cell "
                                f"{'does not call' if name not in numbers else 'calls'} check_number for it")
            elif spec.kind == "number" and spec.money != numbers[name]:
                problems.append(f"{path}: answer {name!r}: money is {spec.money}, its check_number has "
                                f"money={numbers[name]}")
            if spec.kind == "choice" and not set(spec.choices) <= set(listed_options(question)):
                problems.append(f"{path}: answer {name!r}: the question above does not list every choice "
                                f"{list(spec.choices)} as '- a. …'")
            if spec.data is not None and not (path.parent / spec.data).is_file():
                problems.append(f"{path}: answer {name!r}: data file {spec.data!r} is not in the exercise folder")
    for name in specs:
        if name not in seen:
            problems.append(f"{path}: metadata.literasi.answer_fields.{name}: no answer cell assigns {name!r}")
    return problems


def answer_field_parity(paths: dict[str, Path], notebooks: dict[str, NotebookNode]) -> list[str]:
    """Both languages of an exercise describe the same answers the same way."""
    try:
        specs = {lang: answer_field_specs(notebook) for lang, notebook in notebooks.items()}
    except ValueError:
        return []  # reported per notebook
    first, *others = specs
    return [f"{paths[lang]}: metadata.literasi.answer_fields differ from {paths[first].parent.name}'s"
            for lang in others if specs[lang] != specs[first]]
