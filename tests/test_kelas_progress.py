"""The instructor's progress table (literasi.kelas.progress), built from store rows alone: columns of the plan's
quizzes and of the released exercises (one per exercise whatever the language), ticks and scores, the latest
attempt counting, who has not started, the hardest so far, and the CSV a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import ROOT

from literasi.curriculum import load_curriculum
from literasi.i18n import t
from literasi.kelas.forms import build_form
from literasi.kelas.progress import DONE, EMPTY, GRADED, WAITING, plan_lessons, progress_csv, progress_table
from literasi.kelas.store import ClassStore

NOW = 1_790_000_000.0
CURRICULUM = load_curriculum(ROOT / "curriculum.yml")
QRIS_LESSONS = ["qris-untuk-usaha-mikro", "mendaftar-qris-dan-menerima-uang", "transfer-bifast-ewallet",
                "penipuan-pembayaran", "judi-online-dan-pinjol-ilegal"]


@pytest.fixture(scope="module")
def forms(released_course):
    return {name: build_form(released_course.release / name) for name in ("m3-qris", "m3-qris-en")}


@pytest.fixture
def store(tmp_path) -> ClassStore:
    store = ClassStore.of_course(tmp_path)
    store.create_class("QRIS24", now=NOW)
    return store


def test_without_a_plan_the_quizzes_are_those_of_the_released_exercises_modules():
    assert [lesson.id for lesson in plan_lessons(CURRICULUM, ["m3-qris"])] == QRIS_LESSONS
    chosen = plan_lessons(CURRICULUM, ["m3-qris"], ["transfer-bifast-ewallet", "cara-belajar"])
    assert [lesson.id for lesson in chosen] == ["cara-belajar", "transfer-bifast-ewallet"]  # the manifest's order
    assert len(plan_lessons(CURRICULUM, {})) == len(CURRICULUM.lessons())


def test_an_empty_class(store, forms):
    table = progress_table(store, "qris24", CURRICULUM, forms, now=NOW)
    keys = [column["key"] for column in table["columns"]]
    assert keys == ["exercise:m3-qris"] + [f"quiz:{lesson}" for lesson in QRIS_LESSONS]
    exercise = table["columns"][0]
    assert exercise["assignments"] == ["m3-qris", "m3-qris-en"] and exercise["open"] is False
    assert exercise["max_score"] == 8 and exercise["title"] == CURRICULUM.exercises()[2].title["id"]
    assert (table["rows"], table["not_started"], table["hardest"]) == ([], [], None)


def test_ticks_scores_latest_attempt_not_started_and_the_hardest(store, forms):
    ani = store.add_learner("QRIS24", "Ani", now=NOW)
    budi = store.add_learner("QRIS24", "Budi", now=NOW)
    store.add_learner("QRIS24", "Citra", now=NOW)
    other_class = store.create_class("LAIN1")
    store.add_learner(other_class, "Dewi", now=NOW)  # another class: never in this table
    store.record_quiz(ani["id"], "qris-untuk-usaha-mikro", 4, 5, now=NOW + 1)
    store.record_quiz(budi["id"], "qris-untuk-usaha-mikro", 5, 5, now=NOW + 1)
    store.record_quiz(budi["id"], "penipuan-pembayaran", 1, 4, now=NOW + 2)  # the hardest: 25%
    first = store.record_attempt(ani["id"], "m3-qris", {"biaya_mdr": 1}, now=NOW + 3)
    store.record_grade(first, 2, 8, now=NOW + 4)
    second = store.record_attempt(ani["id"], "m3-qris", {"biaya_mdr": 2}, now=NOW + 5)
    english = store.record_attempt(budi["id"], "m3-qris-en", {"biaya_mdr": 3}, now=NOW + 6)
    store.record_grade(english, 6, 8, now=NOW + 7)
    store.set_exercise_open("QRIS24", "m3-qris", True)

    table = progress_table(store, "QRIS24", CURRICULUM, forms, now=NOW + 8)
    rows = {row["name"]: row for row in table["rows"]}
    assert list(rows) == ["Ani", "Budi", "Citra"]
    assert rows["Ani"]["cells"]["quiz:qris-untuk-usaha-mikro"] == {"state": DONE, "score": 4, "max_score": 5,
                                                                   "attempts": 1}
    # Ani's latest attempt is being graded: "waiting", with the score of the one before.
    assert rows["Ani"]["cells"]["exercise:m3-qris"] == {"state": WAITING, "score": 2, "max_score": 8, "attempts": 2}
    # Budi did the English exercise: the same column.
    assert rows["Budi"]["cells"]["exercise:m3-qris"] == {"state": GRADED, "score": 6, "max_score": 8, "attempts": 1}
    assert rows["Citra"]["cells"] == {} and not rows["Citra"]["started"]
    assert table["not_started"] == ["Citra"]
    assert table["hardest"] == {"key": "quiz:penipuan-pembayaran", "kind": "quiz", "mean": 0.25, "tried": 1,
                                "title": CURRICULUM.lesson("penipuan-pembayaran").title["id"]}
    assert table["summary"]["quiz:qris-untuk-usaha-mikro"] == {"done": 2, "mean": 0.9}
    assert table["summary"]["exercise:m3-qris"]["done"] == 2
    assert table["columns"][0]["open"] is True  # open in one language: shown open

    store.record_grade(second, 8, 8, now=NOW + 9)
    table = progress_table(store, "QRIS24", CURRICULUM, forms)
    ani_cell = next(row for row in table["rows"] if row["name"] == "Ani")["cells"]["exercise:m3-qris"]
    assert (ani_cell["state"], ani_cell["score"]) == (GRADED, 8)  # the latest counts, not the best or the first


def test_a_quiz_by_bank_id_or_outside_the_plan_still_has_a_column(store, forms):
    ani = store.add_learner("QRIS24", "Ani", now=NOW)
    store.record_quiz(ani["id"], "cara-belajar", 3, 3, now=NOW)  # a lesson outside the plan
    store.record_quiz(ani["id"], "tidak-ada-di-manifest", 1, 2, now=NOW)
    table = progress_table(store, "QRIS24", CURRICULUM, forms, lang="en")
    keys = [column["key"] for column in table["columns"]]
    assert keys[0] == "exercise:m3-qris" and keys[-2:] == ["quiz:cara-belajar", "quiz:tidak-ada-di-manifest"]
    assert table["columns"][-2]["title"] == CURRICULUM.lesson("cara-belajar").title["en"]
    assert table["columns"][0]["title"] == CURRICULUM.exercises()[2].title["en"]


def test_the_csv_is_spreadsheet_safe_and_says_waiting_in_words(store, forms):
    mallory = store.add_learner("QRIS24", "=HYPERLINK(1)", now=NOW)
    store.record_quiz(mallory["id"], "qris-untuk-usaha-mikro", 2.5, 5, now=NOW)
    store.record_attempt(mallory["id"], "m3-qris", {}, now=NOW)
    store.add_learner("QRIS24", "Ani", now=NOW)
    for lang in ("id", "en"):
        table = progress_table(store, "QRIS24", CURRICULUM, forms, lang=lang)
        rows = list(csv.reader(io.StringIO(progress_csv(table))))
        heading = rows[0]
        assert heading[0] == t("kemajuan.col.name", lang) and len(heading) == 1 + len(table["columns"])
        assert heading[1].startswith(t("kemajuan.kind.exercise", lang)) and heading[1].endswith(" 8)")
        by_name = {row[0]: row for row in rows[1:]}
        assert set(by_name) == {"'=HYPERLINK(1)", "Ani"}  # a formula is text in a spreadsheet
        assert by_name["'=HYPERLINK(1)"][2] == "2.5"
        assert by_name["'=HYPERLINK(1)"][1] == t("kemajuan.state.waiting", lang)
        assert by_name["Ani"][1:] == [""] * len(table["columns"])


def test_every_state_is_named(forms):
    for lang in ("id", "en"):
        for state in (EMPTY, DONE, WAITING):
            assert t(f"kemajuan.state.{state}", lang)
