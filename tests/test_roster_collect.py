"""Classroom intake on a real course: a trainer's roster CSV, then notebooks returned by flash drive, email or chat."""

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import LESSON_PATH, ROOT
from helpers import AUTO_POINTS, CORRECT, WRONG
from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from literasi.grading import CourseError, Status, grade_course, init_course
from literasi.grading.collect import Outcome, collect_folder, match_learner
from literasi.grading.roster import (
    Learner,
    RosterError,
    id_problem,
    import_roster,
    load_roster,
    sensitive_header,
    sensitive_value,
)

SENT_AT = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return init_course(tmp_path_factory.mktemp("asal") / "kelas", root=ROOT).root


@pytest.fixture
def course(pristine, tmp_path) -> Path:
    """A fresh copy of a just-initialised course (init once per module; copying is cheap)."""
    return Path(shutil.copytree(pristine, tmp_path / "kelas"))


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def gradebook_students(course: Path) -> dict[str, str]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {student.id: student.first_name for student in gradebook.students}


# ---------------------------------------------------------------- roster

def test_trainer_imports_an_excel_export_with_indonesian_headers_semicolons_and_a_bom(course, tmp_path):
    csv_file = write_csv(tmp_path / "peserta.csv", "id;nama;kelompok\r\nani;Ani Lestari;Kelompok A\r\n"
                         "budi;Budi  Hartono ;Kelompok A\r\n;;\r\ncitra;Citra Dewi;Kelompok B\r\n", "utf-8-sig")
    result = import_roster(course, csv_file)
    assert [learner.id for learner in result.added] == ["ani", "budi", "citra"]
    assert not result.errors and not result.updated
    assert gradebook_students(course) == {"ani": "Ani Lestari", "budi": "Budi Hartono", "citra": "Citra Dewi"}
    assert (course / "roster.csv").read_text("utf-8").splitlines() == [
        "id,name,group", "ani,Ani Lestari,Kelompok A", "budi,Budi Hartono,Kelompok A", "citra,Citra Dewi,Kelompok B"]
    assert "3 ditambahkan" in result.summary() and "3 added" in result.summary()


def test_bad_lines_are_reported_by_line_number_in_both_languages_and_left_out(course, tmp_path):
    csv_file = write_csv(tmp_path / "peserta.csv", "\n".join([
        "id,nama,kelompok",                  # line 1
        "ani,Ani Lestari,A",                 # 2: good
        "Budi Santoso,Budi Santoso,A",       # 3: space
        "Citra,Citra Dewi,B",                # 4: uppercase
        "dewi.s,Dewi Sartika,B",             # 5: a dot
        "-eko,Eko,B",                        # 6: starts with '-'
        "f" * 41 + ",Fajar,B",               # 7: too long
        "ani,Ani Kedua,A",                   # 8: duplicate of line 2
        "gita,,A",                           # 9: no name
        ",Hadi,A",                           # 10: no id
        "hadi_01,Hadi Susanto,",             # 11: good, no group
    ]) + "\n")
    result = import_roster(course, csv_file)
    by_line = {problem.line: problem for problem in result.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert by_line[3].text() == (
        "baris 3: id 'Budi Santoso' tidak boleh berisi spasi; id hanya boleh berisi huruf kecil, angka, '-' dan '_'."
        " / line 3: id 'Budi Santoso' must not contain spaces; an id may only hold lowercase letters, digits, '-' and '_'.")
    assert "huruf kecil" in by_line[4].text("id") and "'.'" in by_line[5].text("en")
    assert "diawali" in by_line[6].text("id") and "41" in by_line[7].text("en")
    assert by_line[8].text("en") == "line 8: id 'ani' is already used on line 2, so this line was not imported."
    assert "nama" in by_line[9].text("id") and "empty" in by_line[10].text("en")
    assert gradebook_students(course) == {"ani": "Ani Lestari", "hadi_01": "Hadi Susanto"}
    assert [learner.id for learner in load_roster(course)] == ["ani", "hadi_01"]


def test_trainer_can_ask_for_messages_in_one_language(course, tmp_path):
    csv_file = write_csv(tmp_path / "learners.csv", "id,name,group\nBudi,Budi,A\n")
    result = import_roster(course, csv_file, lang="en")
    assert result.messages() == ["line 2: id 'Budi' must be written in lowercase; an id may only hold lowercase "
                                 "letters, digits, '-' and '_'."]
    assert "Roster: 0 added" in result.summary() and "baris" not in result.summary()


def test_personal_data_columns_are_refused_by_header_and_never_stored(course, tmp_path):
    csv_file = write_csv(tmp_path / "peserta.csv",
                         "ID Peserta;Nama Lengkap;Kelompok;NIK;No. HP;E-mail;Alamat;Tgl Lahir;Jenis Kelamin\n"
                         "ani;Ani Lestari;A;3201234567890001;081234567890;ani@contoh.id;Jl. Melati 5;1990-01-02;P\n")
    result = import_roster(course, csv_file)
    refused = {dict(problem.params)["column"]: dict(problem.params)["kind"] for problem in result.errors}
    assert refused == {"NIK": "nik", "No. HP": "phone", "E-mail": "email", "Alamat": "address", "Tgl Lahir": "birth"}
    assert all(problem.line == 1 for problem in result.errors)
    assert "kolom 'NIK' tampaknya berisi NIK" in result.errors[0].text("id")
    assert [dict(notice.params)["column"] for notice in result.notices] == ["Jenis Kelamin"]
    assert [learner.id for learner in result.added] == ["ani"]  # the learner is imported, the personal data is not
    stored = (course / "roster.csv").read_bytes() + (course / "gradebook.db").read_bytes()
    for secret in (b"3201234567890001", b"081234567890", b"ani@contoh.id", b"Melati", b"1990-01-02"):
        assert secret not in stored


def test_a_line_holding_a_nik_phone_number_or_email_is_refused_without_repeating_it(course, tmp_path):
    csv_file = write_csv(tmp_path / "peserta.csv", "\n".join([
        "id,name,group",
        "3201 2345 6789 0001,Ani,A",
        "budi,Budi +62 812-3456-7890,A",
        "citra,Citra,citra@contoh.id",
        "dewi,Dewi (0812 3456 7890),B",
        "eko,Eko,Kelompok 2024",
    ]) + "\n")
    result = import_roster(course, csv_file)
    kinds = {problem.line: dict(problem.params)["kind"] for problem in result.errors}
    assert kinds == {2: "nik", 3: "phone", 4: "email", 5: "phone"}
    message = result.errors[1].text()
    assert message.startswith("baris 3: kolom 'name' berisi sesuatu yang mirip nomor telepon")
    assert "812" not in message
    assert [learner.id for learner in result.added] == ["eko"]
    stored = (course / "roster.csv").read_bytes() + (course / "gradebook.db").read_bytes()
    for secret in (b"3201 2345 6789 0001", b"812-3456-7890", b"citra@contoh.id", b"0812 3456 7890"):
        assert secret not in stored


def test_importing_again_is_idempotent_and_a_changed_line_is_an_update(course, tmp_path):
    first = write_csv(tmp_path / "a.csv", "id,nama,kelompok\nani,Ani Lestari,A\nbudi,Budi Hartono,A\n")
    import_roster(course, first)
    roster_file = course / "roster.csv"
    written = roster_file.stat().st_mtime_ns
    again = import_roster(course, first)
    assert (again.added, again.updated, [learner.id for learner in again.unchanged]) == ([], [], ["ani", "budi"])
    assert roster_file.stat().st_mtime_ns == written
    changed = write_csv(tmp_path / "b.csv", "id,nama,kelompok\nbudi,Budi H.,B\ncitra,Citra Dewi,B\n")
    result = import_roster(course, changed)
    assert [learner.id for learner in result.updated] == ["budi"] and [learner.id for learner in result.added] == ["citra"]
    assert load_roster(course) == [Learner("ani", "Ani Lestari", "A"), Learner("budi", "Budi H.", "B"),
                                   Learner("citra", "Citra Dewi", "B")]
    assert gradebook_students(course)["budi"] == "Budi H."


@pytest.mark.parametrize(("name", "text", "encoding", "says"), [
    ("no-id.csv", "nama,kelompok\nAni,A\n", "utf-8", "tidak punya kolom id"),
    ("latin.csv", "id,nama\nani,Désirée\n", "cp1252", "CSV UTF-8"),
    ("empty.csv", "\n\n", "utf-8", "kosong"),
    ("twice.csv", "id,nama,name\nani,Ani,Ani\n", "utf-8", "dua kolom"),
])
def test_a_file_that_cannot_be_used_at_all_is_refused_whole(course, tmp_path, name, text, encoding, says):
    with pytest.raises(RosterError, match=says):
        import_roster(course, write_csv(tmp_path / name, text, encoding))
    assert not (course / "roster.csv").exists()


def test_excel_unicode_text_and_its_sep_hint_line_are_read(course, tmp_path):
    assert [lr.id for lr in import_roster(course, write_csv(tmp_path / "a.txt", "id\tname\nani\tAni\n", "utf-16")).added] \
        == ["ani"]
    assert [lr.id for lr in import_roster(course, write_csv(tmp_path / "b.csv", "sep=;\nid;name\nbudi;Budi\n")).added] \
        == ["budi"]


def test_importing_into_a_folder_that_is_not_a_course_says_so(tmp_path):
    with pytest.raises(CourseError, match="course init"):
        import_roster(tmp_path, write_csv(tmp_path / "a.csv", "id,name\nani,Ani\n"))


@pytest.mark.parametrize(("header", "kind"), [
    ("NIK", "nik"), ("No KTP", "nik"), ("NIP", "nip"), ("No. HP", "phone"), ("NoHP", "phone"), ("WhatsApp", "phone"),
    ("Nomor Telepon", "phone"), ("email", "email"), ("Surel", "email"), ("Alamat Rumah", "address"),
    ("Tanggal Lahir", "birth"), ("TTL", "birth"), ("Date of birth", "birth"),
    ("Kelompok", None), ("Nama", None), ("Instansi", None), ("Jenis Kelamin", None),
])
def test_headers_naming_personal_data_are_recognised(header, kind):
    assert sensitive_header(header) == kind


@pytest.mark.parametrize(("value", "kind"), [
    ("3201234567890001", "nik"), ("199001012015031001", "nip"), ("081234567890", "phone"), ("0812-3456-789", "phone"),
    ("+62 812 3456 7890", "phone"), ("628123456789", "phone"), ("a@b.co", "email"),
    ("Budi Santoso", None), ("kelompok-2024", None), ("budi_01", None), ("12345678", None),
])
def test_cell_values_that_look_like_personal_data_are_recognised(value, kind):
    assert sensitive_value(value) == kind


@pytest.mark.parametrize(("value", "key"), [
    ("budi", None), ("budi-s_2", None), ("0ani", None), ("a" * 40, None), ("", "kelas.id_empty"),
    ("budi s", "kelas.id_space"), ("Budi", "kelas.id_uppercase"), ("budi@x", "kelas.id_chars"),
    ("_budi", "kelas.id_start"), ("a" * 41, "kelas.id_too_long"),
])
def test_learner_ids_follow_the_nbgrader_student_id_rule(value, key):
    problem = id_problem(value)
    assert (problem[0] if problem else None) == key


# ---------------------------------------------------------------- matching file names to learners

ROSTER = [Learner("ani", "Ani Lestari"), Learner("budi", "Budi Hartono"), Learner("budi-s", "Budi Santoso"),
          Learner("citra", "Citra Dewi"), Learner("rina-a", "Rina"), Learner("rina-b", "Rina")]
NOISE = ["latihan-qris", "m3-qris", "m3-qris-en"]


@pytest.mark.parametrize(("stem", "student"), [
    ("budi_latihan-qris", "budi"), ("latihan-qris (budi)", "budi"), ("Budi Santoso - latihan-qris", "budi-s"),
    ("BUDI  santoso_latihan_qris", "budi-s"), ("BudiSantoso-latihanqris", "budi-s"), ("budi-s", "budi-s"),
    ("latihan-qris (ani) (1)", "ani"), ("Tugas QRIS Ani Lestari FINAL", "ani"), ("m3-qris citra", "citra"),
    ("citra dewi", "citra"), ("Budi Hartono latihan-qris revisi", "budi"),
])
def test_a_file_name_with_one_learners_id_or_name_matches_that_learner(stem, student):
    learner, _ = match_learner(stem, ROSTER, NOISE)
    assert learner is not None and learner.id == student


@pytest.mark.parametrize(("stem", "candidates"), [
    ("Rina - latihan-qris", {"rina-a", "rina-b"}),
    ("latihan-qris ani dan citra", {"ani", "citra"}),
    ("latihan-qris", set()), ("Untitled", set()), ("gita_latihan-qris", set()),
])
def test_a_file_name_with_no_or_several_learners_matches_nobody(stem, candidates):
    learner, found = match_learner(stem, ROSTER, NOISE)
    assert learner is None and {c.id for c in found} == candidates


# ---------------------------------------------------------------- collecting a folder of returned notebooks

def returned(course: Path, assignment: str, answers: dict[str, str], **literasi) -> str:
    """The released notebook as a learner sends it back: answers filled in, metadata kept."""
    notebook = nbformat.read(course / "release" / assignment / "latihan-qris.ipynb", as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    notebook.metadata.setdefault("literasi", {}).update(literasi)
    return nbformat.writes(notebook)


def drop(folder: Path, name: str, text: str, hours: float = 0) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    moment = (SENT_AT + dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (moment, moment))
    return path


def fill_inbox(course: Path, inbox: Path) -> None:
    lesson = json.loads((ROOT / "lessons" / "id" / LESSON_PATH).read_text("utf-8"))
    other = json.loads(returned(course, "m3-qris", {}))
    other["metadata"]["literasi"]["exercise"] = "m9-pajak"
    citra = returned(course, "m3-qris", CORRECT)
    for name, text, hours in [
        ("budi_latihan-qris.ipynb", returned(course, "m3-qris", WRONG), 0),
        ("budi_latihan-qris (1).ipynb", returned(course, "m3-qris", CORRECT), 1),  # sent again, later, changed
        ("latihan-qris (ani).ipynb", returned(course, "m3-qris", CORRECT), 0),
        ("Budi Santoso - latihan-qris.ipynb", returned(course, "m3-qris", {}), 0),
        ("flashdisk/Kelompok B/CitraDewi_latihan-qris.ipynb", citra, 0),
        ("whatsapp/latihan-qris citra.ipynb", citra, 0.5),  # the same file again, through chat
        ("email/emma - latihan-qris.ipynb", returned(course, "m3-qris-en", CORRECT), 0),
        ("Untitled.ipynb", returned(course, "m3-qris", CORRECT, student="fajar"), 0),
        ("Ani Lestari latihan-qris.ipynb", returned(course, "m3-qris", {}, student="fajar"), 0),
        ("Rina - latihan-qris.ipynb", returned(course, "m3-qris", {}), 0),
        ("gita_latihan-qris.ipynb", returned(course, "m3-qris", CORRECT), 0),
        ("rusak_latihan-qris.ipynb", '{"cells": [ {"cell_type": "code", "sour', 0),
        ("budi_catatan.ipynb", '{"catatan": "bukan notebook"}', 0),
        ("budi_pelajaran-qris.ipynb", json.dumps(lesson), 0),
        ("fajar_latihan-pajak.ipynb", json.dumps(other), 0),
        (".ipynb_checkpoints/latihan-qris-checkpoint.ipynb", citra, 0),
        ("__MACOSX/._budi_latihan-qris.ipynb", "\x00\x05\x16\x07", 0),
        ("._budi_latihan-qris.ipynb", "\x00\x05\x16\x07", 0),
        ("daftar-nilai.txt", "bukan notebook", 0),
    ]:
        drop(inbox, name, text, hours)


@pytest.fixture(scope="module")
def classroom(pristine, tmp_path_factory):
    """A course with a roster, a folder of returned notebooks, and the result of collecting it once."""
    base = tmp_path_factory.mktemp("kelas-bimtek")
    course = Path(shutil.copytree(pristine, base / "kelas"))
    roster = write_csv(base / "peserta.csv", "id,nama,kelompok\nani,Ani Lestari,A\nbudi,Budi Hartono,A\n"
                       "budi-s,Budi Santoso,A\ncitra,Citra Dewi,B\nemma,Emma Wilson,B\nfajar,Fajar Nugroho,B\n"
                       "rina-a,Rina,C\nrina-b,Rina,C\n")
    assert not import_roster(course, roster).errors
    inbox = base / "kiriman"
    fill_inbox(course, inbox)
    return course, inbox, collect_folder(course, inbox)


def outcome_of(result, name: str):
    return next(item for item in result.files if item.source.relative_to(result.folder).as_posix() == name)


@pytest.fixture
def classroom_copy(classroom, tmp_path):
    course, inbox, _ = classroom
    return Path(shutil.copytree(course, tmp_path / "kelas")), Path(shutil.copytree(inbox, tmp_path / "kiriman"))


def test_notebooks_named_the_ways_classes_send_them_reach_the_right_learner(classroom):
    _, _, result = classroom
    placed = {item.source.relative_to(result.folder).as_posix(): (item.student, item.assignment)
              for item in result.collected}
    assert placed == {
        "budi_latihan-qris.ipynb": ("budi", "m3-qris"),
        "latihan-qris (ani).ipynb": ("ani", "m3-qris"),
        "Budi Santoso - latihan-qris.ipynb": ("budi-s", "m3-qris"),
        "flashdisk/Kelompok B/CitraDewi_latihan-qris.ipynb": ("citra", "m3-qris"),
        "email/emma - latihan-qris.ipynb": ("emma", "m3-qris-en"),
        "Untitled.ipynb": ("fajar", "m3-qris"),
    }
    assert outcome_of(result, "Untitled.ipynb").note.key == "kelas.note.metadata"


def test_a_collected_notebook_has_the_released_name_and_an_nbgrader_timestamp(classroom):
    course, inbox, _ = classroom
    for student, assignment, sent in [("ani", "m3-qris", "latihan-qris (ani).ipynb"),
                                      ("emma", "m3-qris-en", "email/emma - latihan-qris.ipynb")]:
        folder = course / "submitted" / student / assignment
        assert sorted(p.name for p in folder.iterdir()) == ["latihan-qris.ipynb", "timestamp.txt"]
        assert (folder / "latihan-qris.ipynb").read_bytes() == (inbox / sent).read_bytes()
        stamp = (folder / "timestamp.txt").read_text("utf-8")
        assert stamp == "2024-05-01 10:00:00.000000 UTC"
        assert parse_utc(stamp) == SENT_AT.replace(tzinfo=None)


def test_a_different_second_file_is_put_aside_and_the_first_is_kept(classroom):
    course, inbox, result = classroom
    item = outcome_of(result, "budi_latihan-qris (1).ipynb")
    assert (item.outcome, item.student, item.assignment) == (Outcome.CONFLICT, "budi", "m3-qris")
    assert (course / "submitted/budi/m3-qris/latihan-qris.ipynb").read_bytes() \
        == (inbox / "budi_latihan-qris.ipynb").read_bytes()
    assert item.aside == course / "collect-conflicts/budi/m3-qris/20240501-110000-budi_latihan-qris (1).ipynb"
    assert item.aside.read_bytes() == (inbox / "budi_latihan-qris (1).ipynb").read_bytes()
    assert "collect-conflicts/budi/m3-qris/20240501-110000-budi_latihan-qris (1).ipynb" in item.note.text("id")
    assert "--replace" in item.note.text("en")


def test_the_same_file_received_twice_is_already_collected(classroom):
    _, _, result = classroom
    item = outcome_of(result, "whatsapp/latihan-qris citra.ipynb")
    assert (item.outcome, item.student) == (Outcome.ALREADY_COLLECTED, "citra")


def test_files_that_cannot_be_matched_say_why(classroom):
    course, _, result = classroom
    reasons = {item.source.relative_to(result.folder).as_posix(): item.note.key for item in result.unmatched}
    assert reasons == {
        "Ani Lestari latihan-qris.ipynb": "kelas.reason.student_disagrees",
        "Rina - latihan-qris.ipynb": "kelas.reason.ambiguous_learner",
        "gita_latihan-qris.ipynb": "kelas.reason.unknown_learner",
        "rusak_latihan-qris.ipynb": "kelas.reason.invalid_json",
        "budi_catatan.ipynb": "kelas.reason.invalid_notebook",
        "budi_pelajaran-qris.ipynb": "kelas.reason.no_exercise",
        "fajar_latihan-pajak.ipynb": "kelas.reason.unknown_exercise",
    }
    rina = outcome_of(result, "Rina - latihan-qris.ipynb").note.text("id")
    assert "rina-a, rina-b" in rina and "rina-a_latihan-qris.ipynb" in rina
    assert "m9-pajak" in outcome_of(result, "fajar_latihan-pajak.ipynb").note.text("en")
    assert outcome_of(result, "budi_catatan.ipynb").student == "budi"  # so the trainer knows whom to ask
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["ani", "budi", "budi-s", "citra", "emma", "fajar"]


def test_clutter_from_flash_drives_and_jupyter_is_skipped(classroom):
    _, _, result = classroom
    names = {item.source.name for item in result.files}
    assert len(result.files) == 15
    assert not names & {"latihan-qris-checkpoint.ipynb", "._budi_latihan-qris.ipynb", "daftar-nilai.txt"}


def test_the_summary_table_reads_in_either_language(classroom):
    _, _, result = classroom
    indonesian, english = result.summary(), result.summary("en")
    assert indonesian.splitlines()[0].split() == ["Berkas", "Peserta", "Latihan", "Hasil", "Keterangan"]
    assert english.splitlines()[0].split() == ["File", "Learner", "Exercise", "Result", "Note"]
    assert indonesian.splitlines()[-1] == \
        "15 berkas: 6 terkumpul, 1 sudah terkumpul, 0 diganti, 1 bentrok, 7 tidak cocok."
    assert english.splitlines()[-1] == \
        "15 files: 6 collected, 1 already collected, 0 replaced, 1 conflicts, 7 not matched."
    row = next(line for line in english.splitlines() if line.startswith("gita_latihan-qris.ipynb"))
    assert "not matched" in row and "matches no learner" in row


def test_collecting_the_same_folder_again_changes_nothing(classroom_copy):
    course, inbox = classroom_copy
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file() and p.name != "gradebook.db"}
    result = collect_folder(course, inbox, lang="en")
    assert not result.collected and not result.replaced
    assert [outcome_of(result, "budi_latihan-qris (1).ipynb").outcome] == [Outcome.CONFLICT]
    assert len(result.already_collected) == 7
    after = {p: p.read_bytes() for p in course.rglob("*") if p.is_file() and p.name != "gradebook.db"}
    assert after == before


def test_replace_takes_the_newer_file_and_keeps_a_backup_of_the_older(classroom_copy):
    course, inbox = classroom_copy
    submitted = course / "submitted/budi/m3-qris"
    result = collect_folder(course, inbox, replace=True)
    item = outcome_of(result, "budi_latihan-qris (1).ipynb")
    assert item.outcome is Outcome.REPLACED
    assert (submitted / "latihan-qris.ipynb").read_bytes() == (inbox / "budi_latihan-qris (1).ipynb").read_bytes()
    assert (submitted / "timestamp.txt").read_text("utf-8") == "2024-05-01 11:00:00.000000 UTC"
    assert item.aside == course / "collect-backups/budi/m3-qris/20240501-100000-latihan-qris.ipynb"
    assert item.aside.read_bytes() == (inbox / "budi_latihan-qris.ipynb").read_bytes()
    # Once more: the older file is recognised as the version that was replaced; nothing moves.
    again = collect_folder(course, inbox, replace=True)
    assert not again.replaced and not again.conflicts
    assert outcome_of(again, "budi_latihan-qris.ipynb").note.key == "kelas.note.backed_up"
    assert (submitted / "latihan-qris.ipynb").read_bytes() == (inbox / "budi_latihan-qris (1).ipynb").read_bytes()
    for run in (result, again):
        for lang in ("id", "en"):
            assert all(item.note.text(lang) in run.summary(lang) for item in run.files if item.note)


def test_an_older_file_never_replaces_a_newer_submission(classroom_copy):
    course, inbox = classroom_copy
    drop(inbox, "late/latihan-qris (ani) lama.ipynb", returned(course, "m3-qris", WRONG), hours=-24)
    item = outcome_of(collect_folder(course, inbox, replace=True), "late/latihan-qris (ani) lama.ipynb")
    assert item.outcome is Outcome.CONFLICT and item.note.key == "kelas.note.older"
    assert json.loads((course / "submitted/ani/m3-qris/latihan-qris.ipynb").read_text("utf-8")) \
        == json.loads((inbox / "latihan-qris (ani).ipynb").read_text("utf-8"))


def test_without_a_roster_the_summary_says_to_import_one_first(course, tmp_path):
    drop(tmp_path / "kiriman", "budi_latihan-qris.ipynb", returned(course, "m3-qris", {}))
    result = collect_folder(course, tmp_path / "kiriman")
    assert result.roster_empty and result.unmatched[0].note.key == "kelas.reason.unknown_learner"
    assert "literasi course roster" in result.summary()


def test_collecting_from_a_missing_folder_or_into_a_non_course_says_so(course, tmp_path):
    with pytest.raises(CourseError, match="tidak ditemukan"):
        collect_folder(course, tmp_path / "tidak-ada")
    with pytest.raises(CourseError, match="course init"):
        collect_folder(tmp_path, tmp_path)
    (tmp_path / "kosong").mkdir()
    assert "Tidak ada berkas .ipynb" in collect_folder(course, tmp_path / "kosong").summary()


@pytest.mark.slow
def test_collected_notebooks_grade_like_ones_placed_by_hand(classroom_copy):
    course, _ = classroom_copy
    grades = {(g.student, g.assignment): g for g in grade_course(course, jobs=2)}
    assert grades[("ani", "m3-qris")].score == AUTO_POINTS and grades[("ani", "m3-qris")].status is Status.GRADED
    assert grades[("emma", "m3-qris-en")].score == AUTO_POINTS
    assert grades[("fajar", "m3-qris")].score == AUTO_POINTS
    assert grades[("budi", "m3-qris")].score == 0  # the first file he sent; the later one waits in collect-conflicts
    assert not any(g.reasons for g in grades.values())  # released names: nothing was graded "as renamed"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:  # the time collect stamped is recorded
        for student, assignment in grades:
            stamp = (course / "submitted" / student / assignment / "timestamp.txt").read_text("utf-8")
            assert gradebook.find_submission(assignment, student).timestamp == parse_utc(stamp)
