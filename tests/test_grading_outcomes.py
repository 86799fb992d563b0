"""One vocabulary for how grading went: the trainer's table and the learner's page name each failure the same way."""

import datetime as dt

import nbformat
import pytest

from literasi.grading.autograde import WorkerDied, WorkerTimeout, submission_time
from literasi.grading.feedback import explain
from literasi.grading.outcomes import (
    CELL_TIMEOUT_ERROR,
    DEAD_KERNEL_ERROR,
    Failure,
    QuestionState,
    Reason,
    Status,
    cell_failure,
    notebook_failures,
    run_status,
    shown_state,
)
from literasi.i18n import LANGS, strings, t


def error(ename: str, evalue: str = "") -> dict:
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_dead_kernel_is_not_called_a_timeout_on_the_learners_page(lang):
    sentences, failure = explain([error(DEAD_KERNEL_ERROR, "Kernel died")], [], lang)
    assert failure is Failure.KERNEL_DIED and failure.question_state is QuestionState.KERNEL_DIED
    assert sentences == [t("grading.hint_kernel_died", lang)]
    sentences, failure = explain([error(CELL_TIMEOUT_ERROR)], [], lang)
    assert failure is Failure.CELL_TIMEOUT and failure.question_state is QuestionState.TIMED_OUT
    assert sentences == [t("grading.hint_timed_out", lang)]


def test_the_trainers_table_and_the_learners_page_read_the_same_failure_from_a_cell():
    assert cell_failure(error(DEAD_KERNEL_ERROR)) is Failure.KERNEL_DIED
    assert cell_failure(error(CELL_TIMEOUT_ERROR)) is Failure.CELL_TIMEOUT
    assert cell_failure(error("AssertionError", "Belum tepat")) is None  # the learner's own code failing
    assert cell_failure(nbformat.v4.new_output("stream", text="DeadKernelError")) is None
    assert Failure.KERNEL_DIED.status is Status.GRADED  # graded up to where it died, never "timed out"
    assert Failure.CELL_TIMEOUT.status is Status.TIMED_OUT and Failure.WALL_CLOCK.status is Status.TIMED_OUT
    assert Failure.GRADER_FAILED.status is Status.NOT_GRADABLE


def test_a_notebooks_failures_come_in_one_order_and_decide_its_status():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell() for _ in range(3)])
    assert notebook_failures(notebook) == () and run_status(()) is Status.GRADED
    notebook.cells[1].outputs = [error(DEAD_KERNEL_ERROR)]
    assert notebook_failures(notebook) == (Failure.KERNEL_DIED,)
    assert run_status(notebook_failures(notebook)) is Status.GRADED
    notebook.cells[0].outputs = [error(CELL_TIMEOUT_ERROR)]
    assert notebook_failures(notebook) == (Failure.CELL_TIMEOUT, Failure.KERNEL_DIED)
    assert run_status(notebook_failures(notebook)) is Status.TIMED_OUT


def test_a_question_shows_its_most_telling_state():
    assert shown_state([QuestionState.CORRECT, QuestionState.KERNEL_DIED]) is QuestionState.KERNEL_DIED
    assert shown_state([QuestionState.KERNEL_DIED, QuestionState.PENDING]) is QuestionState.PENDING
    assert shown_state([QuestionState.PARTIAL, QuestionState.CORRECT]) is QuestionState.PARTIAL


@pytest.mark.parametrize("lang", LANGS)
def test_every_outcome_has_its_words_in_both_languages(lang):
    table = strings(lang)
    assert all(f"grading.state_{state.value}" in table for state in QuestionState)
    for failure in Failure:
        assert failure.reason().key in table
        assert failure.hint_key is None or failure.hint_key in table
        assert (failure.hint_key is None) == (failure.question_state is None)  # a failure inside a cell has both


def test_worker_failures_carry_whose_submission_and_what_happened():
    timeout = WorkerTimeout("ani", "m3-qris", 25.0)
    assert (timeout.student, timeout.assignment, timeout.seconds) == ("ani", "m3-qris", 25.0)
    assert timeout.failure is Failure.WALL_CLOCK
    assert timeout.reason() == Reason("nilai.wall_clock", (("seconds", 25),))
    assert "25 detik" in timeout.reason().text("id")
    died = WorkerDied("budi", "m3-qris-en", "grading", -9)
    assert (died.student, died.assignment, died.stage, died.exit_code) == ("budi", "m3-qris-en", "grading", -9)
    assert died.failure is Failure.GRADER_FAILED and died.reason() == Reason("nilai.grader_failed")
    assert "budi/m3-qris-en" in str(died) and "-9" in str(died)


@pytest.mark.parametrize("stamp", ["", "   \n", "kemarin sore", "2024-13-45 10:00:00 UTC", "9" * 30, "\x00"])
def test_an_unreadable_timestamp_becomes_a_named_reason(tmp_path, stamp):
    (tmp_path / "timestamp.txt").write_text(stamp, "utf-8")
    assert submission_time(tmp_path) == (None, (Reason("nilai.bad_timestamp", (("name", "timestamp.txt"),)),))


def test_a_timestamp_in_a_file_that_is_not_text_becomes_a_named_reason(tmp_path):
    (tmp_path / "timestamp.txt").write_bytes(b"\xff\xfe2024")
    assert submission_time(tmp_path)[1][0].key == "nilai.bad_timestamp"


def test_a_readable_timestamp_is_kept_and_a_missing_one_is_no_time(tmp_path):
    assert submission_time(tmp_path) == (None, ())
    (tmp_path / "timestamp.txt").write_text("2024-05-01 11:00:00.000000 UTC\n", "utf-8")  # as collect writes it
    assert submission_time(tmp_path) == (dt.datetime(2024, 5, 1, 11, 0), ())
