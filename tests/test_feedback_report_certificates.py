"""After grading, the trainer sends feedback, prints a class report and hands out certificates.

One real course is built and graded once for this module (about 15 s): Indonesian and English
submissions that are correct, wrong, empty, right except for a hidden check, both languages at once, and a
registered learner who sent nothing.
"""

import ast
import csv
import datetime as dt
import re

import nbformat
import pytest
from conftest import ROOT
from helpers import CORRECT, WRONG, submit
from nbgrader.api import Gradebook
from pypdf import PdfReader

from literasi.curriculum import load_curriculum
from literasi.grading import grade_course, init_course
from literasi.grading.certificates import (
    CertificateText,
    certificate_pdf,
    course_secret,
    make_certificates,
    verification_code,
    verify_certificate,
)
from literasi.grading.feedback import generate_feedback, visible_messages
from literasi.grading.report import build_report, collect_results
from literasi.i18n import t

ISSUED = dt.date(2026, 11, 23)
REFLECTION_ID = "Saya tidak jadi membayar dan bertanya kepada pemilik warung."
REFLECTION_EN = "I would not pay and would ask the owner to check the sticker."
TRAINER_COMMENT = "Good thinking: checking the merchant name protects you."
# Passes every visible check of question 1 but not the hidden one.
ONLY_HIDDEN_FAILS = {**CORRECT, "jawaban-biaya-mdr": "biaya_mdr = 850_000"}
# What the solutions and hidden tests hold: never on a page except inside a learner's own answer.
EXPECTED_VALUES = ("840_000", "840000", "840.000", "119_160_000", "119160000", "119.160.000")


@pytest.fixture(scope="module")
def course(tmp_path_factory, qris_project):
    course = init_course(tmp_path_factory.mktemp("kelas") / "bimtek", root=qris_project)
    submit(course.root, "ani", "m3-qris", {**CORRECT, "refleksi": REFLECTION_ID})
    submit(course.root, "budi", "m3-qris", WRONG)
    submit(course.root, "citra", "m3-qris", {})
    submit(course.root, "emma", "m3-qris-en", {**CORRECT, "refleksi": REFLECTION_EN})
    submit(course.root, "fajar", "m3-qris", ONLY_HIDDEN_FAILS)
    submit(course.root, "gita", "m3-qris", WRONG)
    submit(course.root, "gita", "m3-qris-en", CORRECT)
    grade_course(course.root, jobs=2)
    with Gradebook(course.gradebook_url) as gradebook:
        gradebook.update_or_create_student("ani", first_name="Ani", last_name="Lestari")
        gradebook.update_or_create_student("dewi", first_name="Dewi", last_name="Sartika")  # registered, sent nothing
        # The trainer grades Emma's reflection by hand and leaves a note.
        grade = gradebook.find_grade("refleksi", "latihan-qris", "m3-qris-en", "emma")
        grade.manual_score, grade.needs_manual_grade = 2, False
        gradebook.find_comment("refleksi", "latihan-qris", "m3-qris-en", "emma").manual_comment = TRAINER_COMMENT
        gradebook.db.commit()
    return course


@pytest.fixture(scope="module")
def pages(course):
    return {(path.parent.name, path.stem): path.read_text("utf-8") for path in generate_feedback(course.root)}


@pytest.fixture(scope="module")
def report(course, tmp_path_factory, qris_project):
    return build_report(course.root, tmp_path_factory.mktemp("laporan"), root=qris_project)


@pytest.fixture(scope="module")
def certificates(course, tmp_path_factory, qris_project):
    out = tmp_path_factory.mktemp("sertifikat")
    return out, {path.name: path for path in make_certificates(course.root, out, root=qris_project, dates=ISSUED)}


def hidden_test_strings() -> set[str]:
    """The messages written between the hidden-test markers of this course's exercise (m3-qris, both
    languages; string literals longer than a choice letter such as "b", which appears everywhere)."""
    found = set()
    for path in (ROOT / "exercises" / "source").glob("m3-qris*/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for region in re.findall(r"BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, re.DOTALL):
                for node in ast.walk(ast.parse(region)):
                    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 3:
                        found.add(node.value)
    assert found, "the exercise sources should have hidden tests"
    return found


def outside_answers(page: str) -> str:
    return re.sub(r'<pre class="answer">.*?</pre>', "", page, flags=re.DOTALL)


def pdf_text(path) -> str:
    return " ".join(PdfReader(path).pages[0].extract_text().split())


# ---------------------------------------------------------------- feedback

def test_visible_messages_ignore_hidden_regions_and_let_fstring_fields_vary():
    source = ('assert x > 0, "x must be positive"\n'
              'assert x != 3, f"x is {x}, too small"\n'
              'assert x != 4, f"{reason}"\n'
              "### BEGIN HIDDEN TESTS\n"
              'assert x == 42, "x is not 42"\n'
              "### END HIDDEN TESTS\n")
    patterns = visible_messages(source)
    shown = lambda message: any(p.fullmatch(message) for p in patterns)  # noqa: E731
    assert shown("x must be positive") and shown("x is 3, too small")
    assert not shown("x is not 42")


@pytest.mark.slow
def test_every_graded_submission_gets_one_feedback_page(course, pages):
    assert set(pages) == {("ani", "m3-qris"), ("budi", "m3-qris"), ("citra", "m3-qris"), ("emma", "m3-qris-en"),
                          ("fajar", "m3-qris"), ("gita", "m3-qris"), ("gita", "m3-qris-en")}
    assert (course.root / "feedback" / "ani" / "m3-qris.html").is_file()


@pytest.mark.slow
def test_feedback_never_reveals_hidden_tests_solutions_or_tracebacks(pages):
    secrets = hidden_test_strings()
    for key, page in pages.items():
        for forbidden in ("BEGIN HIDDEN", "END HIDDEN", "BEGIN SOLUTION", "Traceback", "Error"):
            assert forbidden not in page, (key, forbidden)
        assert "assert" not in page.lower(), key
        assert not [s for s in secrets if s in page], key
        assert not [v for v in EXPECTED_VALUES if v in outside_answers(page)], key


@pytest.mark.slow
def test_wrong_answer_gets_the_visible_check_explanation(pages):
    page = pages[("budi", "m3-qris")]
    assert "Sepertinya Anda memakai tarif usaha mikro" in page
    assert "biaya_mdr = 360_000" in page  # the learner's own answer
    assert t("grading.state_incorrect", "id") in page


@pytest.mark.slow
def test_answer_failing_only_a_hidden_check_gets_a_generic_hint(pages):
    page = pages[("fajar", "m3-qris")]
    assert t("grading.hint_generic", "id") in page
    assert "Biaya MDR belum tepat" not in page


@pytest.mark.slow
def test_empty_submission_is_marked_not_answered(pages):
    page = pages[("citra", "m3-qris")]
    assert page.count(t("grading.state_not_attempted", "id")) == 6
    assert t("grading.feedback_total", "id", score="0", max_score="8") in page


@pytest.mark.slow
def test_reflection_awaiting_the_trainer_is_noted_with_the_learners_name(pages):
    page = pages[("ani", "m3-qris")]
    assert "Halo Ani Lestari" in page
    assert t("grading.feedback_total", "id", score="6", max_score="8") in page
    assert t("grading.feedback_pending", "id", points="2") in page
    assert REFLECTION_ID in page


@pytest.mark.slow
def test_english_learner_gets_english_feedback_with_the_trainers_note(pages):
    page = pages[("emma", "m3-qris-en")]
    assert '<html lang="en">' in page
    assert t("grading.feedback_total", "en", score="8", max_score="8") in page
    assert "Question 1" in page and TRAINER_COMMENT in page
    assert t("grading.feedback_pending", "en", points="2") not in page
    for indonesian in ("Skor Anda", "Jawaban Anda", "Soal 1", "Halo"):
        assert indonesian not in page


# ---------------------------------------------------------------- class report

@pytest.mark.slow
def test_report_csv_has_one_row_per_learner_and_exercise_and_opens_in_excel(report):
    raw = report.csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [row["ID peserta (Learner ID)"] for row in rows] == ["ani", "budi", "citra", "dewi", "emma", "fajar", "gita"]
    by_id = {row["ID peserta (Learner ID)"]: row for row in rows}
    assert by_id["dewi"]["Dikirim (Submitted)"] == "tidak" and by_id["dewi"]["Nama (Name)"] == "Dewi Sartika"
    assert by_id["emma"]["Bahasa (Language)"] == "en" and by_id["emma"]["Skor (Score)"] == "8"
    assert by_id["gita"]["Bahasa (Language)"] == "en" and by_id["gita"]["Skor (Score)"] == "6"  # better variant
    assert by_id["ani"]["Poin menunggu penilaian manual (Points awaiting manual grading)"] == "2"
    assert {row["Latihan (Exercise)"] for row in rows} == {"m3-qris"}


@pytest.mark.slow
def test_report_html_is_printable_self_contained_and_has_three_described_charts(report):
    page = report.html.read_text("utf-8")
    assert '<html lang="id">' in page and 'lang="en"' in page
    assert "Laporan kelas" in page and "Class report" in page
    images = re.findall(r'<img src="([^"]*)" alt="([^"]*)"', page)
    assert len(images) == 3
    assert all(src.startswith("data:image/png;base64,") and len(alt) > 20 for src, alt in images)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "@media print" in page
    assert "Pembayaran digital 6 dari 7 peserta" in page  # completion alt text: Dewi sent nothing


@pytest.mark.slow
def test_both_language_variants_count_as_one_exercise_and_the_better_one_counts(course, qris_project):
    results = collect_results(course.root, root=qris_project)
    gita = results.learner("gita")
    assert (gita.exercises_done, gita.exercises_total, gita.score, gita.lang) == (1, 1, 6, "en")
    assert results.result("gita", "m3-qris").assignment == "m3-qris-en"
    dewi = results.learner("dewi")
    assert (dewi.exercises_done, dewi.score, dewi.passed()) == (0, 0, False)


@pytest.mark.slow
def test_hardest_question_is_the_one_with_the_lowest_average_share(course, qris_project):
    hardest = collect_results(course.root, root=qris_project).hardest()
    # Reflection: Emma 2/2, four unanswered 0/2 (Ani's still awaits grading and is left out).
    assert hardest[0].grade_id == "refleksi" and hardest[0].pending == 1
    assert hardest[0].average_share == pytest.approx(1 / 5)
    assert hardest[0].title("en").startswith("Question 6")
    assert hardest[1].grade_id == "cek-biaya-mdr"  # right for Ani, Emma and Gita of six who sent it
    assert hardest[1].average_share == pytest.approx(3 / 6)


# ---------------------------------------------------------------- certificates

@pytest.mark.slow
def test_only_learners_who_passed_get_a_certificate(certificates):
    _, files = certificates
    # Ani 6/8 (reflection not graded yet, counts 0), Emma 8/8, Gita 6/8; the rest are under 70% or sent nothing.
    assert set(files) == {"sertifikat-ani.pdf", "sertifikat-emma.pdf", "sertifikat-gita.pdf"}


@pytest.mark.slow
def test_indonesian_certificate_names_learner_course_hours_date_and_code(course, certificates):
    out, files = certificates
    text = pdf_text(files["sertifikat-ani.pdf"])
    title = load_curriculum(ROOT / "curriculum.yml").title["id"]
    code = verification_code(course_secret(course.root), "ani", title, ISSUED)
    for expected in ("SERTIFIKAT", "Ani Lestari", title, "0,4 jam (25 menit)", "23 November 2026", "75%",
                     f"Kode verifikasi: {code}"):
        assert expected in text, expected
    assert verify_certificate(course.root, "ani", title, ISSUED, code.lower())
    assert not verify_certificate(course.root, "budi", title, ISSUED, code)
    assert PdfReader(files["sertifikat-ani.pdf"]).pages[0].images, "the QR code image is missing"
    register = (out / "daftar-sertifikat.csv").read_text("utf-8-sig")
    assert f"ani,Ani Lestari,id,{title},2026-11-23,{code}" in register


@pytest.mark.slow
def test_english_learner_gets_an_english_certificate(certificates):
    _, files = certificates
    text = pdf_text(files["sertifikat-emma.pdf"])
    title = load_curriculum(ROOT / "curriculum.yml").title["en"]
    for expected in ("CERTIFICATE", "emma", title, "0.4 hours (25 minutes)", "November 23, 2026", "100%",
                     "Verification code: "):
        assert expected in text, expected
    assert "SERTIFIKAT" not in text


@pytest.mark.slow
def test_a_higher_bar_and_a_course_name_of_the_trainers_choosing(course, certificates, tmp_path, qris_project):
    first_out, _ = certificates
    files = make_certificates(course.root, tmp_path, min_score=0.8, root=qris_project, course_name="Bimtek QRIS Bandung",
                              dates={"emma": dt.date(2026, 12, 1)})
    assert [path.name for path in files] == ["sertifikat-emma.pdf"]
    text = pdf_text(files[0])
    assert "Bimtek QRIS Bandung" in text and "December 1, 2026" in text
    # The per-course secret is made once, readable by its owner only, and reused.
    secret_file = course.root / ".literasi-secret"
    assert secret_file.stat().st_mode & 0o777 == 0o600
    assert course_secret(course.root) == course_secret(course.root)


@pytest.mark.slow
def test_when_nobody_passes_the_trainer_learns_the_pass_mark_and_who_is_closest(course, tmp_path, qris_project):
    import shutil
    import subprocess

    from conftest import literasi_command

    copy = tmp_path / "kelas"
    shutil.copytree(course.root, copy)
    with Gradebook(f"sqlite:///{copy / 'gradebook.db'}") as gradebook:
        gradebook.remove_submission("m3-qris-en", "emma")  # the only learner at 100%
    result = subprocess.run([*literasi_command(), "--root", str(qris_project), "certificates", str(copy), "--out",
                             str(tmp_path / "out"), "--min-score", "0.8"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))
    # Ani and Gita both have 6 of 8 (75%); Ani comes first, and her reflection still awaits grading.
    for lang, percent, share in (("id", "80%", "75%"), ("en", "80%", "75%")):
        assert t("grading.cert_none_passed", lang, percent=percent, exercises=1) in result.stdout
        assert t("grading.cert_closest", lang, learner="Ani Lestari (ani)", score="6", max_score="8", share=share,
                 done=1, exercises=1) in result.stdout
        assert t("grading.cert_closest_pending", lang, points="2") in result.stdout
    assert "no files were made" not in result.stdout and "Traceback" not in result.stderr


def test_min_score_must_be_a_share(tmp_path):
    with pytest.raises(ValueError, match="between 0 and 1"):
        make_certificates(tmp_path, tmp_path / "out", min_score=70)


def test_certificate_falls_back_to_a_core_font_without_dejavu(without_dejavu, tmp_path):
    text = CertificateText(lang="id", name="Ayu Sukmawatí", course_title="Literasi — uji", hours="0,4", minutes=25,
                           percent="80%", date="23 November 2026", code="ABCDEF1234", qr_payload="Literasi ABCDEF1234")
    path = tmp_path / "fallback.pdf"
    path.write_bytes(certificate_pdf(text))
    extracted = pdf_text(path)
    assert "Ayu Sukmawat" in extracted and "Literasi - uji" in extracted and "ABCDEF1234" in extracted
    fonts = {str(font.get_object()["/BaseFont"]) for font in PdfReader(path).pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu" not in font for font in fonts), fonts
