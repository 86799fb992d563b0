"""Autograde every submission of a course and read the scores back from the gradebook.

Each submission gets a named outcome, as nbclient names its failures: graded, timed out (a cell ran
past the course's per-cell timeout and was interrupted), or not gradable (nbgrader could not grade it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from .course import Course, CourseError


class Status(str, Enum):
    GRADED = "graded"
    TIMED_OUT = "timed_out"
    NOT_GRADABLE = "not_gradable"


@dataclass(frozen=True)
class SubmissionGrade:
    student: str
    assignment: str
    status: Status
    score: float
    max_score: float
    needs_manual_grade: bool
    detail: str = ""


def submissions(course: Course) -> Iterator[tuple[str, str]]:
    """(student, assignment) for every folder ``submitted/<student>/<assignment>/`` of a known assignment."""
    if not course.submitted.is_dir():
        return
    known = set(course.assignments())
    for student_dir in sorted(p for p in course.submitted.iterdir() if p.is_dir()):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if assignment_dir.name in known:
                yield student_dir.name, assignment_dir.name


def _timed_out(folder: Path) -> bool:
    for notebook_path in folder.glob("*.ipynb"):
        notebook = nbformat.read(notebook_path, as_version=4)
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                    return True
    return False


def grade_submission(course: Course, student: str, assignment: str) -> SubmissionGrade:
    result = course.api().autograde(assignment, student, force=True, create=True)
    try:
        with Gradebook(course.gradebook_url) as gradebook:
            submission = gradebook.find_submission(assignment, student)
            score, max_score = submission.score, submission.max_score
            manual = submission.needs_manual_grade
    except MissingEntry:
        score, max_score, manual = 0.0, 0.0, False
    if not result["success"]:
        detail = (result.get("error") or result.get("log") or "").strip().splitlines()[-1:] or [""]
        return SubmissionGrade(student, assignment, Status.NOT_GRADABLE, 0.0, max_score, manual, detail[0])
    status = Status.TIMED_OUT if _timed_out(course.autograded / student / assignment) else Status.GRADED
    return SubmissionGrade(student, assignment, status, score, max_score, manual)


def grade_course(course_dir: Path | str, on_graded: Callable[[SubmissionGrade], None] | None = None) -> list[SubmissionGrade]:
    """Autograde every submission in ``course_dir/submitted`` (one after another) and return the grades."""
    course = Course(Path(course_dir).resolve())
    course.config()  # fails with a clear message when this is not a course
    if not course.assignments():
        raise CourseError(f"{course.root}: the course has no assignments; run `literasi course init` first")
    grades = []
    for student, assignment in submissions(course):
        grade = grade_submission(course, student, assignment)
        grades.append(grade)
        if on_graded:
            on_graded(grade)
    return grades
