"""Forgetting a learner: the class store's records and their nbgrader records in the course folder.

:func:`forget_learner` is what ``literasi kelas forget`` and the instructor's page will call: it deletes the
learner from the class store (:meth:`.store.ClassStore.forget`) and then, by their nbgrader student id, from the
course (:func:`forget_learner_in_course`): their folders under ``submitted/``, ``autograded/``, ``feedback/`` and
``literasi course collect``'s set-aside copies, their gradebook rows (student, submissions, grades, comments), and
their line in ``roster.csv``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from literasi.grading.collect import BACKUPS_DIR, CONFLICTS_DIR
from literasi.grading.course import Course
from literasi.grading.roster import STUDENT_ID, remove_from_roster

from .store import ClassStore

# The course's folders that hold one sub-folder per learner.
LEARNER_FOLDERS = ("submitted", "autograded", "feedback", CONFLICTS_DIR, BACKUPS_DIR)


def forget_learner_in_course(course_root: Path | str, student_id: str) -> list[str]:
    """Delete everything the course folder holds about ``student_id``; what was deleted, as course-relative
    names (``submitted/ani``, ``gradebook.db``, ``roster.csv``)."""
    if not STUDENT_ID.match(student_id):  # never a path: "..", "/", "" are refused
        raise ValueError(f"{student_id!r} is not a student id")
    course = Course(Path(course_root).resolve())
    removed = []
    for name in LEARNER_FOLDERS:
        folder = course.root / name / student_id
        if folder.is_dir():
            shutil.rmtree(folder)
            removed.append(f"{name}/{student_id}")
    if (course.root / "gradebook.db").is_file():
        with Gradebook(course.gradebook_url, course_id=course.course_id) as gradebook:
            try:
                gradebook.remove_student(student_id)
                removed.append("gradebook.db")
            except MissingEntry:
                pass
    if remove_from_roster(course, student_id):
        removed.append("roster.csv")
    return removed


def forget_learner(store: ClassStore, course_root: Path | str, learner_id: int) -> list[str] | None:
    """Delete one learner of the class store everywhere (store, then course); what was deleted, or None when
    the store has no such learner."""
    learner = store.forget(learner_id)
    if learner is None:
        return None
    return [STORE_RECORDS, *forget_learner_in_course(course_root, learner["student_id"])]


STORE_RECORDS = "kelas.db"
