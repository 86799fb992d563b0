"""The ``literasi`` command: each subcommand is a thin shell over a tested function."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from literasi.i18n import LANGS

HELP = {
    "main": "Literasi: kurikulum literasi digital untuk ASN dan UMKM / digital-literacy curriculum for ASN and UMKM.",
    "serve": "Buka situs publik untuk pelajar (Voila) / serve the public learner site.",
    "lab": "Buka JupyterLab untuk instruktur / open JupyterLab on the lessons for an instructor.",
    "check": "Periksa manifest, bank soal, pasangan id/en, dan notebook / check manifest, banks, id/en pairs, notebooks.",
    "course": "Kelola kelas nbgrader / manage an nbgrader course.",
    "course_init": "Buat kelas nbgrader dari exercises/source / create an nbgrader course from exercises/source.",
    "course_release": "Buat ulang versi peserta / regenerate the student versions (release/).",
    "course_roster": "Impor daftar peserta dari CSV (id, nama, kelompok) / import learners from a CSV (id, name, group).",
    "course_collect": "Ambil notebook yang dikembalikan peserta dari sebuah folder / import returned notebooks from a folder.",
    "feedback": "Buat halaman umpan balik HTML per peserta / one HTML feedback page per learner.",
    "report": "Laporan kelas: CSV dan HTML dengan grafik / class report: CSV and HTML with charts.",
    "certificates": "Sertifikat PDF bagi peserta yang lulus / PDF certificates for learners who passed.",
    "guide": "Panduan instruktur: jadwal bimtek 1 dan 2 hari per jalur / instructor guide: 1- and 2-day schedules per track.",
    "grade": "Nilai otomatis semua kiriman di DIR/submitted / autograde every submission in DIR/submitted.",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="literasi", description=HELP["main"])
    parser.add_argument("--root", type=Path, help="folder proyek (berisi curriculum.yml) / project folder")
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")

    serve = commands.add_parser("serve", help=HELP["serve"], description=HELP["serve"])
    serve.add_argument("--port", type=int, default=8866, help="port (bawaan/default 8866)")
    serve.add_argument("--ip", default="127.0.0.1", help="alamat / address (bawaan/default 127.0.0.1)")
    serve.add_argument("--lang", choices=LANGS, default="id", help="bahasa beranda / landing-page language")

    lab = commands.add_parser("lab", help=HELP["lab"], description=HELP["lab"])
    lab.add_argument("--port", type=int, default=8888)

    commands.add_parser("check", help=HELP["check"], description=HELP["check"])

    guide = commands.add_parser("guide", help=HELP["guide"], description=HELP["guide"])
    guide.add_argument("--lang", choices=LANGS, default="id")
    guide.add_argument("--out", type=Path, help="simpan ke berkas Markdown / write to a Markdown file")

    course = commands.add_parser("course", help=HELP["course"], description=HELP["course"])
    course_commands = course.add_subparsers(dest="course_command", required=True, metavar="PERINTAH")
    init = course_commands.add_parser("init", help=HELP["course_init"], description=HELP["course_init"])
    init.add_argument("dir", type=Path, help="folder kelas / course folder")
    roster = course_commands.add_parser("roster", help=HELP["course_roster"], description=HELP["course_roster"])
    roster.add_argument("dir", type=Path, help="folder kelas / course folder")
    roster.add_argument("--csv", type=Path, required=True, help="berkas CSV / CSV file")
    collect = course_commands.add_parser("collect", help=HELP["course_collect"], description=HELP["course_collect"])
    collect.add_argument("dir", type=Path, help="folder kelas / course folder")
    collect.add_argument("--from", dest="source", type=Path, required=True,
                         help="folder berisi notebook peserta / folder of learners' notebooks")
    collect.add_argument("--replace", action="store_true",
                         help="ganti kiriman lama (disimpan sebagai cadangan) / replace earlier submissions (kept as backup)")
    release = course_commands.add_parser("release", help=HELP["course_release"], description=HELP["course_release"])
    release.add_argument("dir", type=Path, help="folder kelas / course folder")
    release.add_argument("exercise", nargs="?", help="id latihan, mis. / exercise id, e.g. m3-qris (bawaan: semua / default: all)")

    grade = commands.add_parser("grade", help=HELP["grade"], description=HELP["grade"])
    grade.add_argument("dir", type=Path, help="folder kelas / course folder")
    grade.add_argument("--jobs", type=int, default=None,
                       help="berapa kiriman dinilai bersamaan / submissions graded at once (bawaan/default: jumlah inti CPU)")
    grade.add_argument("--wall-clock", type=float, default=None,
                       help="batas detik per notebook / seconds allowed per notebook (bawaan/default 90)")

    feedback = commands.add_parser("feedback", help=HELP["feedback"], description=HELP["feedback"])
    feedback.add_argument("dir", type=Path, help="folder kelas / course folder")
    report = commands.add_parser("report", help=HELP["report"], description=HELP["report"])
    report.add_argument("dir", type=Path, help="folder kelas / course folder")
    report.add_argument("--out", type=Path, required=True, help="folder hasil / output folder")
    certificates = commands.add_parser("certificates", help=HELP["certificates"], description=HELP["certificates"])
    certificates.add_argument("dir", type=Path, help="folder kelas / course folder")
    certificates.add_argument("--out", type=Path, required=True, help="folder hasil / output folder")
    certificates.add_argument("--min-score", type=float, default=0.7,
                              help="nilai minimal 0–1 / minimum share of points 0–1 (bawaan/default 0.7)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from literasi.paths import ContentNotFound, project_root

    try:
        root = project_root(args.root) if args.root else project_root()
    except ContentNotFound as error:
        print(f"literasi: {error}", file=sys.stderr)
        return 2
    handler = {"serve": _serve, "lab": _lab, "check": _check, "guide": _guide, "course": _course, "grade": _grade,
               "feedback": _outputs, "report": _outputs, "certificates": _outputs}[args.command]
    return handler(args, root)


def _serve(args, root: Path) -> int:
    from literasi.site.app import serve

    print(f"Literasi: http://{args.ip}:{args.port}/  (Ctrl-C untuk berhenti / to stop)", flush=True)
    serve(port=args.port, lang=args.lang, ip=args.ip, root=root)
    return 0


def _lab(args, root: Path) -> int:
    env = {**os.environ, "LITERASI_ROOT": str(root)}
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={root / 'lessons'}", f"--port={args.port}"]
    return subprocess.call(command, env=env)


def _check(args, root: Path) -> int:
    from literasi.check import check_project

    problems = check_project(root)
    if not problems:
        print("✔ Semua pemeriksaan lulus / all checks passed.")
        return 0
    print(f"✘ {len(problems)} masalah / problem(s):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _guide(args, root: Path) -> int:
    from literasi.curriculum import load_curriculum
    from literasi.guide import render_guide

    text = render_guide(load_curriculum(root / "curriculum.yml"), args.lang)
    if args.out:
        args.out.write_text(text, "utf-8")
        print(f"✔ {args.out}")
    else:
        print(text)
    return 0


def _course(args, root: Path) -> int:
    from literasi.grading import CourseError, init_course, release_course

    try:
        if args.course_command == "release":
            for folder in release_course(args.dir, args.exercise):
                print(f"✔ {folder.name}: {folder}")
            return 0
        if args.course_command == "roster":
            from literasi.grading.roster import import_roster

            result = import_roster(args.dir, args.csv)
            print(result.summary())
            return 1 if result.errors else 0
        if args.course_command == "collect":
            from literasi.grading.collect import collect_folder

            print(collect_folder(args.dir, args.source, replace=args.replace).summary())
            return 0
        course = init_course(args.dir, root=root)
    except CourseError as error:
        print(f"literasi: {error}", file=sys.stderr)
        return 1
    print(f"✔ Kelas dibuat di / course created in {course.root}")
    for name in course.assignments():
        print(f"  - {name}: {course.release / name}")
    print(f"Kiriman peserta diletakkan di / put submissions in {course.submitted}/<peserta>/<latihan>/")
    return 0


def _grade(args, root: Path) -> int:
    from literasi.grading import CourseError, grade_course
    from literasi.grading.report import print_grades

    try:
        options = {"wall_clock": args.wall_clock} if args.wall_clock else {}
        grades = grade_course(args.dir, jobs=args.jobs, progress=sys.stderr.isatty(), **options)
    except CourseError as error:
        print(f"literasi: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nDihentikan. Nilai yang sudah tersimpan tetap utuh; jalankan lagi untuk menilai semuanya.\n"
              "Stopped. Grades already saved are intact; run again to grade everything.", file=sys.stderr)
        return 130
    print_grades(grades)
    return 0


def _outputs(args, root: Path) -> int:
    from literasi.grading import CourseError

    try:
        if args.command == "feedback":
            from literasi.grading.feedback import generate_feedback

            files = generate_feedback(args.dir)
        elif args.command == "report":
            from literasi.grading.class_report import build_report

            report = build_report(args.dir, args.out, root=root)
            files = [report.csv, report.html]
        else:
            from literasi.grading.certificates import make_certificates

            files = make_certificates(args.dir, args.out, min_score=args.min_score, root=root)
    except (CourseError, ValueError) as error:
        print(f"literasi: {error}", file=sys.stderr)
        return 1
    for path in files:
        print(f"✔ {path}")
    if not files:
        print("Tidak ada berkas yang dibuat / no files were made.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
