"""What `literasi report` writes after grading: completion and scores per learner, per module and per question.

``collect_results`` reads the gradebook once into plain records (the model the report and the
certificates share); ``build_report`` writes ``report.csv`` (one row per learner × exercise, UTF-8 with
a byte-order mark so Excel opens it) and ``report.html`` (printable, self-contained, Indonesian with
English subtitles, matplotlib charts embedded as PNG data URIs).

Counting rules, in one place:

- An *exercise* is a manifest exercise that has at least one language variant in the course
  (``m3-qris`` and ``m3-qris-en`` are the same exercise). Gradebook assignments the manifest does not
  list are ignored.
- A learner *completed* an exercise when the gradebook holds a submission of one of its variants
  (``literasi grade`` records every notebook it could run). When a learner sent both variants, the one
  with the higher score counts (ties: Indonesian first). Learners are the gradebook's students; a
  student with no submission for an exercise has not completed it.
- Scores are nbgrader's: points awaiting manual grading count as 0 until the trainer grades them.
- A learner *passed* the course when they completed every exercise and their total score is at least
  ``min_score`` (a share, 0.7 = 70%) of the total maximum of those exercises.
- Lesson quizzes (issue 15) come from the course's class store (``kelas.db``, Kelas on phones) when it has one:
  per learner, how many quizzes of the class plan they did and their quiz average
  (:mod:`literasi.kelas.quiz_completion`); they are shown next to the exercise scores and never count towards
  passing. A course without a class store gets the report it always had.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.dates import format_date
from babel.numbers import format_percent
from nbgrader.api import Gradebook

from literasi.curriculum import Curriculum, Exercise, Module, assignment_lang, load_curriculum
from literasi.i18n import DEFAULT_LANG, LANGS, t
from literasi.paths import project_root
from literasi.print.palette import ACCENT, PALETTE, with_palette

from .course import Course
from .defaults import PASS_SHARE

HARDEST_SHOWN = 10
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def learner_name(student) -> str:
    """An nbgrader ``Student``'s display name: first and last name when the trainer set them, else the id."""
    name = " ".join(part.strip() for part in (student.first_name, student.last_name) if part and part.strip())
    return name or student.id


def first_heading(markdown: str) -> str | None:
    match = _HEADING.search(markdown or "")
    return match.group(1).strip() if match else None


@dataclass(frozen=True)
class ExerciseResult:
    """One learner's result for one exercise (the better of their language variants)."""

    student: str
    exercise: Exercise
    module: Module
    assignment: str | None  # the graded assignment that counts, None when nothing was submitted
    score: float
    max_score: float
    pending_points: float  # points of answers still awaiting manual grading (scored 0 meanwhile)

    @property
    def submitted(self) -> bool:
        return self.assignment is not None

    @property
    def lang(self) -> str | None:
        return assignment_lang(self.assignment) if self.assignment else None

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True)
class LearnerSummary:
    id: str
    name: str
    lang: str  # the language most of their counted submissions are in (Indonesian on a tie or none)
    exercises_done: int
    exercises_total: int
    score: float
    max_score: float
    pending_points: float

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    def passed(self, min_score: float = PASS_SHARE) -> bool:
        """The completion rule: every exercise completed and score / maximum ≥ ``min_score``."""
        return (self.exercises_total > 0 and self.exercises_done == self.exercises_total
                and self.share >= min_score - 1e-9)


@dataclass(frozen=True)
class QuestionSummary:
    """One grade cell across the class; both language variants of an exercise pool together."""

    exercise: Exercise
    grade_id: str
    titles: dict[str, str]  # lang -> question heading
    max_score: float
    graded: int  # counted submissions where this cell has a final grade
    pending: int  # counted submissions where it still awaits manual grading (left out of the average)
    average_share: float | None  # mean of score / max_score over the graded ones

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get(DEFAULT_LANG) or self.grade_id


@dataclass(frozen=True)
class ClassResults:
    curriculum: Curriculum
    course: Course
    exercises: tuple[tuple[Module, Exercise], ...]
    learners: tuple[LearnerSummary, ...]
    results: tuple[ExerciseResult, ...]
    questions: tuple[QuestionSummary, ...]
    # student id -> lesson-quiz completion (literasi.kelas.quiz_completion), None when the course has no class store
    quizzes: dict | None = None

    def result(self, student: str, exercise_id: str) -> ExerciseResult:
        return next(r for r in self.results if r.student == student and r.exercise.id == exercise_id)

    def learner(self, student: str) -> LearnerSummary:
        return next(learner for learner in self.learners if learner.id == student)

    def modules(self) -> list[tuple[Module, list[Exercise]]]:
        grouped: dict[str, tuple[Module, list[Exercise]]] = {}
        for module, exercise in self.exercises:
            grouped.setdefault(module.id, (module, []))[1].append(exercise)
        return list(grouped.values())

    def hardest(self, count: int = HARDEST_SHOWN) -> list[QuestionSummary]:
        """Questions with the lowest average share of points first (questions nobody was graded on left out)."""
        rated = [q for q in self.questions if q.average_share is not None]
        return sorted(rated, key=lambda q: (q.average_share, q.exercise.id, q.grade_id))[:count]


def _question_titles(course: Course, assignment: str) -> dict[str, str]:
    """grade id -> the heading of the question it belongs to, from the course's source notebook
    (only markdown headings are read; the source's solutions and tests are never copied out)."""
    titles: dict[str, str] = {}
    for path in sorted((course.source / assignment).glob("*.ipynb")):
        heading = None
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and not meta.get("grade"):
                heading = first_heading(cell.source) or heading
            if meta.get("grade") and meta.get("grade_id"):
                titles[meta["grade_id"]] = heading or meta["grade_id"]
    return titles


def collect_results(course_dir: Path | str, root: Path | None = None) -> ClassResults:
    """Read the course's gradebook into per-learner, per-exercise and per-question records."""
    course = Course(Path(course_dir).resolve())
    course.config()  # fails with a clear message when this is not a course
    root = root or project_root()
    curriculum = load_curriculum(root=root)
    in_course = set(course.assignments())
    exercises = tuple((module, exercise) for module in curriculum.ordered_modules() for exercise in module.exercises
                      if any(exercise.assignment(lang) in in_course for lang in LANGS))

    results: list[ExerciseResult] = []
    learners: list[LearnerSummary] = []
    cells: dict[tuple[str, str], list[tuple[float, float, bool]]] = {}
    titles: dict[tuple[str, str], dict[str, str]] = {}
    maxima: dict[tuple[str, str], float] = {}
    with Gradebook(course.gradebook_url) as gradebook:
        assignments = {a.name: a for a in gradebook.assignments}
        # (assignment, student) -> submission, read once
        submitted = {(s.assignment.name, s.student.id): s for a in assignments.values() for s in a.submissions}
        for _, exercise in exercises:
            for lang in LANGS:
                name = exercise.assignment(lang)
                if name in in_course:
                    for grade_id, title in _question_titles(course, name).items():
                        titles.setdefault((exercise.id, grade_id), {})[lang] = title
        for student in sorted(gradebook.students, key=lambda s: s.id):
            mine: list[ExerciseResult] = []
            for module, exercise in exercises:
                variants = [submitted[(exercise.assignment(lang), student.id)] for lang in LANGS
                            if (exercise.assignment(lang), student.id) in submitted]
                # max() keeps the first of equal scores, and variants are in LANGS order: Indonesian wins ties
                best = max(variants, key=lambda s: s.score, default=None)
                if best is None:
                    known = [assignments[exercise.assignment(lang)].max_score for lang in LANGS
                             if exercise.assignment(lang) in assignments]
                    maximum = float(known[0]) if known else float(exercise.points)
                    mine.append(ExerciseResult(student.id, exercise, module, None, 0.0, maximum, 0.0))
                    continue
                pending = 0.0
                for notebook in best.notebooks:
                    for grade in notebook.grades:
                        key = (exercise.id, grade.name)
                        maxima[key] = float(grade.max_score)
                        cells.setdefault(key, []).append(
                            (float(grade.score or 0), float(grade.max_score), bool(grade.needs_manual_grade)))
                        if grade.needs_manual_grade:
                            pending += float(grade.max_score)
                mine.append(ExerciseResult(student.id, exercise, module, best.assignment.name, float(best.score),
                                           float(best.max_score), pending))
            langs = Counter(r.lang for r in mine if r.submitted)
            lang = max(LANGS, key=lambda code: (langs[code], code == DEFAULT_LANG))
            learners.append(LearnerSummary(
                id=student.id, name=learner_name(student), lang=lang,
                exercises_done=sum(r.submitted for r in mine), exercises_total=len(mine),
                score=sum(r.score for r in mine), max_score=sum(r.max_score for r in mine),
                pending_points=sum(r.pending_points for r in mine),
            ))
            results.extend(mine)

    questions = []
    for _, exercise in exercises:
        keys = [key for key in titles if key[0] == exercise.id] + [key for key in cells if key[0] == exercise.id]
        for key in dict.fromkeys(keys):
            entries = cells.get(key, [])
            final = [score / maximum for score, maximum, pending in entries if not pending and maximum]
            questions.append(QuestionSummary(
                exercise=exercise, grade_id=key[1], titles=titles.get(key, {}), max_score=maxima.get(key, 0.0),
                graded=len(final), pending=sum(pending for _, _, pending in entries),
                average_share=sum(final) / len(final) if final else None,
            ))
    from literasi.kelas.quiz_completion import quiz_completion  # the class store's reader: loaded only here

    quizzes = quiz_completion(course.root, curriculum, [exercise.id for _, exercise in exercises])
    return ClassResults(curriculum, course, exercises, tuple(learners), tuple(results), tuple(questions), quizzes)


# ---------------------------------------------------------------- report files

@dataclass(frozen=True)
class ReportFiles:
    csv: Path
    html: Path


def _number(value: float) -> str:
    return f"{value:g}"


def _both(key: str, **params: object) -> str:
    """A label as 'Indonesian (English)', for the CSV header."""
    return f"{t(key, 'id', **params)} ({t(key, 'en', **params)})"


def spreadsheet_text(value: str) -> str:
    """A text cell Excel will not run as a formula (a name such as '=HYPERLINK(...)' stays text)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _percent(share: float, lang: str = "id") -> str:
    return format_percent(share, locale=lang)


CSV_COLUMNS = ("grading.col_learner_id", "grading.col_name", "grading.col_module", "grading.col_exercise",
               "grading.col_exercise_title", "grading.col_language", "grading.col_submitted", "grading.col_score",
               "grading.col_max_score", "grading.col_percent", "grading.col_pending")


QUIZ_CSV_COLUMNS = ("kemajuan.report.col_quizzes", "kemajuan.report.col_quizzes_total",
                    "kemajuan.report.col_quiz_average")


def _quiz_cells(results: ClassResults, student: str) -> list[str]:
    """The learner's lesson-quiz columns (none when the course has no class store; empty for a learner who
    never joined the class on a phone)."""
    if results.quizzes is None:
        return []
    quiz = results.quizzes.get(student)
    if quiz is None:
        return ["", "", ""]
    average = "" if quiz.mean_share is None else _number(round(100 * quiz.mean_share, 1))
    return [str(quiz.done), str(quiz.total), average]


def write_csv(results: ClassResults, path: Path) -> Path:
    """One row per learner × exercise. Numbers use a dot as decimal mark; the percent column is 0–100. With a
    class store, each row also has the learner's lesson-quiz completion (done, in the plan, average percent)."""
    names = {learner.id: learner.name for learner in results.learners}
    quiz_columns = QUIZ_CSV_COLUMNS if results.quizzes is not None else ()
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_both(key) for key in (*CSV_COLUMNS, *quiz_columns)])
        for r in results.results:
            writer.writerow([
                spreadsheet_text(r.student), spreadsheet_text(names[r.student]), r.module.title["id"], r.exercise.id, r.exercise.title["id"],
                r.lang or "", t("grading.yes" if r.submitted else "grading.no", "id"),
                _number(r.score), _number(r.max_score), _number(round(100 * r.share, 1)), _number(r.pending_points),
                *_quiz_cells(results, r.student),
            ])
    return path


def _png_data_uri(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(height: float):
    # The object-oriented API (no pyplot): no global state, no GUI backend needed on a server.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, height))
    return figure, figure.add_subplot()


def _axis_label(key: str) -> str:
    return f"{t(key, 'id')} / {t(key, 'en')}"


def completion_chart(results: ClassResults) -> tuple[str, str] | None:
    """(PNG data URI, alt text): share of learners who completed every exercise of each module."""
    modules = results.modules()
    total = len(results.learners)
    if not modules or not total:
        return None
    rows = []
    for module, exercises in modules:
        done = sum(all(results.result(learner.id, e.id).submitted for e in exercises) for learner in results.learners)
        rows.append((module.title["id"], done))
    figure, axes = _figure(0.6 + 0.5 * len(rows))
    labels = [label for label, _ in rows][::-1]
    values = [100 * done / total for _, done in rows][::-1]
    axes.barh(labels, values, color=ACCENT.hex)
    axes.set_xlim(0, 100)
    axes.set_xlabel(_axis_label("grading.axis_completion"))
    for y, value in enumerate(values):
        axes.text(min(value + 1, 92), y, f"{value:.0f}%", va="center")
    details = "; ".join(t("grading.alt_module", "id", module=label, count=done, total=total,
                          percent=_percent(done / total)) for label, done in rows)
    return _png_data_uri(figure), t("grading.chart_completion_alt", "id", details=details)


def distribution_chart(results: ClassResults) -> tuple[str, str] | None:
    """(PNG data URI, alt text): histogram of learners' total score in 10-point bins."""
    if not results.learners or not results.exercises:
        return None
    counts = [0] * 10
    for learner in results.learners:
        counts[min(int(learner.share * 100 // 10), 9)] += 1  # 100% falls in the last bin, 90–100
    figure, axes = _figure(3.0)
    axes.bar([index * 10 + 5 for index in range(10)], counts, width=9, color=PALETTE["info"].hex)
    axes.set_xlim(0, 100)
    axes.set_xticks(range(0, 101, 10))
    axes.set_xlabel(_axis_label("grading.axis_score"))
    axes.set_ylabel(_axis_label("grading.axis_learners"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    details = "; ".join(t("grading.alt_bin", "id", low=index * 10, high=index * 10 + 10, count=count)
                        for index, count in enumerate(counts) if count)
    return _png_data_uri(figure), t("grading.chart_distribution_alt", "id", details=details)


def hardest_chart(results: ClassResults) -> tuple[str, str] | None:
    """(PNG data URI, alt text): the questions with the lowest average share of points."""
    hardest = results.hardest()
    if not hardest:
        return None
    labels = [f"{q.exercise.id}: {q.title('id')}" for q in hardest]
    values = [100 * q.average_share for q in hardest]
    figure, axes = _figure(0.6 + 0.45 * len(hardest))
    axes.barh(labels[::-1], values[::-1], color=PALETTE["warning"].hex)
    axes.set_xlim(0, 100)
    axes.set_xlabel(_axis_label("grading.axis_average"))
    for y, value in enumerate(values[::-1]):
        axes.text(min(value + 1, 92), y, f"{value:.0f}%", va="center")
    details = "; ".join(t("grading.alt_question", "id", question=label, percent=_percent(q.average_share))
                        for label, q in zip(labels, hardest, strict=True))
    return _png_data_uri(figure), t("grading.chart_hardest_alt", "id", details=details)


REPORT_CSS = with_palette("""
body { font-family: "DejaVu Sans", Arial, sans-serif; color: $text; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 2px solid $accent; padding-bottom: .2rem; }
.en { display: block; font-size: .75em; font-weight: normal; color: $muted; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .9rem; }
th, td { border: 1px solid #c9d1d9; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f1; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; } .muted { color: $muted; }
@media print { body { margin: 0; max-width: none; } h2, table, figure { break-inside: avoid; }
               a { color: inherit; text-decoration: none; } }
""")


def _heading(level: int, key: str, **params: object) -> str:
    return (f'<h{level}>{html.escape(t(key, "id", **params))}'
            f'<span class="en" lang="en">{html.escape(t(key, "en", **params))}</span></h{level}>')


def _th(key: str) -> str:
    return f'<th>{html.escape(t(key, "id"))}<span class="en" lang="en">{html.escape(t(key, "en"))}</span></th>'


def _table(header_keys: list[str], rows: list[list[tuple[str, bool]]]) -> str:
    """rows of (text, numeric) cells; text is escaped here."""
    head = "".join(_th(key) for key in header_keys)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if numeric else ""}>{html.escape(text)}</td>' for text, numeric in row)
        + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(chart: tuple[str, str] | None) -> str:
    if chart is None:
        return f'<p class="muted">{html.escape(t("grading.no_data", "id"))} / {html.escape(t("grading.no_data", "en"))}</p>'
    uri, alt = chart
    return f'<figure><img src="{uri}" alt="{html.escape(alt)}"></figure>'


def render_report_html(results: ClassResults, today: dt.date | None = None, min_score: float = PASS_SHARE) -> str:
    """The printable class report as one self-contained HTML document."""
    today = today or dt.date.today()
    title = results.curriculum.title
    yes_no = {True: t("grading.yes", "id"), False: t("grading.no", "id")}
    submissions = sum(r.submitted for r in results.results)
    parts = [
        f'<h1>{html.escape(t("grading.report_title", "id"))} — {html.escape(title["id"])}'
        f'<span class="en" lang="en">{html.escape(t("grading.report_title", "en"))} — {html.escape(title["en"])}</span></h1>',
        f'<p class="muted">{html.escape(t("grading.report_generated", "id", date=format_date(today, "long", locale="id")))}'
        f' · {html.escape(str(results.course.root))}</p>',
        f'<p>{html.escape(t("grading.report_summary", "id", learners=len(results.learners), exercises=len(results.exercises), submissions=submissions))}'
        f'<span class="en" lang="en">{html.escape(t("grading.report_summary", "en", learners=len(results.learners), exercises=len(results.exercises), submissions=submissions))}</span></p>',
        f'<p>{html.escape(t("grading.report_rule", "id"))} {html.escape(t("grading.report_pass_rule", "id", percent=_percent(min_score)))}'
        f'<span class="en" lang="en">{html.escape(t("grading.report_rule", "en"))} {html.escape(t("grading.report_pass_rule", "en", percent=_percent(min_score, "en")))}</span></p>',
    ]

    parts.append(_heading(2, "grading.section_learners"))
    quizzes = results.quizzes
    parts.append(_table(
        ["grading.col_learner_id", "grading.col_name", "grading.col_exercises_done", "grading.col_score",
         "grading.col_percent", "grading.col_pending", "grading.col_passed",
         *(["kemajuan.report.col_quizzes", "kemajuan.report.col_quiz_average"] if quizzes is not None else [])],
        [[(learner.id, False), (learner.name, False), (f"{learner.exercises_done} / {learner.exercises_total}", True),
          (f"{_number(learner.score)} / {_number(learner.max_score)}", True), (_percent(learner.share), True),
          (_number(learner.pending_points), True), (yes_no[learner.passed(min_score)], False),
          *(_quiz_html_cells(quizzes.get(learner.id)) if quizzes is not None else [])]
         for learner in results.learners]))
    if quizzes:
        total = next(iter(quizzes.values())).total
        parts.append(_heading(3, "kemajuan.report.section"))
        parts.append(f'<p>{html.escape(t("kemajuan.report.intro", "id", total=total))}'
                     f'<span class="en" lang="en">{html.escape(t("kemajuan.report.intro", "en", total=total))}</span></p>')
        parts.append(_table(
            ["grading.col_learner_id", "grading.col_name", "kemajuan.report.col_quizzes",
             "kemajuan.report.col_quiz_average"],
            [[(quiz.student_id, False), (quiz.name, False), *_quiz_html_cells(quiz)]
             for quiz in sorted(quizzes.values(), key=lambda quiz: (quiz.name.casefold(), quiz.student_id))]))

    parts.append(_heading(2, "grading.section_modules"))
    module_rows = []
    for module, exercises in results.modules():
        done = sum(all(results.result(learner.id, e.id).submitted for e in exercises) for learner in results.learners)
        counted = [r for r in results.results if r.module.id == module.id and r.submitted]
        average = sum(r.share for r in counted) / len(counted) if counted else None
        module_rows.append([(module.title["id"], False), (", ".join(e.id for e in exercises), False),
                            (f"{done} / {len(results.learners)}", True),
                            (_percent(average) if average is not None else "–", True)])
    parts.append(_table(["grading.col_module", "grading.col_exercise", "grading.col_learners_completed",
                         "grading.col_average_percent"], module_rows))
    parts.append(_chart(completion_chart(results)))

    parts.append(_heading(2, "grading.section_distribution"))
    parts.append(_chart(distribution_chart(results)))

    parts.append(_heading(2, "grading.section_hardest"))
    parts.append(_chart(hardest_chart(results)))
    parts.append(_heading(3, "grading.section_questions"))
    parts.append(_table(
        ["grading.col_exercise", "grading.col_question", "grading.col_points", "grading.col_graded",
         "grading.col_pending", "grading.col_average_share"],
        [[(q.exercise.id, False), (q.title("id"), False), (_number(q.max_score), True), (str(q.graded), True),
          (str(q.pending), True), (_percent(q.average_share) if q.average_share is not None else "–", True)]
         for q in results.questions]))

    parts.append(_heading(2, "grading.section_details"))
    names = {learner.id: learner.name for learner in results.learners}
    parts.append(_table(
        ["grading.col_learner_id", "grading.col_name", "grading.col_module", "grading.col_exercise",
         "grading.col_language", "grading.col_submitted", "grading.col_score", "grading.col_pending"],
        [[(r.student, False), (names[r.student], False), (r.module.title["id"], False), (r.exercise.id, False),
          (r.lang or "–", False), (yes_no[r.submitted], False),
          (f"{_number(r.score)} / {_number(r.max_score)}", True), (_number(r.pending_points), True)]
         for r in results.results]))

    document_title = f'{t("grading.report_title", "id")} — {title["id"]}'
    return ("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(document_title)}</title>\n<style>{REPORT_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def _quiz_html_cells(quiz) -> list[tuple[str, bool]]:
    if quiz is None:
        return [("–", True), ("–", True)]
    return [(f"{quiz.done} / {quiz.total}", True),
            (_percent(quiz.mean_share) if quiz.mean_share is not None else "–", True)]


def build_report(course_dir: Path | str, out_dir: Path | str, root: Path | None = None) -> ReportFiles:
    """Write ``report.csv`` and ``report.html`` for the course's class into ``out_dir`` (created if needed).

    ``root`` is the project folder holding ``curriculum.yml`` (found from the working directory when
    omitted). See the module docstring for what counts as completed and passed."""
    results = collect_results(course_dir, root)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv_path = write_csv(results, out / "report.csv")
    html_path = out / "report.html"
    html_path.write_text(render_report_html(results), "utf-8")
    return ReportFiles(csv=csv_path, html=html_path)
