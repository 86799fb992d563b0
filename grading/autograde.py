"""Autograde a whole class in parallel, safely.

Each submission is graded by nbgrader's own autograde, in one of N long-lived worker processes
(``grading/worker.py``), each with a private copy of the course and gradebook. The parent checks each
submission before it runs (valid notebook JSON, file names, size, a readable ``timestamp.txt``), enforces
a per-notebook wall-clock limit by killing the worker's whole process group, and merges each finished
result into the real gradebook one at a time with nbgrader's SaveAutoGrades — so an interrupted run
leaves every submission either graded or untouched, and a re-run simply grades again.

Outcomes are named, as nbclient names its failures, in one vocabulary (``grading/outcomes.py``): graded,
timed out (a cell was interrupted after the per-cell timeout, or the whole notebook passed the
wall-clock limit), not gradable (with the reason); a kernel that died is graded up to where it died.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
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
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import nbformat
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.utils import parse_utc
from sqlalchemy.exc import SAWarning

from .answers import rejected_answers
from .course import CONFIG_NAME, Course, CourseError
from .defaults import STARTUP_SECONDS, WALL_CLOCK_SECONDS
from .outcomes import Failure, Reason, Status, SubmissionGrade, notebook_failures, run_status

log = logging.getLogger(__name__)

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
TIMESTAMP_NAME = "timestamp.txt"  # nbgrader's submission time, written by `literasi course collect` or nbgrader


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
    """A submission ready to run: which submitted file goes under which expected name, and when it was sent."""

    student: str
    assignment: str
    files: dict[str, Path]  # expected notebook file name -> submitted file
    reasons: tuple[Reason, ...] = ()
    submitted_at: dt.datetime | None = None  # from timestamp.txt (UTC); None without a readable one

    @property
    def stamp(self) -> Path | None:
        """The submission's ``timestamp.txt`` when it could be read (an unreadable one never reaches nbgrader)."""
        return self.folder / TIMESTAMP_NAME if self.submitted_at is not None else None

    @property
    def folder(self) -> Path:
        return next(iter(self.files.values())).parent


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
    submitted_at, stamp_reasons = submission_time(folder)
    by_name = {path.name: path for path in given}
    if all(name in by_name for name in expected):
        return Prepared(student, assignment, {name: by_name[name] for name in expected}, stamp_reasons, submitted_at)
    if len(expected) == 1 and len(given) == 1:
        renamed = Reason("nilai.renamed", (("given", given[0].name), ("expected", expected[0])))
        return Prepared(student, assignment, {expected[0]: given[0]}, (renamed, *stamp_reasons), submitted_at)
    return refuse("nilai.wrong_names", expected=", ".join(expected))


def submission_time(folder: Path) -> tuple[dt.datetime | None, tuple[Reason, ...]]:
    """When the submission was sent, from its ``timestamp.txt`` (naive UTC, as nbgrader stores it).

    No file: no time, as in nbgrader. A file that cannot be read as a time (empty, garbled, an impossible
    date) is named in a reason and the submission is graded without a time, instead of nbgrader failing
    the submission or the merge aborting the class run; ``collect._submitted_at`` guards the same parse."""
    stamp = folder / TIMESTAMP_NAME
    if not stamp.is_file():
        return None, ()
    try:
        return parse_utc(stamp.read_text("utf-8").strip()), ()
    except (OSError, ValueError, OverflowError):  # UnicodeDecodeError and dateutil's ParserError are ValueErrors
        return None, (Reason("nilai.bad_timestamp", (("name", TIMESTAMP_NAME),)),)


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

class WorkerFailure(Exception):
    """A worker gave no answer for a submission; ``failure`` is how that submission ends."""

    failure: ClassVar[Failure]

    def __init__(self, student: str, assignment: str, message: str) -> None:
        super().__init__(f"{student}/{assignment}: {message}")
        self.student, self.assignment = student, assignment

    def reason(self) -> Reason:
        return self.failure.reason()


class WorkerTimeout(WorkerFailure):
    """The submission ran past the wall clock; the worker and its kernel were killed."""

    failure = Failure.WALL_CLOCK

    def __init__(self, student: str, assignment: str, seconds: float) -> None:
        super().__init__(student, assignment, f"no answer within the wall clock of {seconds:g} s; worker killed")
        self.seconds = seconds

    def reason(self) -> Reason:
        return self.failure.reason(seconds=int(self.seconds))


class WorkerDied(WorkerFailure):
    """The worker process ended (or never became ready) while it held the submission."""

    failure = Failure.GRADER_FAILED

    def __init__(self, student: str, assignment: str, stage: str, exit_code: int | None) -> None:
        code = "still running, killed" if exit_code is None else f"exit code {exit_code}"
        super().__init__(student, assignment, f"the worker died while {stage} ({code}); see its worker.log")
        self.stage, self.exit_code = stage, exit_code  # stage: "starting", "taking the job" or "grading"


def _readable(stream, seconds: float) -> bool:
    """Whether ``stream`` has a line (or its end) to read within ``seconds``. poll(), not select(): select()
    refuses a descriptor numbered 1024 or more, which a long-lived process holding many files reaches."""
    poller = select.poll()
    poller.register(stream, select.POLLIN)
    return bool(poller.poll(seconds * 1000))


class WorkerError(WorkerFailure):
    """Grading the submission raised an error of Literasi's own (not of the submission, which runs in the worker):
    the submission is reported not gradable with the error, and the class run goes on."""

    failure = Failure.GRADER_FAILED

    def __init__(self, student: str, assignment: str, error: BaseException) -> None:
        super().__init__(student, assignment, f"grading failed with {type(error).__name__}: {error}")
        self.error = error


class Worker:
    """A ``grading/worker.py`` process in its own session (killed as a group; its kernels end with it)."""

    def __init__(self, workdir: Path, course: Course, snapshot: Path) -> None:
        self.workdir, self.process = workdir, None
        workdir.mkdir(parents=True)
        shutil.copy(course.root / CONFIG_NAME, workdir / CONFIG_NAME)
        shutil.copytree(course.source, workdir / "source")
        shutil.copy(snapshot, workdir / "gradebook.db")

    def start(self, prepared: Prepared) -> None:
        env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
        self.log = open(self.workdir / "worker.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "literasi.grading.worker", str(self.workdir)], cwd=self.workdir, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, start_new_session=True,
        )
        # Wait for "ready" (nbgrader imported) so start-up never counts against a submission's wall clock.
        if not _readable(self.process.stdout, STARTUP_SECONDS) or not self.process.stdout.readline():
            raise self._died(prepared, "starting")

    def run(self, prepared: Prepared, wall_clock: float) -> dict:
        """nbgrader's answer for the submission (``{"success": ..., "log": ...}``); raises ``WorkerTimeout``
        past the wall clock and ``WorkerDied`` when the worker ends without answering."""
        if self.process is None or self.process.poll() is not None:
            self.start(prepared)
        for sub in ("submitted", "autograded"):
            shutil.rmtree(self.workdir / sub, ignore_errors=True)
        target = self.workdir / "submitted" / prepared.student / prepared.assignment
        target.mkdir(parents=True)
        for name, path in prepared.files.items():
            shutil.copy(path, target / name)
        if prepared.stamp is not None:
            shutil.copy(prepared.stamp, target / TIMESTAMP_NAME)
        try:
            self.process.stdin.write(json.dumps({"student": prepared.student, "assignment": prepared.assignment}) + "\n")
            self.process.stdin.flush()
        except OSError:
            raise self._died(prepared, "taking the job") from None
        if not _readable(self.process.stdout, wall_clock):
            self.stop()
            raise WorkerTimeout(prepared.student, prepared.assignment, wall_clock)
        line = self.process.stdout.readline()
        if not line:
            raise self._died(prepared, "grading")
        return json.loads(line)

    def _died(self, prepared: Prepared, stage: str) -> WorkerDied:
        try:
            exit_code = self.process.wait(timeout=1)  # it closed its end of the pipe: it is exiting
        except subprocess.TimeoutExpired:
            exit_code = None  # still running (never became ready): killed below
        self.stop()
        return WorkerDied(prepared.student, prepared.assignment, stage, exit_code)

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


def merge(course: Course, student: str, assignment: str, autograded: Path,
          submitted_at: dt.datetime | None = None) -> tuple[float, float, bool]:
    """Move one autograded folder into the course and record its grades and submission time (read by
    ``prepare``), as nbgrader's autograde would; return (score, max score, needs manual grading)."""
    with _ctrl_c_waits(), warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # raised inside nbgrader's gradebook code, harmless
        return _merge(course, student, assignment, autograded, submitted_at)


def _merge(course: Course, student: str, assignment: str, autograded: Path,
           submitted_at: dt.datetime | None) -> tuple[float, float, bool]:
    destination = course.autograded / student / assignment
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.parent / f".{assignment}.incoming"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(autograded, staging)
    shutil.rmtree(destination, ignore_errors=True)
    staging.rename(destination)
    with Gradebook(course.gradebook_url) as gradebook:
        gradebook.update_or_create_student(student)
        gradebook.update_or_create_submission(assignment, student, timestamp=submitted_at)
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


def _failures_in(autograded: Path) -> tuple[Failure, ...]:
    """The failures recorded in the run notebooks of an autograded folder, in ``Failure`` order."""
    found = {failure for path in autograded.glob("*.ipynb")
             for failure in notebook_failures(nbformat.read(path, as_version=4))}
    return tuple(failure for failure in Failure if failure in found)


def _reasons_from(autograded: Path) -> tuple[Reason, ...]:
    """What to tell about a run: its failures first (``nilai.cell_timeout``, ``nilai.kernel_died``), then
    each answer that was removed before it ran."""
    reasons = [failure.reason() for failure in _failures_in(autograded)]
    for path in sorted(autograded.glob("*.ipynb")):
        for problem in rejected_answers(nbformat.read(path, as_version=4)):
            key = "nilai.answer_number_format" if problem.number_format() else "nilai.answer_removed"
            reasons.append(Reason(key, (("why", problem),)))
    return tuple(dict.fromkeys(reasons))


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


def _grade_pairs(course: Course, pairs: list[tuple[str, str]], on_graded: Callable[[SubmissionGrade], None] | None,
                 run: Callable[[list[Prepared], Callable[[SubmissionGrade], None]], None]) -> list[SubmissionGrade]:
    """Grade the named submissions: those that cannot be run are concluded here, the others by ``run(runnable,
    finish)``; ``on_graded`` hears of each as it is concluded; the grades in the order of ``pairs``."""
    grades: dict[tuple[str, str], SubmissionGrade] = {}

    def finish(grade: SubmissionGrade) -> None:
        grades[(grade.student, grade.assignment)] = grade
        if on_graded:
            on_graded(grade)

    runnable: list[Prepared] = []
    for student, assignment in dict.fromkeys(pairs):
        prepared = prepare(course, student, assignment)
        if isinstance(prepared, SubmissionGrade):
            finish(prepared)
        else:
            runnable.append(prepared)
    if runnable:
        run(runnable, finish)
    return [grades[pair] for pair in dict.fromkeys(pairs) if pair in grades]


def grade_submissions(course_dir: Path | str, pairs: list[tuple[str, str]], jobs: int | None = None,
                      wall_clock: float = WALL_CLOCK_SECONDS,
                      on_graded: Callable[[SubmissionGrade], None] | None = None) -> list[SubmissionGrade]:
    """Autograde only the named submissions, ``(student, assignment)`` folders of ``submitted/`` (Kelas grades each
    phone's submission as it arrives), exactly as :func:`grade_course` grades them; the grades in the order given."""
    course = Course(Path(course_dir).resolve())
    course.config()
    return _grade_pairs(course, pairs, on_graded, lambda runnable, finish: _run_parallel(
        course, runnable, min(max(1, jobs or os.cpu_count() or 1), len(runnable)), wall_clock, finish))


@dataclass(frozen=True)
class Finished:
    """A worker's answer for a submission: whether nbgrader's autograde succeeded, and its autograded
    folder (moved out of the worker; None when nbgrader left none)."""

    success: bool
    result: Path | None


def _run_parallel(course: Course, runnable: list[Prepared], jobs: int, wall_clock: float,
                  finish: Callable[[SubmissionGrade], None]) -> None:
    with tempfile.TemporaryDirectory(prefix="literasi-grade-", ignore_cleanup_errors=True) as scratch:
        snapshot = _snapshot(course, Path(scratch))
        workers = [Worker(Path(scratch) / f"worker-{index}", course, snapshot) for index in range(jobs)]
        _grade_on(course, runnable, workers, Path(scratch) / "done", wall_clock, finish, keep_workers=False)


def _grade_on(course: Course, runnable: list[Prepared], workers: list[Worker], outbox: Path, wall_clock: float,
              finish: Callable[[SubmissionGrade], None], keep_workers: bool) -> None:
    """Grade ``runnable`` on ``workers``; with ``keep_workers`` (a :class:`WorkerPool`) the workers and their
    prewarmed kernels stay up for the next call, unless the run was interrupted."""
    todo: queue.Queue[Prepared | None] = queue.Queue()
    done: queue.Queue[tuple[Prepared, Finished | WorkerFailure]] = queue.Queue()
    for item in runnable:
        todo.put(item)
    cancelled = threading.Event()  # set on the way out (done or Ctrl-C): threads take no new job

    def serve(worker: Worker) -> None:
        """Take jobs until none is left. Every job taken gets exactly one outcome in ``done`` (the loop below
        waits for one per submission), even when grading it raised: then it is not gradable, with the error."""
        while not cancelled.is_set():
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            try:
                outcome = grade_one(worker, item)
            except Exception as error:  # noqa: BLE001 - reported as this submission's outcome, below
                if cancelled.is_set():  # after Ctrl-C the parent kills workers under our feet
                    return
                log.exception("grading %s/%s failed", item.student, item.assignment)
                worker.stop()
                outcome = WorkerError(item.student, item.assignment, error)
            if outcome is None:
                return
            done.put((item, outcome))

    def grade_one(worker: Worker, item: Prepared) -> Finished | WorkerFailure | None:
        """The submission's outcome; None when the run was cancelled."""
        # A crash or failure gets one retry in a fresh worker, a dead kernel one more run (busy machines).
        for attempt in (1, 2):
            if cancelled.is_set():
                return None
            try:
                answer = worker.run(item, wall_clock)
            except WorkerTimeout as timeout:
                return timeout
            except WorkerDied as died:
                if attempt == 2:
                    return died
                continue
            autograded = worker.autograded(item.student, item.assignment)
            if attempt == 1 and not answer["success"]:
                worker.stop()
                continue
            if attempt == 1 and Failure.KERNEL_DIED in _failures_in(autograded):
                continue
            # Move the result out of the worker's folder so it can take the next job at once.
            result = outbox / item.student / item.assignment
            shutil.rmtree(result, ignore_errors=True)  # a pool's earlier run of the same submission
            if autograded.is_dir():
                shutil.copytree(autograded, result)
            return Finished(bool(answer["success"]), result if result.is_dir() else None)
        raise AssertionError("unreachable: the second attempt always returns")

    threads = [threading.Thread(target=serve, args=(worker,), daemon=True) for worker in workers]
    finished = False
    try:
        for thread in threads:
            thread.start()
        for _ in runnable:
            item, outcome = done.get()
            finish(_conclude(course, item, outcome))
        for thread in threads:
            thread.join()
        finished = True
    finally:
        cancelled.set()
        if not (keep_workers and finished):
            for worker in workers:
                worker.stop()
        for thread in threads:
            thread.join(timeout=30)
        if not (keep_workers and finished):
            for worker in workers:  # a thread may have been starting a worker as we stopped them
                worker.stop()


class WorkerPool:
    """Grading workers that stay up between runs, each with its prewarmed kernel: for a server that grades each
    submission as it arrives (Kelas), so a submission does not wait for workers to start. Not thread-safe: one
    :meth:`grade` at a time. :meth:`close` stops the workers (and their kernels)."""

    def __init__(self, course_dir: Path | str, jobs: int = 2) -> None:
        self.course = Course(Path(course_dir).resolve())
        self.course.config()
        self._scratch = tempfile.TemporaryDirectory(prefix="literasi-pool-", ignore_cleanup_errors=True)
        folder = Path(self._scratch.name)
        snapshot = _snapshot(self.course, folder)
        self.workers = [Worker(folder / f"worker-{index}", self.course, snapshot) for index in range(max(1, jobs))]
        self.outbox = folder / "done"

    def grade(self, pairs: list[tuple[str, str]], wall_clock: float = WALL_CLOCK_SECONDS,
              on_graded: Callable[[SubmissionGrade], None] | None = None) -> list[SubmissionGrade]:
        """Like :func:`grade_submissions`, on this pool's workers."""
        return _grade_pairs(self.course, pairs, on_graded, lambda runnable, finish: _grade_on(
            self.course, runnable, self.workers, self.outbox, wall_clock, finish, keep_workers=True))

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self._scratch.cleanup()


def _conclude(course: Course, item: Prepared, outcome: Finished | WorkerFailure) -> SubmissionGrade:
    student, assignment = item.student, item.assignment
    if isinstance(outcome, WorkerFailure):
        failure, reason = outcome.failure, outcome.reason()
    elif not outcome.success or outcome.result is None:  # nbgrader's autograde failed, in two workers
        failure = Failure.GRADER_FAILED
        reason = failure.reason()
    else:
        score, total, manual = merge(course, student, assignment, outcome.result, item.submitted_at)
        autograded = course.autograded / student / assignment
        return SubmissionGrade(student, assignment, run_status(_failures_in(autograded)), score, total, manual,
                               item.reasons + _reasons_from(autograded))
    return SubmissionGrade(student, assignment, failure.status, 0.0, max_score(course, assignment), False,
                           item.reasons + (reason,))
