"""A printable A4 handout of one lesson, for learners without a smartphone (``literasi handout``).

It carries what a learner needs on paper: title, module, minutes and objectives (from the manifest),
the lesson's worked example ("Contoh"/"Example") and key points ("Poin penting"/"Key points") taken
from the notebook's Markdown, the quiz questions with their options but never the answers, hints or
explanations, lines to write on, and a QR code to the lesson on the public site.

Options of single-choice, multiple-choice and scenario questions are printed in a fixed order mixed
by question id, so the right answer is not always "A" on paper (in the banks it is often written first).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from literasi.curriculum import INSTRUCTOR_TAG, Curriculum, Lesson, Module, load_curriculum
from literasi.i18n import check_lang, t
from literasi.paths import lessons_dir
from literasi.pdf import Fonts, qr_png, setup_fonts
from literasi.room import lesson_room_url
from literasi.pdf_markdown import MUTED_COLOR, TEXT_COLOR, MarkdownWriter
from literasi.widgets.quiz_bank import Bank, Option, Question, load_bank
from literasi.widgets.quiz_scoring import unit_goes_before

DEFAULT_BASE_URL = "http://127.0.0.1:8866"
# The lesson template's section headings (shared/CONTENT_GUIDE.md), per language.
EXAMPLE_HEADINGS = {"id": ("Contoh",), "en": ("Example",)}
KEY_POINT_HEADINGS = {"id": ("Poin penting",), "en": ("Key points",)}
ACCENT = (42, 127, 98)
QR_SIZE = 32
BOX = 3.6  # side of a tick box, mm


class HandoutError(ValueError):
    """The handout cannot be made (unknown lesson); the message says what to do."""


@dataclass(frozen=True)
class Section:
    heading: str  # without the "## "
    markdown: str


def notebook_sections(path: Path) -> list[Section]:
    """The notebook's Markdown split at its ``##`` headings; code cells and instructor-only cells left out."""
    notebook = json.loads(Path(path).read_text("utf-8"))
    sections: list[Section] = []
    heading, lines = "", []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown" or INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in source.splitlines():
            match = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
            if match:
                if heading:
                    sections.append(Section(heading, "\n".join(lines).strip()))
                heading, lines = match.group(1), []
            else:
                lines.append(line)
        lines.append("")  # cells are separate Markdown blocks
    if heading:
        sections.append(Section(heading, "\n".join(lines).strip()))
    return sections


def find_section(sections: list[Section], prefixes: tuple[str, ...]) -> Section | None:
    for section in sections:
        if section.heading.casefold().startswith(tuple(prefix.casefold() for prefix in prefixes)):
            return section
    return None


@dataclass(frozen=True)
class HandoutContent:
    lang: str
    lesson: Lesson
    module: Module
    url: str
    example: Section | None
    key_points: Section | None
    bank: Bank | None


def handout_content(root: Path, lesson_id: str, lang: str, base_url: str = DEFAULT_BASE_URL,
                    curriculum: Curriculum | None = None) -> HandoutContent:
    check_lang(lang)
    curriculum = curriculum or load_curriculum(root=root)
    try:
        lesson = curriculum.lesson(lesson_id)
    except KeyError:
        choices = ", ".join(item.id for item in curriculum.lessons())
        raise HandoutError(t("cetak.unknown_lesson", lang, lesson_id=lesson_id, choices=choices)) from None
    sections = notebook_sections(lessons_dir(root) / lang / lesson.path)
    return HandoutContent(
        lang=lang, lesson=lesson, module=curriculum.module_of(lesson_id),
        url=lesson_room_url(base_url, lang, lesson_id),
        example=find_section(sections, EXAMPLE_HEADINGS[lang]),
        key_points=find_section(sections, KEY_POINT_HEADINGS[lang]),
        bank=load_bank(lesson.bank, lang, root) if lesson.bank else None,
    )


def print_order(question: Question) -> list[Option]:
    """The options in a fixed order that does not depend on where the bank author put the right one."""
    return sorted(question.options,
                  key=lambda option: hashlib.sha256(f"{question.id}/{option.id}".encode()).hexdigest())


class _HandoutPdf(FPDF):
    footer_text = ""
    typefaces: Fonts

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.typefaces.family, "", 8)
        self.set_text_color(*MUTED_COLOR)
        self.cell(0, 5, self.typefaces.clean(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.typefaces.clean(t("cetak.page", self.print_lang, page=self.page_no(), pages="{nb}")),
                  align="R")


def new_document(lang: str, title: str, footer: str) -> _HandoutPdf:
    """An A4 portrait document with Literasi's fonts, margins and a footer with page numbers."""
    pdf = _HandoutPdf(orientation="P", unit="mm", format="A4")
    pdf.print_lang = lang
    pdf.typefaces = setup_fonts(pdf)
    pdf.footer_text = footer
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=18)
    pdf.alias_nb_pages()
    pdf.set_title(pdf.typefaces.clean(title))
    pdf.set_author("Literasi")
    pdf.set_lang(lang)
    return pdf


def handout_pdf(content: HandoutContent) -> bytes:
    lang, lesson = content.lang, content.lesson
    title = lesson.title[lang]
    pdf = new_document(lang, title, f"Literasi · {title}")
    fonts, clean = pdf.typefaces, pdf.typefaces.clean
    writer = MarkdownWriter(pdf, fonts)
    pdf.add_page()

    # Heading, with the QR code to the online lesson at the top right.
    text_width = pdf.epw - QR_SIZE - 6
    qr_x, qr_y = pdf.w - pdf.r_margin - QR_SIZE, pdf.t_margin
    pdf.image(qr_png(content.url), x=qr_x, y=qr_y, w=QR_SIZE, h=QR_SIZE)
    pdf.set_font(fonts.family, "", 7)
    pdf.set_text_color(*MUTED_COLOR)
    pdf.set_xy(qr_x - 4, qr_y + QR_SIZE + 0.5)
    pdf.multi_cell(QR_SIZE + 8, 3.2, clean(t("cetak.qr_caption", lang)), align="C", new_x="LEFT", new_y="NEXT")
    for line in url_lines(pdf, clean(content.url), QR_SIZE + 8):
        pdf.set_x(qr_x - 4)
        pdf.cell(QR_SIZE + 8, 3.2, line, align="C", new_x="LMARGIN", new_y="NEXT")
    qr_bottom = pdf.get_y()

    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font(fonts.family, "B", 9)
    pdf.set_text_color(*ACCENT)
    pdf.cell(text_width, 5, clean(f"Literasi · {t('cetak.handout_kind', lang)}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fonts.family, "B", 18)
    pdf.set_text_color(*TEXT_COLOR)
    pdf.multi_cell(text_width, 8, clean(title), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)
    pdf.set_font(fonts.family, "", 10)
    pdf.set_text_color(*MUTED_COLOR)
    meta = (f"{t('cetak.module', lang, title=content.module.title[lang])} · "
            f"{t('cetak.minutes', lang, minutes=lesson.minutes)}")
    pdf.multi_cell(text_width, 5, clean(meta), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(3)
    pdf.set_text_color(*TEXT_COLOR)
    _write_line_fields(pdf, [(t("cetak.name", lang), 0.62), (t("cetak.date", lang), 0.38)], text_width)
    pdf.set_y(max(pdf.get_y(), qr_bottom) + 3)

    _heading(pdf, t("cetak.objectives", lang), size=11)
    for objective in lesson.objectives[lang]:
        writer.inline(objective, marker="•", keep_together=True)
    pdf.ln(2)

    for section in (content.example, content.key_points):
        if section is not None:
            _heading(pdf, section.heading)
            writer.markdown(section.markdown)
            pdf.ln(1)

    if content.bank is not None:
        _quiz(pdf, writer, content.bank, lang)
    _notes(pdf, lang)
    return bytes(pdf.output())


def url_lines(pdf: FPDF, url: str, width: float) -> list[str]:
    """``url`` in lines no wider than ``width`` at the current font, broken after a "/" where possible."""
    lines, line = [], ""
    for part in re.findall(r"[^/]*/?", url):
        if line and pdf.get_string_width(line + part) > width:
            lines.append(line)
            line = ""
        while pdf.get_string_width(part) > width:  # a piece too long on its own: cut it
            cut = max(1, next(i for i in range(len(part), 0, -1) if pdf.get_string_width(part[:i]) <= width))
            lines.append(part[:cut])
            part = part[cut:]
        line += part
    return lines + [line] if line else lines


def _heading(pdf: FPDF, text: str, size: float = 13) -> None:
    fonts = pdf.typefaces
    if pdf.get_y() > pdf.page_break_trigger - 30:  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(fonts.family, "B", size)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, size * 0.5, fonts.clean(text), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
    pdf.set_line_width(0.2)
    pdf.ln(2.5)
    pdf.set_text_color(*TEXT_COLOR)


def _write_line_fields(pdf: FPDF, fields: list[tuple[str, float]], width: float) -> None:
    """``Name: ________  Date: ______`` across ``width``."""
    fonts = pdf.typefaces
    pdf.set_font(fonts.family, "", 10)
    pdf.set_draw_color(*MUTED_COLOR)
    x, y = pdf.l_margin, pdf.get_y()
    for label, share in fields:
        label_text = fonts.clean(label + ":")
        label_width = pdf.get_string_width(label_text) + 2
        pdf.set_xy(x, y)
        pdf.cell(label_width, 7, label_text)
        field_end = x + width * share - 4
        pdf.line(x + label_width, y + 6, field_end, y + 6)
        x += width * share
    pdf.set_xy(pdf.l_margin, y + 9)


def _box(pdf: FPDF, x: float, y: float, size: float = BOX) -> None:
    pdf.set_draw_color(*TEXT_COLOR)
    pdf.set_line_width(0.3)
    pdf.rect(x, y, size, size)
    pdf.set_line_width(0.2)


def _quiz(pdf: FPDF, writer: MarkdownWriter, bank: Bank, lang: str) -> None:
    fonts = pdf.typefaces
    _heading(pdf, t("cetak.quiz", lang))
    pdf.set_font(fonts.family, "I", 9.5)
    pdf.set_text_color(*MUTED_COLOR)
    pdf.multi_cell(0, 4.6, fonts.clean(t("cetak.quiz_intro", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*TEXT_COLOR)
    pdf.ln(2)
    for number, question in enumerate(bank.questions, start=1):
        if pdf.get_y() > pdf.page_break_trigger - 40:
            pdf.add_page()
        _question(pdf, writer, number, question, lang)
        pdf.ln(3)


def _question(pdf: FPDF, writer: MarkdownWriter, number: int, question: Question, lang: str) -> None:
    fonts, clean = pdf.typefaces, pdf.typefaces.clean
    left = pdf.l_margin
    inner = left + 7
    marker = f"{number}."
    kind = question.type
    if kind == "scenario":
        writer.inline(f"**{t('quiz.situation', lang)}:** {question.situation}", indent=left, marker=marker)
        writer.inline(question.prompt or t("quiz.what_do_you_do", lang), indent=inner, style="B")
    elif kind == "true_false":
        writer.inline(t("quiz.true_false_legend", lang), indent=left, marker=marker)
        writer.inline(question.prompt, indent=inner, style="B")
    else:
        writer.inline(question.prompt, indent=left, marker=marker, style="B")

    pdf.set_font(fonts.family, "I", 9)
    pdf.set_text_color(*MUTED_COLOR)
    instruction = {"single": "cetak.choose_one", "multiple": "cetak.choose_many", "scenario": "cetak.choose_action",
                   "numeric": "cetak.write_number", "matching": "cetak.match_intro"}.get(kind)
    if instruction:
        pdf.set_x(inner)
        pdf.multi_cell(0, 4.4, clean(t(instruction, lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*TEXT_COLOR)
    pdf.ln(0.8)

    if kind in ("single", "multiple", "scenario"):
        for letter, option in zip("ABCDEFGHIJ", print_order(question)):
            _boxed_line(pdf, writer, inner, f"{letter}.", option.text)
    elif kind == "true_false":
        pdf.set_font(fonts.family, "", 10.5)
        y = pdf.get_y()
        x = inner
        for label in (t("quiz.true", lang), t("quiz.false", lang)):
            _box(pdf, x, y + 0.9)
            pdf.set_xy(x + BOX + 2, y)
            pdf.cell(pdf.get_string_width(clean(label)) + 2, 5.25, clean(label))
            x += BOX + pdf.get_string_width(clean(label)) + 14
        pdf.set_xy(left, y + 6.5)
    elif kind == "numeric":
        pdf.set_font(fonts.family, "", 10.5)
        y = pdf.get_y() + 1
        pdf.set_draw_color(*TEXT_COLOR)
        line_start = inner
        if question.unit and unit_goes_before(question.unit):
            pdf.set_xy(inner, y + 1)
            pdf.cell(pdf.get_string_width(clean(question.unit)) + 2, 5, clean(question.unit))
            line_start = pdf.get_x()
        elif question.unit:
            pdf.set_xy(inner + 62, y + 1)
            pdf.cell(30, 5, clean(question.unit))
        pdf.line(line_start, y + 6, line_start + 60, y + 6)
        pdf.set_xy(left, y + 9)
    elif kind == "matching":
        letters = dict(zip((choice_id for choice_id, _ in question.right_choices), "ABCDEFGHIJKLMNOP"))
        for choice_id, text in question.right_choices:
            writer.inline(text, indent=inner, marker=f"{letters[choice_id]}.", keep_together=True)
        pdf.ln(1.5)
        for pair in question.pairs:
            _boxed_line(pdf, writer, inner, "", pair.left, box_size=6)


def _boxed_line(pdf: FPDF, writer: MarkdownWriter, indent: float, label: str, text: str,
                box_size: float = BOX) -> None:
    """A tick box (or, larger, a box to write a letter in), then an optional label and the text."""
    if pdf.get_y() + max(box_size, 5) > pdf.page_break_trigger:
        pdf.add_page()
    y = pdf.get_y()
    _box(pdf, indent, y + (0.9 if box_size == BOX else -0.4), box_size)
    writer.inline(text, indent=indent + box_size + 2.5, marker=label, keep_together=True)
    if box_size > BOX:
        pdf.set_y(max(pdf.get_y(), y + box_size + 1))
    pdf.ln(0.8)


def _notes(pdf: FPDF, lang: str, minimum_lines: int = 6, spacing: float = 8.5) -> None:
    """Ruled lines to write on: the rest of the page, and at least ``minimum_lines``."""
    if pdf.get_y() + 14 + minimum_lines * spacing > pdf.page_break_trigger:
        pdf.add_page()
    _heading(pdf, t("cetak.notes", lang))
    pdf.set_draw_color(170, 178, 186)
    y = pdf.get_y() + spacing
    while y <= pdf.page_break_trigger:
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        y += spacing


def default_file_name(lesson_id: str, lang: str) -> str:
    return f"lembar-{lesson_id}-{lang}.pdf"


def write_handout(root: Path, lesson_id: str, lang: str = "id", out: Path | None = None,
                  base_url: str = DEFAULT_BASE_URL) -> Path:
    """Write the handout PDF to ``out``: a file, or a folder (``lembar-<lesson>-<lang>.pdf`` in it; by default the
    current folder)."""
    content = handout_content(root, lesson_id, lang, base_url)
    path = Path(out) if out else Path(default_file_name(lesson_id, lang))
    if path.is_dir():
        path = path / default_file_name(lesson_id, lang)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(handout_pdf(content))
    return path
