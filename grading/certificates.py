"""PDF certificates of completion (fpdf2), one per learner who passed, in the learner's language.

Who gets one (the rule lives in ``report.LearnerSummary.passed``): a learner who has a graded
submission of *every* exercise of the course (either language variant; the better one counts) and whose
total score across those exercises is at least ``min_score`` of the total maximum (0.7 = 70%). Points
still awaiting manual grading count as 0, so grade the reflections first for a fair result.

Each certificate carries a verification code: the first 10 hex characters (upper case) of
HMAC-SHA256 over ``student|course title|issue date`` with a per-course secret kept in
``DIR/.literasi-secret`` (created on first use, readable by the owner only). The trainer can recompute it
with :func:`verify_certificate`; ``daftar-sertifikat.csv`` beside the PDFs lists every code issued.
When nobody passed, :func:`nobody_passed_note` tells the trainer the pass mark and who is closest.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from fpdf import FPDF

from literasi.curriculum import Curriculum, Exercise
from literasi.i18n import LANGS, t
from literasi.print.fonts import setup_fonts
from literasi.print.palette import ACCENT, MUTED_COLOR, TEXT_COLOR
from literasi.qr import qr_png

from .course import Course
from .report import PASS_SHARE, LearnerSummary, collect_results, spreadsheet_text

SECRET_NAME = ".literasi-secret"
REGISTER_NAME = "daftar-sertifikat.csv"
CODE_LENGTH = 10


# ---------------------------------------------------------------- verification codes

def course_secret(course_dir: Path | str) -> bytes:
    """The course's signing secret, created (32 random bytes, hex, mode 0600) the first time it is needed."""
    path = Path(course_dir) / SECRET_NAME
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    secret = path.read_text("ascii").strip()
    if not secret:
        raise ValueError(f"{path} is empty; delete it to create a new secret (codes issued before will change)")
    return secret.encode("ascii")


def verification_code(secret: bytes, student: str, course_title: str, issued: dt.date) -> str:
    message = f"{student}|{course_title}|{issued.isoformat()}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:CODE_LENGTH].upper()


def verify_certificate(course_dir: Path | str, student: str, course_title: str, issued: dt.date, code: str) -> bool:
    """Whether ``code`` is the one this course issues for that learner, course title and date."""
    expected = verification_code(course_secret(course_dir), student, course_title, issued)
    return hmac.compare_digest(expected, code.strip().upper())


# ---------------------------------------------------------------- what a certificate says

def course_minutes(curriculum: Curriculum, exercises: list[Exercise]) -> int:
    """Minutes of the lessons the exercises assess, each lesson counted once."""
    lessons = dict.fromkeys(lesson_id for exercise in exercises for lesson_id in exercise.assesses)
    return sum(curriculum.lesson(lesson_id).minutes for lesson_id in lessons)


def format_hours(minutes: int, lang: str) -> str:
    return format_decimal(minutes / 60, format="#,##0.#", locale=lang)


@dataclass(frozen=True)
class CertificateText:
    lang: str
    name: str
    course_title: str
    hours: str
    minutes: int
    percent: str
    date: str
    code: str
    qr_payload: str


def certificate_pdf(text: CertificateText) -> bytes:
    """A one-page A4 landscape certificate, in the fonts, colours and QR code of the handouts
    (``literasi.print``)."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{t('grading.cert_subheading', text.lang)} — {text.name}")
    pdf.set_author("Literasi")
    pdf.set_lang(text.lang)
    fonts = setup_fonts(pdf, italic_and_mono=False)
    family, clean = fonts.family, fonts.clean
    pdf.add_page()
    width, height = pdf.w, pdf.h
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.6)
    pdf.rect(8, 8, width - 16, height - 16)
    pdf.set_line_width(0.4)
    pdf.rect(12, 12, width - 24, height - 24)

    def line(words: str, size: float, style: str = "", gap: float = 2, color: tuple[int, int, int] = TEXT_COLOR,
             smallest: float | None = None):
        """One centred paragraph; with ``smallest``, the size shrinks (not below it) to keep it on one line."""
        pdf.set_font(family, style, size)
        while smallest is not None and size > smallest and pdf.get_string_width(clean(words)) > width - 50:
            size -= 1
            pdf.set_font(family, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(25)
        pdf.multi_cell(width - 50, size * 0.5, clean(words), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(26)
    line("Literasi", 12, "B", 3, ACCENT)
    line(t("grading.cert_heading", text.lang), 34, "B", 1)
    line(t("grading.cert_subheading", text.lang), 14, "", 8, MUTED_COLOR)
    line(t("grading.cert_awarded_to", text.lang), 13, "", 3)
    line(text.name, 28, "B", 5, smallest=18)
    line(t("grading.cert_for_completing", text.lang), 13, "", 3)
    line(text.course_title, 17, "B", 6, smallest=12)
    line(t("grading.cert_hours", text.lang, hours=text.hours, minutes=text.minutes), 12, "", 1)
    line(t("grading.cert_score", text.lang, percent=text.percent), 12, "", 1)
    line(t("grading.cert_date", text.lang, date=text.date), 12, "", 1)

    qr_size = 30
    pdf.image(qr_png(text.qr_payload), x=width - 25 - qr_size, y=height - 22 - qr_size, w=qr_size, h=qr_size)
    pdf.set_text_color(*TEXT_COLOR)
    pdf.set_font(family, "B", 11)
    pdf.set_xy(25, height - 22 - qr_size + 8)
    pdf.cell(150, 6, clean(t("grading.cert_code", text.lang, code=text.code)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.set_x(25)
    pdf.multi_cell(150, 4.5, clean(t("grading.cert_verify_note", text.lang)))
    return bytes(pdf.output())


def _file_name(student: str) -> str:
    return "sertifikat-" + re.sub(r"[^A-Za-z0-9._-]", "_", student) + ".pdf"


# ---------------------------------------------------------------- the class

def make_certificates(course_dir: Path | str, out_dir: Path | str, min_score: float = PASS_SHARE,
                      root: Path | None = None, course_name: str | None = None,
                      dates: dt.date | Mapping[str, dt.date] | None = None) -> list[Path]:
    """Write ``out_dir/sertifikat-<student>.pdf`` for every learner who passed; return those files.

    ``min_score`` is a share of the course's points (0.7 = 70%). ``course_name`` replaces the
    manifest's title (in both languages). ``dates`` is one issue date for everyone or a date per learner
    id; missing dates are today. A learner who has not passed gets no certificate. Also writes
    ``daftar-sertifikat.csv``, the register of codes issued (UTF-8 with BOM)."""
    if not 0 <= min_score <= 1:
        raise ValueError(f"min_score is a share between 0 and 1 (0.7 means 70%), not {min_score!r}")
    results = collect_results(course_dir, root)
    course: Course = results.course
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    secret = course_secret(course.root)
    exercises = [exercise for _, exercise in results.exercises]
    minutes = course_minutes(results.curriculum, exercises)
    today = dt.date.today()

    written: list[Path] = []
    register: list[list[str]] = []
    for learner in results.learners:
        if not learner.passed(min_score):
            continue
        issued = (dates.get(learner.id) if isinstance(dates, Mapping) else dates) or today
        text = _text_for(learner, results.curriculum.title[learner.lang] if course_name is None else course_name,
                         minutes, issued, secret)
        path = out / _file_name(learner.id)
        path.write_bytes(certificate_pdf(text))
        written.append(path)
        register.append([spreadsheet_text(learner.id), spreadsheet_text(learner.name), learner.lang, text.course_title, issued.isoformat(), text.code,
                         f"{100 * learner.share:g}", path.name])
    with (out / REGISTER_NAME).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID peserta (learner id)", "Nama (name)", "Bahasa (language)", "Kursus (course)",
                         "Tanggal (date)", "Kode verifikasi (verification code)", "Persen (percent)", "Berkas (file)"])
        writer.writerows(register)
    return written


def closest_to_passing(learners, min_score: float = PASS_SHARE) -> LearnerSummary | None:
    """The learner nearest the pass mark among those who have not passed: the highest share of points,
    then the most exercises done; None when every learner passed or there are none."""
    waiting = [learner for learner in learners if not learner.passed(min_score)]
    return max(waiting, key=lambda learner: (learner.share, learner.exercises_done), default=None)


def nobody_passed_note(course_dir: Path | str, min_score: float = PASS_SHARE, root: Path | None = None,
                       langs: tuple[str, ...] = LANGS) -> str:
    """What the trainer reads when no certificate was made: that nobody reached the pass mark, what the
    mark is, and who is closest (name and score), once per language."""
    results = collect_results(course_dir, root)
    closest = closest_to_passing(results.learners, min_score)
    total = len(results.exercises)
    lines = []
    for lang in langs:
        percent = format_percent(min_score, locale=lang)
        if closest is None:
            lines.append(t("grading.cert_no_learners", lang, percent=percent, exercises=total))
            continue
        lines.append(t("grading.cert_none_passed", lang, percent=percent, exercises=total))
        who = closest.name if closest.name == closest.id else f"{closest.name} ({closest.id})"
        lines.append(t("grading.cert_closest", lang, learner=who,
                       score=format_decimal(closest.score, locale=lang), max_score=format_decimal(closest.max_score, locale=lang),
                       share=format_percent(closest.share, format="#,##0.#%", locale=lang), done=closest.exercises_done,
                       exercises=closest.exercises_total))
        if closest.pending_points:
            lines.append(t("grading.cert_closest_pending", lang, points=format_decimal(closest.pending_points, locale=lang)))
    return "\n".join(lines)


def _text_for(learner: LearnerSummary, course_title: str, minutes: int, issued: dt.date, secret: bytes) -> CertificateText:
    lang = learner.lang
    code = verification_code(secret, learner.id, course_title, issued)
    return CertificateText(
        lang=lang, name=learner.name, course_title=course_title, hours=format_hours(minutes, lang), minutes=minutes,
        percent=format_percent(learner.share, locale=lang), date=format_date(issued, format="long", locale=lang),
        code=code, qr_payload=f"Literasi {code} | {learner.name} | {course_title} | {issued.isoformat()}",
    )
