"""Hostile and broken submissions: each gets the right grade or a clear reason, and the class run completes.

Two real courses: the default one, where answer cells may hold only values (code is removed before it
runs), and one with ``strict_answers=False``, where only the runtime limits (per-cell timeout,
per-notebook wall clock, output cap) stand between a submission and the grader.
"""

import json
import os
import re
import resource
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from helpers import AUTO_POINTS, CORRECT, submit

from literasi.grading import Status, grade_course, init_course
from literasi.grading.autograde import Worker, WorkerDied, prepare
from literasi.grading.feedback import generate_feedback
from literasi.grading.outcomes import Failure
from literasi.i18n import t

pytestmark = pytest.mark.slow
Q1 = "jawaban-biaya-mdr"  # worth 2 of the 6 automatic points


def with_q1(source: str) -> dict[str, str]:
    return {**CORRECT, Q1: source}


def add_cell_before_tests(course_root: Path, student: str, assignment: str, source: str) -> None:
    path = course_root / "submitted" / student / assignment / "latihan-qris.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell(source))
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    course = init_course(tmp_path_factory.mktemp("ketat") / "kelas", root=ROOT)
    root = course.root
    submit(root, "benar", "m3-qris", CORRECT)
    submit(root, "sebagian", "m3-qris", {Q1: "biaya_mdr = 840000", "jawaban-jawaban-1": 'jawaban_1 = "b"'})
    submit(root, "loop", "m3-qris", with_q1("while True:\n    pass"))
    submit(root, "osexit", "m3-qris", with_q1("import os\nos._exit(1)"))
    submit(root, "sysexit", "m3-qris", with_q1("import sys\nsys.exit(0)"))
    submit(root, "crash", "m3-qris", with_q1("import ctypes\nctypes.string_at(0)"))
    submit(root, "curang", "m3-qris", with_q1("biaya_mdr = type('X', (int,), {'__sub__': lambda s, o: 0})(5)"))
    submit(root, "patch", "m3-qris", {**CORRECT, Q1: "biaya_mdr = 360000"})
    add_cell_before_tests(root, "patch", "m3-qris", "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.round = lambda x: 1")
    submit(root, "intip", "m3-qris", with_q1("biaya_mdr = open('../../../source/m3-qris/latihan-qris.ipynb').read()"))
    submit(root, "banjir", "m3-qris", with_q1("biaya_mdr = 840000\nprint('x' * 10_000_000)"))
    broken = root / "submitted" / "rusak" / "m3-qris"
    broken.mkdir(parents=True)
    (broken / "latihan-qris.ipynb").write_text('{"cells": [ this is not json', "utf-8")
    submit(root, "salahnama", "m3-qris", CORRECT)
    folder = root / "submitted" / "salahnama" / "m3-qris"
    (folder / "latihan-qris.ipynb").rename(folder / "Tugas Budi FINAL.ipynb")
    submit(root, "ganda", "m3-qris", CORRECT)
    duplicate = root / "submitted" / "ganda" / "m3-qris"
    (duplicate / "latihan-qris (1).ipynb").write_text((duplicate / "latihan-qris.ipynb").read_text("utf-8"), "utf-8")
    for student, stamp in (("jamrusak", "kemarin sore"), ("jamkosong", ""), ("jammustahil", "2024-13-45 10:00:00 UTC")):
        submit(root, student, "m3-qris", CORRECT)
        (root / "submitted" / student / "m3-qris" / "timestamp.txt").write_text(stamp, "utf-8")
    grades = {g.student: g for g in grade_course(root, jobs=2)}
    return course, grades


def test_every_submission_gets_a_row(strict):
    _, grades = strict
    assert len(grades) == 16


def test_partial_answers_get_their_points(strict):
    _, grades = strict
    assert grades["benar"].score == AUTO_POINTS
    assert grades["sebagian"].score == 3


@pytest.mark.parametrize("student", ["loop", "osexit", "sysexit", "crash", "curang", "intip", "banjir"])
def test_code_in_an_answer_is_removed_and_only_that_answer_loses_its_points(strict, student):
    _, grades = strict
    grade = grades[student]
    assert grade.status is Status.GRADED
    assert grade.score == AUTO_POINTS - 2
    assert "diabaikan" in grade.reason_text("id") and "ignored" in grade.reason_text("en")


def test_patching_builtins_from_an_added_cell_does_not_fool_the_tests(strict):
    _, grades = strict
    grade = grades["patch"]
    assert grade.score == AUTO_POINTS - 2  # the wrong biaya_mdr still fails its hidden test
    assert "diabaikan" in grade.reason_text("id")


def test_a_file_that_is_not_a_notebook_is_reported_not_gradable(strict):
    _, grades = strict
    grade = grades["rusak"]
    assert grade.status is Status.NOT_GRADABLE and grade.score == 0
    assert "latihan-qris.ipynb" in grade.reason_text("id") and "rusak" in grade.reason_text("id")


def test_a_single_notebook_with_another_name_is_graded_and_the_rename_is_said(strict):
    _, grades = strict
    grade = grades["salahnama"]
    assert grade.score == AUTO_POINTS
    assert "Tugas Budi FINAL.ipynb" in grade.reason_text("id")


def test_a_duplicate_copy_beside_the_expected_file_is_ignored(strict):
    _, grades = strict
    assert grades["ganda"].score == AUTO_POINTS


@pytest.mark.parametrize("student", ["jamrusak", "jamkosong", "jammustahil"])
def test_an_unreadable_timestamp_is_named_and_the_submission_graded_without_a_time(strict, student):
    from nbgrader.api import Gradebook

    course, grades = strict
    grade = grades[student]
    assert grade.status is Status.GRADED and grade.score == AUTO_POINTS
    for lang in ("id", "en"):
        assert grade.reason_text(lang) == t("nilai.bad_timestamp", lang, name="timestamp.txt")
    with Gradebook(course.gradebook_url) as gradebook:
        assert gradebook.find_submission("m3-qris", student).timestamp is None


def test_a_worker_that_dies_says_whose_submission_when_and_how(strict, tmp_path):
    course, _ = strict
    worker = Worker(tmp_path / "worker", course, course.root / "gradebook.db")
    (worker.workdir / "nbgrader_config.py").write_text("import os\nos._exit(3)\n", "utf-8")
    with pytest.raises(WorkerDied) as died:
        worker.run(prepare(course, "benar", "m3-qris"), wall_clock=60)
    error = died.value
    assert (error.student, error.assignment, error.stage, error.exit_code) == ("benar", "m3-qris", "starting", 3)
    assert error.failure is Failure.GRADER_FAILED and error.reason().key == "nilai.grader_failed"
    assert "benar/m3-qris" in str(error) and "exit code 3" in str(error)


def test_grading_kernels_use_unix_sockets_in_the_workers_own_folder(strict, tmp_path):
    course, _ = strict
    worker = Worker(tmp_path / "worker", course, course.root / "gradebook.db")
    try:
        assert worker.run(prepare(course, "benar", "m3-qris"), wall_clock=60)["success"]
        # The kernel that graded is gone with its files; the next one, started ahead, binds its sockets there.
        kernels = worker.workdir / "kernels"
        expected = ["k2-ipc-1", "k2-ipc-2", "k2-ipc-3", "k2-ipc-4", "k2-ipc-5", "k2.json"]
        deadline = time.monotonic() + 60
        while sorted(path.name for path in kernels.iterdir()) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sorted(path.name for path in kernels.iterdir()) == expected
        connection = json.loads((kernels / "k2.json").read_text("utf-8"))
        assert connection["transport"] == "ipc" and connection["ip"] == str(kernels.resolve() / "k2-ipc")
    finally:
        worker.stop()


@pytest.fixture(scope="module")
def permissive(tmp_path_factory):
    course = init_course(tmp_path_factory.mktemp("longgar") / "kelas", root=ROOT, timeout=3, strict_answers=False)
    root = course.root
    submit(root, "benar", "m3-qris", CORRECT)
    submit(root, "loop", "m3-qris", with_q1("while True:\n    pass"))
    submit(root, "bandel", "m3-qris", with_q1("while True:\n    try:\n        pass\n    except BaseException:\n        pass"))
    submit(root, "osexit", "m3-qris", with_q1("import os\nos._exit(1)"))
    submit(root, "mati", "m3-qris", {**CORRECT, "jawaban-jawaban-1": "import os\nos._exit(1)"})
    submit(root, "banjir", "m3-qris", with_q1("biaya_mdr = 840_000\nprint('x' * 3_000_000)"))
    submit(root, "lambat", "m3-qris", CORRECT)  # every cell stays under the cell timeout, the whole does not
    for _ in range(14):
        add_cell_before_tests(root, "lambat", "m3-qris", "import time\ntime.sleep(2.5)")
    started = time.monotonic()
    grades = {g.student: g for g in grade_course(root, jobs=2, wall_clock=25)}
    return course, grades, time.monotonic() - started


def test_interruptible_loop_times_out_in_its_cell_only(permissive):
    _, grades, _ = permissive
    assert grades["loop"].status is Status.TIMED_OUT
    assert grades["loop"].score == AUTO_POINTS - 2
    assert grades["benar"].score == AUTO_POINTS


def test_loop_that_swallows_interrupts_still_ends_at_the_cell_timeout(permissive):
    _, grades, _ = permissive
    assert grades["bandel"].status is Status.TIMED_OUT
    assert grades["bandel"].score == AUTO_POINTS - 2


def test_a_notebook_slower_than_the_wall_clock_is_stopped_and_scores_zero(permissive):
    _, grades, elapsed = permissive
    grade = grades["lambat"]
    assert grade.status is Status.TIMED_OUT and grade.score == 0
    assert "25 detik" in grade.reason_text("id")
    assert elapsed < 120, "one slow notebook must not hold up the class for long"


def test_a_kernel_that_exits_is_reported_and_the_rest_is_graded(permissive):
    _, grades, _ = permissive
    grade = grades["osexit"]  # in the first question: nothing ran before it
    assert grade.status is Status.GRADED and grade.score == 0
    assert grade.reasons == (Failure.KERNEL_DIED.reason(),)
    late = grades["mati"]  # in the fourth question: the three before it keep their points
    assert late.status is Status.GRADED and late.score == AUTO_POINTS - 2
    for lang in ("id", "en"):
        assert late.reason_text(lang) == t("nilai.kernel_died", lang)


def test_a_kernel_that_died_is_said_the_same_way_on_the_learners_page(permissive):
    course, _, _ = permissive
    generate_feedback(course.root)
    page = (course.root / "feedback" / "mati" / "m3-qris.html").read_text("utf-8")
    states = re.findall(r'<section class="question (\w+)">', page)
    assert states[:5] == ["correct", "correct", "correct", "kernel_died", "kernel_died"]
    assert page.count(t("grading.state_kernel_died", "id")) == 2 and t("grading.hint_kernel_died", "id") in page
    assert t("grading.state_timed_out", "id") not in page and t("grading.hint_timed_out", "id") not in page
    assert "DeadKernelError" not in page and "Traceback" not in page


def test_enormous_output_is_capped_in_the_stored_notebook(permissive):
    course, grades, _ = permissive
    assert grades["banjir"].score == AUTO_POINTS
    stored = course.autograded / "banjir" / "m3-qris" / "latihan-qris.ipynb"
    assert stored.stat().st_size < 200_000


def test_ctrl_c_leaves_the_gradebook_consistent_and_a_rerun_finishes(tmp_path):
    import signal
    import subprocess

    from conftest import literasi_command
    from nbgrader.api import Gradebook

    course = init_course(tmp_path / "kelas", root=ROOT)
    for index in range(8):
        submit(course.root, f"peserta-{index}", "m3-qris", CORRECT)
    process = subprocess.Popen([*literasi_command(), "grade", str(course.root), "--jobs", "2"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(course.autograded.glob("*/m3-qris")) and time.monotonic() < deadline:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in stderr and "jalankan lagi" in stderr

    with Gradebook(course.gradebook_url) as gradebook:  # every recorded submission is whole
        for submission in gradebook.assignment_submissions("m3-qris"):
            assert submission.score == AUTO_POINTS
            assert (course.autograded / submission.student.id / "m3-qris" / "latihan-qris.ipynb").is_file()
    assert not list(course.autograded.glob("*/.*incoming"))

    grades = grade_course(course.root, jobs=2)
    assert [g.score for g in grades] == [AUTO_POINTS] * 8


def test_an_error_of_literasi_itself_while_grading_ends_only_that_submission(tmp_path, monkeypatch):
    """A bug or a full disk while one submission is graded must not stop the class run (it used to wait for
    that submission's outcome for ever): that one is not gradable, with the reason; the others are graded."""
    course = init_course(tmp_path / "kelas", root=ROOT)
    submit(course.root, "ani", "m3-qris", CORRECT)
    submit(course.root, "budi", "m3-qris", CORRECT)
    real_autograded = Worker.autograded

    def failing_for_budi(worker, student, assignment):
        if student == "budi":
            raise OSError("No space left on device")
        return real_autograded(worker, student, assignment)

    monkeypatch.setattr(Worker, "autograded", failing_for_budi)
    grades = {grade.student: grade for grade in grade_course(course.root, jobs=2)}
    assert grades["ani"].status is Status.GRADED and grades["ani"].score == AUTO_POINTS
    assert grades["budi"].status is Status.NOT_GRADABLE and grades["budi"].score == 0
    for lang in ("id", "en"):
        assert t("nilai.grader_failed", lang) in grades["budi"].reason_text(lang)


def test_grading_works_in_a_process_that_holds_many_open_files(strict, tmp_path):
    """A long-lived process (a server that grades, a test worker) may hold more than 1024 open files; the
    worker's answer must still be read (select() refuses such descriptors, and the class run used to hang)."""
    course, _ = strict
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    held = [open(os.devnull, "rb") for _ in range(1100)]  # noqa: SIM115 - closed below
    worker = Worker(tmp_path / "worker", course, course.root / "gradebook.db")
    try:
        answer = worker.run(prepare(course, "benar", "m3-qris"), wall_clock=120)
    finally:
        worker.stop()
        for file in held:
            file.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert answer["success"]
    assert worker.process is None and worker.workdir.joinpath("autograded", "benar", "m3-qris").is_dir()
