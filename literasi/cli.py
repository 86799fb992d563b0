"""The ``literasi`` command: each subcommand is a thin shell over a tested function."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from literasi.i18n import LANGS
from literasi.site.settings import PRESENT_PORT, SITE_PORT
from literasi.site.urls import LOCAL_SITE_URL

HELP = {
    "main": "Literasi: kurikulum literasi digital untuk ASN dan UMKM / digital-literacy curriculum for ASN and UMKM.",
    "serve": "Buka situs publik untuk pelajar (Voila) / serve the public learner site.",
    "serve_room": "Mode ruang kelas: buka untuk ponsel peserta di Wi-Fi/hotspot yang sama, tampilkan alamat dan QR; "
                  "--ip = alamat yang diumumkan / room mode: open to learners' phones on the same Wi-Fi or hotspot, "
                  "print the address and a QR code; --ip = the address to announce.",
    "present": "Tayangkan satu pelajaran di proyektor, dengan catatan instruktur (hanya di laptop ini) / "
               "present one lesson on the projector, with instructor notes (this laptop only).",
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
    "handout": "Lembar belajar PDF satu pelajaran untuk peserta tanpa ponsel (kuis tanpa kunci jawaban) / "
               "printable PDF handout of one lesson for learners without a phone (quiz without answers).",
    "dayplan": "Rencana hari bimtek PDF, satu halaman per jalur, dengan QR pelajaran dan latihan yang dibagikan / "
               "printable day plan, one page per track, with lesson QR codes and the exercises to hand out.",
    "facts": "Registri fakta (facts/*.yml) / the facts registry (facts/*.yml).",
    "facts_sync": "Tulis ulang daftar Sumber setiap pelajaran dari registri fakta / rewrite every lesson's source list "
                  "from the facts registry.",
    "grade": "Nilai otomatis semua kiriman di DIR/submitted / autograde every submission in DIR/submitted.",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="literasi", description=HELP["main"])
    parser.add_argument("--root", type=Path, help="folder proyek (berisi curriculum.yml) / project folder")
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")

    serve = commands.add_parser("serve", help=HELP["serve"], description=HELP["serve"])
    _add_site_options(serve)
    serve.add_argument("--room", action="store_true", help=HELP["serve_room"])

    present = commands.add_parser("present", help=HELP["present"], description=HELP["present"])
    present.add_argument("lesson", metavar="LESSON_ID", help="id pelajaran, mis. / lesson id, e.g. qris-untuk-usaha-mikro")
    present.add_argument("--lang", choices=LANGS, default="id", help="bahasa / language (bawaan/default id)")
    present.add_argument("--port", type=int, default=PRESENT_PORT, help=f"port (bawaan/default {PRESENT_PORT})")
    present.add_argument("--room-url", help="alamat situs ruang untuk QR / room site URL for the QR code "
                                            f"(bawaan/default: http://<alamat LAN/LAN address>:{SITE_PORT}/)")
    present.add_argument("--no-browser", action="store_true", help="jangan buka peramban / do not open a browser")

    lab = commands.add_parser("lab", help=HELP["lab"], description=HELP["lab"])
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--lang", choices=LANGS, default="id", help="bahasa JupyterLab / JupyterLab's language (bawaan/default id)")
    lab.add_argument("--no-browser", action="store_true", help="jangan buka peramban / do not open a browser")
    lab.add_argument("--settings-dir", type=Path, help="folder pengaturan JupyterLab milik Literasi / Literasi's own "
                                                       "JupyterLab settings folder (bawaan/default ~/.local/share/literasi/lab)")

    check = commands.add_parser("check", help=HELP["check"], description=HELP["check"])
    check.add_argument("--balance", action="store_true",
                       help="juga periksa sebaran kunci jawaban bank soal (posisi jawaban, benar/salah) / also check "
                            "where the quiz banks' answer keys sit (answer positions, true/false share)")

    check.add_argument("--review-months", type=int, default=None, metavar="N",
                       help="daftar fakta yang terakhir diperiksa lebih dari N bulan lalu (bawaan 12) / list facts last "
                            "checked more than N months ago (default 12)")

    facts = commands.add_parser("facts", help=HELP["facts"], description=HELP["facts"])
    facts_commands = facts.add_subparsers(dest="facts_command", required=True, metavar="PERINTAH")
    facts_commands.add_parser("sync", help=HELP["facts_sync"], description=HELP["facts_sync"])

    guide = commands.add_parser("guide", help=HELP["guide"], description=HELP["guide"])
    guide.add_argument("--lang", choices=LANGS, default="id")
    guide.add_argument("--out", type=Path, help="simpan ke berkas Markdown / write to a Markdown file")

    site_url = f"alamat situs untuk kode QR / site address for the QR codes (bawaan/default {LOCAL_SITE_URL})"
    handout = commands.add_parser("handout", help=HELP["handout"], description=HELP["handout"])
    handout.add_argument("lesson", metavar="LESSON_ID", help="id pelajaran, mis. / lesson id, e.g. qris-untuk-usaha-mikro")
    handout.add_argument("--lang", choices=LANGS, default="id")
    handout.add_argument("--out", type=Path, help="berkas PDF / PDF file (bawaan/default lembar-<id>-<lang>.pdf)")
    handout.add_argument("--url", default=LOCAL_SITE_URL, help=site_url)
    dayplan = commands.add_parser("dayplan", help=HELP["dayplan"], description=HELP["dayplan"])
    dayplan.add_argument("--out", type=Path, required=True, help="berkas PDF / PDF file")
    dayplan.add_argument("--lang", choices=LANGS, default="id")
    dayplan.add_argument("--url", default=LOCAL_SITE_URL, help=site_url)

    course = commands.add_parser("course", help=HELP["course"], description=HELP["course"])
    course_commands = course.add_subparsers(dest="course_command", required=True, metavar="PERINTAH")
    init = course_commands.add_parser("init", help=HELP["course_init"], description=HELP["course_init"])
    init.add_argument("dir", type=Path, help="folder kelas / course folder")
    init.add_argument("--course-id", help="nama kelas di nbgrader/JupyterHub / class name for nbgrader and JupyterHub "
                                          "(bawaan/default $LITERASI_COURSE_ID atau/or literasi)")
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
    handler = {"serve": _serve, "present": _present, "lab": _lab, "check": _check, "facts": _facts, "guide": _guide,
               "handout": _handout, "dayplan": _dayplan,
               "course": _course, "grade": _grade,
               "feedback": _outputs, "report": _outputs, "certificates": _outputs}[args.command]
    return handler(args, root)


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    """One flag per site setting (``--max-kernels``), defaulting to its ``LITERASI_*`` variable, then the default."""
    from dataclasses import fields

    from literasi.site.settings import SiteSettings, env_name

    for item in fields(SiteSettings):
        extra = {"choices": LANGS} if item.name == "lang" else {}
        parser.add_argument(f"--{item.name.replace('_', '-')}", type=type(item.default), default=None, **extra,
                            help=f"{item.metadata['help']} (${env_name(item.name)}; bawaan/default {item.default})")


def _serve(args, root: Path) -> int:
    from dataclasses import fields

    from literasi.site.app import serve
    from literasi.site.settings import SiteSettings

    try:
        options = {item.name: getattr(args, item.name) for item in fields(SiteSettings)}
        if args.room:
            from literasi.site.room import serve_room

            return serve_room(root, **options)
        serve(root=root, **options)
    except ValueError as error:
        print(f"literasi serve: {error}", file=sys.stderr)
        return 2
    return 0


def _present(args, root: Path) -> int:
    from literasi.site.present import present

    return present(args.lesson, lang=args.lang, port=args.port, room_url=args.room_url, root=root,
                   open_browser=not args.no_browser)


def _lab(args, root: Path) -> int:
    env = {**os.environ, "LITERASI_ROOT": str(root)}
    from literasi.lab import lab_command

    command = lab_command(root, args.port, args.lang, args.settings_dir, open_browser=not args.no_browser)
    return subprocess.call(command, env=env)


def _print_facts_due(root: Path, months: int | None) -> None:
    """The warning list of facts due for review (not a failure)."""
    from literasi.fact_checks import due_for_review
    from literasi.facts import DEFAULT_REVIEW_MONTHS

    months = DEFAULT_REVIEW_MONTHS if months is None else months
    due = due_for_review(root, months=months)
    if due:
        print(f"⚠ {len(due)} fakta perlu diperiksa ulang (terakhir diperiksa lebih dari {months} bulan lalu) / "
              f"fact(s) due for review (last checked more than {months} months ago):")
        for fact in due:
            print(f"  - {fact.id} ({fact.topic['en']}): last checked {fact.checked.isoformat()}")


def _facts(args, root: Path) -> int:
    from literasi.curriculum import ManifestError, load_curriculum
    from literasi.fact_checks import sync_sources
    from literasi.facts import FactsError
    from literasi.paths import MANIFEST_NAME

    try:
        changed = sync_sources(root, load_curriculum(root / MANIFEST_NAME))
    except (ManifestError, FactsError) as error:
        print(f"literasi facts: {error}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"  {path.relative_to(root)}")
    print(f"✔ {len(changed)} notebook diperbarui / notebook(s) updated.")
    return 0


def _check(args, root: Path) -> int:
    from literasi.check import check_project

    if args.balance:
        from literasi.bank_balance import balance_report

        print("Sebaran kunci jawaban / where the answer keys sit:")
        for line in balance_report(root):
            print(f"  {line}")
    problems = check_project(root)
    _print_facts_due(root, args.review_months)
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


def _handout(args, root: Path) -> int:
    from literasi.print.handout import HandoutError, write_handout

    try:
        path = write_handout(root, args.lesson, args.lang, args.out, args.url)
    except HandoutError as error:
        print(f"literasi: {error}", file=sys.stderr)
        return 2
    print(f"✔ {path}")
    return 0


def _dayplan(args, root: Path) -> int:
    from literasi.print.dayplan import write_dayplan

    print(f"✔ {write_dayplan(root, args.out, args.lang, args.url)}")
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
        course = init_course(args.dir, root=root, course_id=args.course_id)
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
    from literasi.grading.grade_summary import print_grades

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
            from literasi.grading.report import build_report

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
    if not files and args.command == "certificates":
        from literasi.grading.certificates import nobody_passed_note

        print(nobody_passed_note(args.dir, min_score=args.min_score, root=root))
    elif not files:
        print("Tidak ada berkas yang dibuat / no files were made.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
