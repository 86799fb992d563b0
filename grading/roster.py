"""The class roster: a trainer's CSV of learners (id, name, group) into the gradebook and ``roster.csv``.

The roster is kept minimal on purpose. Columns whose header names personal data (NIK, NIP, phone,
email, address, birth date) are never read, and a line with a cell that looks like a NIK, NIP, phone
number or email address is refused, so none of it reaches the course folder. Problems are reported
per line, as sentences in the trainer's language (both languages, Indonesian first, unless one is
asked for).

Learner ids become nbgrader student ids and folder names (``submitted/<id>/``), hence the strict rule:
lowercase letters, digits, ``-`` and ``_``, starting with a letter or digit, at most 40 characters.
nbgrader has no group field, so the group lives only in ``roster.csv``. Importing is additive and
idempotent: learners missing from a later CSV stay on the roster.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook

from literasi.i18n import LANGS, check_lang, t

from .course import Course, CourseError

ROSTER_NAME = "roster.csv"
ROSTER_FIELDS = ("id", "name", "group")
ID_MAX_LENGTH = 40
NAME_MAX_LENGTH = 100
STUDENT_ID = re.compile(rf"^[a-z0-9][a-z0-9_-]{{0,{ID_MAX_LENGTH - 1}}}$")

# Header names (lowercased, letters and digits only) accepted for each roster column.
HEADERS = {
    "id": ("id", "idpeserta", "learnerid", "studentid", "username"),
    "name": ("name", "nama", "namapeserta", "namalengkap", "fullname", "learnername", "studentname"),
    "group": ("group", "kelompok", "grup", "kelas", "class", "rombel"),
}
# Headers that name personal data: a whole word of the header (``No HP``), or a piece of it (``Tgl_Lahir``).
SENSITIVE_WORDS = {
    "nik": ("nik", "noktp", "ktp", "kk", "nokk"),
    "nip": ("nip", "nipbaru", "nrp"),
    "phone": ("hp", "nohp", "wa", "nowa", "telp", "tlp", "notelp", "notlp", "tel", "mobile", "cell"),
    "email": ("mail",),
    "address": ("rt", "rw", "jalan", "jl", "street"),
    "birth": ("ttl", "dob", "tgllahir", "tanggallahir"),
}
SENSITIVE_PIECES = {
    "nik": ("nomorinduk", "kependudukan", "ktp", "npwp", "identitas", "identity", "passport", "paspor"),
    "nip": ("nomorindukpegawai",),
    "phone": ("telepon", "telpon", "phone", "ponsel", "handphone", "whatsapp", "seluler"),
    "email": ("email", "surel", "suratelektronik"),
    "address": ("alamat", "address", "domisili", "kodepos", "postal"),
    "birth": ("lahir", "birth", "ulangtahun"),
}
# A run of digits that may be written in groups (``0812-3456-7890``, ``+62 812 3456 7890``, ``3201.2345...``).
DIGIT_RUN = re.compile(r"\+?\d(?:[ .\-()/]?\d)*")
MOBILE = re.compile(r"^(?:0|62)8\d{7,11}$")
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[a-z]{2,}", re.IGNORECASE)


class RosterError(CourseError):
    """The roster file cannot be read at all (missing, not UTF-8, no usable header); nothing was imported."""


@dataclass(frozen=True)
class Learner:
    id: str
    name: str
    group: str = ""


@dataclass(frozen=True)
class RosterProblem:
    """One problem with one line of the trainer's file, as a string-table key (``kelas.*``) and its parameters."""

    line: int
    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str | None = None) -> str:
        """``baris 4: …`` in one language, or both (Indonesian / English) when ``lang`` is None."""
        if lang is None:
            return " / ".join(self.text(each) for each in LANGS)
        params = dict(self.params)
        if "kind" in params:
            params["kind"] = t(f"kelas.kind.{params['kind']}", lang)
        return t("kelas.line", lang, line=self.line, problem=t(self.key, lang, **params))


@dataclass
class RosterResult:
    source: Path  # the trainer's CSV
    roster_path: Path | None = None  # DIR/roster.csv once imported
    added: list[Learner] = field(default_factory=list)
    updated: list[Learner] = field(default_factory=list)
    unchanged: list[Learner] = field(default_factory=list)
    errors: list[RosterProblem] = field(default_factory=list)
    notices: list[RosterProblem] = field(default_factory=list)  # ignored columns: worth knowing, not wrong
    lang: str | None = None

    @property
    def imported(self) -> list[Learner]:
        return self.added + self.updated + self.unchanged

    def messages(self) -> list[str]:
        return [problem.text(self.lang) for problem in self.errors + self.notices]

    def summary(self) -> str:
        langs = LANGS if self.lang is None else (self.lang,)
        lines = [t("kelas.roster_summary", lang, added=len(self.added), updated=len(self.updated),
                   unchanged=len(self.unchanged), errors=len(self.errors)) for lang in langs]
        done = "kelas.roster_saved" if self.imported and self.roster_path else "kelas.roster_nothing"
        lines += [t(done, lang, path=self.roster_path) for lang in langs]
        lines += [f"  - {message}" for message in self.messages()]
        return "\n".join(lines)


def _fail(key: str, lang: str | None, **params: object) -> RosterError:
    langs = LANGS if lang is None else (lang,)
    return RosterError(" / ".join(t(key, each, **params) for each in langs))


# ---------------------------------------------------------------- recognising columns and values

def _compact(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


def sensitive_header(header: str) -> str | None:
    """The kind of personal data a column header names (``nik``, ``phone``, …), or None."""
    words = {_compact(word) for word in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", header) if word}
    compact = _compact(header)
    words.add(compact)
    for kind, names in SENSITIVE_WORDS.items():
        if words & set(names):
            return kind
    for kind, pieces in SENSITIVE_PIECES.items():
        if any(piece in compact for piece in pieces):
            return kind
    return None


def sensitive_value(value: str) -> str | None:
    """The kind of personal data a cell value looks like: a 16-digit NIK, an 18-digit NIP, an Indonesian
    mobile number (``08…``, ``+62 8…``), an email address; or None."""
    if EMAIL.search(value):
        return "email"
    for run in DIGIT_RUN.findall(value):
        digits = re.sub(r"\D", "", run)
        if len(digits) == 16:
            return "nik"
        if len(digits) == 18:
            return "nip"
        if MOBILE.match(digits) or (run.startswith("+62") and len(digits) >= 9):
            return "phone"
    return None


def id_problem(value: str) -> tuple[str, dict[str, object]] | None:
    """Why ``value`` cannot be an nbgrader student id (a ``kelas.*`` key and its parameters), or None."""
    if not value:
        return "kelas.id_empty", {}
    if STUDENT_ID.match(value):
        return None
    if re.search(r"\s", value):
        return "kelas.id_space", {"value": value}
    if value.lower() != value and STUDENT_ID.match(value.lower()):
        return "kelas.id_uppercase", {"value": value}
    bad = sorted({char for char in value if not re.match(r"[a-z0-9_-]", char)})
    if bad:
        return "kelas.id_chars", {"value": value, "chars": " ".join(f"'{char}'" for char in bad)}
    if len(value) > ID_MAX_LENGTH:
        return "kelas.id_too_long", {"value": value, "length": len(value), "limit": ID_MAX_LENGTH}
    return "kelas.id_start", {"value": value}


# ---------------------------------------------------------------- reading the trainer's file

def _decode(path: Path, lang: str | None) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail("kelas.file_missing", lang, path=path) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail("kelas.not_utf8", lang, path=path) from None


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every line that is not blank; the delimiter is the header line's."""
    lines = text.splitlines()
    first = 0
    delimiter = None
    if lines and lines[0].strip().lower().startswith("sep="):  # Excel's delimiter hint line
        delimiter, first = lines[0].strip()[4:5] or ",", 1
    header = next((line for line in lines[first:] if line.strip()), "")
    if delimiter is None:
        delimiter = max((";", ",", "\t"), key=header.count) if header else ","
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=delimiter)
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((reader.line_num + first, cells))
    return rows


def _columns(header: list[str], line: int, path: Path, result: RosterResult) -> dict[str, int]:
    """Which cell holds id, name and group; personal-data and unknown columns are reported and skipped."""
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        title = title.strip()
        compact = _compact(title)
        role = next((role for role, names in HEADERS.items() if compact in names), None)
        if role is not None:
            if role in columns:
                raise _fail("kelas.duplicate_column", result.lang, path=path, column=title)
            columns[role] = index
        elif (kind := sensitive_header(title)) is not None:
            result.errors.append(RosterProblem(line, "kelas.sensitive_column", (("column", title), ("kind", kind))))
        elif title:
            result.notices.append(RosterProblem(line, "kelas.ignored_column", (("column", title),)))
    for role in ("id", "name"):
        if role not in columns:
            accepted = ", ".join(names[0] if role == "id" else f"{names[0]}/{names[1]}"
                                 for role, names in HEADERS.items())
            raise _fail("kelas.missing_column", result.lang, path=path, column=role,
                        found=", ".join(cell.strip() for cell in header if cell.strip()) or "-", accepted=accepted)
    return columns


def _learner(cells: list[str], line: int, columns: dict[str, int], header: list[str],
             first_line_of: dict[str, int]) -> Learner | RosterProblem:
    def cell(role: str) -> str:
        index = columns.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    values = {role: cell(role) for role in ROSTER_FIELDS}
    for role, value in values.items():
        kind = sensitive_value(value)
        if kind is not None:
            return RosterProblem(line, "kelas.sensitive_value", (("column", header[columns[role]].strip()),
                                                                 ("kind", kind)))
    learner_id, name, group = values["id"], " ".join(values["name"].split()), " ".join(values["group"].split())
    problem = id_problem(learner_id)
    if problem is not None:
        key, params = problem
        return RosterProblem(line, key, tuple(params.items()))
    if learner_id in first_line_of:
        return RosterProblem(line, "kelas.id_duplicate", (("value", learner_id), ("first", first_line_of[learner_id])))
    if not name:
        return RosterProblem(line, "kelas.name_empty", (("value", learner_id),))
    if len(name) > NAME_MAX_LENGTH:
        return RosterProblem(line, "kelas.name_too_long", (("value", learner_id), ("limit", NAME_MAX_LENGTH)))
    first_line_of[learner_id] = line
    return Learner(learner_id, name, group)


def read_roster_csv(csv_path: Path | str, lang: str | None = None) -> tuple[list[Learner], RosterResult]:
    """The good learners of a trainer's CSV, and a result holding the problems (nothing is stored)."""
    path = Path(csv_path)
    result = RosterResult(source=path, lang=check_lang(lang) if lang is not None else None)
    rows = _rows(_decode(path, result.lang))
    if not rows:
        raise _fail("kelas.empty_file", result.lang, path=path)
    header_line, header = rows[0]
    columns = _columns(header, header_line, path, result)
    learners, first_line_of = [], {}
    for line, cells in rows[1:]:
        outcome = _learner(cells, line, columns, header, first_line_of)
        if isinstance(outcome, Learner):
            learners.append(outcome)
        else:
            result.errors.append(outcome)
    return learners, result


# ---------------------------------------------------------------- the course's roster

def roster_path(course: Course) -> Path:
    return course.root / ROSTER_NAME


def load_roster(course_dir: Path | str | Course) -> list[Learner]:
    """The learners in ``DIR/roster.csv`` (empty when there is none yet)."""
    course = course_dir if isinstance(course_dir, Course) else Course(Path(course_dir).resolve())
    path = roster_path(course)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [Learner(row["id"], row.get("name") or "", row.get("group") or "")
                for row in csv.DictReader(handle) if row.get("id")]


def _write_roster(path: Path, learners: list[Learner]) -> None:
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent, prefix=".roster-",
                                         suffix=".csv", delete=False)
    with handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ROSTER_FIELDS)
        writer.writerows((learner.id, learner.name, learner.group) for learner in learners)
    os.replace(handle.name, path)


def import_roster(course_dir: Path | str, csv_path: Path | str, lang: str | None = None) -> RosterResult:
    """Import a trainer's CSV of learners (id, name, group — or id, nama, kelompok) into a course.

    Good lines go into the gradebook (student id, first name = name) and ``DIR/roster.csv``; every bad
    line is left out and reported in ``result.errors``. Raises :class:`RosterError` when the file cannot
    be used at all and :class:`CourseError` when ``course_dir`` is not a course."""
    course = Course(Path(course_dir).resolve())
    course.config()  # refuses a folder that is not a course
    learners, result = read_roster_csv(csv_path, lang)
    result.roster_path = roster_path(course)
    before = {learner.id: learner for learner in load_roster(course)}
    merged = dict(before)
    with Gradebook(course.gradebook_url, course_id=course.course_id) as gradebook:
        known_names = {student.id: student.first_name for student in gradebook.students}
        for learner in learners:
            gradebook.update_or_create_student(learner.id, first_name=learner.name)
            merged[learner.id] = learner
            if learner.id not in before:
                result.added.append(learner)
            elif before[learner.id] != learner or known_names.get(learner.id) != learner.name:
                result.updated.append(learner)
            else:
                result.unchanged.append(learner)
    if merged != before:
        _write_roster(result.roster_path, list(merged.values()))
    return result


def remove_from_roster(course_dir: Path | str | Course, student_id: str) -> bool:
    """Take one learner off ``DIR/roster.csv`` (forgetting a learner); whether they were on it."""
    course = course_dir if isinstance(course_dir, Course) else Course(Path(course_dir).resolve())
    learners = load_roster(course)
    kept = [learner for learner in learners if learner.id != student_id]
    if len(kept) == len(learners):
        return False
    _write_roster(roster_path(course), kept)
    return True
