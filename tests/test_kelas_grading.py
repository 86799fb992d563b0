"""Kelas on a real course: submitted notebooks built from phone values pass the answers-are-values rule, nbgrader's
autograde gives right values every automatic point and wrong ones none, and forgetting a learner removes their
submissions, grades and roster line."""

from __future__ import annotations

import ast
import csv
import shutil

import nbformat
import pytest
from conftest import ROOT
from nbgrader.api import Gradebook, MissingEntry

from literasi.grading import Status, grade_course
from literasi.grading.answers import SAFE_CALLS, answer_problem
from literasi.grading.course import allowed_calls
from literasi.grading.roster import import_roster, load_roster
from literasi.kelas.answer_fields import is_answer_cell
from literasi.kelas.forget import forget_learner, forget_learner_in_course
from literasi.kelas.forms import build_form, released_notebook
from literasi.kelas.store import ClassStore
from literasi.kelas.values import parse_answers, submitted_notebook

# ---------------------------------------------------------------- on the released exercises

def sample_values(form) -> dict[str, str]:
    """A phone's strings for every field: a number the Indonesian way, a capital letter, a hostile word, a
    reflection with markup."""
    typed = {"number": "2,5", "word": "'''\"); __import__('os')  #", "text": "<script>alert(1)</script>\nDua baris."}
    return {field.name: "Rp 1.234.567" if field.money else field.choices[-1].letter.upper() if field.choices
            else typed[field.kind] for field in form.fields()}


def test_every_submitted_notebook_passes_the_answers_are_values_rule(released_course):
    calls = frozenset(allowed_calls(released_course.source, released_course.assignments())) | SAFE_CALLS
    for assignment in released_course.assignments():
        folder = released_course.release / assignment
        form = build_form(folder)
        released = nbformat.read(released_notebook(folder), as_version=4)
        parsed = parse_answers(form, sample_values(form))
        assert parsed.ok, parsed.messages("id")
        notebook = submitted_notebook(released, form, parsed.values)
        for before, after in zip(released.cells, notebook.cells, strict=True):
            if not is_answer_cell(after):
                assert after == before
            elif after.cell_type == "code":
                assert answer_problem(after.source, calls, form.lang) is None, after.source
                for statement in ast.parse(after.source).body:
                    assert ast.literal_eval(statement.value) == parsed.values[statement.targets[0].id]
            else:
                assert "<script>" not in after.source and "&lt;script&gt;" in after.source
        nbformat.validate(notebook)


def test_unknown_and_unanswered_fields(released_course):
    form = build_form(released_course.release / "m3-qris")
    parsed = parse_answers(form, {"biaya_mdr": "840.000", "__class__": "x", "jawaban_1": "z"})
    assert set(parsed.problems) == {"", "jawaban_1"} and parsed.values == {"biaya_mdr": 840_000}
    assert "__class__" not in " ".join(parsed.messages("id").values())
    released = nbformat.read(released_notebook(released_course.release / "m3-qris"), as_version=4)
    notebook = submitted_notebook(released, form, {"biaya_mdr": 840_000})
    sources = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in notebook.cells if is_answer_cell(cell)}
    assert sources["jawaban-biaya-mdr"] == "biaya_mdr = 840000\n"
    assert sources["jawaban-diterima-bersih"] == "diterima_bersih = ...\n"
    assert sources["refleksi"] == next(c.source for c in released.cells if c.metadata["nbgrader"].get("grade_id") == "refleksi")


# ---------------------------------------------------------------- graded by nbgrader

def m4_values() -> dict[str, str]:
    """Right answers to m4, as a learner reads them off the data table and types them on a phone."""
    with (ROOT / "exercises" / "source" / "m4-harga" / "penjualan-oktober.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["tanggal"].startswith("2025-10")]
    net = sum(int(r["jumlah"]) * int(r["harga_satuan"]) - int(r["biaya_platform"]) for r in rows)
    sold = sum(int(r["jumlah"]) for r in rows if r["produk"] == "Keripik Tempe Mini")
    return {"bersih_oktober": f"Rp {net:,}".replace(",", "."), "terjual_tempe": str(sold),
            "bersih_per_barang": "Rp21.500", "margin_persen": "26%", "harga_impas": "17.778", "jawaban_1": "C",
            "refleksi": "Jual paket tiga bungkus; cek biaya di Seller Centre."}


SUBMISSIONS = {  # student -> (assignment, what the phone sent)
    "kelas-ani": ("m3-qris", {"biaya_mdr": "Rp 840.000", "diterima_bersih": "119.160.000", "mdr_paket_sari": "0",
                              "jawaban_1": "B", "jawaban_2": "c", "refleksi": "Saya bertanya ke kasir."}),
    "kelas-budi": ("m3-qris", {"biaya_mdr": "360.000", "diterima_bersih": "120.000.000", "mdr_paket_sari": "105",
                               "jawaban_1": "a", "jawaban_2": "b", "refleksi": ""}),
    "kelas-emma": ("m3-qris-en", {"biaya_mdr": "IDR 840,000", "diterima_bersih": "119,160,000", "mdr_paket_sari": "0",
                                  "jawaban_1": "b", "jawaban_2": "C"}),
    "kelas-sari": ("m4-harga", m4_values()),
}


@pytest.fixture(scope="module")
def graded(released_course):
    course = released_course
    for student, (assignment, raw) in SUBMISSIONS.items():
        folder = course.release / assignment
        form = build_form(folder)
        parsed = parse_answers(form, raw)
        assert parsed.ok, parsed.messages(form.lang)
        notebook = submitted_notebook(nbformat.read(released_notebook(folder), as_version=4), form, parsed.values)
        target = course.submitted / student / assignment
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for extra in folder.iterdir():  # the data file, as a learner's folder has it
            if extra.suffix != ".ipynb":
                shutil.copy(extra, target / extra.name)
        nbformat.write(notebook, target / form.notebook)
    grades = grade_course(course.root, jobs=2)
    return {(grade.student, grade.assignment): grade for grade in grades if grade.student in SUBMISSIONS}


@pytest.mark.slow
def test_right_values_from_a_phone_get_every_automatic_point(graded):
    for student in ("kelas-ani", "kelas-emma", "kelas-sari"):
        grade = graded[(student, SUBMISSIONS[student][0])]
        assert grade.status is Status.GRADED, grade
        manual = 2  # the reflection waits for the instructor
        assert grade.score == grade.max_score - manual, (student, grade)


@pytest.mark.slow
def test_wrong_values_from_a_phone_do_not(graded):
    grade = graded[("kelas-budi", "m3-qris")]
    assert grade.status is Status.GRADED and grade.score == 0


@pytest.mark.slow
def test_forgetting_a_learner_removes_their_store_and_course_records(graded, released_course, tmp_path):
    course = released_course
    roster = tmp_path / "peserta.csv"
    roster.write_text("id,nama\nkelas-budi,Budi Santoso\nkelas-ani,Ani\n", "utf-8")
    import_roster(course.root, roster)
    store = ClassStore(tmp_path / "kelas.db")
    store.create_class("QRIS24")
    budi = store.add_learner("QRIS24", "Budi Santoso", reserved_ids=frozenset({"kelas-budi"}))
    assert budi["student_id"] == "budi-santoso"
    # the server names the learner's nbgrader folder by student_id; here the graded submission is Budi's
    store.record_attempt(budi["id"], "m3-qris", SUBMISSIONS["kelas-budi"][1])
    shutil.copytree(course.submitted / "kelas-budi", course.submitted / budi["student_id"])
    removed = forget_learner(store, course.root, budi["id"])
    assert removed == ["kelas.db", f"submitted/{budi['student_id']}"]
    assert store.learners() == [] and store.attempts() == []
    removed = forget_learner_in_course(course.root, "kelas-budi")
    assert removed == ["submitted/kelas-budi", "autograded/kelas-budi", "gradebook.db", "roster.csv"]
    for folder in ("submitted", "autograded", "feedback"):
        assert not (course.root / folder / "kelas-budi").exists()
    with Gradebook(course.gradebook_url) as gradebook:
        with pytest.raises(MissingEntry):
            gradebook.find_student("kelas-budi")
        assert gradebook.find_submission("m3-qris", "kelas-ani").score > 0  # the others stay
    assert [learner.id for learner in load_roster(course)] == ["kelas-ani"]
    assert (course.submitted / "kelas-ani").is_dir()
    assert forget_learner_in_course(course.root, "kelas-budi") == []
    for hostile in ("..", "../kelas-ani", "", "KELAS-ANI"):
        with pytest.raises(ValueError):
            forget_learner_in_course(course.root, hostile)
