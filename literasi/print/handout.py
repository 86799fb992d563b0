"""A printable A4 handout of one lesson, for learners without a smartphone (``literasi handout``).

It carries what a learner needs on paper: title, module, minutes and objectives (from the manifest),
the lesson's worked example ("Contoh"/"Example") and key points ("Poin penting"/"Key points") taken
from the notebook's Markdown, the quiz questions with their options but never the answers, hints or
explanations, lines to write on, and a QR code to the lesson on the public site.

Each question prints itself (its type's ``print_on``, ``literasi.widgets.quiz.questions``) on a
``QuestionSheet``: the number, prompt, instruction line, boxes and lines this module draws. Options are
printed in a fixed order mixed by question id, so the right answer is not always "A" on paper (in the banks
it is often written first).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from literasi.curriculum import INSTRUCTOR_TAG, Curriculum, Lesson, Module, load_curriculum
from literasi.i18n import check_lang, t
from literasi.paths import lessons_dir
from literasi.qr import qr_png
from literasi.site.urls import lesson_switch_url
from literasi.widgets.quiz.bank import Bank, load_bank

from .document import DEFAULT_BASE_URL, new_document
from .markdown import MarkdownWriter
from .palette import ACCENT, MUTED_COLOR, RULE_COLOR, TEXT_COLOR

# The lesson template's section headings (shared/CONTENT_GUIDE.md), per language.
EXAMPLE_HEADINGS = {"id": ("Contoh",), "en": ("Example",)}
KEY_POINT_HEADINGS = {"id": ("Poin penting",), "en": ("Key points",)}
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
        lesson = curriculum.resolve(lesson_id)  # an old id of a merged lesson prints the lesson that replaced it
    except KeyError:
        choices = ", ".join(item.id for item in curriculum.lessons())
        raise HandoutError(t("cetak.unknown_lesson", lang, lesson_id=lesson_id, choices=choices)) from None
    sections = notebook_sections(lessons_dir(root) / lang / lesson.path)
    return HandoutContent(
        lang=lang, lesson=lesson, module=curriculum.module_of(lesson.id),
        url=lesson_switch_url(lang, lesson.id, base_url),
        example=find_section(sections, EXAMPLE_HEADINGS[lang]),
        key_points=find_section(sections, KEY_POINT_HEADINGS[lang]),
        bank=load_bank(lesson.bank, lang, root) if lesson.bank else None,
    )




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
        question.print_on(QuestionSheet(pdf, writer, number), lang)
        pdf.ln(3)


@dataclass
class QuestionSheet:
    """One question's place on the handout, and what its type's ``print_on`` draws with (the ``Sheet`` of
    ``literasi.widgets.quiz.questions.base``)."""

    pdf: FPDF
    writer: MarkdownWriter
    number: int
    box_size: float = BOX

    @property
    def left(self) -> float:
        return self.pdf.l_margin

    @property
    def inner(self) -> float:
        return self.pdf.l_margin + 7

    @property
    def family(self) -> str:
        return self.pdf.typefaces.family

    def clean(self, text: str) -> str:
        return self.pdf.typefaces.clean(text)

    def prompt(self, text: str, statement: str | None = None) -> None:
        """The question's number and ``text`` in bold; or ``text`` as a lead-in and ``statement`` in bold below."""
        marker = f"{self.number}."
        if statement is None:
            self.writer.inline(text, indent=self.left, marker=marker, style="B")
        else:
            self.writer.inline(text, indent=self.left, marker=marker)
            self.writer.inline(statement, indent=self.inner, style="B")

    def instruction(self, text: str | None) -> None:
        """The small italic line saying how to answer (or none), and the space before the answer."""
        pdf = self.pdf
        pdf.set_font(self.family, "I", 9)
        pdf.set_text_color(*MUTED_COLOR)
        if text:
            pdf.set_x(self.inner)
            pdf.multi_cell(0, 4.4, self.clean(text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(*TEXT_COLOR)
        pdf.ln(0.8)

    def box(self, x: float, y: float, size: float | None = None) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*TEXT_COLOR)
        pdf.set_line_width(0.3)
        pdf.rect(x, y, size or self.box_size, size or self.box_size)
        pdf.set_line_width(0.2)

    def boxed_line(self, label: str, text: str, box_size: float | None = None) -> None:
        """A tick box (or, larger, a box to write a letter in), then an optional label and the text."""
        pdf, size = self.pdf, box_size or self.box_size
        if pdf.get_y() + max(size, 5) > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        self.box(self.inner, y + (0.9 if size == self.box_size else -0.4), size)
        self.writer.inline(text, indent=self.inner + size + 2.5, marker=label, keep_together=True)
        if size > self.box_size:
            pdf.set_y(max(pdf.get_y(), y + size + 1))
        pdf.ln(0.8)

    def line_item(self, marker: str, text: str) -> None:
        self.writer.inline(text, indent=self.inner, marker=marker, keep_together=True)

    def write_line(self, start: float, y: float, end: float) -> None:
        """A line to write an answer on."""
        self.pdf.set_draw_color(*TEXT_COLOR)
        self.pdf.line(start, y, end, y)


def _notes(pdf: FPDF, lang: str, minimum_lines: int = 6, spacing: float = 8.5) -> None:
    """Ruled lines to write on: the rest of the page, and at least ``minimum_lines``."""
    if pdf.get_y() + 14 + minimum_lines * spacing > pdf.page_break_trigger:
        pdf.add_page()
    _heading(pdf, t("cetak.notes", lang))
    pdf.set_draw_color(*RULE_COLOR)
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
    name = default_file_name(content.lesson.id, lang)
    path = Path(out) if out else Path(name)
    if path.is_dir():
        path = path / name
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(handout_pdf(content))
    return path
