"""Every exercise in the manifest, in both languages, on one real course: the solutions a source
notebook holds earn every automatic point, an untouched student version earns none, and the student
version carries no solution or hidden test."""

import re

import nbformat
import pytest
from conftest import ROOT

from literasi.curriculum import load_curriculum
from literasi.grading import Status, grade_course, init_course

pytestmark = pytest.mark.slow
ASSIGNMENTS = [exercise.assignment(lang) for exercise in load_curriculum(ROOT / "curriculum.yml").exercises()
               for lang in ("id", "en")]
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def solved(source_cell) -> str:
    return "\n".join(part.strip() for part in SOLUTION.findall(source_cell.source))


def auto_points(notebook) -> float:
    return sum(cell.metadata["nbgrader"].get("points", 0) for cell in notebook.cells
               if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = init_course(tmp_path_factory.mktemp("semua") / "kelas", root=ROOT)
    expected = {}
    for assignment in ASSIGNMENTS:
        for released_path in sorted((course.release / assignment).glob("*.ipynb")):
            source = nbformat.read(course.source / assignment / released_path.name, as_version=4)
            solutions = {cell.metadata["nbgrader"]["grade_id"]: solved(cell) for cell in source.cells
                         if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"}
            for student, fill in (("benar", True), ("kosong", False)):
                notebook = nbformat.read(released_path, as_version=4)
                for cell in notebook.cells:
                    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                    if fill and grade_id in solutions:
                        cell.source = solutions[grade_id]
                folder = course.submitted / student / assignment
                folder.mkdir(parents=True, exist_ok=True)
                nbformat.write(notebook, folder / released_path.name)
            expected[assignment] = auto_points(source)
    grades = {(g.student, g.assignment): g for g in grade_course(course.root, jobs=2)}
    return course, grades, expected


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_earn_every_automatic_point(graded, assignment):
    _, grades, expected = graded
    grade = grades[("benar", assignment)]
    assert grade.status is Status.GRADED, grade.reason_text("en")
    assert grade.score == expected[assignment], grade.reason_text("en")
    assert not grade.reasons, grade.reason_text("en")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_an_untouched_student_version_earns_nothing(graded, assignment):
    _, grades, _ = graded
    assert grades[("kosong", assignment)].score == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_version_holds_no_solution_or_hidden_test(graded, assignment):
    course, _, _ = graded
    for path in (course.release / assignment).glob("*.ipynb"):
        text = path.read_text("utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
