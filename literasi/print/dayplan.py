"""The bimtek day plan as a printable PDF (``literasi dayplan``): one A4 page per track (UMKM, ASN).

Each page is the one-day schedule of the instructor guide (:func:`literasi.guide.schedule`, not a copy
of it): start time, minutes and title of every lesson with a QR code to the lesson on the public site,
the lunch break, and after the last lesson of a module the exercise to hand out. Only exercises that
assess a lesson of the track are listed (the QRIS exercise is not handed out to civil servants who did
not have the QRIS lesson). Rows shrink, down to a QR code of ``MIN_QR`` mm, so a track fits one page; a row
is as tall as its QR code or its text, whichever is taller (a long title wraps to a second line).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from literasi.curriculum import AUDIENCES, Curriculum, Exercise, Lesson, Module, load_curriculum
from literasi.guide import exercises_for, lessons_for, schedule
from literasi.i18n import check_lang, t
from literasi.qr import qr_png
from literasi.site.urls import lesson_switch_url

from .document import DEFAULT_BASE_URL, new_document
from .palette import ACCENT, MUTED_COLOR, TEXT_COLOR, TINT

TRACKS = AUDIENCES  # one page per audience; lessons for everyone ("semua") are on each of them
DAYS = 1
MAX_QR, MIN_QR = 22.0, 9.0  # mm; below 9 mm a phone camera struggles with the printed code
PLAIN_ROW = 6.5  # lunch and exercise rows, mm
HEADER_ROW = 6.0
ROW_GAP = 1.2  # between a lesson's QR code and the next row
COLUMNS = (15, 16)  # widths of the start and minutes columns, mm; the activity takes the rest


@dataclass(frozen=True)
class Row:
    kind: str  # "lesson" | "lunch" | "exercise"
    start: str  # "08.00", empty for an exercise
    minutes: int | None
    title: str
    lesson: Lesson | None = None
    module: Module | None = None
    exercise: Exercise | None = None


@dataclass(frozen=True)
class TrackPlan:
    track: str
    rows: list[Row]
    self_study: list[Lesson]


def track_plan(curriculum: Curriculum, track: str, lang: str) -> TrackPlan:
    """The guide's one-day schedule as rows, with each module's exercises after its last lesson in class."""
    slots, _ = schedule(curriculum, track, DAYS, lang)
    exercises = exercises_for(curriculum, track)
    scheduled = [slot.ref for slot in slots if slot.kind == "lesson"]
    last_of_module = {}
    for lesson_id in scheduled:
        last_of_module[curriculum.module_of(lesson_id).id] = lesson_id
    rows: list[Row] = []
    for slot in slots:
        start = f"{slot.start:%H.%M}"
        if slot.kind != "lesson":
            rows.append(Row(slot.kind, start, slot.minutes, slot.title))
            continue
        module = curriculum.module_of(slot.ref)
        rows.append(Row("lesson", start, slot.minutes, slot.title, curriculum.lesson(slot.ref), module))
        if last_of_module.get(module.id) == slot.ref:
            rows += [Row("exercise", "", None, exercise.title[lang], module=module, exercise=exercise)
                     for exercise in exercises.get(module.id, [])]
    self_study = [lesson for _, lessons in lessons_for(curriculum, track) for lesson in lessons
                  if lesson.id not in scheduled]
    return TrackPlan(track, rows, self_study)


def dayplan_pdf(curriculum: Curriculum, lang: str = "id", base_url: str = DEFAULT_BASE_URL) -> bytes:
    check_lang(lang)
    title = t("cetak.dayplan_title", lang)
    pdf = new_document(lang, title, f"Literasi · {title}")
    pdf.set_margins(14, 11, 14)  # a little tighter than a handout, so a whole day fits one page
    pdf.set_auto_page_break(True, margin=15)
    for track in TRACKS:
        _track_page(pdf, track_plan(curriculum, track, lang), lang, base_url)
    return bytes(pdf.output())


def _track_page(pdf: FPDF, plan: TrackPlan, lang: str, base_url: str) -> None:
    fonts, clean = pdf.typefaces, pdf.typefaces.clean
    pdf.add_page()
    pdf.set_font(fonts.family, "B", 9)
    pdf.set_text_color(*ACCENT)
    kicker = f"Literasi · {t('cetak.dayplan_title', lang)} · {t('cetak.site', lang, url=base_url.rstrip('/'))}"
    pdf.cell(0, 4.5, clean(kicker), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fonts.family, "B", 17)
    pdf.set_text_color(*TEXT_COLOR)
    track_name = t("site.track_" + plan.track, lang)
    pdf.cell(0, 8.5, clean(f"{t('guide.track', lang)}: {track_name}"), new_x="LMARGIN", new_y="NEXT")
    _fields(pdf, [t("cetak.date", lang), t("cetak.dayplan_place", lang)])

    footer_lines = _footer_lines(plan, lang)
    room = pdf.page_break_trigger - pdf.get_y() - HEADER_ROW - _footer_height(pdf, footer_lines) - 4.2 - 3
    qr = _qr_size(pdf, plan, lang, room)

    width = pdf.epw
    activity = _activity_width(pdf, qr)
    _header_row(pdf, lang, activity, qr)
    for row in plan.rows:
        if row.kind == "lesson":
            _lesson_row(pdf, row, lang, base_url, activity, qr)
        else:
            _plain_row(pdf, row, lang, width)
    pdf.ln(2)
    pdf.set_font(fonts.family, "", 8.5)
    pdf.set_text_color(*MUTED_COLOR)
    for line in footer_lines:
        pdf.multi_cell(0, 4.2, clean(line), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*TEXT_COLOR)


def _activity_width(pdf: FPDF, qr: float) -> float:
    return pdf.epw - sum(COLUMNS) - qr - 3


def _title_size(qr: float) -> float:
    return 10 if qr >= 14 else 9.5


def _lesson_row_height(pdf: FPDF, row: Row, lang: str, qr: float) -> float:
    """How tall ``_lesson_row`` draws ``row``: its QR code, or its title and module line if they are taller."""
    fonts, clean, activity, size = pdf.typefaces, pdf.typefaces.clean, _activity_width(pdf, qr), _title_size(qr)
    pdf.set_font(fonts.family, "B", size)
    title = len(pdf.multi_cell(activity, size * 0.45, clean(row.title), dry_run=True, output="LINES"))
    pdf.set_font(fonts.family, "", 7.5)
    module = f"{row.module.title[lang]} · {lesson_switch_url(lang, row.lesson.id)}"
    below = len(pdf.multi_cell(activity, 3.4, clean(module), dry_run=True, output="LINES"))
    return max(qr + ROW_GAP, 1.2 + title * size * 0.45 + below * 3.4 + 0.5)


def _qr_size(pdf: FPDF, plan: TrackPlan, lang: str, room: float) -> float:
    """The largest QR code, from ``MAX_QR`` down to ``MIN_QR`` mm, at which all the rows fit in ``room`` mm."""
    lessons = [row for row in plan.rows if row.kind == "lesson"]
    plain = (len(plan.rows) - len(lessons)) * PLAIN_ROW
    qr = max(MIN_QR, min(MAX_QR, (room - plain) / max(len(lessons), 1) - ROW_GAP))  # if no title wrapped
    while qr > MIN_QR and plain + sum(_lesson_row_height(pdf, row, lang, qr) for row in lessons) > room:
        qr = max(MIN_QR, qr - 0.25)
    return qr


def _footer_height(pdf: FPDF, lines: list[str]) -> float:
    """The footer's height as printed: a long line wraps (counting each as one line let a full page spill its last
    footer line onto a page of its own)."""
    pdf.set_font(pdf.typefaces.family, "", 8.5)
    wrapped = sum(len(pdf.multi_cell(0, 4.2, pdf.typefaces.clean(line), dry_run=True, output="LINES"))
                  for line in lines)
    return 4.2 * wrapped


def _footer_lines(plan: TrackPlan, lang: str) -> list[str]:
    lines = []
    if plan.self_study:
        lines.append(t("guide.self_study", lang) + " " + "; ".join(lesson.title[lang] for lesson in plan.self_study))
    lines.append(t("cetak.homework_note", lang))
    lines.append(t("cetak.dayplan_intro", lang))
    return lines


def _fields(pdf: FPDF, labels: list[str]) -> None:
    fonts = pdf.typefaces
    pdf.set_font(fonts.family, "", 10)
    pdf.set_draw_color(*MUTED_COLOR)
    y, share = pdf.get_y(), pdf.epw / len(labels)
    for index, label in enumerate(labels):
        x = pdf.l_margin + index * share
        text = fonts.clean(label + ":")
        pdf.set_xy(x, y)
        pdf.cell(pdf.get_string_width(text) + 2, 7, text)
        pdf.line(pdf.get_x(), y + 6, x + share - 6, y + 6)
    pdf.set_xy(pdf.l_margin, y + 8.5)


def _header_row(pdf: FPDF, lang: str, activity: float, qr: float) -> None:
    fonts = pdf.typefaces
    pdf.set_font(fonts.family, "B", 9)
    pdf.set_fill_color(*TINT)
    for label, width in ((t("guide.col_time", lang), COLUMNS[0]), (t("guide.col_minutes", lang), COLUMNS[1]),
                         (t("guide.col_activity", lang), activity), (t("cetak.col_open", lang), qr + 3)):
        pdf.cell(width, HEADER_ROW, fonts.clean(label), fill=True, align="R" if width == qr + 3 else "L")
    pdf.ln(HEADER_ROW)


def _lesson_row(pdf: FPDF, row: Row, lang: str, base_url: str, activity: float, qr: float) -> None:
    fonts, clean = pdf.typefaces, pdf.typefaces.clean
    height = qr + ROW_GAP
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_draw_color(210, 215, 220)
    pdf.line(x, y, x + pdf.epw, y)
    pdf.set_font(fonts.family, "", 10)
    pdf.set_xy(x, y + 0.8)
    pdf.cell(COLUMNS[0], 5, row.start)
    pdf.cell(COLUMNS[1], 5, str(row.minutes))
    text_x = x + sum(COLUMNS)
    title_size = _title_size(qr)
    pdf.set_font(fonts.family, "B", title_size)
    pdf.set_xy(text_x, y + 1.2)
    pdf.multi_cell(activity, title_size * 0.45, clean(row.title), new_x="LEFT", new_y="NEXT",
                   max_line_height=title_size * 0.45, align="L")
    pdf.set_font(fonts.family, "", 7.5)
    pdf.set_text_color(*MUTED_COLOR)
    path = lesson_switch_url(lang, row.lesson.id)
    pdf.set_x(text_x)
    pdf.multi_cell(activity, 3.4, clean(f"{row.module.title[lang]} · {path}"), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_text_color(*TEXT_COLOR)
    url = lesson_switch_url(lang, row.lesson.id, base_url)
    pdf.image(qr_png(url, scale=6, border=1), x=x + pdf.epw - qr, y=y + ROW_GAP / 2, w=qr, h=qr)
    pdf.set_xy(x, max(y + height, pdf.get_y() + 0.5))


def _plain_row(pdf: FPDF, row: Row, lang: str, width: float) -> None:
    fonts, clean = pdf.typefaces, pdf.typefaces.clean
    x, y = pdf.l_margin, pdf.get_y()
    if row.kind == "lunch":
        pdf.set_fill_color(245, 242, 232)
        pdf.set_font(fonts.family, "", 10)
        pdf.cell(COLUMNS[0], PLAIN_ROW, row.start, fill=True)
        pdf.cell(COLUMNS[1], PLAIN_ROW, str(row.minutes), fill=True)
        pdf.set_font(fonts.family, "I", 10)
        pdf.cell(width - sum(COLUMNS), PLAIN_ROW, clean(row.title), fill=True)
    else:
        pdf.set_fill_color(*TINT)
        pdf.set_font(fonts.family, "B", 9.5)
        pdf.set_text_color(*ACCENT)
        label = clean(t("cetak.exercise_label", lang))
        pdf.cell(sum(COLUMNS), PLAIN_ROW, "", fill=True)
        pdf.set_x(x + sum(COLUMNS))
        label_width = pdf.get_string_width(label) + 3
        pdf.cell(label_width, PLAIN_ROW, label, fill=True)
        pdf.set_text_color(*TEXT_COLOR)
        pdf.set_font(fonts.family, "", 9.5)
        text = f"{row.title} · {row.exercise.assignment(lang)}"
        pdf.cell(width - sum(COLUMNS) - label_width, PLAIN_ROW, clean(text), fill=True)
    pdf.set_xy(x, y + PLAIN_ROW)


def write_dayplan(root: Path, out: Path, lang: str = "id", base_url: str = DEFAULT_BASE_URL) -> Path:
    curriculum = load_curriculum(root=root)
    out = Path(out)
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(dayplan_pdf(curriculum, lang, base_url))
    return out
