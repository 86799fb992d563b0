"""The instructor's privacy commands on a real, graded course with a class store (issue 15, UU PDP):
``literasi kelas export`` writes everything, ``literasi kelas forget`` deletes everything about one learner (class
store, submitted/autograded/feedback folders, gradebook rows, roster line) and nothing of another, after a
confirmation; ``literasi kelas retention`` and the expiry the class server runs at start; and ``literasi report``
showing lesson-quiz completion next to the exercise scores (unchanged for a course without a class store)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest
from conftest import ROOT, literasi_command
from helpers import CORRECT, WRONG, submit
from nbgrader.api import Gradebook, MissingEntry

from literasi.grading import grade_course, init_course
from literasi.grading.course import Course
from literasi.grading.feedback import generate_feedback
from literasi.grading.report import build_report
from literasi.i18n import t
from literasi.kelas.class_data import remove_expired
from literasi.kelas.store import DAY_SECONDS, STORE_NAME, ClassStore

CODE = "QRIS24"
PEOPLE = {"ani-lestari": "Ani Lestari", "budi": "Budi"}
FOLDERS = ("submitted", "autograded", "feedback")


@pytest.fixture(scope="module")
def graded(tmp_path_factory, qris_project):
    """A graded course (m3-qris) of Ani and Budi, with feedback, a roster and a class store where both joined,
    did quizzes and exercise attempts."""
    course = init_course(tmp_path_factory.mktemp("kelas-data") / "bimtek", root=qris_project)
    submit(course.root, "ani-lestari", "m3-qris", CORRECT)
    submit(course.root, "budi", "m3-qris", WRONG)
    grade_course(course.root, jobs=2)
    generate_feedback(course.root)
    (course.root / "roster.csv").write_text("id,name,group\nani-lestari,Ani Lestari,A\nbudi,Budi,A\n", "utf-8")
    with Gradebook(course.gradebook_url) as gradebook:
        gradebook.update_or_create_student("ani-lestari", first_name="Ani Lestari")
        gradebook.update_or_create_student("budi", first_name="Budi")
    store = ClassStore.of_course(course.root)
    store.create_class(CODE)
    for student_id, name in PEOPLE.items():
        learner = store.add_learner(CODE, name)
        assert learner["student_id"] == student_id
        store.record_quiz(learner["id"], "qris-untuk-usaha-mikro", 4, 5)
        attempt = store.record_attempt(learner["id"], "m3-qris", {"biaya_mdr": 840000})
        store.record_grade(attempt, 6, 8)
    budi = next(row for row in store.learners() if row["name"] == "Budi")
    store.record_quiz(budi["id"], "penipuan-pembayaran", 2, 4)
    return course.root


@pytest.fixture
def course(graded, tmp_path):
    """A copy of the graded course a test may change."""
    return shutil.copytree(graded, tmp_path / "bimtek")


def literasi(*arguments, stdin: str = ""):
    return subprocess.run([*literasi_command(), *arguments], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=300)


def everything_about(course, student_id: str) -> dict:
    """What the course holds about one learner, place by place."""
    store = ClassStore.of_course(course)
    rows = [row for row in store.learners() if row["student_id"] == student_id]
    ids = {row["id"] for row in rows}
    found = {
        "store learner": bool(rows),
        "store attempts": any(a["learner_id"] in ids for a in store.attempts()),
        "store quiz results": any(q["learner_id"] in ids for q in store.quiz_results()),
        "roster": student_id in (course / "roster.csv").read_text("utf-8"),
        **{folder: (course / folder / student_id).exists() for folder in FOLDERS},
    }
    c = Course(course)
    with Gradebook(c.gradebook_url) as gradebook:
        try:
            student = gradebook.find_student(student_id)
            found["gradebook student"] = True
            found["gradebook submissions"] = bool(student.submissions)
        except MissingEntry:
            found["gradebook student"] = found["gradebook submissions"] = False
    return found


def test_the_graded_course_holds_both_learners_everywhere(graded):
    for student_id in PEOPLE:
        assert all(everything_about(graded, student_id).values()), everything_about(graded, student_id)


def test_export_writes_everything_as_json_and_safe_csv(course, tmp_path):
    out = tmp_path / "ekspor"
    done = literasi("kelas", "export", str(course), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert t("kemajuan.exported", "id", path=out) in done.stdout
    data = json.loads((out / "kelas.json").read_text("utf-8"))
    assert sorted(row["name"] for row in data["learners"]) == ["Ani Lestari", "Budi"]
    assert len(data["attempts"]) == 2 and len(data["quiz_results"]) == 3
    assert json.loads(data["attempts"][0]["answers"]) == {"biaya_mdr": 840000}
    with (out / "kelas-learners.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sorted(row["name"] for row in csv.DictReader(handle)) == ["Ani Lestari", "Budi"]
    assert {path.name for path in out.iterdir()} >= {"kelas.json", "kelas-attempts.csv", "kelas-quiz_results.csv"}


def test_export_of_a_course_without_class_data_says_so(tmp_path, graded):
    bare = shutil.copytree(graded, tmp_path / "tanpa-kelas", ignore=shutil.ignore_patterns(STORE_NAME + "*"))
    done = literasi("kelas", "export", str(bare), "--out", str(tmp_path / "x"))
    assert done.returncode == 1 and t("kemajuan.no_course_store", "en", path=bare) in done.stderr
    assert "Traceback" not in done.stderr and not (bare / STORE_NAME).exists()  # no store made by looking


def test_forget_asks_first_and_keeps_everything_when_not_confirmed(course):
    done = literasi("kelas", "forget", str(course), "ani lestari", stdin="tidak\n")
    assert done.returncode == 1 and t("kemajuan.forget_cancelled", "id") in done.stdout
    assert "Ani Lestari (ani-lestari)" in done.stdout  # the question names who
    assert all(everything_about(course, "ani-lestari").values())


@pytest.mark.parametrize("who", ["ANI  lestari", "ani-lestari"])
def test_forget_removes_everything_about_one_learner_and_nothing_of_another(course, who):
    done = literasi("kelas", "forget", str(course), who, stdin="ya\n")
    assert done.returncode == 0, done.stderr
    assert t("kemajuan.forget_done", "id", name="Ani Lestari", student_id="ani-lestari") in done.stdout
    for line in (t("kemajuan.deleted.store", "id"), t("kemajuan.deleted.gradebook", "en"),
                 t("kemajuan.deleted.roster", "id"), t("kemajuan.deleted.folder", "id", path="submitted/ani-lestari/"),
                 t("kemajuan.deleted.folder", "en", path="feedback/ani-lestari/")):
        assert line in done.stdout, done.stdout
    assert not any(everything_about(course, "ani-lestari").values()), everything_about(course, "ani-lestari")
    assert all(everything_about(course, "budi").values()), everything_about(course, "budi")
    # Budi's scores are still his: the gradebook's grades and the store's rows.
    with Gradebook(Course(course).gradebook_url) as gradebook:
        assert gradebook.find_submission("m3-qris", "budi").score == 0
    assert sorted(q["score"] for q in ClassStore.of_course(course).quiz_results()) == [2, 4]
    again = literasi("kelas", "forget", str(course), "ani-lestari", "--yes")
    assert again.returncode == 1 and t("kemajuan.no_learner", "id", learner="ani-lestari") in again.stderr


def test_forget_of_a_learner_only_nbgrader_knows(course):
    """A learner who used a laptop (a roster line, a graded submission) and never joined on a phone."""
    store = ClassStore.of_course(course)
    store.forget(next(row["id"] for row in store.learners() if row["name"] == "Budi"))
    done = literasi("kelas", "forget", str(course), "budi", "--yes")
    assert done.returncode == 0, done.stderr
    assert t("kemajuan.deleted.store", "id") not in done.stdout  # nothing of Budi was left there
    assert not any(everything_about(course, "budi").values())
    assert all(everything_about(course, "ani-lestari").values())


def test_forget_refuses_a_name_that_matches_two_learners(course):
    store = ClassStore.of_course(course)
    store.create_class("LAIN1")
    assert store.add_learner("LAIN1", "Budi")["student_id"] == "budi-2"  # another class, the same name
    done = literasi("kelas", "forget", str(course), "Budi", "--yes")
    assert done.returncode == 1 and t("kemajuan.ambiguous", "id", learner="Budi",
                                      candidates="Budi (budi), Budi (budi-2)") in done.stderr
    assert everything_about(course, "budi")["store learner"] and everything_about(course, "budi-2")["store learner"]
    done = literasi("kelas", "forget", str(course), "budi-2", "--yes")  # by id: that one only
    assert done.returncode == 0 and not everything_about(course, "budi-2")["store learner"]
    assert all(everything_about(course, "budi").values())


def test_retention_setting_and_expiry_at_server_start(course):
    done = literasi("kelas", "retention", str(course))
    assert done.returncode == 0 and t("kemajuan.retention_now", "id", days=90) in done.stdout
    done = literasi("kelas", "retention", str(course), "30")
    assert done.returncode == 0 and t("kemajuan.retention_set", "en", days=30) in done.stdout
    assert ClassStore.of_course(course).retention_days == 30
    refused = literasi("kelas", "retention", str(course), "0")
    assert refused.returncode == 2 and t("kemajuan.retention_invalid", "id") in refused.stderr
    store = ClassStore.of_course(course)
    assert remove_expired(course).learners == []  # nothing is 30 days old yet
    budi = next(row for row in store.learners() if row["name"] == "Budi")
    later = budi["last_seen_at"] + 31 * DAY_SECONDS
    with ClassStore.of_course(course)._connect() as db:  # Ani was here again last week; Budi was not
        db.execute("UPDATE learners SET last_seen_at = ? WHERE student_id = 'ani-lestari'", (later - 7 * DAY_SECONDS,))
        db.execute("UPDATE attempts SET submitted_at = ? WHERE learner_id IN "
                   "(SELECT id FROM learners WHERE student_id = 'ani-lestari')", (later - 7 * DAY_SECONDS,))
        db.execute("UPDATE quiz_results SET updated_at = ? WHERE learner_id IN "
                   "(SELECT id FROM learners WHERE student_id = 'ani-lestari')", (later - 7 * DAY_SECONDS,))
    expired = remove_expired(course, now=later)
    assert expired.learners == ["budi"] and expired.days == 30
    assert t("kemajuan.expired_deleted", "id", days=30, learners=1, attempts=0, quiz_results=0) == expired.message("id")
    assert not any(everything_about(course, "budi").values())
    assert all(everything_about(course, "ani-lestari").values())


def test_report_shows_lesson_quiz_completion_next_to_the_exercise_scores(course, tmp_path, qris_project):
    report = build_report(course, tmp_path / "laporan", root=qris_project)
    with report.csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    heading = rows[0]
    assert heading[-3].startswith(t("kemajuan.report.col_quizzes", "id"))
    by_student = {row[0]: row for row in rows[1:]}
    total = by_student["budi"][-2]
    assert by_student["budi"][-3:] == ["2", total, "65"]  # 4/5 and 2/4: 80% and 50%
    assert by_student["ani-lestari"][-3:] == ["1", total, "80"]
    assert int(total) == 5  # the m3 module's five lesson quizzes
    html = report.html.read_text("utf-8")
    assert t("kemajuan.report.section", "id") in html and t("kemajuan.report.col_quizzes", "en") in html
    assert "2 / 5" in html and "1 / 5" in html


def test_report_of_a_course_without_class_store_is_unchanged(graded, tmp_path, qris_project):
    bare = shutil.copytree(graded, tmp_path / "tanpa-kelas", ignore=shutil.ignore_patterns(STORE_NAME + "*"))
    report = build_report(bare, tmp_path / "laporan", root=qris_project)
    with report.csv.open(encoding="utf-8-sig", newline="") as handle:
        heading = next(csv.reader(handle))
    assert len(heading) == 11 and not any(t("kemajuan.report.col_quizzes", "id") in cell for cell in heading)
    html = report.html.read_text("utf-8")
    assert t("kemajuan.report.section", "id") not in html and t("kemajuan.report.col_quizzes", "id") not in html


def test_the_hardest_question_comes_from_the_gradebook(graded):
    from literasi.kelas.question_stats import hardest_question, question_cells, question_shares

    exercise_of = {"m3-qris": "m3-qris", "m3-qris-en": "m3-qris"}
    cells = question_cells(str(graded / "release" / "m3-qris"))
    assert len({number for number, _ in cells.values()}) >= 3  # graded cells grouped under their questions
    both = question_shares(graded, {"ani-lestari", "budi"}, exercise_of, "id")
    # Ani answered every question right, Budi every one wrong: 50%, 2 graded; neither wrote the reflection, which
    # nbgrader scores 0 when left empty: that is the hardest so far.
    by_title = {q["title"]: (q["mean"], q["tried"]) for q in both}
    reflection = cells["refleksi"][1]
    assert by_title.pop(reflection) == (0.0, 2)
    assert set(by_title.values()) == {(0.5, 2)} and len(by_title) == len(cells) - 1
    hardest = hardest_question(graded, {"ani-lestari", "budi"}, exercise_of, "id")
    assert hardest["title"] == reflection and hardest["mean"] == 0
    english = hardest_question(graded, {"ani-lestari", "budi"}, exercise_of, "en")
    assert english["title"] == question_cells(str(graded / "release" / "m3-qris-en"))["refleksi"][1] != reflection
    assert hardest_question(graded, {"ani-lestari"}, exercise_of, "id")["title"] == reflection
    assert hardest_question(graded, {"dewi"}, exercise_of, "id") is None  # not in this class's gradebook rows
