"""nbgrader round trip on a real course: init → submissions → autograde → the expected scores."""

import subprocess

import nbformat
import pytest
from conftest import ROOT, literasi_command
from helpers import ALL_POINTS, AUTO_POINTS, CORRECT, WRONG, submit
from nbgrader.api import Gradebook

from literasi.grading import Status, grade_course, init_course


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = init_course(tmp_path_factory.mktemp("kelas") / "bimtek", root=ROOT)
    submit(course.root, "ani", "m3-qris", CORRECT)
    submit(course.root, "budi", "m3-qris", WRONG)
    submit(course.root, "citra", "m3-qris", {})
    submit(course.root, "emma", "m3-qris-en", CORRECT)
    return course, {(g.student, g.assignment): g for g in grade_course(course.root, jobs=2)}


@pytest.mark.slow
def test_released_notebook_has_no_solutions_or_hidden_tests(graded):
    course, _ = graded
    for assignment in ("m3-qris", "m3-qris-en"):
        text = (course.release / assignment / "latihan-qris.ipynb").read_text("utf-8")
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
        assert "840_000" not in text and "119_160_000" not in text
        assert "biaya_mdr = ..." in text


@pytest.mark.slow
def test_correct_answers_get_every_automatic_point(graded):
    _, grades = graded
    for key in (("ani", "m3-qris"), ("emma", "m3-qris-en")):
        grade = grades[key]
        assert grade.status is Status.GRADED
        assert (grade.score, grade.max_score) == (AUTO_POINTS, ALL_POINTS)


@pytest.mark.slow
def test_wrong_and_empty_submissions_score_zero(graded):
    _, grades = graded
    assert grades[("budi", "m3-qris")].score == 0
    assert grades[("citra", "m3-qris")].score == 0
    assert grades[("citra", "m3-qris")].status is Status.GRADED


@pytest.mark.slow
def test_gradebook_holds_the_same_scores_the_run_reported(graded):
    course, grades = graded
    with Gradebook(course.gradebook_url) as gradebook:
        for (student, assignment), grade in grades.items():
            assert gradebook.find_submission(assignment, student).score == grade.score


@pytest.mark.slow
def test_visible_feedback_explains_without_revealing_the_answer(graded):
    course, _ = graded
    notebook = nbformat.read(course.autograded / "budi" / "m3-qris" / "latihan-qris.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "cek-biaya-mdr")
    error = next(o for o in cell.outputs if o.output_type == "error")
    assert "tarif usaha mikro" in error.evalue
    assert "840" not in error.evalue


@pytest.mark.slow
def test_grade_command_prints_a_summary_table(tmp_path):
    course_dir = tmp_path / "kelas"
    run = lambda *args: subprocess.run([*literasi_command(), *args], cwd=ROOT, capture_output=True, text=True,  # noqa: E731
                                       timeout=300)
    created = run("course", "init", str(course_dir))
    assert created.returncode == 0, created.stderr
    submit(course_dir, "fajar", "m3-qris", CORRECT)
    graded = run("grade", str(course_dir))
    assert graded.returncode == 0, graded.stderr
    assert "fajar" in graded.stdout and "6 / 8" in graded.stdout


def test_grading_a_folder_that_is_not_a_course_says_so(tmp_path):
    result = subprocess.run([*literasi_command(), "grade", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "course init" in result.stderr and "Traceback" not in result.stderr


def test_release_regenerates_one_exercise_and_names_unknown_ones(tmp_path):
    course_dir = tmp_path / "kelas"
    run = lambda *args: subprocess.run([*literasi_command(), *args], cwd=ROOT, capture_output=True, text=True,  # noqa: E731
                                       timeout=300)
    assert run("course", "init", str(course_dir)).returncode == 0
    released = course_dir / "release" / "m3-qris" / "latihan-qris.ipynb"
    released.unlink()
    result = run("course", "release", str(course_dir), "m3-qris")
    assert result.returncode == 0, result.stderr
    assert released.is_file() and (course_dir / "release" / "m3-qris-en" / "latihan-qris.ipynb").is_file()
    unknown = run("course", "release", str(course_dir), "m9-tidak-ada")
    assert unknown.returncode == 1 and "m9-tidak-ada" in unknown.stderr and "m3-qris" in unknown.stderr
