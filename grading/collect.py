"""Collect returned notebooks from a folder (flash drive, email attachments, chat downloads) into a course.

A bimtek class rarely uses nbgrader's exchange: notebooks come back as ``budi_latihan-qris.ipynb``,
``latihan-qris (budi).ipynb`` or ``Budi Santoso - latihan-qris.ipynb``. Each ``.ipynb`` under the folder
is identified by

- its exercise: ``metadata.literasi.exercise`` and ``lang`` (kept in released copies) give the
  assignment (``m3-qris``, ``m3-qris-en``), which must be one of the course's;
- its learner: ``metadata.literasi.student`` when the notebook carries it, otherwise the file name,
  matched against the roster's ids and names (see :func:`match_learner`).

A matched file is copied to ``submitted/<student>/<assignment>/<released file name>`` with a
``timestamp.txt`` from the file's modification time, which is what nbgrader's autograde reads. An
earlier submission is never overwritten silently: a different file for the same learner and exercise
is put aside in ``collect-conflicts/`` (or, with ``replace=True``, replaces it after a backup in
``collect-backups/``). Every file gets an outcome; the ones that could not be matched say why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from literasi.curriculum import assignment_name
from literasi.i18n import LANGS, check_lang, t

from .autograde import MAX_NOTEBOOK_BYTES, TIMESTAMP_NAME
from .course import Course, CourseError
from .outcomes import Reason
from .roster import Learner, load_roster

CONFLICTS_DIR = "collect-conflicts"
BACKUPS_DIR = "collect-backups"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"  # nbgrader's default CourseDirectory timestamp format
FILE_STAMP_FORMAT = "%Y%m%d-%H%M%S"
# Course folders the walk never enters, in case the trainer collects from a folder inside the course.
COURSE_OWNED = ("source", "release", "submitted", "autograded", "feedback", CONFLICTS_DIR, BACKUPS_DIR)
# Operating-system and Jupyter clutter on flash drives: not learners' files.
SKIPPED_DIRS = ("__MACOSX", "System Volume Information")


class Outcome(str, Enum):
    COLLECTED = "collected"
    ALREADY_COLLECTED = "already"
    REPLACED = "replaced"
    CONFLICT = "conflict"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class CollectedFile:
    """What happened to one file of the folder."""

    source: Path
    outcome: Outcome
    student: str | None = None  # for an unmatched file: the learner its name points to, when that is clear
    assignment: str | None = None
    target: Path | None = None  # the notebook in submitted/
    aside: Path | None = None  # the conflict copy (CONFLICT), the backup of the replaced one (REPLACED, or
    #                            ALREADY_COLLECTED when this file is that earlier version)
    note: Reason | None = None


@dataclass
class CollectResult:
    folder: Path
    lang: str = "id"
    files: list[CollectedFile] = field(default_factory=list)
    roster_empty: bool = False

    def with_outcome(self, outcome: Outcome) -> list[CollectedFile]:
        return [item for item in self.files if item.outcome is outcome]

    @property
    def collected(self) -> list[CollectedFile]:
        return self.with_outcome(Outcome.COLLECTED)

    @property
    def already_collected(self) -> list[CollectedFile]:
        return self.with_outcome(Outcome.ALREADY_COLLECTED)

    @property
    def replaced(self) -> list[CollectedFile]:
        return self.with_outcome(Outcome.REPLACED)

    @property
    def conflicts(self) -> list[CollectedFile]:
        return self.with_outcome(Outcome.CONFLICT)

    @property
    def unmatched(self) -> list[CollectedFile]:
        return self.with_outcome(Outcome.UNMATCHED)

    def summary(self, lang: str | None = None) -> str:
        """A table, one row per file, and a count of each outcome, in one language."""
        lang = check_lang(lang or self.lang)
        lines = []
        if self.roster_empty:
            lines.append(t("kelas.empty_roster", lang))
        if not self.files:
            return "\n".join(lines + [t("kelas.no_files", lang, path=self.folder)])
        header = tuple(t(f"kelas.col.{column}", lang) for column in ("file", "learner", "exercise", "result", "note"))
        rows = [(item.source.relative_to(self.folder).as_posix(), item.student or "-", item.assignment or "-",
                 t(f"kelas.status.{item.outcome.value}", lang), item.note.text(lang) if item.note else "")
                for item in self.files]
        widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
        line = lambda row: "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()  # noqa: E731
        lines += [line(header), line(tuple("-" * width for width in widths)), *map(line, rows), ""]
        lines.append(t("kelas.collect_summary", lang, total=len(self.files), collected=len(self.collected),
                       already=len(self.already_collected), replaced=len(self.replaced),
                       conflicts=len(self.conflicts), unmatched=len(self.unmatched)))
        return "\n".join(lines)


# ---------------------------------------------------------------- who sent it: matching file names to learners

def _tokens(text: str) -> list[str]:
    """Case-folded words: ``"Budi Santoso - latihan_qris (1)"`` → ``["budi", "santoso", "latihan", "qris", "1"]``."""
    return re.sub(r"[\W_]+", " ", text.casefold()).split()


def _without(tokens: list[str], phrases: list[list[str]]) -> list[str]:
    """``tokens`` with every occurrence of each phrase (longest first) removed."""
    for phrase in sorted(phrases, key=len, reverse=True):
        kept, index = [], 0
        while index < len(tokens):
            if phrase and tokens[index:index + len(phrase)] == phrase:
                index += len(phrase)
            else:
                kept.append(tokens[index])
                index += 1
        tokens = kept
    return tokens


def _spans(words: list[str], key: list[str]) -> list[tuple[int, int]]:
    """Where ``key`` occurs in ``words``, as whole words, or written together as one word (``budisantoso``)."""
    if not key:
        return []
    found = [(i, i + len(key)) for i in range(len(words) - len(key) + 1) if words[i:i + len(key)] == key]
    if len(key) > 1:
        found += [(i, i + 1) for i, word in enumerate(words) if word == "".join(key)]
    return found


def match_learner(file_stem: str, learners: list[Learner],
                  noise: Sequence[str] = ()) -> tuple[Learner | None, list[Learner]]:
    """The learner a file name points to, and the candidates when it points to several (then no learner).

    Ids and names are compared as case-folded words, ignoring spacing and punctuation, after removing
    the ``noise`` phrases (the exercise's file and assignment names). A name that is the whole rest of
    the file name wins; otherwise the learners whose id or name occurs in it are candidates, except one
    whose occurrence lies inside another's (``budi`` inside ``Budi Santoso``). One candidate is a match;
    several are ambiguous.
    """
    noise_phrases = [_tokens(phrase) for phrase in noise] + [["".join(_tokens(phrase))] for phrase in noise]
    words = _without(_tokens(file_stem), noise_phrases)
    if not words:
        return None, []
    keys = {learner: [_tokens(learner.id), _tokens(learner.name)] for learner in learners}
    whole = "".join(words)
    exact = [learner for learner, pair in keys.items() if any(key and "".join(key) == whole for key in pair)]
    if len(exact) == 1:
        return exact[0], []
    if exact:
        return None, exact
    spans = {learner: [span for key in pair for span in _spans(words, key)] for learner, pair in keys.items()}
    spans = {learner: found for learner, found in spans.items() if found}

    def inside_another(learner: Learner, span: tuple[int, int]) -> bool:
        return any(other is not learner and o[0] <= span[0] and span[1] <= o[1] and o != span
                   for other, found in spans.items() for o in found)

    candidates = [learner for learner, found in spans.items() if any(not inside_another(learner, s) for s in found)]
    if len(candidates) == 1:
        return candidates[0], []
    return None, candidates


def known_learners(course: Course) -> list[Learner]:
    """The roster, plus any student already in the gradebook (added through nbgrader's own tools)."""
    learners = load_roster(course)
    on_roster = {learner.id for learner in learners}
    with Gradebook(course.gradebook_url, course_id=course.course_id) as gradebook:
        for student in gradebook.students:
            if student.id not in on_roster:
                name = " ".join(part for part in (student.first_name, student.last_name) if part)
                learners.append(Learner(student.id, name))
    return learners


# ---------------------------------------------------------------- what it is: reading and placing a notebook

def _notebook_files(folder: Path, course: Course) -> Iterator[Path]:
    owned = [course.root / name for name in COURSE_OWNED]
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS
                         and (here / d).resolve() not in owned)
        for name in sorted(files):
            if name.lower().endswith(".ipynb") and not name.startswith("."):  # "._x.ipynb": macOS metadata
                yield here / name


def _read_notebook(path: Path) -> nbformat.NotebookNode | Reason:
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return Reason("kelas.reason.too_big", (("megabytes", MAX_NOTEBOOK_BYTES // (1024 * 1024)),))
        data = path.read_bytes()
    except OSError as error:
        return Reason("kelas.reason.unreadable", (("error", error.strerror or type(error).__name__),))
    try:
        parsed = json.loads(data)
    except ValueError:  # also undecodable bytes
        return Reason("kelas.reason.invalid_json")
    try:
        if not isinstance(parsed, dict):
            raise ValueError("the top level is not an object")
        notebook = nbformat.reads(json.dumps(parsed), as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # any conversion or schema failure: not a notebook nbgrader can grade
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return Reason("kelas.reason.invalid_notebook", (("error", message[:80]),))
    return notebook


def _exercise_of(notebook: nbformat.NotebookNode, course: Course) -> str | Reason:
    literasi = notebook.metadata.get("literasi")
    exercise = literasi.get("exercise") if isinstance(literasi, dict) else None
    if not isinstance(exercise, str) or not exercise:
        return Reason("kelas.reason.no_exercise")
    lang = literasi.get("lang", "id")
    # The manifest's one rule for assignment names, applied without loading the manifest.
    assignment = assignment_name(exercise, lang) if lang in LANGS else None
    if assignment not in course.assignments():
        return Reason("kelas.reason.unknown_exercise", (("exercise", exercise), ("language", lang)))
    return assignment


def released_names(course: Course, assignment: str) -> list[str]:
    """The notebook file names handed out for an assignment (what nbgrader expects back)."""
    folder = course.release / assignment
    if not folder.is_dir():
        folder = course.source / assignment
    return sorted(path.name for path in folder.glob("*.ipynb"))


def _noise(course: Course) -> list[str]:
    names = {Path(name).stem for a in course.assignments() for name in released_names(course, a)}
    return sorted(names | set(course.assignments()))


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime(TIMESTAMP_FORMAT)


def _submitted_at(folder: Path, notebook: Path) -> dt.datetime:
    stamp = folder / TIMESTAMP_NAME
    try:
        return parse_utc(stamp.read_text("utf-8").strip()).replace(tzinfo=dt.timezone.utc)
    except (OSError, ValueError, OverflowError):
        return dt.datetime.fromtimestamp(notebook.stat().st_mtime, dt.timezone.utc)


def _copy(source: Path, target: Path) -> None:
    """Copy with the modification time kept, atomically (an interrupted copy leaves no half notebook)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".collect-", suffix=".part")
    os.close(handle)
    try:
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # a dangling link: reported as unreadable later
        return 0.0


def _free_path(path: Path, content: bytes) -> Path:
    """``path``, or ``path`` with ``-2``, ``-3``… when another file (different content) already has the name."""
    candidate, number = path, 1
    while candidate.exists() and candidate.read_bytes() != content:
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _place(course: Course, source: Path, student: str, assignment: str, name: str, replace: bool,
           note: Reason | None) -> CollectedFile:
    folder = course.submitted / student / assignment
    target = folder / name
    content = source.read_bytes()
    modified = dt.datetime.fromtimestamp(source.stat().st_mtime, dt.timezone.utc)
    placed = dict(source=source, student=student, assignment=assignment, target=target)
    if target.exists() and target.read_bytes() == content:
        return CollectedFile(outcome=Outcome.ALREADY_COLLECTED, note=Reason("kelas.note.already"), **placed)
    earlier = _submitted_at(folder, target) if target.exists() else None
    # An older file never replaces a newer submission, so collecting the same folder again changes nothing.
    if earlier is not None and (not replace or modified <= earlier):
        backups = course.root / BACKUPS_DIR / student / assignment
        replaced = next((b for b in sorted(backups.glob("*")) if b.read_bytes() == content), None)
        if replaced is not None:  # an earlier version that a later one already replaced
            return CollectedFile(outcome=Outcome.ALREADY_COLLECTED, aside=replaced, **placed,
                                 note=Reason("kelas.note.backed_up", (("path", replaced.relative_to(course.root)),)))
        aside = course.root / CONFLICTS_DIR / student / assignment / f"{modified.strftime(FILE_STAMP_FORMAT)}-{source.name}"
        aside = _free_path(aside, content)
        if not aside.exists():
            _copy(source, aside)
        why = "kelas.note.older" if modified <= earlier else "kelas.note.conflict"
        return CollectedFile(outcome=Outcome.CONFLICT, aside=aside, **placed,
                             note=Reason(why, (("path", aside.relative_to(course.root)),)))
    backup = None
    if earlier is not None:
        backup = _free_path(course.root / BACKUPS_DIR / student / assignment
                            / f"{earlier.strftime(FILE_STAMP_FORMAT)}-{name}", target.read_bytes())
        _copy(target, backup)
    _copy(source, target)
    (folder / TIMESTAMP_NAME).write_text(_stamp(modified), "utf-8")
    if backup is None:
        return CollectedFile(outcome=Outcome.COLLECTED, note=note, **placed)
    return CollectedFile(outcome=Outcome.REPLACED, aside=backup, **placed,
                         note=Reason("kelas.note.replaced", (("path", backup.relative_to(course.root)),)))


def _collect_one(course: Course, path: Path, learners: list[Learner], noise: list[str],
                 replace: bool) -> CollectedFile:
    by_name, candidates = match_learner(path.stem, learners, noise)
    guess = by_name.id if by_name else None

    def unmatched(reason: Reason, student: str | None = guess, assignment: str | None = None) -> CollectedFile:
        return CollectedFile(path, Outcome.UNMATCHED, student, assignment, note=reason)

    notebook = _read_notebook(path)
    if isinstance(notebook, Reason):
        return unmatched(notebook)
    assignment = _exercise_of(notebook, course)
    if isinstance(assignment, Reason):
        return unmatched(assignment)
    names = released_names(course, assignment)
    if len(names) != 1:
        names_in_file = [name for name in names if _spans(_tokens(path.stem), _tokens(Path(name).stem))]
        if len(names_in_file) != 1:
            return unmatched(Reason("kelas.reason.which_notebook",
                                    (("assignment", assignment), ("names", ", ".join(names) or "-"))),
                             assignment=assignment)
        names = names_in_file
    declared = notebook.metadata.get("literasi", {}).get("student")
    note = None
    if isinstance(declared, str) and declared.strip():
        student = next((learner for learner in learners if learner.id == declared.strip().lower()), None)
        if student is None:
            return unmatched(Reason("kelas.reason.unknown_student", (("student", declared),)), None, assignment)
        if by_name is not None and by_name != student:
            return unmatched(Reason("kelas.reason.student_disagrees", (("student", student.id), ("other", by_name.id))),
                             None, assignment)
        by_name, note = student, Reason("kelas.note.metadata")
    if by_name is None:
        if candidates:
            example = f"{candidates[0].id}_{names[0]}"
            return unmatched(Reason("kelas.reason.ambiguous_learner",
                                    (("candidates", ", ".join(c.id for c in candidates)), ("example", example))),
                             assignment=assignment)
        return unmatched(Reason("kelas.reason.unknown_learner"), assignment=assignment)
    return _place(course, path, by_name.id, assignment, names[0], replace, note)


def collect_folder(course_dir: Path | str, from_folder: Path | str, lang: str = "id",
                   replace: bool = False) -> CollectResult:
    """Collect every notebook under ``from_folder`` (recursively) into the course's ``submitted/`` folder.

    Files are taken oldest first, so when one learner sent an exercise twice the earlier file is
    collected and the later one is reported as a conflict (``replace=True``: the later one wins, the
    earlier is backed up). Raises :class:`CourseError` when either folder is unusable."""
    lang = check_lang(lang)
    course = Course(Path(course_dir).resolve())
    course.config()  # refuses a folder that is not a course
    folder = Path(from_folder).resolve()
    if not folder.is_dir():
        raise CourseError(t("kelas.folder_missing", lang, path=folder))
    learners = known_learners(course)
    result = CollectResult(folder=folder, lang=lang, roster_empty=not learners)
    noise = _noise(course)
    paths = sorted(_notebook_files(folder, course), key=lambda p: (_modified(p), p.as_posix()))
    for path in paths:
        result.files.append(_collect_one(course, path, learners, noise, replace))
    return result
