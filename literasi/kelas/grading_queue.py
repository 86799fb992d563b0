"""Kelas's grading queue: every accepted attempt becomes a real nbgrader submission, graded by the course's own
engine, its score written back to the class store.

The store is the queue. A phone's attempt is committed to ``kelas.db`` before the phone is told it was received
(:meth:`.store.ClassStore.record_attempt`); one thread then takes every attempt not graded yet
(:meth:`.store.ClassStore.ungraded_attempts`), writes each as nbgrader's submission
``COURSE/submitted/<student_id>/<assignment>/`` (the released notebook with the phone's values, the data files a
learner's folder has, nbgrader's ``timestamp.txt`` of the moment the attempt arrived), autogrades them with
:class:`literasi.grading.autograde.WorkerPool` (the parallel workers of ``literasi grade``, kept up between
submissions with their prewarmed kernels; strict answers, wall clock) into the course gradebook, and records each score. A server stopped mid-grading therefore loses nothing: the attempts it
had not finished are still ungraded in the store, and the next start grades them (:meth:`GradingQueue.run_once`
runs once at start-up).

Every attempt is kept; the latest counts. When a learner sends the same exercise again before the earlier attempt
was graded, only the latest is graded, and the earlier one is marked as replaced (``graded_at`` set, no score).

What a learner sees of a graded attempt is :class:`AttemptFeedback`: per question, its state, points and the
visible checks' sentences, as ``literasi feedback`` writes them (:func:`literasi.grading.feedback.collect_feedback`:
never hidden tests, tracebacks or expected values).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from literasi.grading.autograde import TIMESTAMP_NAME, WorkerPool
from literasi.grading.collect import TIMESTAMP_FORMAT
from literasi.grading.course import Course
from literasi.grading.defaults import WALL_CLOCK_SECONDS
from literasi.grading.outcomes import QuestionState, Status, SubmissionGrade

from .forms import ExerciseForm, released_notebook
from .store import ClassStore
from .values import submitted_notebook

log = logging.getLogger(__name__)
IDLE_CHECK_SECONDS = 5.0  # the queue looks at the store this often even when nobody woke it


@dataclass
class QuestionResult:
    title: str
    state: str  # a QuestionState value
    score: float
    max_score: float
    messages: list[str] = field(default_factory=list)


@dataclass
class AttemptFeedback:
    """What the learner's feedback page shows of one graded attempt."""

    status: str  # a Status value
    score: float
    max_score: float
    pending_points: float = 0.0  # the reflection, waiting for the instructor
    questions: list[QuestionResult] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def submission_folder(course_root: Path, student_id: str, assignment: str) -> Path:
    return Path(course_root) / "submitted" / student_id / assignment


def write_submission(course_root: Path, form: ExerciseForm, student_id: str, values: dict,
                     submitted_at: float) -> Path:
    """Write one attempt as nbgrader's submission folder (replacing the learner's previous one); the folder."""
    release = Path(course_root) / "release" / form.assignment
    released = nbformat.read(released_notebook(release), as_version=4)
    notebook = submitted_notebook(released, form, values)
    folder = submission_folder(course_root, student_id, form.assignment)
    staging = folder.parent / f".{form.assignment}.incoming"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for extra in release.iterdir():  # the data files, as a learner's folder has them
        if extra.is_file() and extra.suffix != ".ipynb":
            shutil.copy(extra, staging / extra.name)
    nbformat.write(notebook, staging / form.notebook)
    moment = dt.datetime.fromtimestamp(submitted_at, dt.timezone.utc)
    (staging / TIMESTAMP_NAME).write_text(moment.strftime(TIMESTAMP_FORMAT), "utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder


def name_students(course_root: Path, names: dict[str, str]) -> None:
    """Give the gradebook's students their Kelas names (student id -> name) where the trainer set none, so the
    report, the certificates and the formgrader show "Bu Sari", as for a learner imported from a roster."""
    from nbgrader.api import Gradebook, MissingEntry

    course = Course(Path(course_root).resolve())
    with Gradebook(course.gradebook_url) as gradebook:
        for student_id, name in names.items():
            try:
                known = gradebook.find_student(student_id)
            except MissingEntry:
                known = None
            if known is None or not (known.first_name or known.last_name):
                gradebook.update_or_create_student(student_id, first_name=name)


def attempt_feedback(course_root: Path, grade: SubmissionGrade) -> AttemptFeedback:
    """The learner's view of a graded submission, read back from the gradebook and the autograded notebook."""
    from nbgrader.api import Gradebook

    from literasi.grading.feedback import collect_feedback
    from literasi.grading.report import first_heading

    feedback = AttemptFeedback(grade.status.value, grade.score, grade.max_score)
    if grade.status is Status.NOT_GRADABLE:
        return feedback
    course = Course(Path(course_root).resolve())
    with Gradebook(course.gradebook_url) as gradebook:
        collected = collect_feedback(course, gradebook, grade.student, grade.assignment)
    if collected is None:
        return feedback
    feedback.pending_points = collected.pending_points
    for number, question in enumerate(collected.questions, start=1):
        title = first_heading(question.text) or str(number)
        state = question.state
        messages = [] if state is QuestionState.PENDING else list(question.messages)
        feedback.questions.append(QuestionResult(title, state.value, question.score, question.max_score, messages))
    return feedback


class GradingQueue:
    """The thread that grades what the store holds ungraded (see the module's docstring)."""

    def __init__(self, course_root: Path | str, store: ClassStore, forms: dict[str, ExerciseForm], jobs: int = 2,
                 wall_clock: float = WALL_CLOCK_SECONDS):
        self.course_root, self.store, self.forms = Path(course_root), store, forms
        self.jobs, self.wall_clock = jobs, wall_clock
        self.feedback: dict[int, AttemptFeedback] = {}  # attempt id -> what its page shows (this run's)
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one grading run at a time
        self._pool: WorkerPool | None = None  # started with the first submission, kept until stop()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="kelas-grading", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """An attempt was stored: grade it soon."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                while self.run_once() and not self._stop.is_set():
                    pass  # more waiting: the next round at once
            except Exception:  # noqa: BLE001 - the queue must outlive one bad run; the attempts stay ungraded
                log.exception("Kelas grading run failed; the attempts stay in the store and are tried again")
                self._stop.wait(IDLE_CHECK_SECONDS)
            self._wake.wait(IDLE_CHECK_SECONDS)
            self._wake.clear()

    def run_once(self) -> int:
        """Grade the oldest ungraded attempts of the store (the latest per learner and exercise), one per worker:
        a round at a time, first come first served, so an attempt sent while a round runs waits for that round
        only, not for a whole batch; how many were graded (0: nothing waits)."""
        with self._lock:
            latest: dict[tuple[int, str], dict] = {}
            for attempt in self.store.ungraded_attempts():
                key = (attempt["learner_id"], attempt["assignment"])
                earlier = latest.get(key)
                if earlier is not None:
                    self.store.record_grade(earlier["id"], None, None)  # replaced by a later attempt
                latest[key] = attempt
            jobs: dict[tuple[str, str], dict] = {}
            names: dict[str, str] = {}  # student id -> Kelas name, of this round's learners
            oldest_first = sorted(latest.items(), key=lambda item: (item[1]["submitted_at"], item[1]["id"]))
            for (learner_id, assignment), attempt in oldest_first:
                if len(jobs) == self.jobs:
                    break
                learner, form = self.store.learner(learner_id), self.forms.get(assignment)
                if learner is None or form is None:  # forgotten meanwhile, or an exercise no longer served
                    self.store.record_grade(attempt["id"], None, None)
                    continue
                write_submission(self.course_root, form, learner["student_id"], attempt["answers"],
                                 attempt["submitted_at"])
                jobs[(learner["student_id"], assignment)] = attempt
                names[learner["student_id"]] = learner["name"]
            if not jobs:
                return 0
            name_students(self.course_root, names)

            def graded(grade: SubmissionGrade) -> None:
                attempt = jobs.get((grade.student, grade.assignment))
                if attempt is None:
                    return
                try:
                    self.feedback[attempt["id"]] = attempt_feedback(self.course_root, grade)
                except Exception:  # noqa: BLE001 - the score still counts; the page shows the score alone
                    log.exception("feedback of attempt %s could not be read", attempt["id"])
                    self.feedback[attempt["id"]] = AttemptFeedback(grade.status.value, grade.score, grade.max_score)
                self.store.record_grade(attempt["id"], grade.score, grade.max_score)

            if self._pool is None:
                self._pool = WorkerPool(self.course_root, self.jobs)
            try:
                self._pool.grade(list(jobs), wall_clock=self.wall_clock, on_graded=graded)
            except BaseException:
                self._pool.close()  # the next run starts fresh workers; the attempts stay ungraded in the store
                self._pool = None
                raise
            return len(jobs)

    def feedback_of(self, attempt: dict, student_id: str) -> AttemptFeedback | None:
        """What the page of a graded attempt shows: this run's, or — after a restart — read back from the gradebook
        when the attempt is still the learner's latest graded one for its exercise; None when neither."""
        if attempt["id"] in self.feedback:
            return self.feedback[attempt["id"]]
        if attempt["score"] is None:
            return None
        graded = [a for a in self.store.attempts(attempt["learner_id"], attempt["assignment"]) if a["score"] is not None]
        if not graded or graded[-1]["id"] != attempt["id"]:
            return AttemptFeedback(Status.GRADED.value, attempt["score"], attempt["max_score"])
        grade = SubmissionGrade(student_id, attempt["assignment"], Status.GRADED, attempt["score"],
                                attempt["max_score"], False)
        try:
            feedback = attempt_feedback(self.course_root, grade)
        except Exception:  # noqa: BLE001
            log.exception("feedback of attempt %s could not be read", attempt["id"])
            return AttemptFeedback(Status.GRADED.value, attempt["score"], attempt["max_score"])
        self.feedback[attempt["id"]] = feedback
        return feedback
