"""The class store: who joined which class, every exercise attempt, every lesson-quiz result.

One SQLite file in the course folder (``COURSE/kelas.db``, stdlib ``sqlite3``) in WAL mode with ``synchronous=FULL``:
every write is committed — on disk — before the method returns, so a server that acknowledges after calling the
store never loses an acknowledged submission or quiz result, even when the laptop loses power. Each call opens its
own short connection, so the store can be used from the server's thread and from grading threads alike.

What is stored is what the privacy notice says (:mod:`.privacy`): the class code, each learner's name (never a
NIK, NIP, phone number or email: a name that looks like one is refused, with the roster's own detector), their
answers and scores with timestamps. :meth:`ClassStore.export` gives everything, :meth:`ClassStore.forget` removes
everything about one learner (the nbgrader side is :func:`.forget.forget_learner_in_course`), and
:meth:`ClassStore.delete_expired` removes what is older than the retention setting (``retention_days``, default
:data:`DEFAULT_RETENTION_DAYS`).
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from literasi.grading.roster import NAME_MAX_LENGTH, STUDENT_ID, sensitive_value

STORE_NAME = "kelas.db"
DEFAULT_RETENTION_DAYS = 90
CODE = re.compile(r"^[A-Z0-9]{4,12}$")
CODE_LENGTHS = (4, 12)
DAY_SECONDS = 86_400
TABLES = ("classes", "learners", "attempts", "quiz_results", "exercises", "settings")

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS learners (
    id INTEGER PRIMARY KEY,
    class_code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
    name TEXT NOT NULL,
    student_id TEXT NOT NULL UNIQUE,          -- the nbgrader student id (submitted/<student_id>/)
    joined_at REAL NOT NULL,
    last_seen_at REAL NOT NULL,
    UNIQUE (class_code, name)
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    assignment TEXT NOT NULL,
    answers TEXT NOT NULL,                    -- JSON: field name -> value
    submitted_at REAL NOT NULL,
    score REAL,
    max_score REAL,
    graded_at REAL
);
CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts (learner_id, assignment);
CREATE TABLE IF NOT EXISTS quiz_results (
    learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    quiz TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    attempts INTEGER NOT NULL,
    first_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (learner_id, quiz)
);
CREATE TABLE IF NOT EXISTS exercises (          -- which exercises of a class take submissions (the instructor's switch)
    class_code TEXT NOT NULL REFERENCES classes(code) ON DELETE CASCADE,
    assignment TEXT NOT NULL,
    is_open INTEGER NOT NULL,
    changed_at REAL NOT NULL,
    PRIMARY KEY (class_code, assignment)
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class StoreRefused(ValueError):
    """A learner's input the store does not take: a ``kelas.name.*`` or ``kelas.code.*`` key and its parameters
    (``t(error.key, lang, **error.params)`` is the sentence)."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        from literasi.i18n import t

        params = dict(self.params)
        if "kind" in params:
            params["kind"] = t(f"kelas.kind.{params['kind']}", lang)
        return t(self.key, lang, **params)


def clean_name(name: str) -> str:
    """A learner's name as stored: one line, single spaces; refused when empty, too long, or personal data."""
    text = " ".join("".join(c for c in name if unicodedata.category(c)[0] != "C").split())
    if not text:
        raise StoreRefused("kelas.name.empty")
    if len(text) > NAME_MAX_LENGTH:
        raise StoreRefused("kelas.name.too_long", limit=NAME_MAX_LENGTH)
    kind = sensitive_value(text)
    if kind is not None:
        raise StoreRefused("kelas.name.personal", kind=kind)
    return text


def clean_code(code: str) -> str:
    text = code.strip().upper()
    if not CODE.match(text):
        raise StoreRefused("kelas.code.format", min=CODE_LENGTHS[0], max=CODE_LENGTHS[1])
    return text


def student_id_base(name: str) -> str:
    """An nbgrader student id from a name: ``Siti Aminah`` → ``siti-aminah`` (ASCII letters and digits)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:30].strip("-")
    return base or "peserta"


class ClassStore:
    """The class store of one course folder."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # kept in the file: every later connection is in WAL mode
            db.executescript(SCHEMA)
        finally:
            db.close()

    @classmethod
    def of_course(cls, course_root: Path | str) -> ClassStore:
        return cls(Path(course_root) / STORE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection for one call: committed (and synced) when the block ends, rolled back on an error."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def journal_mode(self) -> str:
        with self._connect() as db:
            return db.execute("PRAGMA journal_mode").fetchone()[0]

    # ------------------------------------------------------------ classes and learners

    def create_class(self, code: str, now: float | None = None) -> str:
        code = clean_code(code)
        with self._connect() as db:
            db.execute("INSERT OR IGNORE INTO classes (code, created_at) VALUES (?, ?)", (code, now or time.time()))
        return code

    def class_exists(self, code: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM classes WHERE code = ?", (code.strip().upper(),)).fetchone() is not None

    def add_learner(self, code: str, name: str, now: float | None = None, reserved_ids: frozenset[str] = frozenset(),
                    student_id: str | None = None) -> dict:
        """Put a name on a class's roster; a name already there is refused (``kelas.name.taken``), never
        shared silently. The learner's nbgrader ``student_id`` is ``student_id`` when given (a name picked from the
        course roster keeps its roster id) and no other learner has it; otherwise it is made from the name, distinct
        from every other learner's and from ``reserved_ids`` (the course's other students). Returns the learner's
        row."""
        name, code, now = clean_name(name), code.strip().upper(), now or time.time()
        with self._connect() as db:
            if db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)).fetchone() is None:
                raise StoreRefused("kelas.code.unknown")
            names = {row[0].casefold() for row in db.execute("SELECT name FROM learners WHERE class_code = ?", (code,))}
            if name.casefold() in names:  # "siti" is Siti: the second phone asks the instructor
                raise StoreRefused("kelas.name.taken", name=name)
            in_store = {row[0] for row in db.execute("SELECT student_id FROM learners")}
            if student_id is not None and STUDENT_ID.match(student_id) and student_id in in_store:
                raise StoreRefused("kelas.name.taken", name=name)
            if student_id is None or not STUDENT_ID.match(student_id):
                taken, base = in_store | set(reserved_ids), student_id_base(name)
                student_id = next(candidate for candidate in (base, *(f"{base}-{n}" for n in range(2, 10_000)))
                                  if candidate not in taken)
            assert STUDENT_ID.match(student_id)
            cursor = db.execute("INSERT INTO learners (class_code, name, student_id, joined_at, last_seen_at) "
                                "VALUES (?, ?, ?, ?, ?)", (code, name, student_id, now, now))
            return dict(db.execute("SELECT * FROM learners WHERE id = ?", (cursor.lastrowid,)).fetchone())

    def learners(self, code: str | None = None) -> list[dict]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM learners WHERE ? IS NULL OR class_code = ? ORDER BY name",
                              (code, code)).fetchall()
        return [dict(row) for row in rows]

    def learner(self, learner_id: int) -> dict | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM learners WHERE id = ?", (learner_id,)).fetchone()
        return dict(row) if row else None

    # ------------------------------------------------------------ exercises: open or closed

    def set_exercise_open(self, code: str, assignment: str, is_open: bool, now: float | None = None) -> None:
        """Open an exercise of a class for submissions, or close it (a closed exercise refuses new attempts)."""
        with self._connect() as db:
            db.execute("INSERT INTO exercises (class_code, assignment, is_open, changed_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (class_code, assignment) DO UPDATE SET is_open = excluded.is_open, "
                       "changed_at = excluded.changed_at", (code.strip().upper(), assignment, int(is_open), now or time.time()))

    def open_exercises(self, code: str) -> set[str]:
        """The exercises of a class that take submissions now."""
        with self._connect() as db:
            rows = db.execute("SELECT assignment FROM exercises WHERE class_code = ? AND is_open = 1",
                              (code.strip().upper(),)).fetchall()
        return {row[0] for row in rows}

    def exercise_is_open(self, code: str, assignment: str) -> bool:
        return assignment in self.open_exercises(code)

    # ------------------------------------------------------------ attempts and quiz results

    def record_attempt(self, learner_id: int, assignment: str, answers: dict, now: float | None = None) -> int:
        """Keep one exercise attempt (every attempt is kept); its id. Committed before returning."""
        now = now or time.time()
        with self._connect() as db:
            cursor = db.execute("INSERT INTO attempts (learner_id, assignment, answers, submitted_at) "
                                "VALUES (?, ?, ?, ?)", (learner_id, assignment, json.dumps(answers, ensure_ascii=False), now))
            db.execute("UPDATE learners SET last_seen_at = ? WHERE id = ?", (now, learner_id))
            return int(cursor.lastrowid)

    def record_grade(self, attempt_id: int, score: float, max_score: float, now: float | None = None) -> None:
        with self._connect() as db:
            db.execute("UPDATE attempts SET score = ?, max_score = ?, graded_at = ? WHERE id = ?",
                       (score, max_score, now or time.time(), attempt_id))

    def attempts(self, learner_id: int | None = None, assignment: str | None = None) -> list[dict]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM attempts WHERE (? IS NULL OR learner_id = ?) AND (? IS NULL OR assignment = ?) "
                              "ORDER BY submitted_at, id", (learner_id, learner_id, assignment, assignment)).fetchall()
        return [{**dict(row), "answers": json.loads(row["answers"])} for row in rows]

    def ungraded_attempts(self) -> list[dict]:
        """Attempts accepted but not graded yet (a server restarted mid-grading grades these)."""
        return [attempt for attempt in self.attempts() if attempt["graded_at"] is None]

    def record_quiz(self, learner_id: int, quiz: str, score: float, max_score: float, now: float | None = None) -> dict:
        """A lesson quiz's result for a learner: the latest score, and one more attempt. Committed before returning."""
        now = now or time.time()
        with self._connect() as db:
            db.execute("INSERT INTO quiz_results (learner_id, quiz, score, max_score, attempts, first_at, updated_at) "
                       "VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (learner_id, quiz) DO UPDATE SET "
                       "score = excluded.score, max_score = excluded.max_score, attempts = attempts + 1, "
                       "updated_at = excluded.updated_at", (learner_id, quiz, score, max_score, now, now))
            db.execute("UPDATE learners SET last_seen_at = ? WHERE id = ?", (now, learner_id))
            return dict(db.execute("SELECT * FROM quiz_results WHERE learner_id = ? AND quiz = ?",
                                   (learner_id, quiz)).fetchone())

    def quiz_results(self, learner_id: int | None = None) -> list[dict]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM quiz_results WHERE ? IS NULL OR learner_id = ? ORDER BY learner_id, quiz",
                              (learner_id, learner_id)).fetchall()
        return [dict(row) for row in rows]

    # ------------------------------------------------------------ privacy: export, forget, retention

    def export(self) -> dict[str, list[dict]]:
        """Everything in the store, table by table."""
        with self._connect() as db:
            return {table: [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
                    for table in TABLES}

    def export_json(self, path: Path | str) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.export(), ensure_ascii=False, indent=1), "utf-8")
        return path

    def export_csv(self, folder: Path | str) -> list[Path]:
        """One CSV per table in ``folder`` (UTF-8 with BOM, so Excel reads the names right); a cell that a
        spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is written with a leading ``'``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        with self._connect() as db:
            for table in TABLES:
                cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")
                path = folder / f"kelas-{table}.csv"
                with path.open("w", encoding="utf-8-sig", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(column[0] for column in cursor.description)
                    writer.writerows([_spreadsheet_safe(value) for value in row] for row in cursor)
                written.append(path)
        return written

    def forget(self, learner_id: int) -> dict | None:
        """Delete everything about one learner (their roster line, attempts, quiz results); the deleted learner
        (its ``student_id`` names their nbgrader records), or None when there was none."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM learners WHERE id = ?", (learner_id,)).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM learners WHERE id = ?", (learner_id,))  # attempts and quiz results cascade
            return dict(row)

    @property
    def retention_days(self) -> int:
        with self._connect() as db:
            row = db.execute("SELECT value FROM settings WHERE key = 'retention_days'").fetchone()
        return int(row[0]) if row else DEFAULT_RETENTION_DAYS

    @retention_days.setter
    def retention_days(self, days: int) -> None:
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValueError(f"retention_days must be a whole number of days, at least 1, not {days!r}")
        with self._connect() as db:
            db.execute("INSERT INTO settings (key, value) VALUES ('retention_days', ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(days),))

    def delete_expired(self, now: float | None = None) -> dict[str, int]:
        """Delete what is older than the retention setting: attempts and quiz results by their time, learners
        not seen since (with all their records), classes older than that with nobody left. Counts per table."""
        cutoff = (now or time.time()) - self.retention_days * DAY_SECONDS
        with self._connect() as db:
            counts = {"attempts": db.execute("DELETE FROM attempts WHERE submitted_at < ?", (cutoff,)).rowcount,
                      "quiz_results": db.execute("DELETE FROM quiz_results WHERE updated_at < ?", (cutoff,)).rowcount,
                      "learners": db.execute("DELETE FROM learners WHERE last_seen_at < ?", (cutoff,)).rowcount}
            counts["classes"] = db.execute("DELETE FROM classes WHERE created_at < ? AND code NOT IN "
                                           "(SELECT class_code FROM learners)", (cutoff,)).rowcount
        return counts


def _spreadsheet_safe(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
