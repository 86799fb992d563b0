"""The trainer's intake commands as typed in a terminal: roster in, notebooks collected, grades out."""

import shutil
import subprocess

import pytest
from conftest import ROOT, literasi_command
from helpers import CORRECT, submit

pytestmark = pytest.mark.slow


def run(*args):
    return subprocess.run([*literasi_command(), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_trainer_imports_a_roster_collects_a_flash_drive_and_grades(tmp_path):
    course = tmp_path / "kelas"
    assert run("course", "init", str(course)).returncode == 0
    roster = tmp_path / "peserta.csv"
    roster.write_text("id;nama;kelompok\nsari;Sari Wulandari;A\nandi;Andi Pratama;B\nBudi Santoso;Budi;B\n", "utf-8-sig")
    imported = run("course", "roster", str(course), "--csv", str(roster))
    assert imported.returncode == 1  # one bad line: the id has a space and capitals
    assert "baris 4" in imported.stdout + imported.stderr or "4" in imported.stdout

    # Learners hand back notebooks on a flash drive, named their own way.
    submit(course, "staging", "m3-qris", CORRECT)
    drive = tmp_path / "flashdisk"
    drive.mkdir()
    shutil.copy(course / "submitted" / "staging" / "m3-qris" / "latihan-qris.ipynb", drive / "Sari Wulandari - latihan-qris.ipynb")
    shutil.rmtree(course / "submitted" / "staging")
    (drive / "rusak.ipynb").write_text("bukan json", "utf-8")
    collected = run("course", "collect", str(course), "--from", str(drive))
    assert collected.returncode == 0, collected.stderr
    assert "sari" in collected.stdout and "rusak.ipynb" in collected.stdout
    assert (course / "submitted" / "sari" / "m3-qris" / "latihan-qris.ipynb").is_file()

    graded = run("grade", str(course), "--jobs", "2")
    assert graded.returncode == 0, graded.stderr
    assert "sari" in graded.stdout and "6 / 8" in graded.stdout


def test_feedback_report_and_certificates_from_the_command_line(tmp_path, qris_project):
    course = tmp_path / "kelas"
    assert run("--root", str(qris_project), "course", "init", str(course)).returncode == 0
    submit(course, "sari", "m3-qris", CORRECT)
    assert run("grade", str(course)).returncode == 0
    feedback = run("feedback", str(course))
    assert feedback.returncode == 0 and (course / "feedback" / "sari" / "m3-qris.html").is_file()
    report = run("--root", str(qris_project), "report", str(course), "--out", str(tmp_path / "laporan"))
    assert report.returncode == 0 and (tmp_path / "laporan" / "report.html").is_file()
    wrong = run("--root", str(qris_project), "certificates", str(course), "--out", str(tmp_path / "sertifikat"), "--min-score", "70")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    certificates = run("--root", str(qris_project), "certificates", str(course), "--out", str(tmp_path / "sertifikat"), "--min-score", "0.5")
    assert certificates.returncode == 0, certificates.stderr
    assert list((tmp_path / "sertifikat").glob("*.pdf"))


def test_a_class_gets_its_own_course_id_for_the_hub_exchange(tmp_path, qris_project):
    """On a JupyterHub, learners see a class's exercises under its course id (their group's name)."""
    result = run("--root", str(qris_project), "course", "init", str(tmp_path / "kelas"), "--course-id", "bimtek-umkm-1")
    assert result.returncode == 0, result.stderr
    from literasi.grading.course import Course

    assert Course(tmp_path / "kelas").course_id == "bimtek-umkm-1"
    refused = run("--root", str(qris_project), "course", "init", str(tmp_path / "lain"), "--course-id", "kelas umkm/1")
    assert refused.returncode == 1 and "course id 'kelas umkm/1'" in refused.stderr


def test_a_class_gets_its_own_cell_timeout_and_a_bad_one_is_refused(tmp_path, qris_project):
    """``course init --cell-timeout`` writes the per-cell limit into the course's nbgrader config."""
    from literasi.grading.course import Course, CourseError, init_course
    from literasi.i18n import t

    result = run("--root", str(qris_project), "course", "init", str(tmp_path / "kelas"), "--cell-timeout", "3")
    assert result.returncode == 0, result.stderr
    assert Course(tmp_path / "kelas").config().Execute.timeout == 3
    for bad in ("0", "-5", "1.5", "lama"):
        refused = run("--root", str(qris_project), "course", "init", str(tmp_path / "lain"), "--cell-timeout", bad)
        assert refused.returncode == 2 and "--cell-timeout" in refused.stderr, bad
        assert all(t("cli.cell_timeout_invalid", lang) in refused.stderr for lang in ("id", "en")), bad
        assert "Traceback" not in refused.stderr
    assert not (tmp_path / "lain").exists()
    for bad in (0, -1, 2.5, True):
        with pytest.raises(CourseError, match="cell timeout"):
            init_course(tmp_path / "lain", root=qris_project, timeout=bad)


def test_the_help_shows_the_limits_the_grader_uses():
    """The defaults in the help come from the constants, so they cannot drift apart."""
    from literasi.grading.defaults import CELL_TIMEOUT_SECONDS, PASS_SHARE, WALL_CLOCK_SECONDS
    from literasi.i18n import t_both

    default = t_both("cli.default", separator="/")  # bawaan/default

    def help_of(*command):
        result = run(*command, "--help")
        assert result.returncode == 0, result.stderr
        return " ".join(result.stdout.split())  # argparse wraps lines where the terminal ends

    assert f"({default} {WALL_CLOCK_SECONDS})" in help_of("grade")
    assert f"({default} {PASS_SHARE})" in help_of("certificates")
    assert f"({default} {CELL_TIMEOUT_SECONDS})" in help_of("course", "init")
