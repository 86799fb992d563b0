"""Autograde a whole class in parallel, safely.

Each submission is graded by nbgrader's own autograde, in one of N long-lived worker processes
(``grading/worker.py``), each with a private copy of the course and gradebook. The parent checks each
submission before it runs (valid notebook JSON, file names, size), enforces a per-notebook wall-clock
limit by killing the worker's whole process group, and merges each finished result into the real
gradebook one at a time with nbgrader's SaveAutoGrades — so an interrupted run leaves every
submission either graded or untouched, and a re-run simply grades again.

Outcomes are named, as nbclient names its failures: graded, timed out (a cell was interrupted after
the per-cell timeout, or the whole notebook passed the wall-clock limit), not gradable (with the reason).
"""

from __future__ import annotations

import json
import os
import queue
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.utils import parse_utc
from sqlalchemy.exc import SAWarning

from literasi.i18n import t_params

from .answers import rejected_answers
from .course import CONFIG_NAME, Course, CourseError
from .defaults import STARTUP_SECONDS, WALL_CLOCK_SECONDS

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


class Status(str, Enum):
    GRADED = "graded"
    TIMED_OUT = "timed_out"
    NOT_GRADABLE = "not_gradable"


@dataclass(frozen=True)
class Reason:
    """Why a submission scored as it did, as a string-table key (``nilai.*``) and its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        return t_params(self.key, lang, self.params)


@dataclass(frozen=True)
class SubmissionGrade:
    student: str
    assignment: str
    status: Status
    score: float
    max_score: float
    needs_manual_grade: bool
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def reason_text(self, lang: str = "id") -> str:
        return " ".join(reason.text(lang) for reason in self.reasons)


def submissions(course: Course) -> Iterator[tuple[str, str]]:
    """(student, assignment) for every folder ``submitted/<student>/<assignment>/`` of a known assignment."""
    if not course.submitted.is_dir():
        return
    known = set(course.assignments())
    for student_dir in sorted(p for p in course.submitted.iterdir() if p.is_dir()):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if assignment_dir.name in known:
                yield student_dir.name, assignment_dir.name


# ---------------------------------------------------------------- checks before a submission runs

@dataclass(frozen=True)
class Prepared:
    """A submission ready to run: which submitted file goes under which expected name."""

    student: str
    assignment: str
    files: dict[str, Path]  # expected notebook file name -> submitted file
    reasons: tuple[Reason, ...] = ()


def prepare(course: Course, student: str, assignment: str) -> Prepared | SubmissionGrade:
    folder = course.submitted / student / assignment
    expected = sorted(p.name for p in (course.source / assignment).glob("*.ipynb"))
    given = sorted(folder.glob("*.ipynb"))

    def refuse(key: str, **params: object) -> SubmissionGrade:
        return SubmissionGrade(student, assignment, Status.NOT_GRADABLE, 0.0, max_score(course, assignment), False,
                               (Reason(key, tuple(params.items())),))

    if not given:
        return refuse("nilai.no_notebook")
    for path in given:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return refuse("nilai.too_big", name=path.name, megabytes=MAX_NOTEBOOK_BYTES // (1024 * 1024))
        if not _looks_like_notebook(path):
            return refuse("nilai.invalid_notebook", name=path.name)
    by_name = {path.name: path for path in given}
    if all(name in by_name for name in expected):
        return Prepared(student, assignment, {name: by_name[name] for name in expected})
    if len(expected) == 1 and len(given) == 1:
        return Prepared(student, assignment, {expected[0]: given[0]},
                        (Reason("nilai.renamed", (("given", given[0].name), ("expected", expected[0]))),))
    return refuse("nilai.wrong_names", expected=", ".join(expected))


def _looks_like_notebook(path: Path) -> bool:
    """Valid JSON with a version-4 notebook's shape; the full schema check happens in nbgrader itself."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and data.get("nbformat") == 4 and isinstance(data.get("cells"), list)


def max_score(course: Course, assignment: str) -> float:
    try:
        with Gradebook(course.gradebook_url) as gradebook:
            return float(gradebook.find_assignment(assignment).max_score)
    except MissingEntry:
        return 0.0


# ---------------------------------------------------------------- workers

class WorkerTimeout(Exception):
    pass


class WorkerDied(Exception):
    pass


class Worker:
    """A ``grading/worker.py`` process in its own session (so it and its kernels can be killed together)."""

    def __init__(self, workdir: Path, course: Course, snapshot: Path) -> None:
        self.workdir, self.process = workdir, None
        workdir.mkdir(parents=True)
        shutil.copy(course.root / CONFIG_NAME, workdir / CONFIG_NAME)
        shutil.copytree(course.source, workdir / "source")
        shutil.copy(snapshot, workdir / "gradebook.db")

    def start(self) -> None:
        env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
        self.log = open(self.workdir / "worker.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "literasi.grading.worker", str(self.workdir)], cwd=self.workdir, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, start_new_session=True,
        )
        # Wait for "ready" (nbgrader imported) so start-up never counts against a submission's wall clock.
        ready, _, _ = select.select([self.process.stdout], [], [], STARTUP_SECONDS)
        if not ready or not self.process.stdout.readline():
            self.stop()
            raise WorkerDied

    def run(self, prepared: Prepared, wall_clock: float) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.start()
        for sub in ("submitted", "autograded"):
            shutil.rmtree(self.workdir / sub, ignore_errors=True)
        target = self.workdir / "submitted" / prepared.student / prepared.assignment
        target.mkdir(parents=True)
        for name, path in prepared.files.items():
            shutil.copy(path, target / name)
        stamp = next(iter(prepared.files.values())).parent / "timestamp.txt"
        if stamp.is_file():
            shutil.copy(stamp, target / "timestamp.txt")
        try:
            self.process.stdin.write(json.dumps({"student": prepared.student, "assignment": prepared.assignment}) + "\n")
            self.process.stdin.flush()
        except OSError:
            self.stop()
            raise WorkerDied from None
        ready, _, _ = select.select([self.process.stdout], [], [], wall_clock)
        if not ready:
            self.stop()
            raise WorkerTimeout
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            raise WorkerDied
        return json.loads(line)

    def autograded(self, student: str, assignment: str) -> Path:
        return self.workdir / "autograded" / student / assignment

    def stop(self) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
            self.process = None
            self.log.close()


# ---------------------------------------------------------------- merging into the real gradebook

@contextmanager
def _ctrl_c_waits():
    """Hold Ctrl-C until the block ends, so a submission's grades are saved whole or not at all."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda *args: pressed.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pressed:
            raise KeyboardInterrupt


def merge(course: Course, student: str, assignment: str, autograded: Path) -> tuple[float, float, bool]:
    """Move one autograded folder into the course and record its grades, as nbgrader's autograde would;
    return (score, max score, needs manual grading)."""
    with _ctrl_c_waits(), warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # raised inside nbgrader's gradebook code, harmless
        return _merge(course, student, assignment, autograded)


def _merge(course: Course, student: str, assignment: str, autograded: Path) -> tuple[float, float, bool]:
    destination = course.autograded / student / assignment
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.parent / f".{assignment}.incoming"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(autograded, staging)
    shutil.rmtree(destination, ignore_errors=True)
    staging.rename(destination)
    stamp = course.submitted / student / assignment / "timestamp.txt"
    timestamp = parse_utc(stamp.read_text().strip()) if stamp.is_file() else None
    with Gradebook(course.gradebook_url) as gradebook:
        gradebook.update_or_create_student(student)
        gradebook.update_or_create_submission(assignment, student, timestamp=timestamp)
        expected = [notebook.name for notebook in gradebook.find_assignment(assignment).notebooks]
        for name in expected:
            if not (destination / f"{name}.ipynb").is_file():
                for grade in gradebook.find_submission_notebook(name, assignment, student).grades:
                    grade.auto_score, grade.needs_manual_grade = 0, False
        for name in expected:
            path = destination / f"{name}.ipynb"
            if path.is_file():
                _save_auto_grades(gradebook, nbformat.read(path, as_version=4), name, assignment, student)
        gradebook.db.commit()
        submission = gradebook.find_submission(assignment, student)
        return float(submission.score), float(submission.max_score), bool(submission.needs_manual_grade)


def _save_auto_grades(gradebook: Gradebook, notebook, name: str, assignment: str, student: str) -> None:
    """nbgrader's SaveAutoGrades, cell for cell, inside one transaction instead of a commit per cell."""
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if utils.is_grade(cell):
            grade = gradebook.find_grade(grade_id, name, assignment, student)
            grade.auto_score, _ = utils.determine_grade(cell)
            grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
        if utils.is_solution(cell) or utils.is_task(cell):
            comment = gradebook.find_comment(grade_id, name, assignment, student)
            unchanged = cell.metadata.nbgrader.get("checksum", None) == utils.compute_checksum(cell)
            comment.auto_comment = "No response." if unchanged and not utils.is_task(cell) else None


def _reasons_from(autograded: Path) -> tuple[bool, tuple[Reason, ...]]:
    timed_out, reasons = False, []
    for path in sorted(autograded.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for problem in rejected_answers(notebook):
            key = "nilai.answer_number_format" if problem.number_format() else "nilai.answer_removed"
            reasons.append(Reason(key, (("why", problem),)))
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    if output.get("ename") == "CellTimeoutError":
                        timed_out = True
                    elif output.get("ename") == "DeadKernelError":
                        reasons.append(Reason("nilai.kernel_died"))
    if timed_out:
        reasons.insert(0, Reason("nilai.cell_timeout"))
    return timed_out, tuple(dict.fromkeys(reasons))


# ---------------------------------------------------------------- the class run

def _snapshot(course: Course, folder: Path) -> Path:
    """A consistent copy of the gradebook for the workers (SQLite's backup API, not a file copy)."""
    target = folder / "gradebook-snapshot.db"
    with sqlite3.connect(course.root / "gradebook.db") as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def grade_course(course_dir: Path | str, jobs: int | None = None, wall_clock: float = WALL_CLOCK_SECONDS,
                 on_graded: Callable[[SubmissionGrade], None] | None = None,
                 progress: bool = False) -> list[SubmissionGrade]:
    """Autograde every submission in ``course_dir/submitted`` with ``jobs`` workers; return the grades
    in (student, assignment) order. Ctrl-C stops the workers; what was merged stays consistent."""
    course = Course(Path(course_dir).resolve())
    course.config()  # fails with a clear message when this is not a course
    if not course.assignments():
        raise CourseError(f"{course.root}: the course has no assignments; run `literasi course init` first")
    jobs = max(1, jobs or os.cpu_count() or 1)
    grades: dict[tuple[str, str], SubmissionGrade] = {}
    runnable: list[Prepared] = []
    for student, assignment in submissions(course):
        prepared = prepare(course, student, assignment)
        if isinstance(prepared, SubmissionGrade):
            grades[(student, assignment)] = prepared
        else:
            runnable.append(prepared)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(grades) + len(runnable), desc="Menilai / grading", unit="kiriman", file=sys.stderr)
        bar.update(len(grades))

    def finish(grade: SubmissionGrade) -> None:
        grades[(grade.student, grade.assignment)] = grade
        if bar:
            bar.update(1)
        if on_graded:
            on_graded(grade)

    for grade in list(grades.values()):
        if on_graded:
            on_graded(grade)
    if runnable:
        _run_parallel(course, runnable, min(jobs, len(runnable)), wall_clock, finish)
    if bar:
        bar.close()
    return [grades[key] for key in sorted(grades)]


def _run_parallel(course: Course, runnable: list[Prepared], jobs: int, wall_clock: float,
                  finish: Callable[[SubmissionGrade], None]) -> None:
    todo: queue.Queue[Prepared | None] = queue.Queue()
    done: queue.Queue[tuple[Prepared, Path | None, str, dict | None]] = queue.Queue()
    for item in runnable:
        todo.put(item)
    cancelled = threading.Event()  # set on the way out (done or Ctrl-C): threads take no new job
    with tempfile.TemporaryDirectory(prefix="literasi-grade-", ignore_cleanup_errors=True) as scratch:
        snapshot = _snapshot(course, Path(scratch))
        workers = [Worker(Path(scratch) / f"worker-{index}", course, snapshot) for index in range(jobs)]
        outbox = Path(scratch) / "done"

        def serve(worker: Worker) -> None:
            try:
                take_jobs(worker)
            except Exception:  # noqa: BLE001 - after Ctrl-C the parent kills workers under our feet
                if not cancelled.is_set():
                    raise

        def take_jobs(worker: Worker) -> None:
            while not cancelled.is_set():
                try:
                    item = todo.get_nowait()
                except queue.Empty:
                    return
                for attempt in (1, 2):  # a crash or failure gets one retry in a fresh worker (busy machines)
                    if cancelled.is_set():
                        return
                    try:
                        answer = worker.run(item, wall_clock)
                    except WorkerTimeout:
                        done.put((item, None, "wall_clock", None))
                        break
                    except WorkerDied:
                        if attempt == 2:
                            done.put((item, None, "died", None))
                        continue
                    if not answer["success"] and attempt == 1:
                        worker.stop()
                        continue
                    # Move the result out of the worker's folder so it can take the next job at once.
                    result = outbox / item.student / item.assignment
                    if worker.autograded(item.student, item.assignment).is_dir():
                        shutil.copytree(worker.autograded(item.student, item.assignment), result)
                    done.put((item, result, "ok", answer))
                    break

        threads = [threading.Thread(target=serve, args=(worker,), daemon=True) for worker in workers]
        try:
            for thread in threads:
                thread.start()
            for _ in runnable:
                item, result, outcome, answer = done.get()
                finish(_conclude(course, item, result, outcome, answer, wall_clock))
            for thread in threads:
                thread.join()
        finally:
            cancelled.set()
            for worker in workers:
                worker.stop()
            for thread in threads:
                thread.join(timeout=30)
            for worker in workers:  # a thread may have been starting a worker as we stopped them
                worker.stop()


def _conclude(course: Course, item: Prepared, result: Path | None, outcome: str, answer: dict | None,
              wall_clock: float) -> SubmissionGrade:
    student, assignment = item.student, item.assignment
    total = max_score(course, assignment)
    if outcome == "wall_clock":
        return SubmissionGrade(student, assignment, Status.TIMED_OUT, 0.0, total, False,
                               item.reasons + (Reason("nilai.wall_clock", (("seconds", int(wall_clock)),)),))
    if outcome == "died" or not answer or not answer["success"] or result is None or not result.is_dir():
        return SubmissionGrade(student, assignment, Status.NOT_GRADABLE, 0.0, total, False,
                               item.reasons + (Reason("nilai.grader_failed"),))
    score, total, manual = merge(course, student, assignment, result)
    timed_out, found = _reasons_from(course.autograded / student / assignment)
    return SubmissionGrade(student, assignment, Status.TIMED_OUT if timed_out else Status.GRADED, score, total,
                           manual, item.reasons + found)
