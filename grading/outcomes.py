"""How grading went, in one vocabulary: what ``autograde``, the trainer's table and the learner's page all say.

Three levels, each with one name per outcome, as nbclient gives each of its failures one exception type:

- ``Status``: a whole submission, in the trainer's table (``literasi grade``);
- ``QuestionState``: one question, on the learner's feedback page (``literasi feedback``);
- ``Failure``: why a notebook's run (or part of it) did not finish normally. Each failure decides the
  submission's status, the trainer's reason (``nilai.*``) and, when it happens inside a cell, the
  question's state and the learner's hint (``grading.*``). ``cell_failure`` reads it from a cell's error
  output, so the grader, the table and the page cannot disagree on what an error means.

Refusals before anything runs (no notebook, too big, not JSON, wrong file names) are not failures of a
run: ``autograde.prepare`` gives them ``Status.NOT_GRADABLE`` and a reason naming the file's problem.

A dead kernel (nbclient's ``DeadKernelError``) is the notebook's own Python ending mid-run: the
learner's code closed it (``os._exit``), crashed it, or used up the memory. It is not a timeout (nothing
ran too long) and not the grader's fault, so it is ``Failure.KERNEL_DIED`` everywhere: the cells that
ran before it keep their points, every cell from there on scores 0 (``prewarm.PrewarmedExecute`` marks
them), the submission is graded with that reason, and the learner's page says those questions
"stopped abruptly".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from literasi.i18n import t_params


class Status(str, Enum):
    """A submission's outcome, one per row of the trainer's table."""

    GRADED = "graded"
    TIMED_OUT = "timed_out"
    NOT_GRADABLE = "not_gradable"


class QuestionState(str, Enum):
    """A question's outcome on the learner's page (the page's badge is ``grading.state_<value>``)."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"
    PENDING = "pending"  # awaiting the trainer's manual grade
    TIMED_OUT = "timed_out"
    KERNEL_DIED = "kernel_died"


# A question graded in several cells shows the first of these that any of its cells has.
_STATE_PRECEDENCE = (QuestionState.PENDING, QuestionState.TIMED_OUT, QuestionState.KERNEL_DIED,
                     QuestionState.NOT_ATTEMPTED, QuestionState.INCORRECT, QuestionState.PARTIAL,
                     QuestionState.CORRECT)


def shown_state(states: Iterable[QuestionState]) -> QuestionState:
    """The state a question shows, from the states of its graded cells."""
    return min(states, key=_STATE_PRECEDENCE.index)


@dataclass(frozen=True)
class Reason:
    """Why a submission scored as it did, as a string-table key (``nilai.*``) and its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        return t_params(self.key, lang, self.params)


class Failure(str, Enum):
    """Why a notebook's run, or part of it, did not finish normally."""

    CELL_TIMEOUT = "cell_timeout"  # a cell passed the per-cell limit and was interrupted; that cell scores 0
    KERNEL_DIED = "kernel_died"  # the notebook's Python ended mid-run; every cell from there scores 0
    WALL_CLOCK = "wall_clock"  # the whole notebook passed the wall-clock limit; the submission scores 0
    GRADER_FAILED = "grader_failed"  # the worker died or nbgrader's autograde failed, twice; not gradable

    @property
    def status(self) -> Status:
        return _STATUS[self]

    @property
    def question_state(self) -> QuestionState | None:
        """The state of a question whose check cell has this failure (None: not a failure inside a cell)."""
        return _QUESTION_STATE.get(self)

    @property
    def hint_key(self) -> str | None:
        """The learner's explanation for such a question (``grading.*``)."""
        return _HINT.get(self)

    def reason(self, **params: object) -> Reason:
        """The trainer's reason (``nilai.<value>``)."""
        return Reason(f"nilai.{self.value}", tuple(params.items()))


_STATUS = {Failure.CELL_TIMEOUT: Status.TIMED_OUT, Failure.KERNEL_DIED: Status.GRADED,
           Failure.WALL_CLOCK: Status.TIMED_OUT, Failure.GRADER_FAILED: Status.NOT_GRADABLE}
_QUESTION_STATE = {Failure.CELL_TIMEOUT: QuestionState.TIMED_OUT, Failure.KERNEL_DIED: QuestionState.KERNEL_DIED}
_HINT = {Failure.CELL_TIMEOUT: "grading.hint_timed_out", Failure.KERNEL_DIED: "grading.hint_kernel_died"}

# The error names the notebook runner writes into a cell's outputs: nbgrader's Execute for a cell
# interrupted at the per-cell timeout, prewarm.PrewarmedExecute for a kernel that died.
CELL_TIMEOUT_ERROR = "CellTimeoutError"
DEAD_KERNEL_ERROR = "DeadKernelError"
_CELL_ERRORS = {CELL_TIMEOUT_ERROR: Failure.CELL_TIMEOUT, DEAD_KERNEL_ERROR: Failure.KERNEL_DIED}


def cell_failure(output: Mapping) -> Failure | None:
    """The failure a cell output records, or None (no error, or an ordinary error of the learner's code)."""
    if output.get("output_type") != "error":
        return None
    return _CELL_ERRORS.get(output.get("ename", ""))


def notebook_failures(notebook: Mapping) -> tuple[Failure, ...]:
    """The failures recorded in a run notebook's cells, in ``Failure`` order."""
    found = {cell_failure(output) for cell in notebook.get("cells", []) for output in cell.get("outputs", [])}
    return tuple(failure for failure in Failure if failure in found)


def run_status(failures: Iterable[Failure]) -> Status:
    """A run notebook's status: the first failure's that is not GRADED, else GRADED."""
    return next((failure.status for failure in failures if failure.status is not Status.GRADED), Status.GRADED)


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
