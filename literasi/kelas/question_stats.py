"""The hardest exercise question of a class so far, from the course's nbgrader gradebook: per question (the
graded cells under one heading of the released notebook; both languages of an exercise pool together), the mean
share of points over the class's graded submissions, points still awaiting manual grading left out.

Read for the instructor's progress page; cached per gradebook state (its file's size and time), so polling the
page does not reread the gradebook while nothing was graded.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import nbformat

from literasi.curriculum import assignment_lang
from literasi.grading.course import Course
from literasi.grading.report import first_heading

_cache: dict[tuple, dict | None] = {}
_lock = threading.Lock()


@lru_cache(maxsize=64)
def question_cells(release_folder: str) -> dict[str, tuple[int, str]]:
    """Graded cell id → (question number, question heading) in a released assignment's notebooks."""
    cells: dict[str, tuple[int, str]] = {}
    number = 0
    for path in sorted(Path(release_folder).glob("*.ipynb")):
        heading = None
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and not meta.get("grade"):
                new = first_heading(cell.source)
                if new and new != heading:
                    heading, number = new, number + 1
            if meta.get("grade") and meta.get("grade_id"):
                cells[meta["grade_id"]] = (number, heading or meta["grade_id"])
    return cells


def question_shares(course_root: Path | str, student_ids: set[str], exercise_of: dict[str, str],
                    lang: str) -> list[dict]:
    """Every question with a final grade for at least one of ``student_ids``: ``exercise``, ``number``,
    ``title`` (in ``lang`` when that language's notebook exists), ``mean`` share and ``tried`` (submissions).
    ``exercise_of`` maps each assignment to its exercise id (``m3-qris-en`` → ``m3-qris``)."""
    from nbgrader.api import Gradebook

    course = Course(Path(course_root).resolve())
    if not (course.root / "gradebook.db").is_file() or not student_ids:
        return []
    shares: dict[tuple[str, int], list[float]] = {}
    titles: dict[tuple[str, int], dict[str, str]] = {}
    with Gradebook(course.gradebook_url, course_id=course.course_id) as gradebook:
        for assignment in gradebook.assignments:
            exercise = exercise_of.get(assignment.name)
            if exercise is None:
                continue
            cells = question_cells(str(course.release / assignment.name))
            for key_number, title in cells.values():
                titles.setdefault((exercise, key_number), {})[assignment_lang(assignment.name)] = title
            for submission in assignment.submissions:
                if submission.student.id not in student_ids:
                    continue
                points: dict[int, list[float]] = {}
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.needs_manual_grade or not grade.max_score or grade.name not in cells:
                            continue
                        total = points.setdefault(cells[grade.name][0], [0.0, 0.0])
                        total[0] += float(grade.score or 0)
                        total[1] += float(grade.max_score)
                for number, (score, maximum) in points.items():
                    shares.setdefault((exercise, number), []).append(score / maximum)
    return [{"exercise": exercise, "number": number, "mean": sum(values) / len(values), "tried": len(values),
             "title": titles.get((exercise, number), {}).get(lang)
             or next(iter(titles.get((exercise, number), {}).values()), str(number))}
            for (exercise, number), values in sorted(shares.items())]


def hardest_question(course_root: Path | str, student_ids: set[str], exercise_of: dict[str, str],
                     lang: str) -> dict | None:
    """The question with the lowest mean share (ties: the one more learners were graded on, then the first),
    or None; cached while the gradebook file is unchanged."""
    gradebook = Path(course_root) / "gradebook.db"
    try:
        stat = gradebook.stat()
        state = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None
    key = (str(Path(course_root).resolve()), state, frozenset(student_ids), tuple(sorted(exercise_of.items())), lang)
    with _lock:
        if key in _cache:
            return _cache[key]
    questions = question_shares(course_root, student_ids, exercise_of, lang)
    hardest = min(questions, key=lambda q: (q["mean"], -q["tried"]), default=None)
    with _lock:
        _cache.clear()  # one class per server: keep only the latest state
        _cache[key] = hardest
    return hardest
