"""The ``literasi`` command: each subcommand is a thin shell over a tested function."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from literasi.i18n import LANGS, t_both
from literasi.site.settings import PRESENT_PORT, SITE_PORT
from literasi.site.urls import LOCAL_SITE_URL


def _describe(name: str) -> str:
    """A command's description, "Indonesian / English." (string ``cli.<name>``)."""
    return _escape(t_both(f"cli.{name}")) + "."


def _escape(text: str) -> str:
    """argparse formats help with ``%``: a literal one in a string of the table is doubled."""
    return text.replace("%", "%%")


def _help(key: str, default: object = None, env: str = "", **params: object) -> str:
    """An option's help from the string table, in both languages, then its default: ``(bawaan/default 90)``,
    or ``($LITERASI_PORT; bawaan/default 8866)`` with the environment variable that sets it.
    ``default="%(default)s"`` shows the argparse default, so the help cannot drift from it."""
    text = _escape(t_both(key, **params))
    if default is None:
        return text
    return f"{text} ({f'${env}; ' if env else ''}{t_both('cli.default', separator='/')} {default})"


def _command(commands, name: str, command: str | None = None) -> argparse.ArgumentParser:
    return commands.add_parser(command or name, help=_describe(name), description=_describe(name))


def _positive(message_key: str):
    """An argparse type: a whole number, at least 1; otherwise the sentence ``message_key`` (argparse prints it and
    the usage)."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            raise argparse.ArgumentTypeError(f"{value!r}: {t_both(message_key)}")
        return number
    return parse


_positive_int = _positive("cli.cell_timeout_invalid")  # --cell-timeout: seconds
_positive_days = _positive("kemajuan.retention_invalid")  # kelas retention: days


def _parser() -> argparse.ArgumentParser:
    from literasi.facts import DEFAULT_REVIEW_MONTHS
    from literasi.grading.defaults import CELL_TIMEOUT_SECONDS, COURSE_ID, COURSE_ID_ENV, PASS_SHARE, WALL_CLOCK_SECONDS
    from literasi.paths import MANIFEST_NAME

    by_default = "%(default)s"
    lesson_example, exercise_example = "qris-untuk-usaha-mikro", "m3-qris"
    parser = argparse.ArgumentParser(prog="literasi", description=_describe("main"))
    parser.add_argument("--root", type=Path, help=_help("cli.root", manifest=MANIFEST_NAME))
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")

    serve = _command(commands, "serve")
    _add_site_options(serve)
    serve.add_argument("--room", action="store_true", help=_describe("serve_room"))
    serve.add_argument("--course", type=Path, help=_help("cli.kelas_course"))

    present = _command(commands, "present")
    present.add_argument("lesson", metavar="LESSON_ID", help=_help("cli.lesson_id", example=lesson_example))
    present.add_argument("--lang", choices=LANGS, default="id", help=_help("cli.lang", by_default))
    present.add_argument("--port", type=int, default=PRESENT_PORT, help=_help("cli.port", by_default))
    lan_address = t_both("cli.lan_address", separator="/")
    present.add_argument("--room-url", help=_help("cli.present_room_url", f"http://<{lan_address}>:{SITE_PORT}/"))
    present.add_argument("--no-browser", action="store_true", help=_help("cli.no_browser"))

    lab = _command(commands, "lab")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--lang", choices=LANGS, default="id", help=_help("cli.lab_lang", by_default))
    lab.add_argument("--no-browser", action="store_true", help=_help("cli.no_browser"))
    lab.add_argument("--settings-dir", type=Path, help=_help("cli.lab_settings_dir", "~/.local/share/literasi/lab"))

    check = _command(commands, "check")
    check.add_argument("--balance", action="store_true", help=_help("cli.check_balance"))

    check.add_argument("--review-months", type=int, default=None, metavar="N",
                       help=_help("cli.check_review_months", DEFAULT_REVIEW_MONTHS))

    facts = _command(commands, "facts")
    facts_commands = facts.add_subparsers(dest="facts_command", required=True, metavar="PERINTAH")
    _command(facts_commands, "facts_sync", "sync")

    guide = _command(commands, "guide")
    guide.add_argument("--lang", choices=LANGS, default="id")
    guide.add_argument("--out", type=Path, help=_help("cli.guide_out"))

    handout = _command(commands, "handout")
    handout.add_argument("lesson", metavar="LESSON_ID", help=_help("cli.lesson_id", example=lesson_example))
    handout.add_argument("--lang", choices=LANGS, default="id")
    handout.add_argument("--out", type=Path, help=_help("cli.pdf_file", "lembar-<id>-<lang>.pdf"))
    handout.add_argument("--url", default=LOCAL_SITE_URL, help=_help("cli.site_url", by_default))
    dayplan = _command(commands, "dayplan")
    dayplan.add_argument("--out", type=Path, required=True, help=_help("cli.pdf_file"))
    dayplan.add_argument("--lang", choices=LANGS, default="id")
    dayplan.add_argument("--url", default=LOCAL_SITE_URL, help=_help("cli.site_url", by_default))

    course = _command(commands, "course")
    course_commands = course.add_subparsers(dest="course_command", required=True, metavar="PERINTAH")
    init = _command(course_commands, "course_init", "init")
    init.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    init.add_argument("--course-id", help=_help(
        "cli.course_id", f"${COURSE_ID_ENV} {t_both('cli.or', separator='/')} {COURSE_ID}"))
    init.add_argument("--cell-timeout", type=_positive_int, default=CELL_TIMEOUT_SECONDS, metavar="SECONDS",
                      help=_help("cli.cell_timeout", by_default))
    roster = _command(course_commands, "course_roster", "roster")
    roster.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    roster.add_argument("--csv", type=Path, required=True, help=_help("cli.csv_file"))
    collect = _command(course_commands, "course_collect", "collect")
    collect.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    collect.add_argument("--from", dest="source", type=Path, required=True, help=_help("cli.collect_from"))
    collect.add_argument("--replace", action="store_true", help=_help("cli.collect_replace"))
    release = _command(course_commands, "course_release", "release")
    release.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    release.add_argument("exercise", nargs="?",
                         help=_help("cli.exercise_id", t_both("cli.all"), example=exercise_example))

    grade = _command(commands, "grade")
    grade.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    grade.add_argument("--jobs", type=int, default=None, help=_help("cli.grade_jobs", t_both("cli.cpu_count")))
    grade.add_argument("--wall-clock", type=float, default=None,
                       help=_help("cli.grade_wall_clock", WALL_CLOCK_SECONDS))

    feedback = _command(commands, "feedback")
    feedback.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    report = _command(commands, "report")
    report.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    report.add_argument("--out", type=Path, required=True, help=_help("cli.out_folder"))
    certificates = _command(commands, "certificates")
    certificates.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    certificates.add_argument("--out", type=Path, required=True, help=_help("cli.out_folder"))
    certificates.add_argument("--min-score", type=float, default=PASS_SHARE,
                              help=_help("cli.min_score", by_default))
    _add_kelas_commands(commands)
    return parser


def _add_kelas_commands(commands) -> argparse._SubParsersAction:
    """``literasi kelas …`` (issue 15): the class data's privacy commands; the class server (``kelas start``) is
    added to the same group, below. Each subcommand is handled by ``KELAS_HANDLERS[<name>]``."""
    def describe(key: str) -> str:
        return _escape(t_both(key)) + "."

    kelas = _command(commands, "kelas")
    kelas_commands = kelas.add_subparsers(dest="kelas_command", required=True, metavar="PERINTAH")

    def command(name: str) -> argparse.ArgumentParser:
        parser = kelas_commands.add_parser(name, help=describe(f"kemajuan.cli.{name}"),
                                           description=describe(f"kemajuan.cli.{name}"))
        parser.add_argument("dir", type=Path, metavar="COURSE", help=_help("cli.course_dir"))
        return parser

    start = _command(kelas_commands, "kelas_start", "start")
    start.add_argument("dir", type=Path, help=_help("cli.course_dir"))
    start.add_argument("--code", help=_help("cli.kelas_code"))
    start.add_argument("--exercise", action="append", metavar="EXERCISE", help=_help("cli.kelas_exercise"))
    start.add_argument("--no-walk-ins", dest="walk_ins", action="store_false", help=_help("cli.kelas_no_walk_ins"))
    _add_site_options(start)
    export = command("export")
    export.add_argument("--out", type=Path, help=_help("kemajuan.cli.out"))
    forget = command("forget")
    forget.add_argument("learner", metavar="LEARNER", help=_help("kemajuan.cli.learner"))
    forget.add_argument("--yes", action="store_true", help=_help("kemajuan.cli.yes"))
    retention = command("retention")
    retention.add_argument("days", nargs="?", type=_positive_days, metavar="DAYS", help=_help("kemajuan.cli.days"))
    return kelas_commands


def _serve_kelas(args, root: Path, course: Path, **kelas) -> int:
    from dataclasses import fields

    from literasi.grading import CourseError
    from literasi.site.room import serve_room
    from literasi.site.settings import SiteSettings

    options = {item.name: getattr(args, item.name) for item in fields(SiteSettings)}
    from literasi.kelas.store import StoreRefused

    try:
        return serve_room(root, kelas={"course_root": course, **kelas}, **options)
    except StoreRefused as error:  # a class code that is not one
        print(f"literasi kelas: {t_both(error.key, **error.params)}", file=sys.stderr)
        return 2
    except (ValueError, CourseError) as error:
        print(f"literasi kelas: {error}", file=sys.stderr)
        return 2


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
               "feedback": _outputs, "report": _outputs, "certificates": _outputs, "kelas": _kelas}[args.command]
    return handler(args, root)


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    """One flag per site setting (``--max-kernels``), defaulting to its ``LITERASI_*`` variable, then the default;
    its help is the string ``cli.setting.<name>``."""
    from dataclasses import fields

    from literasi.site.settings import SiteSettings, env_name

    for item in fields(SiteSettings):
        extra = {"choices": LANGS} if item.name == "lang" else {}
        if isinstance(item.default, bool):  # --zygote / --no-zygote
            extra = {"action": argparse.BooleanOptionalAction}
        else:
            extra["type"] = type(item.default)
        parser.add_argument(f"--{item.name.replace('_', '-')}", default=None, **extra,
                            help=_help(f"cli.setting.{item.name}", f"{item.default}", env=env_name(item.name)))


def _serve(args, root: Path) -> int:
    from dataclasses import fields

    from literasi.site.app import serve
    from literasi.site.settings import SiteSettings

    try:
        options = {item.name: getattr(args, item.name) for item in fields(SiteSettings)}
        if args.course is not None:
            if not args.room:
                print(f"literasi serve: {t_both('cli.kelas_needs_room')}", file=sys.stderr)
                return 2
            return _serve_kelas(args, root, args.course)
        if args.room:
            from literasi.site.room import serve_room

            return serve_room(root, **options)
        serve(root=root, **options)
    except ValueError as error:
        print(f"literasi serve: {error}", file=sys.stderr)
        return 2
    return 0


def _current_lesson_id(root: Path, lesson_id: str) -> str:
    """The lesson a command given ``lesson_id`` works on: when the id is one a merged or renamed lesson replaced
    (``replaces`` in the manifest), the new lesson's id, said on stderr; otherwise the id itself (an unknown id is
    the command's to report)."""
    from literasi.curriculum import load_curriculum

    replaced = load_curriculum(root=root).replaced()
    if lesson_id not in replaced:
        return lesson_id
    current = replaced[lesson_id].id
    print(f"literasi: {t_both('cli.lesson_replaced', old=lesson_id, lesson=current)}", file=sys.stderr, flush=True)
    return current


def _present(args, root: Path) -> int:
    from literasi.site.present import present

    return present(_current_lesson_id(root, args.lesson), lang=args.lang, port=args.port, room_url=args.room_url, root=root,
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
        print(f"⚠ {t_both('cli.facts_due', count=len(due), months=months)}:")
        for fact in due:
            print(f"  - {fact.id} ({fact.topic['en']}): last checked {fact.checked.isoformat()}")


def _facts(args, root: Path) -> int:
    from literasi.curriculum import ManifestError, load_curriculum
    from literasi.fact_checks import sync_sources
    from literasi.facts import FactsError

    try:
        changed = sync_sources(root, load_curriculum(root=root))
    except (ManifestError, FactsError) as error:
        print(f"literasi facts: {error}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"  {path.relative_to(root)}")
    print(f"✔ {t_both('cli.notebooks_updated', count=len(changed))}.")
    return 0


def _check(args, root: Path) -> int:
    from literasi.check import check_project

    if args.balance:
        from literasi.bank_balance import balance_report

        print(f"{t_both('cli.answer_keys_heading')}:")
        for line in balance_report(root):
            print(f"  {line}")
    problems = check_project(root)
    _print_facts_due(root, args.review_months)
    if not problems:
        print(f"✔ {t_both('cli.all_checks_passed')}.")
        return 0
    print(f"✘ {t_both('cli.problems', count=len(problems))}:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _guide(args, root: Path) -> int:
    from literasi.curriculum import load_curriculum
    from literasi.guide import render_guide

    text = render_guide(load_curriculum(root=root), args.lang)
    if args.out:
        args.out.write_text(text, "utf-8")
        print(f"✔ {args.out}")
    else:
        print(text)
    return 0


def _handout(args, root: Path) -> int:
    from literasi.print.handout import HandoutError, write_handout

    try:
        path = write_handout(root, _current_lesson_id(root, args.lesson), args.lang, args.out, args.url)
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
        course = init_course(args.dir, root=root, course_id=args.course_id, timeout=args.cell_timeout)
    except CourseError as error:
        print(f"literasi: {error}", file=sys.stderr)
        return 1
    print(f"✔ {t_both('cli.course_created')} {course.root}")
    for name in course.assignments():
        print(f"  - {name}: {course.release / name}")
    print(f"{t_both('cli.submissions_go_in')} {course.submitted}/<peserta>/<latihan>/")
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
        print("\n" + t_both("cli.grade_stopped", separator="\n"), file=sys.stderr)
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
        print(f"{t_both('cli.no_files')}.")
    return 0


def _kelas(args, root: Path) -> int:
    return KELAS_HANDLERS[args.kelas_command](args, root)


def _kelas_export(args, root: Path) -> int:
    from literasi.kelas.class_data import NoClassData, export_class_data

    try:
        files = export_class_data(args.dir, args.out)
    except NoClassData as error:
        print(f"literasi: {error.message('id')} / {error.message('en')}", file=sys.stderr)
        return 1
    print(t_both("kemajuan.exported", path=files[0].parent))
    for path in files:
        print(f"✔ {path}")
    return 0


def _folder_missing(folder: Path) -> bool:
    """Say so when the course folder of a ``kelas`` command is not there."""
    if folder.is_dir():
        return False
    print(f"literasi: {t_both('kelas.folder_missing', path=folder)}", file=sys.stderr)
    return True


def _kelas_forget(args, root: Path) -> int:
    from literasi.kelas.class_data import describe_removed, find_learners, forget

    if _folder_missing(args.dir):
        return 1
    learners = find_learners(args.dir, args.learner)
    if not learners:
        print(f"literasi: {t_both('kemajuan.no_learner', learner=args.learner)}", file=sys.stderr)
        return 1
    if len(learners) > 1:
        candidates = ", ".join(f"{learner.name} ({learner.student_id})" for learner in learners)
        print(f"literasi: {t_both('kemajuan.ambiguous', learner=args.learner, candidates=candidates)}",
              file=sys.stderr)
        return 1
    learner = learners[0]
    if not args.yes:
        try:
            answer = input(t_both("kemajuan.forget_confirm", separator="\n", name=learner.name,
                                  student_id=learner.student_id))
        except EOFError:
            answer = ""
        if answer.strip().casefold() not in ("ya", "y", "yes"):
            print(t_both("kemajuan.forget_cancelled"))
            return 1
    removed = forget(args.dir, learner)
    if not removed:
        print(t_both("kemajuan.forget_nothing", learner=args.learner))
        return 0
    print(t_both("kemajuan.forget_done", name=learner.name, student_id=learner.student_id))
    for indonesian, english in zip(describe_removed(removed, "id"), describe_removed(removed, "en"), strict=True):
        print(f"  - {indonesian} / {english}")
    return 0


def _kelas_retention(args, root: Path) -> int:
    from literasi.kelas.class_data import set_retention

    if _folder_missing(args.dir):
        return 1
    days = set_retention(args.dir, args.days)
    print(t_both("kemajuan.retention_set" if args.days else "kemajuan.retention_now", days=days))
    return 0


# ``literasi kelas <command>`` → its handler; ``start`` (the class server) is added here.
def _kelas_start(args, root: Path) -> int:
    return _serve_kelas(args, root, args.dir, code=args.code, exercises=args.exercise, walk_ins=args.walk_ins)


KELAS_HANDLERS = {"start": _kelas_start, "export": _kelas_export, "forget": _kelas_forget, "retention": _kelas_retention}


if __name__ == "__main__":
    sys.exit(main())
