"""The instructor's privacy commands on a course's class data (UU PDP): ``literasi kelas export``, ``forget`` and
``retention``, and :func:`remove_expired`, which the class server calls when it starts.

- :func:`export_class_data` writes everything the class store holds (``kelas.json`` and one CSV per table,
  spreadsheet-safe) into a folder of the instructor's choice; nothing leaves the laptop.
- :func:`find_learners` finds a learner by nbgrader student id or by name (case and spacing ignored) in the class
  store, then in the course's gradebook and roster (a learner who used a laptop has no store row);
  :func:`forget` deletes everything about one of them (:func:`.forget.forget_learner`) and
  :func:`describe_removed` says what, in plain words.
- The retention setting lives in the store (``retention_days``, default
  :data:`.store.DEFAULT_RETENTION_DAYS`); :func:`remove_expired` forgets every learner not seen within it
  (store and nbgrader records alike) and then whatever else is older.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from literasi.i18n import t

from .forget import STORE_RECORDS, forget_learner, forget_learner_in_course
from .store import DAY_SECONDS, STORE_NAME, ClassStore


class NoClassData(LookupError):
    """The course folder has no class store: no class was run there."""

    def __init__(self, course_root: Path):
        super().__init__(str(course_root))
        self.course_root = course_root

    def message(self, lang: str) -> str:
        return t("kemajuan.no_course_store", lang, path=self.course_root)


def open_store(course_root: Path | str) -> ClassStore:
    """The course's class store; :class:`NoClassData` when there is none (never creates one)."""
    course_root = Path(course_root)
    if not (course_root / STORE_NAME).is_file():
        raise NoClassData(course_root)
    return ClassStore.of_course(course_root)


def export_class_data(course_root: Path | str, out: Path | str | None = None) -> list[Path]:
    """Everything in the class store as ``kelas.json`` and ``kelas-<table>.csv`` in ``out`` (default:
    ``COURSE/ekspor-kelas-<date-time>``); the files written."""
    store = open_store(course_root)
    out = Path(out) if out else Path(course_root) / time.strftime("ekspor-kelas-%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    return [store.export_json(out / "kelas.json"), *store.export_csv(out)]


@dataclass
class Learner:
    """A learner to forget: their store row id (None when only nbgrader knows them), name and student id."""

    student_id: str
    name: str
    store_id: int | None = None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_learners(course_root: Path | str, who: str) -> list[Learner]:
    """Learners whose student id is ``who``, or else whose name is ``who`` (case and spacing ignored), in the
    class store and in the course's gradebook and roster."""
    from literasi.grading.course import Course
    from literasi.grading.roster import load_roster

    course_root = Path(course_root)
    found: dict[str, Learner] = {}
    if (course_root / STORE_NAME).is_file():
        for row in ClassStore.of_course(course_root).learners():
            found[row["student_id"]] = Learner(row["student_id"], row["name"], row["id"])
    for learner in load_roster(course_root):
        found.setdefault(learner.id, Learner(learner.id, learner.name))
    if (course_root / "gradebook.db").is_file():
        from nbgrader.api import Gradebook

        course = Course(course_root.resolve())
        with Gradebook(course.gradebook_url, course_id=course.course_id) as gradebook:
            for student in gradebook.students:
                name = " ".join(filter(None, (student.first_name, student.last_name))) or student.id
                found.setdefault(student.id, Learner(student.id, name))
    by_id = [learner for learner in found.values() if learner.student_id == who.strip()]
    return by_id or [learner for learner in found.values() if _key(learner.name) == _key(who)]


def forget(course_root: Path | str, learner: Learner) -> list[str]:
    """Delete everything about ``learner`` (class store, then the course's nbgrader records); what was deleted, as
    course-relative names (``kelas.db``, ``submitted/ani``, ``gradebook.db``, ``roster.csv``)."""
    if learner.store_id is not None:
        removed = forget_learner(ClassStore.of_course(course_root), course_root, learner.store_id)
        if removed is not None:
            return removed
    return forget_learner_in_course(course_root, learner.student_id)


def describe_removed(removed: list[str], lang: str) -> list[str]:
    """What :func:`forget` deleted, one plain sentence each."""
    lines = []
    for name in removed:
        if name == STORE_RECORDS:
            lines.append(t("kemajuan.deleted.store", lang))
        elif name == "gradebook.db":
            lines.append(t("kemajuan.deleted.gradebook", lang))
        elif name == "roster.csv":
            lines.append(t("kemajuan.deleted.roster", lang))
        else:
            lines.append(t("kemajuan.deleted.folder", lang, path=name + "/"))
    return lines


@dataclass
class Expired:
    """What :func:`remove_expired` deleted: the retention in days, the learners forgotten (student ids) and the
    store's counts of rows removed."""

    days: int
    learners: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return t("kemajuan.expired_deleted", lang, days=self.days, learners=len(self.learners),
                 attempts=self.counts.get("attempts", 0), quiz_results=self.counts.get("quiz_results", 0))


def remove_expired(course_root: Path | str, now: float | None = None) -> Expired | None:
    """Delete the class data older than the retention setting: every learner not seen within it, everywhere (as
    :func:`forget`), then the store's older attempts, quiz results and empty classes. ``None`` when the course has
    no class store. Called by the class server when it starts (``literasi kelas start``)."""
    course_root = Path(course_root)
    if not (course_root / STORE_NAME).is_file():
        return None
    store = ClassStore.of_course(course_root)
    now = now or time.time()
    cutoff = now - store.retention_days * DAY_SECONDS
    expired = Expired(store.retention_days)
    for row in store.learners():
        if row["last_seen_at"] < cutoff:
            forget(course_root, Learner(row["student_id"], row["name"], row["id"]))
            expired.learners.append(row["student_id"])
    expired.counts = store.delete_expired(now=now)
    expired.counts["learners"] = expired.counts.get("learners", 0) + len(expired.learners)
    return expired


def set_retention(course_root: Path | str, days: int | None = None) -> int:
    """The retention setting of the course's class data, in days (set first when ``days`` is given; the store is
    created if need be, so the setting holds for the first class)."""
    store = ClassStore.of_course(course_root)
    if days is not None:
        store.retention_days = days
    return store.retention_days
