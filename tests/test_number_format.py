"""Numbers written the Indonesian way (140.000, 19.860.000, 27,5, Rp20.000) in exercise answers.

Fast tests check the diagnosis; the slow ones build one real course and (1) run every released
exercise, both languages, in a kernel as a learner would in JupyterLab, with every numeric answer
written each wrong way, and (2) autograde submissions written that way and read the feedback pages.
"""

from __future__ import annotations

import copy
import re

import nbformat
import pytest
from conftest import ROOT, ipc_kernel_manager
from nbclient import NotebookClient

from literasi.curriculum import load_curriculum
from literasi.grading import grade_course, init_course
from literasi.grading.feedback import generate_feedback
from literasi.grading.number_format import (
    diagnose_answer_cell,
    diagnose_text,
    diagnose_value,
    format_message_patterns,
    plain_number,
)
from literasi.i18n import t

ASSIGNMENTS = [exercise.assignment(lang) for exercise in load_curriculum(ROOT / "curriculum.yml").exercises()
               for lang in ("id", "en")]
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
TRACEBACK_MARKS = ("Traceback", "SyntaxError", "NameError", "TypeError", "Error:", "Cell In[", 'File "')


# ---------------------------------------------------------------- the diagnosis

@pytest.mark.parametrize(("typed", "lang", "kind", "suggestion"), [
    ("140.000", "id", "thousands", "140000"), ("21.500", "en", "thousands", "21500"),
    ("17.778", "id", "thousands", "17778"), ("19.860.000", "id", "thousands_multi", "19860000"),
    ("17.777,78", "id", "thousands_multi", "17777.78"), ("27,5", "id", "decimal_comma", "27.5"),
    ("27,500", "id", "decimal_comma", "27.500"), ("20,000", "en", "thousands_comma", "20000"),
    ("19,860,000", "id", "thousands_comma", "19860000"), ("Rp20.000", "id", "rupiah", "20000"),
    ("Rp 20.000", "en", "rupiah", "20000"), ("rp. 20.000", "id", "rupiah", "20000"), ("Rp20000", "id", "rupiah", "20000"),
    ("IDR 20,000", "en", "rupiah", "20000"), ('"140.000"', "id", "quoted", "140000"),
    ("16.000 / 0.9  # harga impas", "id", "thousands", "16000"),
])
def test_indonesian_ways_of_writing_a_number_are_recognised(typed, lang, kind, suggestion):
    problem = diagnose_text(typed, "x", lang=lang)
    assert (problem.kind, problem.suggestion) == (kind, suggestion)
    message = problem.message(lang)
    assert suggestion in message and t("grading.number_rule", lang) in message
    assert any(pattern.fullmatch(message) for pattern in format_message_patterns(lang))
    assert not any(pattern.fullmatch(message) for pattern in format_message_patterns("en" if lang == "id" else "id"))


@pytest.mark.parametrize("typed", [
    "140000", "140_000", "27.5", "0.125", "17777.778", "(15_000 + 1_000) / (1 - 10 / 100)", "400 * 50_000 * 0.7 / 100",
    'penjualan_bersih("2025-10")', 'jumlah_terjual("Keripik Tempe Mini", "2025-10")', '"b"', '"etika, budaya. 1.000"',
    "...  # ganti ... dengan jawaban Anda, misalnya 20.000", "2 * 6",
])
def test_numbers_python_reads_as_meant_are_left_alone(typed):
    assert diagnose_text(typed, "x") is None
    assert diagnose_answer_cell(f"x = {typed}") is None


def test_no_solution_of_any_exercise_is_taken_for_a_format_mistake():
    sources = sorted((ROOT / "exercises" / "source").glob("*/*.ipynb"))
    solutions = [part for path in sources for cell in nbformat.read(path, as_version=4).cells
                 for part in SOLUTION.findall(cell.source)]
    assert len(solutions) > 40
    for solution in solutions:
        assert diagnose_answer_cell(solution) is None, solution


def test_cells_that_are_not_answers_run_as_written():
    data_cell = next(cell.source for cell in nbformat.read(
        ROOT / "exercises/source/m4-harga/latihan-harga.ipynb", as_version=4).cells if "def baca_penjualan" in cell.source)
    for source in (data_cell, "print(1.000)", "for i in range(3):\n    x = 1.000", "x = 1,000\nprint(x)"):
        assert diagnose_answer_cell(source) is None


def test_what_python_stored_betrays_the_format_when_the_typed_text_is_unknown():
    assert diagnose_value("x", (27, 5)).kind == "comma_pair"
    assert diagnose_value("x", "Rp20.000").kind == "quoted"
    assert diagnose_value("biaya", 140.0, money=True).kind == "too_small"
    for fine in (0, 840_000.0000000001, 17777.78):  # zero rupiah and float arithmetic are not format mistakes
        assert diagnose_value("biaya", fine, money=True) is None
    assert diagnose_value("jam", 72.0) is None and diagnose_value("jawaban_1", "b") is None


def test_plain_number():
    assert [plain_number(x) for x in ("19.860.000", "17.777,78", "27,5", "19,860,000.5", "140_000", "0.125", "0,5")] == [
        "19860000", "17777.78", "27.5", "19860000.5", "140000", "0.125", "0.5"]


# ---------------------------------------------------------------- the released exercises, live

def id_dots(value: int) -> str:
    return f"{value:,}".replace(",", ".")


BASE = {"biaya_mdr": 840_000, "diterima_bersih": 119_160_000, "mdr_paket_sari": 105, "bersih_per_barang": 21_500,
        "harga_impas": 17_778, "margin_persen": 26, "batas_jam_pemberitahuan": 72, "jam_pemberitahuan": 72,
        "jumlah_aspek": 9, "jumlah_indikator": 35}


def styles(name: str, index: int) -> dict[str, str]:
    """The ways a learner might write this answer's number (its own value where that makes sense)."""
    value = BASE.get(name, 1_234)
    return {
        "dot": id_dots(value) if value >= 1000 else f"{value}.000",
        "dots": id_dots(value if value >= 1_000_000 else value * 1_000_000),
        "comma": f"{value},5",
        "rupiah": ("Rp " if index % 2 else "Rp") + id_dots(value),
        "english_thousands": f"{value * 1000:,}",
    }


def numeric_answers(notebook) -> list[tuple[int, int, str]]:
    """(answer cell index, check cell index, variable) for every answer whose check wants a number."""
    found = []
    for index, cell in enumerate(notebook.cells):
        match = re.search(r"assert isinstance\((\w+), \(int, float\)\)", cell.source)
        if match and cell.metadata.get("nbgrader", {}).get("grade"):
            answer = next(i for i in range(index - 1, -1, -1) if notebook.cells[i].metadata.get("nbgrader", {}).get("solution"))
            found.append((answer, index, match.group(1)))
    return found


def output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts += output.get("traceback", [])
        parts.append(output.get("text", ""))
        parts.append(str(output.get("data", {}).get("text/plain", "")))
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(parts))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return init_course(tmp_path_factory.mktemp("angka") / "kelas", root=ROOT)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_numeric_answer_written_the_indonesian_way_gets_the_message_and_no_traceback(course, assignment,
                                                                                           tmp_path):
    lang = "en" if assignment.endswith("-en") else "id"
    other = "id" if lang == "en" else "en"
    released = next((course.release / assignment).glob("*.ipynb"))
    notebook = nbformat.read(released, as_version=4)
    answers = numeric_answers(notebook)
    assert answers, assignment
    # After each numeric question, the learner tries every wrong way in turn, running answer then Check.
    cells, tried = [], []
    by_check = {check: (answer, name) for answer, check, name in answers}
    for index, cell in enumerate(notebook.cells):
        cells.append(cell)
        if index in by_check:
            answer, name = by_check[index]
            for style, written in styles(name, len(tried)).items():
                answer_cell = nbformat.v4.new_code_cell(f"{name} = {written}")
                check_cell = copy.deepcopy(cell)
                check_cell.id = f"{cell.get('id', 'c')}-{style}"[:64]
                cells += [answer_cell, check_cell]
                tried.append((name, style, written, answer_cell, check_cell))
    notebook.cells = cells
    with ipc_kernel_manager(tmp_path / "ipc") as manager:
        NotebookClient(notebook, km=manager, timeout=60, allow_errors=True,
                       kernel_name="python3", resources={"metadata": {"path": str(released.parent)}}).execute()
    assert len(tried) == 5 * len(answers)
    for name, style, written, answer_cell, check_cell in tried:
        shown = output_text(answer_cell) + "\n" + output_text(check_cell)
        assert t("grading.number_rule", lang) in output_text(check_cell), (name, style, written, shown)
        assert name in output_text(check_cell)
        assert any(o.output_type == "error" for o in check_cell.outputs), (name, style)  # the check fails: 0 points
        assert not [mark for mark in TRACEBACK_MARKS if mark in shown], (name, style, written, shown)
        assert t("grading.number_rule", other) not in shown


# ---------------------------------------------------------------- autograde and feedback

FORMAT_SUBMISSIONS = {
    ("rina", "m3-qris"): {"jawaban-biaya-mdr": "biaya_mdr = 840.000", "jawaban-diterima-bersih": "diterima_bersih = 119.160.000",
                          "jawaban-mdr-paket-sari": "mdr_paket_sari = 0", "jawaban-jawaban-1": 'jawaban_1 = "b"'},
    ("rina", "m3-qris-en"): {"jawaban-biaya-mdr": "biaya_mdr = 840,000", "jawaban-diterima-bersih": "diterima_bersih = IDR 119,160,000"},
    ("rina", "m4-harga"): {"jawaban-margin-persen": "margin_persen = 26,0", "jawaban-harga-impas": "harga_impas = 17.778",
                           "jawaban-bersih-per-barang": "bersih_per_barang = Rp21500"},
}


@pytest.fixture(scope="module")
def graded_formats(course):
    for (student, assignment), answers in FORMAT_SUBMISSIONS.items():
        released = next((course.release / assignment).glob("*.ipynb"))
        notebook = nbformat.read(released, as_version=4)
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") in answers:
                cell.source = answers[cell.metadata["nbgrader"]["grade_id"]]
        folder = course.submitted / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / released.name)
    grades = {(g.student, g.assignment): g for g in grade_course(course.root, jobs=2)}
    pages = {(p.parent.name, p.stem): p.read_text("utf-8") for p in generate_feedback(course.root)}
    return grades, pages


@pytest.mark.slow
@pytest.mark.parametrize(("assignment", "expected"), [
    ("m3-qris", ["840.000", "840000", "119.160.000", "119160000"]),
    ("m3-qris-en", ["840,000", "840000", "IDR 119,160,000", "119160000"]),
    ("m4-harga", ["26,0", "26.0", "17.778", "17778", "Rp21500", "21500"]),
])
def test_feedback_explains_a_number_format_in_the_learners_language(graded_formats, assignment, expected):
    grades, pages = graded_formats
    lang = "en" if assignment.endswith("-en") else "id"
    page = pages[("rina", assignment)]
    assert page.count(t("grading.number_rule", lang)) >= len(expected) // 2
    for text in expected:
        assert text in page, text
    assert t("grading.hint_answer_removed", lang) not in page  # a mistyped number is not "code instead of a value"
    assert "Traceback" not in page and "Error" not in page
    assert t("grading.number_rule", "id" if lang == "en" else "en") not in page
    reasons = grades[("rina", assignment)].reason_text(lang)
    if assignment != "m4-harga":  # the answer that does not parse was removed, and the reason says why
        assert t("grading.number_rule", lang) in reasons
        assert "syntax" not in reasons.lower() and "line" not in reasons.lower() or lang == "en"
