"""The Kelas class store: SQLite in WAL mode, written before it answers, every attempt kept, names only, export of
everything, forget, retention; and the privacy notice that says so."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from literasi.i18n import LANGS, t
from literasi.kelas.privacy import privacy_notice
from literasi.kelas.store import DAY_SECONDS, DEFAULT_RETENTION_DAYS, STORE_NAME, ClassStore, StoreRefused

NOW = 1_790_000_000.0  # a fixed moment, so retention is tested without waiting


@pytest.fixture
def store(tmp_path) -> ClassStore:
    store = ClassStore.of_course(tmp_path)
    store.create_class("qris24", now=NOW)
    return store


def refused(call) -> StoreRefused:
    with pytest.raises(StoreRefused) as caught:
        call()
    for lang in LANGS:
        assert caught.value.message(lang).endswith(".")
    return caught.value


def test_the_store_lives_in_the_course_folder_in_wal_mode(store, tmp_path):
    assert store.path == tmp_path / STORE_NAME and store.journal_mode() == "wal"
    with sqlite3.connect(store.path) as other:  # a fresh connection sees WAL: the mode is kept in the file
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_round_trip_of_classes_learners_attempts_and_quiz_results(store):
    assert store.class_exists("QRIS24") and store.class_exists(" qris24 ") and not store.class_exists("ABCD")
    ani = store.add_learner("QRIS24", "  Ani   Lestari ", now=NOW)
    assert (ani["name"], ani["student_id"], ani["class_code"]) == ("Ani Lestari", "ani-lestari", "QRIS24")
    first = store.record_attempt(ani["id"], "m3-qris", {"biaya_mdr": 360_000, "jawaban_1": "a"}, now=NOW + 1)
    second = store.record_attempt(ani["id"], "m3-qris", {"biaya_mdr": 840_000, "jawaban_1": "b"}, now=NOW + 2)
    assert [attempt["id"] for attempt in store.ungraded_attempts()] == [first, second]
    store.record_grade(first, 0, 6, now=NOW + 3)
    attempts = store.attempts(ani["id"], "m3-qris")
    assert [a["answers"]["biaya_mdr"] for a in attempts] == [360_000, 840_000]  # every attempt is kept
    assert (attempts[0]["score"], attempts[0]["max_score"], attempts[1]["score"]) == (0, 6, None)
    assert [attempt["id"] for attempt in store.ungraded_attempts()] == [second]
    store.record_quiz(ani["id"], "qris-untuk-usaha-mikro", 3, 5, now=NOW + 4)
    result = store.record_quiz(ani["id"], "qris-untuk-usaha-mikro", 5, 5, now=NOW + 5)
    assert (result["score"], result["attempts"], result["first_at"], result["updated_at"]) == (5, 2, NOW + 4, NOW + 5)
    assert store.learner(ani["id"])["last_seen_at"] == NOW + 5
    assert store.learners("QRIS24") == [store.learner(ani["id"])]


def test_a_name_is_never_shared_silently_and_student_ids_stay_distinct(store):
    store.add_learner("QRIS24", "Siti")
    assert refused(lambda: store.add_learner("QRIS24", "siti ")).key == "kelas.name.taken"
    store.create_class("PDP25")
    other = store.add_learner("PDP25", "Siti", reserved_ids=frozenset({"siti-2"}))
    assert other["student_id"] == "siti-3"
    assert store.add_learner("PDP25", "Ðặng Văn Lâm")["student_id"] == "ang-van-lam"
    assert store.add_learner("PDP25", "أحمد")["student_id"] == "peserta"


@pytest.mark.parametrize(("name", "key"), [
    ("", "kelas.name.empty"), (" \n\t ", "kelas.name.empty"), ("x" * 101, "kelas.name.too_long"),
    ("Budi 3201234567890123", "kelas.name.personal"), ("Budi 0812-3456-7890", "kelas.name.personal"),
    ("budi@example.com", "kelas.name.personal"),
])
def test_only_a_name_is_stored_never_a_nik_phone_or_email(store, name, key):
    problem = refused(lambda: store.add_learner("QRIS24", name))
    assert problem.key == key
    assert store.learners() == []


def test_class_codes(store):
    assert refused(lambda: store.create_class("ab")).key == "kelas.code.format"
    assert refused(lambda: store.create_class("QRIS 24; DROP TABLE")).key == "kelas.code.format"
    assert refused(lambda: store.add_learner("ZZZZ", "Ani")).key == "kelas.code.unknown"


def test_the_instructor_opens_and_closes_exercises_per_class(store):
    store.create_class("BANGLI", now=NOW)
    assert store.open_exercises("QRIS24") == set()
    store.set_exercise_open("qris24", "m3-qris", True)
    store.set_exercise_open("QRIS24", "m4-toko", True)
    store.set_exercise_open("QRIS24", "m4-toko", False)
    assert store.open_exercises("QRIS24") == {"m3-qris"}
    assert store.exercise_is_open("QRIS24", "m3-qris") and not store.exercise_is_open("QRIS24", "m4-toko")
    assert not store.exercise_is_open("BANGLI", "m3-qris")
    assert [row["assignment"] for row in store.export()["exercises"]] == ["m3-qris", "m4-toko"]


def test_an_acknowledged_write_survives_the_process_dying_right_after(tmp_path):
    """Write before acknowledging: another process records an attempt, prints its id (the acknowledgement) and dies
    at once without closing anything; the attempt is there when the store is opened again."""
    script = textwrap.dedent(f"""
        import os
        from literasi.kelas.store import ClassStore
        store = ClassStore({str(tmp_path / STORE_NAME)!r})
        store.create_class("KILL01")
        learner = store.add_learner("KILL01", "Ani")
        print(store.record_attempt(learner["id"], "m3-qris", {{"biaya_mdr": 840000}}), flush=True)
        os._exit(9)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 9, result.stderr
    attempts = ClassStore(tmp_path / STORE_NAME).attempts()
    assert [(attempt["id"], attempt["answers"]) for attempt in attempts] == [(int(result.stdout), {"biaya_mdr": 840000})]


def filled(store: ClassStore) -> tuple[dict, dict]:
    ani = store.add_learner("QRIS24", "Ani", now=NOW)
    budi = store.add_learner("QRIS24", "=HYPERLINK(\"http://x\")", now=NOW)
    for learner, value in ((ani, 840_000), (budi, 1)):
        attempt = store.record_attempt(learner["id"], "m3-qris", {"biaya_mdr": value, "refleksi": "Baris\nkedua, \"kutip\""},
                                       now=NOW)
        store.record_grade(attempt, 6, 8, now=NOW)
        store.record_quiz(learner["id"], "qris-untuk-usaha-mikro", 4, 5, now=NOW)
    return ani, budi


def test_forget_removes_everything_about_one_learner_and_nothing_else(store):
    ani, budi = filled(store)
    forgotten = store.forget(budi["id"])
    assert forgotten["student_id"] == budi["student_id"]
    everything = json.dumps(store.export(), ensure_ascii=False)
    assert "HYPERLINK" not in everything and budi["student_id"] not in everything
    assert [row["learner_id"] for row in store.attempts()] == [ani["id"]]
    assert [row["learner_id"] for row in store.quiz_results()] == [ani["id"]]
    assert store.forget(budi["id"]) is None


def test_export_holds_everything_as_json_and_as_spreadsheet_safe_csv(store, tmp_path):
    ani, budi = filled(store)
    store.retention_days = 30
    exported = json.loads(store.export_json(tmp_path / "ekspor.json").read_text("utf-8"))
    assert exported == json.loads(json.dumps(store.export()))
    assert [row["name"] for row in exported["learners"]] == ["Ani", budi["name"]]
    assert [json.loads(row["answers"])["biaya_mdr"] for row in exported["attempts"]] == [840_000, 1]
    assert len(exported["quiz_results"]) == 2 and exported["classes"][0]["code"] == "QRIS24"
    assert {"key": "retention_days", "value": "30"} in exported["settings"]
    paths = store.export_csv(tmp_path / "csv")
    tables = {path.stem.removeprefix("kelas-"): list(csv.DictReader(path.open(encoding="utf-8-sig"))) for path in paths}
    assert set(tables) == set(exported)
    for table, rows in exported.items():
        assert len(tables[table]) == len(rows)
    names = [row["name"] for row in tables["learners"]]
    assert names == ["Ani", "'" + budi["name"]]  # a spreadsheet shows it, never runs it
    assert json.loads(tables["attempts"][0]["answers"])["refleksi"] == "Baris\nkedua, \"kutip\""


def test_retention_deletes_what_is_older_than_the_setting(store):
    assert store.retention_days == DEFAULT_RETENTION_DAYS
    store.retention_days = 30
    assert store.retention_days == 30
    for wrong in (0, -1, 1.5, True, "30"):
        with pytest.raises(ValueError):
            store.retention_days = wrong
    old = store.add_learner("QRIS24", "Lama", now=NOW)
    store.record_attempt(old["id"], "m3-qris", {}, now=NOW)
    recent = store.add_learner("QRIS24", "Baru", now=NOW)
    store.record_attempt(recent["id"], "m3-qris", {"jawaban_1": "a"}, now=NOW)  # old attempt, recent learner
    store.record_quiz(recent["id"], "kuis", 1, 5, now=NOW + 29 * DAY_SECONDS)
    store.create_class("LAMA01", now=NOW)
    counts = store.delete_expired(now=NOW + 31 * DAY_SECONDS)
    assert counts == {"attempts": 2, "quiz_results": 0, "learners": 1, "classes": 1}
    assert [learner["name"] for learner in store.learners()] == ["Baru"]
    assert store.attempts() == [] and len(store.quiz_results()) == 1
    assert store.class_exists("QRIS24") and not store.class_exists("LAMA01")
    assert store.delete_expired(now=NOW + 31 * DAY_SECONDS) == {"attempts": 0, "quiz_results": 0, "learners": 0,
                                                               "classes": 0}


def test_the_privacy_notice_says_what_where_how_long_and_who_in_both_languages(store):
    store.retention_days = 45
    for lang in LANGS:
        title, sentences = privacy_notice(lang, store.retention_days)
        assert title == t("kelas.privacy.title", lang) and len(sentences) == 4
        assert sentences[2] == t("kelas.privacy.how_long", lang, days=45) and "45" in sentences[2]
        assert all(sentence.endswith(".") for sentence in sentences)
    _, indonesian = privacy_notice("id", 45)
    assert "NIK" in indonesian[0] and "laptop instruktur" in indonesian[1] and "instruktur" in indonesian[3]
