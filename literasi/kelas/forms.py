"""The phone form of an exercise, built from its released nbgrader notebook.

A form holds what a learner reads and fills in, nothing more: the instructions and each question's text (Markdown,
rendered later by the page), and one field per answer: a number (with the Indonesian-format hint), a letter choice
(the allowed letters and, where the question lists them, the options' text), a word, or the free-text reflection
graded by the instructor. What each answer is comes from ``metadata.literasi.answer_fields``
(:mod:`.answer_fields`). Code cells — the setup, the data helpers, the visible checks — are not part of the form.

Only a *released* notebook may become a form: one that still holds nbgrader's solution or hidden-test markers is
refused (:class:`FormError`), so a form can never carry a solution. An answer that may be a call of a data helper
(``terjual_tempe = jumlah_terjual(...)`` in m4) names its data file; the form carries that file's rows, so the
phone can show the table and take the value.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from pydantic import BaseModel, ConfigDict

from literasi.curriculum import assignment_lang
from literasi.i18n import Lang, check_lang, t

from .answer_fields import (
    AnswerFieldSpec,
    FieldKind,
    answer_field_specs,
    cell_field_names,
    is_answer_cell,
    listed_options,
    nbgrader_meta,
)

# How long an answer may be, in characters, by kind (a letter choice is one letter).
MAX_LENGTH: dict[str, int] = {"number": 40, "choice": 1, "word": 100, "text": 4000}
# A data file shown on a phone: at most this many rows and bytes (the m4 sales file has 40 rows).
DATA_MAX_ROWS, DATA_MAX_BYTES = 500, 256_000
# nbgrader's markers of what a released notebook must not contain.
SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
HEADING = re.compile(r"^\s*#+\s*(?P<title>.+?)\s*$", re.MULTILINE)


class FormError(ValueError):
    """The notebook cannot become a form (not a released exercise, or its answer metadata is missing)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChoiceOption(Strict):
    letter: str
    text: str  # as the question lists it (Markdown); empty when the question does not list it


class DataTable(Strict):
    """A data file of the assignment, as a table a phone can show."""

    file: str
    columns: list[str]
    rows: list[list[str]]


class FormField(Strict):
    """One answer to fill in: ``name`` is what the answer cell assigns (or, for a reflection, its grade id)."""

    name: str
    cell: str  # the answer cell's nbgrader grade id
    kind: FieldKind
    hint: str
    max_length: int
    money: bool = False
    choices: list[ChoiceOption] = []
    data: str | None = None  # the file in ``ExerciseForm.data`` this answer is computed from
    points: float = 0
    manual: bool = False  # graded by the instructor (the reflection)


class FormQuestion(Strict):
    title: str  # the question's heading, without the '#'
    markdown: str
    fields: list[FormField]


class ExerciseForm(Strict):
    assignment: str  # the nbgrader assignment (``m3-qris``, ``m3-qris-en``)
    exercise: str
    lang: Lang
    notebook: str  # the released notebook's file name
    title: str
    instructions: list[str]  # Markdown cells that are not a question's text, in order
    questions: list[FormQuestion]
    data: dict[str, DataTable] = {}

    def fields(self) -> list[FormField]:
        return [field for question in self.questions for field in question.fields]

    def field(self, name: str) -> FormField:
        for field in self.fields():
            if field.name == name:
                return field
        raise KeyError(name)


def refuse_unreleased(notebook: NotebookNode) -> None:
    for cell in notebook.cells:
        if any(marker in cell.source for marker in SOLUTION_MARKERS):
            raise FormError("this notebook still holds solutions or hidden tests; build forms from release/ only")


def read_data_table(folder: Path, file: str) -> DataTable:
    path = folder / file
    if path.parent != folder or not path.is_file():
        raise FormError(f"{folder.name}: data file {file!r} is not in the released folder")
    raw = path.read_bytes()
    if len(raw) > DATA_MAX_BYTES:
        raise FormError(f"{path}: larger than {DATA_MAX_BYTES} bytes; too big to show on a phone")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    if not rows or len(rows) - 1 > DATA_MAX_ROWS:
        raise FormError(f"{path}: a data file shown on a phone has a header and 1 to {DATA_MAX_ROWS} rows")
    return DataTable(file=file, columns=rows[0], rows=rows[1:])


def field_hint(spec: AnswerFieldSpec, lang: str) -> str:
    if spec.kind == "number":
        return t("kelas.hint.money" if spec.money else "kelas.hint.number", lang)
    return t(f"kelas.hint.{spec.kind}", lang, limit=MAX_LENGTH[spec.kind])


def _points(cells: list[NotebookNode], index: int) -> float:
    """The points of an answer: its own (a manually graded cell) or the next graded cell's (its check)."""
    for cell in cells[index:]:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            return float(meta.get("points", 0))
        if cell is not cells[index] and is_answer_cell(cell):
            break
    return 0.0


def _title(markdown: str) -> str:
    match = HEADING.search(markdown)
    return match["title"] if match else ""


def form_from_notebook(notebook: NotebookNode, assignment: str, folder: Path, notebook_name: str) -> ExerciseForm:
    """The form of one released notebook of ``assignment``; ``folder`` holds its data files."""
    refuse_unreleased(notebook)
    try:
        specs = answer_field_specs(notebook)
    except ValueError as error:
        raise FormError(f"{assignment}/{notebook_name}: {error}") from None
    meta = notebook.metadata.get("literasi", {})
    lang = check_lang(meta.get("lang") or assignment_lang(assignment))
    instructions: list[str] = []
    questions: list[FormQuestion] = []
    pending: list[str] = []  # Markdown read since the last answer cell
    data: dict[str, DataTable] = {}
    for index, cell in enumerate(notebook.cells):
        if not is_answer_cell(cell):
            if cell.cell_type == "markdown" and cell.source.strip():
                pending.append(cell.source)
            continue
        if pending or not questions:
            instructions += pending[:-1]
            markdown = pending[-1] if pending else ""
            questions.append(FormQuestion(title=_title(markdown), markdown=markdown, fields=[]))
            pending = []
        question = questions[-1]
        options = listed_options(question.markdown)
        for name in cell_field_names(cell):
            spec = specs.get(name)
            if spec is None:
                raise FormError(f"{assignment}/{notebook_name}: answer {name!r} is not in metadata.literasi.answer_fields")
            if spec.data is not None and spec.data not in data:
                data[spec.data] = read_data_table(folder, spec.data)
            question.fields.append(FormField(
                name=name, cell=str(nbgrader_meta(cell).get("grade_id", "")), kind=spec.kind,
                hint=field_hint(spec, lang), max_length=MAX_LENGTH[spec.kind], money=spec.money,
                choices=[ChoiceOption(letter=letter, text=options.get(letter, "")) for letter in spec.choices],
                data=spec.data, points=_points(notebook.cells, index), manual=spec.kind == "text"))
    instructions += pending
    if not questions:
        raise FormError(f"{assignment}/{notebook_name}: no answer cells")
    return ExerciseForm(assignment=assignment, exercise=str(meta.get("exercise", assignment)), lang=lang,
                        notebook=notebook_name, title=_title(instructions[0]) if instructions else assignment,
                        instructions=instructions, questions=questions, data=data)


def released_notebook(folder: Path) -> Path:
    """The one notebook of a released assignment folder (``release/<assignment>/``)."""
    notebooks = sorted(folder.glob("*.ipynb"))
    if len(notebooks) != 1:
        raise FormError(f"{folder}: a released exercise has exactly one notebook, found {len(notebooks)}")
    return notebooks[0]


def build_form(release_folder: Path | str) -> ExerciseForm:
    """The form of a released assignment: ``COURSE/release/<assignment>/``."""
    folder = Path(release_folder).resolve()
    path = released_notebook(folder)
    return form_from_notebook(nbformat.read(path, as_version=4), folder.name, folder, path.name)


def course_forms(course_root: Path | str) -> dict[str, ExerciseForm]:
    """Every released assignment's form, by assignment name."""
    release = Path(course_root) / "release"
    return {folder.name: build_form(folder) for folder in sorted(release.iterdir()) if folder.is_dir()}
