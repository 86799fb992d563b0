"""The instructor's progress table of one class: one row per learner, one column per lesson quiz of the plan and
per exercise, built from the class store's rows alone (pure: no server, no nbgrader).

- **Exercise columns** come first, then the **quiz columns**.
- **Quiz columns** are the plan's lessons that have a quiz (a lesson's quiz result is stored under the lesson's id
  or its bank's id), in the manifest's order; the plan is what the server was started with, or, by default, the
  lessons of the modules whose exercises the course has released. A quiz result for a lesson outside the plan
  gets a column too (after the plan's), so nothing a learner did is hidden.
- **Exercise columns** are the course's released exercises, one per exercise whatever the language a learner
  chose (``m3-qris`` and ``m3-qris-en`` are one column); the cell is the learner's latest attempt (the latest
  counts): its score once graded, "waiting" while it is being graded (with the score of the attempt before, if
  any).
- **Who has not started**: learners with no quiz result and no attempt.
- **The hardest so far**: the column with the lowest mean share of points among those who did it (at least one),
  with how many did it; ties go to the one more learners did.

:func:`progress_table` gives a JSON-ready dict (what the live page polls); :func:`progress_csv` the same table as a
spreadsheet-safe CSV (UTF-8 with BOM, formulas neutralised like :meth:`.store.ClassStore.export_csv`).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable

from literasi.curriculum import Curriculum, Lesson
from literasi.i18n import t

from .forms import ExerciseForm
from .store import ClassStore, _spreadsheet_safe

QUIZ, EXERCISE = "quiz", "exercise"
# A cell's state: nothing yet, a quiz done, an exercise graded, an exercise submitted and being graded.
EMPTY, DONE, GRADED, WAITING = "empty", "done", "graded", "waiting"


def plan_lessons(curriculum: Curriculum, exercises: Iterable[str], plan: Iterable[str] | None = None
                 ) -> list[Lesson]:
    """The lessons whose quizzes count: ``plan`` (lesson ids; a replaced lesson's id means the lesson that
    replaced it) in the manifest's order, or, without a plan, the lessons of the modules that hold
    ``exercises`` (exercise ids: the course's released ones; every lesson when there are none). Only lessons with
    a quiz. The progress page and ``literasi report`` count by this one rule."""
    if plan is not None:
        wanted = {curriculum.resolve(lesson_id).id for lesson_id in plan}
    else:
        released = set(exercises)
        modules = [module for module in curriculum.ordered_modules()
                   if not released or released & {exercise.id for exercise in module.exercises}]
        wanted = {lesson.id for module in modules for lesson in module.lessons}
    return [lesson for lesson in curriculum.lessons() if lesson.id in wanted and lesson.bank]


def _columns(curriculum: Curriculum, forms: dict[str, ExerciseForm], lessons: list[Lesson],
             quiz_ids: set[str], lang: str) -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """The columns, and which column a stored quiz id and an assignment belong to."""
    columns, quiz_column, exercise_column = [], {}, {}
    for lesson in lessons:
        columns.append({"key": f"quiz:{lesson.id}", "kind": QUIZ, "title": lesson.title[lang]})
        quiz_column[lesson.id] = quiz_column[lesson.bank] = f"quiz:{lesson.id}"
    for quiz in sorted(quiz_ids - set(quiz_column)):  # a quiz outside the plan that someone did
        try:
            lesson = curriculum.resolve(quiz)
        except KeyError:
            lesson = next((lesson for lesson in curriculum.lessons() if lesson.bank == quiz), None)
        key = f"quiz:{lesson.id if lesson else quiz}"
        if key not in {column["key"] for column in columns}:
            columns.append({"key": key, "kind": QUIZ, "title": lesson.title[lang] if lesson else quiz})
        quiz_column[quiz] = key
    titles = {exercise.id: exercise.title[lang] for exercise in curriculum.exercises()}
    order = {exercise.id: index for index, exercise in enumerate(curriculum.exercises())}
    by_exercise: dict[str, list[ExerciseForm]] = {}
    for form in forms.values():
        by_exercise.setdefault(form.exercise, []).append(form)
    for exercise in sorted(by_exercise, key=lambda e: (order.get(e, len(order)), e)):
        group = by_exercise[exercise]
        mine = next((form for form in group if form.lang == lang), group[0])
        points = sum(field.points for field in mine.fields())
        columns.append({"key": f"exercise:{exercise}", "kind": EXERCISE, "exercise": exercise,
                        "title": titles.get(exercise, mine.title), "assignments": sorted(f.assignment for f in group),
                        "max_score": points})
        for form in group:
            exercise_column[form.assignment] = f"exercise:{exercise}"
    # The exercises first: what the class is graded on, in view without scrolling across the quizzes.
    columns.sort(key=lambda column: column["kind"] != EXERCISE)
    return columns, quiz_column, exercise_column


def _exercise_cell(attempts: list[dict]) -> dict:
    """A learner's cell for one exercise from their attempts (oldest first): the latest counts."""
    latest = attempts[-1]
    graded = [attempt for attempt in attempts if attempt["graded_at"] is not None]
    cell = {"state": GRADED if latest["graded_at"] is not None else WAITING, "attempts": len(attempts)}
    shown = latest if latest["graded_at"] is not None else (graded[-1] if graded else None)
    if shown is not None:
        cell.update(score=shown["score"], max_score=shown["max_score"])
    return cell


def progress_table(store: ClassStore, code: str, curriculum: Curriculum, forms: dict[str, ExerciseForm],
                   lang: str = "id", plan: Iterable[str] | None = None, now: float | None = None) -> dict:
    """The progress of class ``code`` (see the module's docstring), as a JSON-ready dict:
    ``columns`` (key, kind, title; an exercise's ``exercise``, ``assignments``, ``max_score`` and ``open``),
    ``rows`` (``learner``, ``name``, ``started``, ``cells``: column key → cell with ``state``, ``score``,
    ``max_score``, ``attempts``), ``not_started`` (names), ``hardest`` (``key``, ``title``, ``kind``, ``mean``
    share 0–1, ``tried``) or None, per-column ``summary`` (``done``, ``mean``), and ``updated_at``."""
    code = code.strip().upper()
    learners = store.learners(code)
    ids = {learner["id"] for learner in learners}
    quizzes = [result for result in store.quiz_results() if result["learner_id"] in ids]
    attempts = [attempt for attempt in store.attempts() if attempt["learner_id"] in ids]
    lessons = plan_lessons(curriculum, {form.exercise for form in forms.values()}, plan)
    columns, quiz_column, exercise_column = _columns(curriculum, forms, lessons,
                                                     {result["quiz"] for result in quizzes}, lang)
    open_now = store.open_exercises(code)
    for column in columns:
        if column["kind"] == EXERCISE:
            column["open"] = any(assignment in open_now for assignment in column["assignments"])

    cells: dict[int, dict[str, dict]] = {learner["id"]: {} for learner in learners}
    for result in quizzes:
        key = quiz_column[result["quiz"]]
        previous = cells[result["learner_id"]].get(key)
        if previous is None or result["updated_at"] >= previous["_at"]:  # a bank and a lesson id: the newer
            cells[result["learner_id"]][key] = {"state": DONE, "score": result["score"],
                                                "max_score": result["max_score"], "attempts": result["attempts"],
                                                "_at": result["updated_at"]}
    per_exercise: dict[tuple[int, str], list[dict]] = {}
    for attempt in attempts:  # oldest first (the store's order)
        key = exercise_column.get(attempt["assignment"])
        if key is None:  # an attempt at an exercise no longer released: not a column
            continue
        per_exercise.setdefault((attempt["learner_id"], key), []).append(attempt)
    for (learner_id, key), learner_attempts in per_exercise.items():
        cells[learner_id][key] = _exercise_cell(learner_attempts)

    rows, not_started = [], []
    for learner in learners:
        mine = {key: {k: v for k, v in cell.items() if k != "_at"} for key, cell in cells[learner["id"]].items()}
        started = bool(mine)
        rows.append({"learner": learner["id"], "name": learner["name"], "student_id": learner["student_id"],
                     "started": started, "cells": mine})
        if not started:
            not_started.append(learner["name"])

    summary, hardest = {}, None
    for column in columns:
        shares = [cell["score"] / cell["max_score"] for row in rows
                  if (cell := row["cells"].get(column["key"])) and cell.get("max_score")
                  and cell.get("score") is not None]
        done = sum(1 for row in rows if column["key"] in row["cells"])
        mean = sum(shares) / len(shares) if shares else None
        summary[column["key"]] = {"done": done, "mean": mean}
        if mean is not None and (hardest is None or (mean, -len(shares)) < (hardest["mean"], -hardest["tried"])):
            hardest = {"key": column["key"], "kind": column["kind"], "title": column["title"], "mean": mean,
                       "tried": len(shares)}
    return {"code": code, "lang": lang, "columns": columns, "rows": rows, "not_started": not_started,
            "hardest": hardest, "summary": summary, "updated_at": now or time.time()}


def cell_text(cell: dict | None, lang: str) -> str:
    """What a cell says in the CSV: the score, "waiting" for an exercise being graded, empty when not done."""
    if not cell:
        return ""
    if cell["state"] == WAITING and cell.get("score") is None:
        return t("kemajuan.state.waiting", lang)
    return _number(cell["score"])


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def progress_csv(table: dict) -> str:
    """The table as CSV text (the caller writes it UTF-8 with a BOM): the learner's name, then per column its
    score, with the column's maximum in its heading; every cell spreadsheet-safe."""
    lang = table["lang"]
    maxima = {}
    for column in table["columns"]:
        values = {row["cells"][column["key"]].get("max_score") for row in table["rows"]
                  if column["key"] in row["cells"]} - {None}
        maxima[column["key"]] = column.get("max_score") or (max(values) if values else None)
    heading = [t("kemajuan.col.name", lang)]
    for column in table["columns"]:
        kind = t(f"kemajuan.kind.{column['kind']}", lang)
        top = maxima[column["key"]]
        heading.append(f"{kind}: {column['title']}" + (f" ({t('kemajuan.max', lang)} {_number(top)})" if top else ""))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_spreadsheet_safe(cell) for cell in heading])
    for row in table["rows"]:
        writer.writerow([_spreadsheet_safe(value) for value in
                         [row["name"], *(cell_text(row["cells"].get(column["key"]), lang)
                                         for column in table["columns"])]])
    return buffer.getvalue()
