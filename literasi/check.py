"""``literasi check``: everything a curriculum author can get wrong, as one readable list of problems."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from literasi.bank_balance import balance_problems
from literasi.curriculum import INSTRUCTOR_TAG, Curriculum, Lesson, ManifestError, load_curriculum
from literasi.fact_checks import fact_problems
from literasi.i18n import LANGS, t
from literasi.kelas.answer_fields import answer_field_parity, answer_field_problems
from literasi.paths import MANIFEST_NAME, banks_dir, exercises_source_dir, lessons_dir
from literasi.widgets.data_checks import data_file_problems, facts_root
from literasi.widgets.quiz.bank import Bank, BankError, bank_path, load_bank
from literasi.widgets.quiz.questions.true_false import TrueFalse

MIN_QUIZ_QUESTIONS = 5
# How a true/false confirmation should open instead of the other button's label ("Benar" after "Salah").
CONFIRMATION_WORD = {"id": "Tepat.", "en": "Right."}


def check_project(root: Path) -> list[str]:
    """All problems found under ``root``; an empty list means the project is consistent. The quiz banks'
    answer-key balance (literasi/bank_balance.py) is part of it."""
    with facts_root(root):  # widget data and banks resolve their fact ids in this project's facts/*.yml
        return _check_project(root)


def _check_project(root: Path) -> list[str]:
    try:
        curriculum = load_curriculum(root=root)
    except ManifestError as error:  # the banks' balance does not depend on the manifest
        return str(error).splitlines() + balance_problems(root)
    problems: list[str] = []
    problems += check_lesson_files_listed(root, curriculum)
    for lesson in curriculum.lessons():
        for lang in LANGS:
            problems += check_lesson_notebook(root, lesson, lang)
        problems += check_parity(root, lesson.path)
        if not lesson.bank or not bank_path(lesson.bank, "id", root).is_file():
            problems.append(f"{MANIFEST_NAME}: lesson {lesson.id!r} needs a quiz bank of at least {MIN_QUIZ_QUESTIONS} questions")
        else:
            try:
                count = len(load_bank(lesson.bank, "id", root).questions)
            except BankError:
                count = MIN_QUIZ_QUESTIONS  # the bank's own problems are reported by check_bank_pair
            if count < MIN_QUIZ_QUESTIONS:
                problems.append(f"{bank_path(lesson.bank, 'id', root)}: {count} questions; a lesson's quiz has at least "
                                f"{MIN_QUIZ_QUESTIONS}")
    for bank_id in all_bank_ids(root):  # lesson banks and the gallery's demo banks alike
        problems += check_bank_pair(root, bank_id)
    for page in curriculum.gallery:
        for lang in LANGS:
            problems += check_gallery_page(root, page.id, page.path, lang)
        problems += check_parity(root, page.path)
    problems += check_exercises(root, curriculum)
    problems += check_fact_ids(root, curriculum)
    problems += data_file_problems()
    return problems + balance_problems(root)



def notebook_problems(path: Path) -> tuple[nbformat.NotebookNode | None, list[str]]:
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except (OSError, json.JSONDecodeError, nbformat.ValidationError) as error:
        return None, [f"{path}: not a valid notebook ({error.__class__.__name__}: {str(error)[:200]})"]
    problems = [
        f"{path}: cell {index} has outputs or an execution count; strip outputs before committing"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    return notebook, problems


def check_lesson_files_listed(root: Path, curriculum: Curriculum) -> list[str]:
    listed = {lesson.path for lesson in curriculum.lessons()} | {page.path for page in curriculum.gallery}
    problems = []
    for lang in LANGS:
        folder = lessons_dir(root) / lang
        for path in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else []:
            if ".ipynb_checkpoints" in path.parts:
                continue
            relative = path.relative_to(folder).as_posix()
            if relative not in listed:
                problems.append(f"{path}: not listed in {MANIFEST_NAME}")
    return problems


def check_lesson_notebook(root: Path, lesson: Lesson, lang: str) -> list[str]:
    path = lessons_dir(root) / lang / lesson.path
    if not path.is_file():
        return [f"{path}: missing ({MANIFEST_NAME} lists lesson {lesson.id!r})"]
    notebook, problems = notebook_problems(path)
    if notebook is None:
        return problems
    meta = notebook.metadata.get("literasi")
    if not meta:
        return problems + [f"{path}: metadata.literasi is missing"]
    expected = {
        "id": lesson.id, "lang": lang, "track": lesson.track, "minutes": lesson.minutes, "pillar": lesson.pillar,
        "digcomp": lesson.digcomp, "objectives": lesson.objectives[lang], "prerequisites": lesson.prerequisites,
    }
    for field, value in expected.items():
        if meta.get(field) != value:
            problems.append(f"{path}: metadata.literasi.{field} is {meta.get(field)!r}; {MANIFEST_NAME} says {value!r}")
    if meta.get("facts") != lesson.facts:
        problems.append(f"{path}: metadata.literasi.facts differ from the lesson's facts in {MANIFEST_NAME}; "
                        f"run `literasi facts sync`")
    problems += multi_line_code_cells(path, notebook)
    if not any(INSTRUCTOR_TAG in cell.metadata.get("tags", []) for cell in notebook.cells):
        problems.append(f"{path}: no cell tagged {INSTRUCTOR_TAG!r} (instructor notes)")
    return problems


def multi_line_code_cells(path: Path, notebook: nbformat.NotebookNode) -> list[str]:
    return [
        f"{path}: code cell {index} has several lines; lesson code cells are one-line calls into literasi.widgets"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and len(cell.source.strip().splitlines()) > 1
    ]


def check_gallery_page(root: Path, page_id: str, relative: str, lang: str) -> list[str]:
    path = lessons_dir(root) / lang / relative
    if not path.is_file():
        return [f"{path}: missing ({MANIFEST_NAME} lists gallery page {page_id!r})"]
    notebook, problems = notebook_problems(path)
    if notebook is None:
        return problems
    meta = notebook.metadata.get("literasi", {})
    if (meta.get("id"), meta.get("lang")) != (page_id, lang):
        problems.append(f"{path}: metadata.literasi must have id {page_id!r} and lang {lang!r}")
    return problems + multi_line_code_cells(path, notebook)


def check_parity(root: Path, relative: str) -> list[str]:
    """The id and en notebooks have the same cells (types and tags, cell for cell), and no prose cell
    was left untranslated (identical text in both)."""
    notebooks = {}
    for lang in LANGS:
        try:
            notebooks[lang] = nbformat.read(lessons_dir(root) / lang / relative, as_version=4)
        except Exception:  # reported by the notebook checks
            return []
    shapes = {lang: [(c.cell_type, tuple(c.metadata.get("tags", []))) for c in nb.cells] for lang, nb in notebooks.items()}
    if shapes["id"] != shapes["en"]:
        return [f"lessons/*/{relative}: the id and en notebooks differ in their cells (types or tags, cell for cell)"]
    return [
        f"lessons/en/{relative}: markdown cell {index} is identical to the Indonesian one (untranslated?)"
        for index, (cell_id, cell_en) in enumerate(zip(notebooks["id"].cells, notebooks["en"].cells, strict=True))
        if cell_id.cell_type == "markdown" and cell_id.source.strip() == cell_en.source.strip()
        and len(re.sub(r"https?://\S+|[^A-Za-z]", "", cell_id.source)) > 40
    ]


def _bank_shape(bank: Bank) -> list:
    """What must be the same in every language: ids, types, options, right answers, pairs, verdicts, hints,
    and whether the options are shuffled (``shuffle: false``): each question's ``shape()``."""
    return [question.shape() for question in bank.questions]


def all_bank_ids(root: Path) -> list[str]:
    return sorted({path.stem for lang in LANGS for path in banks_dir(root, lang).glob("*.yml")})


def check_bank_pair(root: Path, bank_id: str) -> list[str]:
    banks, problems = {}, []
    for lang in LANGS:
        try:
            banks[lang] = load_bank(bank_id, lang, root)
        except BankError as error:
            problems += str(error).splitlines()
    if not problems and _bank_shape(banks["id"]) != _bank_shape(banks["en"]):
        problems.append(f"{bank_path(bank_id, 'en', root)}: questions, types or answers differ from the id bank")
    for lang, bank in banks.items():
        problems += check_true_false_confirmations(bank, bank_path(bank_id, lang, root))
    return problems


def check_true_false_confirmations(bank: Bank, path: Path) -> list[str]:
    """The feedback a learner reads after choosing the right answer of a true/false question must not open with
    the other button's label: after tapping "Salah" (false), a confirmation starting "Benar." reads as "true"."""
    problems = []
    for question in bank.questions:
        if not isinstance(question, TrueFalse):
            continue
        field, chosen, other = (("feedback_true", "quiz.true", "quiz.false") if question.answer
                                else ("feedback_false", "quiz.false", "quiz.true"))
        opening, label = getattr(question, field).lstrip(), t(other, bank.lang)
        if re.match(rf"{re.escape(label)}\b", opening, re.IGNORECASE):
            problems.append(
                f"{path}: question {question.id!r}: the answer is {t(chosen, bank.lang)!r}, but its confirmation "
                f"({field}) opens with {opening[:len(label)]!r}, the other button's label; open it with, e.g., "
                f"{CONFIRMATION_WORD.get(bank.lang, CONFIRMATION_WORD['en'])!r}")
    return problems


def check_exercises(root: Path, curriculum: Curriculum) -> list[str]:
    problems = []
    source = exercises_source_dir(root)
    for exercise in curriculum.exercises():
        read: dict[str, dict[str, tuple[Path, nbformat.NotebookNode]]] = {}  # notebook name -> lang -> notebook
        for lang in LANGS:
            folder = source / exercise.assignment(lang)
            notebooks = sorted(folder.glob("*.ipynb"))
            if not notebooks:
                problems.append(f"{folder}: no notebook for exercise {exercise.id!r}")
                continue
            points = 0.0
            for path in notebooks:
                notebook, found = notebook_problems(path)
                problems += found
                if notebook is not None:
                    problems += answer_field_problems(path, notebook)
                    read.setdefault(path.name, {})[lang] = (path, notebook)
                    points += sum(cell.metadata.get("nbgrader", {}).get("points", 0) for cell in notebook.cells
                                  if cell.metadata.get("nbgrader", {}).get("grade"))
            if points != exercise.points:
                problems.append(f"{folder}: nbgrader cells give {points:g} points; {MANIFEST_NAME} says {exercise.points:g}")
        for pair in read.values():  # the phone forms of both languages ask the same things (literasi/kelas)
            if len(pair) == len(LANGS):
                problems += answer_field_parity({lang: path for lang, (path, _) in pair.items()},
                                                {lang: notebook for lang, (_, notebook) in pair.items()})
    return problems


def check_fact_ids(root: Path, curriculum: Curriculum) -> list[str]:
    """The facts registry's rules (literasi/fact_checks.py)."""
    return fact_problems(root, curriculum)
