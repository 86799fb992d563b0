"""Feedback a learner can read: one self-contained HTML page per learner per graded assignment.

``generate_feedback(course_dir)`` writes ``DIR/feedback/<student>/<assignment>.html`` in the
assignment's language (``m3-qris-en`` → English, otherwise Indonesian). For each question the page
shows the question text, the learner's own answer, the points and — for a failed visible check — the
check's explanation message, like learntools' ``check()``: it names what is wrong without revealing the
expected value.

What may reach the page, and from where:

- question text: the gradebook's copy of the source's locked markdown cells (never the learner's copy);
- the learner's answer: their answer cell, escaped, shown as text;
- explanations: the ``evalue`` of a failed check, and only when it equals a message written in the
  *visible* part of that test cell (string literals of its ``assert`` statements outside the hidden-test
  markers), or is the number-format explanation of ``check_number`` (``grading/number_format.py``:
  ``140.000``, ``27,5``, ``Rp20.000``), which only repeats the learner's own number. An answer removed
  because a number was written the Indonesian way gets that explanation too. Anything else — a hidden
  test's message, another error — becomes a generic sentence.

Never on the page: test cell source, anything between the hidden-test markers, solutions,
tracebacks, error names.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests

from literasi.i18n import t
from literasi.print.markdown import to_html
from literasi.print.palette import with_palette

from .answers import removal_reason
from .course import Course
from .number_format import ERROR_NAME as NUMBER_ERROR_NAME
from .number_format import format_message_patterns
from .outcomes import Failure, QuestionState, cell_failure, shown_state
from .report import assignment_lang, first_heading, learner_name

MIN_LITERAL_CHARS = 8  # an f-string message needs this much fixed text to be recognised


@dataclass(frozen=True)
class Answer:
    text: str  # the learner's cell source, as submitted
    kind: str  # "code" or "markdown"
    attempted: bool
    removed: bool  # the answers-are-values check replaced it (grading/answers.py)
    removed_because: str = ""  # why, in the learner's language, when a number was written the Indonesian way


@dataclass
class QuestionFeedback:
    text: str  # markdown of the question, from the gradebook's source cells
    answers: list[Answer] = field(default_factory=list)
    score: float = 0.0
    max_score: float = 0.0
    states: list[QuestionState] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # already safe to show: visible-check messages or table strings
    comments: list[str] = field(default_factory=list)  # the trainer's manual comments

    @property
    def state(self) -> QuestionState:
        return shown_state(self.states)


@dataclass(frozen=True)
class AssignmentFeedback:
    student: str
    name: str
    assignment: str
    lang: str
    title: str
    questions: tuple[QuestionFeedback, ...]
    score: float
    max_score: float
    pending_points: float


# ---------------------------------------------------------------- what a check may say

def visible_part(test_source: str, begin: str, end: str) -> str:
    """The test cell without its hidden regions (a region left open runs to the end of the cell)."""
    kept, hidden = [], False
    for line in test_source.splitlines():
        if begin in line:
            hidden = True
        elif end in line and hidden:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def visible_messages(test_source: str, begin: str = "BEGIN HIDDEN TESTS",
                     end: str = "END HIDDEN TESTS") -> list[re.Pattern[str]]:
    """Patterns for the messages the visible checks of a test cell can raise: the string of each
    ``assert ..., "message"`` (an f-string's fields match anything) and of ``raise AssertionError("...")``."""
    try:
        tree = ast.parse(visible_part(test_source, begin, end))
    except SyntaxError:
        return []
    messages = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None:
            messages.append(node.msg)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "AssertionError"
              and node.args):
            messages.append(node.args[0])
    patterns = []
    for message in messages:
        if isinstance(message, ast.Constant) and isinstance(message.value, str):
            patterns.append(re.compile(re.escape(message.value.strip())))
        elif isinstance(message, ast.JoinedStr):
            literal = "".join(part.value for part in message.values if isinstance(part, ast.Constant))
            if len(literal.strip()) < MIN_LITERAL_CHARS:
                continue  # f"{reason}" would match any text, a hidden test's message included
            pieces = [re.escape(part.value) if isinstance(part, ast.Constant) else ".*?" for part in message.values]
            patterns.append(re.compile("".join(pieces).strip(), re.DOTALL))
    return patterns


def explain(outputs: list, patterns: list[re.Pattern[str]], lang: str) -> tuple[list[str], Failure | None]:
    """(sentences to show, the run's failure in this cell if any: a cell timeout or a dead kernel) for the
    error outputs of one graded cell."""
    sentences, failed = [], None
    for output in outputs:
        if output.get("output_type") != "error":
            continue
        name, value = output.get("ename", ""), str(output.get("evalue", "")).strip()
        failure = cell_failure(output)
        if failure is not None and failure.hint_key is not None:
            failed = failed or failure
            sentences.append(t(failure.hint_key, lang))
        elif name == "AssertionError" and value and any(p.fullmatch(value) for p in patterns):
            sentences.append(value)
        elif name == NUMBER_ERROR_NAME and value and any(p.fullmatch(value) for p in format_message_patterns(lang)):
            sentences.append(value)  # how to write the number (grading/number_format.py), in the learner's language
        elif name == "AssertionError":
            sentences.append(t("grading.hint_generic", lang))  # a hidden test failed, or a message we cannot vouch for
        else:
            sentences.append(t("grading.hint_error", lang))
    return list(dict.fromkeys(sentences)), failed


# ---------------------------------------------------------------- reading one submission

def collect_feedback(course: Course, gradebook: Gradebook, student: str, assignment: str) -> AssignmentFeedback | None:
    """The feedback for one graded submission, or None when it has no autograded notebook."""
    lang = assignment_lang(assignment)
    folder = course.autograded / student / assignment
    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return None
    hidden = ClearHiddenTests(config=course.config())
    questions: list[QuestionFeedback] = []
    title, found = None, False
    for notebook_record in submission.assignment.notebooks:
        path = folder / f"{notebook_record.name}.ipynb"
        if not path.is_file():
            continue
        found = True
        notebook = nbformat.read(path, as_version=4)
        sources = {cell.name: cell for cell in notebook_record.source_cells}
        solution_ids = {cell.name for cell in notebook_record.solution_cells}
        graded = gradebook.find_submission_notebook(notebook_record.name, assignment, student)
        grades = {grade.name: grade for grade in graded.grades}
        comments = {comment.name: comment for comment in graded.comments}
        current: QuestionFeedback | None = None
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            source = sources.get(grade_id) if grade_id else None
            if source is None:
                continue  # a cell the learner added: not part of the exercise
            grade = grades.get(grade_id)
            if source.cell_type == "markdown" and source.locked and grade is None:
                current = QuestionFeedback(text=source.source)
                questions.append(current)
                title = title or first_heading(source.source)
                continue
            if current is None:
                current = QuestionFeedback(text="")
                questions.append(current)
            if grade_id in solution_ids:
                reason = removal_reason(cell)
                removed = reason is not None
                attempted = bool(cell.source.strip()) and cell.source.strip() != source.source.strip()
                because = reason(lang) if reason is not None and reason.number_format() else ""
                current.answers.append(Answer(cell.source, cell.cell_type, attempted and not removed, removed, because))
                comment = comments.get(grade_id)
                if comment is not None and (comment.manual_comment or "").strip():
                    current.comments.append(comment.manual_comment.strip())
            if grade is not None:
                _add_grade(current, grade, cell, source.source, hidden, lang)
    if not found:
        return None
    questions = [q for q in questions if q.states]  # introductions without points are not questions
    pending = sum(q.max_score for q in questions if QuestionState.PENDING in q.states)
    name = learner_name(submission.student)
    return AssignmentFeedback(student, name, assignment, lang, title or assignment, tuple(questions),
                              float(submission.score), float(submission.max_score), pending)


def _add_grade(question: QuestionFeedback, grade, cell, test_source: str, hidden: ClearHiddenTests, lang: str) -> None:
    score, maximum = float(grade.score or 0), float(grade.max_score)
    question.score += score
    question.max_score += maximum
    outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
    patterns = visible_messages(test_source, hidden.begin_test_delimeter, hidden.end_test_delimeter) if outputs else []
    sentences, failure = explain(outputs, patterns, lang)
    answered = [a for a in question.answers if a.attempted]
    if grade.needs_manual_grade:
        state, sentences = QuestionState.PENDING, [t("grading.hint_pending", lang)]
    elif score >= maximum:
        state, sentences = QuestionState.CORRECT, []
    elif any(a.removed for a in question.answers):
        state = QuestionState.INCORRECT
        sentences = [a.removed_because or t("grading.hint_answer_removed", lang) for a in question.answers if a.removed]
    elif failure is not None and failure.question_state is not None:
        state = failure.question_state
    elif question.answers and not answered:
        state, sentences = QuestionState.NOT_ATTEMPTED, [t("grading.hint_not_attempted", lang)]
    else:
        state = QuestionState.PARTIAL if score > 0 else QuestionState.INCORRECT
    question.states.append(state)
    question.messages.extend(s for s in sentences if s not in question.messages)


# ---------------------------------------------------------------- the page

FEEDBACK_CSS = with_palette("""
body { font-family: "DejaVu Sans", Arial, sans-serif; color: $text; background: #f7f8f6; margin: 0;
       line-height: 1.5; font-size: 1rem; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: .5rem 0; }
.total { font-size: 1.15rem; font-weight: bold; background: #fff; border-left: 6px solid $accent;
         padding: .7rem 1rem; border-radius: 4px; }
.note { background: #fff8e1; border-left: 6px solid #e0a800; padding: .6rem 1rem; border-radius: 4px; }
section.question { background: #fff; border: 1px solid #d6dbd8; border-radius: 6px; padding: .8rem 1rem;
                   margin: 1rem 0; }
section.question h2 { font-size: 1.1rem; margin-top: .2rem; }
.badge { display: inline-block; font-weight: bold; border-radius: 1rem; padding: .1rem .7rem; font-size: .9rem; }
.correct .badge { background: #d7f0e3; color: #145a3c; }
.partial .badge, .pending .badge { background: #fff1c7; color: #6a4d00; }
.incorrect .badge, .not_attempted .badge, .timed_out .badge, .kernel_died .badge { background: #fde2dc; color: #8a2a12; }
pre.answer { background: #f1f3f2; padding: .6rem; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere;
             font-family: "DejaVu Sans Mono", monospace; font-size: .9rem; }
.message { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid $warning; }
.comment { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid $info; }
footer { color: $muted; font-size: .85rem; margin: 2rem 0 1rem; }
""")

STATE_KEYS = {state: f"grading.state_{state.value}" for state in QuestionState}


def _points(value: float) -> str:
    return f"{value:g}"


def render_feedback(feedback: AssignmentFeedback) -> str:
    """One learner's feedback page: self-contained HTML in the assignment's language."""
    lang = feedback.lang
    e = html.escape
    parts = [
        f"<h1>{e(t('grading.feedback_title', lang, exercise=feedback.title))}</h1>",
        f"<p>{e(t('grading.feedback_greeting', lang, name=feedback.name))}</p>",
        f'<p class="total">{e(t("grading.feedback_total", lang, score=_points(feedback.score), max_score=_points(feedback.max_score)))}</p>',
    ]
    if feedback.pending_points:
        parts.append(f'<p class="note">{e(t("grading.feedback_pending", lang, points=_points(feedback.pending_points)))}</p>')
    automatic = [q for q in feedback.questions if q.state is not QuestionState.PENDING]
    if automatic and all(q.state is QuestionState.CORRECT for q in automatic):
        parts.append(f"<p>{e(t('grading.feedback_all_correct', lang))}</p>")
    elif automatic:
        parts.append(f"<p>{e(t('grading.feedback_keep_going', lang))}</p>")
    for question in feedback.questions:
        state = question.state
        points = (t("grading.points_pending", lang, max_score=_points(question.max_score)) if state is QuestionState.PENDING
                  else t("grading.points", lang, score=_points(question.score), max_score=_points(question.max_score)))
        block = [f'<section class="question {state.value}">', to_html(question.text),
                 f'<p><span class="badge">{e(t(STATE_KEYS[state], lang))}</span> · '
                 f'{e(points)}</p>']
        for answer in question.answers:
            shown = t("grading.no_answer", lang) if not answer.attempted or answer.removed else answer.text.strip()
            block.append(f'<p><strong>{e(t("grading.your_answer", lang))}:</strong></p>'
                         f'<pre class="answer">{e(shown)}</pre>')
        block.extend(f'<p class="message">{e(message)}</p>' for message in question.messages)
        block.extend(f'<p class="comment"><strong>{e(t("grading.trainer_comment", lang))}:</strong> {e(comment)}</p>'
                     for comment in question.comments)
        block.append("</section>")
        parts.append("\n".join(block))
    parts.append(f"<footer>{e(t('grading.feedback_footer', lang))}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(t('grading.feedback_title', lang, exercise=feedback.title))}</title>\n"
            f"<style>{FEEDBACK_CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(parts)
            + "\n</main>\n</body>\n</html>\n")


def generate_feedback(course_dir: Path | str) -> list[Path]:
    """Write ``DIR/feedback/<student>/<assignment>.html`` for every graded submission that has an
    autograded notebook; return the files written, sorted. Re-running overwrites them (after a trainer's
    manual grading, say). Submissions that could not be graded get no page."""
    course = Course(Path(course_dir).resolve())
    course.config()  # fails with a clear message when this is not a course
    written: list[Path] = []
    with Gradebook(course.gradebook_url) as gradebook:
        pairs = sorted((s.student.id, s.assignment.name) for a in gradebook.assignments for s in a.submissions)
        for student, assignment in pairs:
            if not (course.autograded / student / assignment).is_dir():
                continue
            feedback = collect_feedback(course, gradebook, student, assignment)
            if feedback is None:
                continue
            target = course.root / "feedback" / student / f"{assignment}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_feedback(feedback), "utf-8")
            written.append(target)
    return written
