"""Lesson Markdown on a PDF page (fpdf2): paragraphs, bold/italic/code, nested lists, quotes and tables.

:func:`to_html` is Literasi's Markdown dialect (raw HTML escaped, tables, strikethrough); the learner's
feedback page renders exercise text with it too. Here a small tree built from that HTML with the standard
library's parser is written with ``pdf.write``, which wraps lines at the current left margin, so list
items get a hanging indent. Links print their address after the text, since a reader of paper cannot
click.

fpdf is only imported for type checking: the feedback page imports this module for :func:`to_html`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import mistune

from .palette import MUTED_COLOR, RULE_COLOR, TEXT_COLOR, TINT

if TYPE_CHECKING:
    from fpdf import FPDF

    from .fonts import Fonts

# The same HTML in mistune 2 and 3.
to_html = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])

BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "pre", "hr",
              "h1", "h2", "h3", "h4", "h5", "h6", "div"}
VOID_TAGS = {"br", "hr", "img"}
BULLET_WIDTH = 5.5
HARD_BREAK = "\u2028"  # a <br>, kept apart from the newlines of the HTML source


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def markdown_tree(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(to_html(text))
    builder.close()
    return builder.root


def plain_text(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(plain_text(child) for child in node.children)


@dataclass(frozen=True)
class Run:
    text: str
    style: str = ""  # "", "B", "I" or "BI"
    mono: bool = False


class MarkdownWriter:
    """Writes Markdown at the pdf's current position, ``size`` points, between ``indent`` and the right margin."""

    def __init__(self, pdf: FPDF, fonts: Fonts, size: float = 10.5):
        self.pdf, self.fonts, self.size = pdf, fonts, size

    # ---------------------------------------------------------------- public entry points

    def markdown(self, text: str, indent: float | None = None) -> None:
        """A whole Markdown text: every block, with a little space after each."""
        self._blocks(markdown_tree(text).children, self._indent(indent))

    def inline(self, text: str, indent: float | None = None, marker: str = "", style: str = "",
               keep_together: bool = False) -> None:
        """One paragraph of inline Markdown (a question, an option), optionally after a ``marker``."""
        tree = markdown_tree(text)
        nodes: list[Node | str] = []
        for child in tree.children:  # unwrap the <p> mistune puts around it
            nodes += child.children if isinstance(child, Node) and child.tag == "p" else [child]
        self._paragraph(nodes, self._indent(indent), marker=marker, style=style, keep_together=keep_together)

    def _indent(self, indent: float | None) -> float:
        return self.pdf.l_margin if indent is None else indent

    # ---------------------------------------------------------------- blocks

    def _blocks(self, nodes: list[Node | str], indent: float) -> None:
        pending: list[Node | str] = []  # inline content outside a <p> (a tight list item's text)
        for node in nodes:
            if isinstance(node, str) or node.tag not in BLOCK_TAGS:
                pending.append(node)
                continue
            if _has_text(pending):
                self._paragraph(pending, indent)
            pending = []
            self._block(node, indent)
        if _has_text(pending):
            self._paragraph(pending, indent)

    def _block(self, node: Node, indent: float) -> None:
        pdf = self.pdf
        if node.tag == "p":
            self._paragraph(node.children, indent)
            pdf.ln(self.size * 0.2)
        elif node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            pdf.ln(self.size * 0.15)
            self._paragraph(node.children, indent, style="B", size=self.size + (3 if node.tag in ("h1", "h2") else 1))
            pdf.ln(self.size * 0.1)
        elif node.tag in ("ul", "ol"):
            self._list(node, indent)
            pdf.ln(self.size * 0.2)
        elif node.tag == "blockquote":
            self._quote(node, indent)
        elif node.tag == "table":
            self._table(node, indent)
        elif node.tag == "pre":
            self._paragraph([plain_text(node)], indent, mono=True, keep_lines=True)
            pdf.ln(self.size * 0.2)
        elif node.tag == "hr":
            pdf.ln(self.size * 0.2)
            pdf.set_draw_color(*MUTED_COLOR)
            pdf.line(indent, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
            pdf.ln(self.size * 0.4)
        else:  # div, or a table part outside a table
            self._blocks(node.children, indent)

    def _list(self, node: Node, indent: float) -> None:
        number = int(node.attrs.get("start") or 1)
        for item in (child for child in node.children if isinstance(child, Node) and child.tag == "li"):
            marker = f"{number}." if node.tag == "ol" else "•"
            number += 1
            self._list_item(item, indent, marker)

    def _list_item(self, item: Node, indent: float, marker: str) -> None:
        inner = indent + BULLET_WIDTH
        first, rest = [], list(item.children)
        while rest and (isinstance(rest[0], str) or rest[0].tag not in BLOCK_TAGS):
            first.append(rest.pop(0))
        if not _has_text(first) and rest and rest[0].tag == "p":  # a loose list: <li><p>…</p>
            first = rest.pop(0).children
        self._paragraph(first, indent, marker=marker, keep_together=True)
        self._blocks(rest, inner)

    def _quote(self, node: Node, indent: float) -> None:
        pdf = self.pdf
        page, top = pdf.page, pdf.get_y()
        pdf.set_text_color(*MUTED_COLOR)
        self._blocks(node.children, indent + 5)
        pdf.set_text_color(*TEXT_COLOR)
        if pdf.page == page:
            pdf.set_draw_color(*RULE_COLOR)
            pdf.set_line_width(0.8)
            pdf.line(indent + 1.5, top, indent + 1.5, pdf.get_y() - self.size * 0.2)
            pdf.set_line_width(0.2)

    def _table(self, node: Node, indent: float) -> None:
        pdf, clean = self.pdf, self.fonts.clean
        rows: list[tuple[bool, list[str]]] = []
        for row in _descendants(node, "tr"):
            cells = [child for child in row.children if isinstance(child, Node) and child.tag in ("th", "td")]
            rows.append((any(cell.tag == "th" for cell in cells), [_squash(plain_text(cell)) for cell in cells]))
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        rows = [(head, cells + [""] * (columns - len(cells))) for head, cells in rows]
        width = pdf.w - pdf.r_margin - indent
        size = self.size - 1
        weights = self._column_widths(rows, width, size)
        pdf.set_font(self.fonts.family, "", size)
        pdf.set_draw_color(*RULE_COLOR)
        pdf.set_x(indent)
        old_margin = pdf.l_margin
        pdf.set_left_margin(indent)
        with pdf.table(width=width, col_widths=tuple(weights), align="LEFT", line_height=size * 0.55,
                       text_align="LEFT", first_row_as_headings=rows[0][0],
                       headings_style=_heading_style(self.fonts.family, size)) as table:
            for _, cells in rows:
                table_row = table.row()
                for cell in cells:
                    table_row.cell(clean(cell))
        pdf.set_left_margin(old_margin)
        pdf.ln(self.size * 0.3)

    def _column_widths(self, rows: list[tuple[bool, list[str]]], width: float, size: float) -> list[float]:
        """Every column at least as wide as its longest word; the rest shared by how much text each holds."""
        pdf, clean, padding = self.pdf, self.fonts.clean, 2.5
        columns = len(rows[0][1])
        least, natural = [0.0] * columns, [0.0] * columns
        for head, cells in rows:
            pdf.set_font(self.fonts.family, "B" if head else "", size)
            for index, cell in enumerate(cells):
                words = clean(cell).split() or [""]
                least[index] = max(least[index], max(pdf.get_string_width(word) for word in words) + padding)
                natural[index] = max(natural[index], min(pdf.get_string_width(clean(cell)), width / 2) + padding)
        if sum(least) >= width:
            return [width * share / sum(least) for share in least]
        extra = [max(0.0, n - m) for n, m in zip(natural, least, strict=True)]
        spare = width - sum(least)
        if not sum(extra):
            return [m + spare / columns for m in least]
        return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]

    # ---------------------------------------------------------------- a paragraph of inline runs

    def _paragraph(self, nodes: list[Node | str], indent: float, marker: str = "", style: str = "",
                   size: float | None = None, mono: bool = False, keep_lines: bool = False,
                   keep_together: bool = False) -> None:
        runs = [Run(text, _merge(style, run_style), mono or run_mono) for text, run_style, run_mono in _runs(nodes)]
        if not keep_lines:
            runs = _collapse(runs)
        if not runs and not marker:
            return
        if keep_together and self._height(runs, indent, size) > self.pdf.page_break_trigger - self.pdf.get_y():
            self.pdf.add_page()
        self._write(runs, indent, marker, size)

    def _height(self, runs: list[Run], indent: float, size: float | None) -> float:
        """About how tall the runs are once wrapped (a line more than measured, for the slack of word wrap)."""
        pdf, size = self.pdf, size or self.size
        width = pdf.w - pdf.r_margin - indent - BULLET_WIDTH
        text_width = 0.0
        for run in runs:
            pdf.set_font(*((self.fonts.mono, "") if run.mono else (self.fonts.family, run.style)), size)
            text_width += pdf.get_string_width(self.fonts.clean(run.text))
        lines = math.ceil(text_width / width) if text_width else 1
        return (lines + (1 if lines > 1 else 0)) * size * 0.5

    def _write(self, runs: list[Run], indent: float, marker: str, size: float | None) -> None:
        pdf, size = self.pdf, size or self.size
        height = size * 0.5
        clean = self.fonts.clean
        old_margin = pdf.l_margin
        pdf.set_left_margin(indent)
        pdf.set_x(indent)
        if marker:
            pdf.set_font(self.fonts.family, "B" if marker[0].isdigit() else "", size)
            marker_width = max(BULLET_WIDTH, pdf.get_string_width(clean(marker)) + 1.5)
            pdf.cell(marker_width, height, clean(marker))
            pdf.set_left_margin(indent + marker_width)
        for run in runs:
            if run.mono:
                pdf.set_font(self.fonts.mono, "", size - 0.5)
            else:
                pdf.set_font(self.fonts.family, run.style, size)
            # fpdf's write() cuts a run's first word wherever the line ends; move a word that does not fit
            # to the next line instead.
            first_word = clean(run.text).split(" ")[0]
            if (first_word and run.text != HARD_BREAK and pdf.get_x() > pdf.l_margin + 0.01
                    and pdf.get_string_width(first_word) > pdf.w - pdf.r_margin - pdf.get_x()):
                pdf.ln(height)
            pdf.write(height, "\n" if run.text == HARD_BREAK else clean(run.text))
        pdf.ln(height)
        pdf.set_left_margin(old_margin)


def _has_text(nodes: list[Node | str]) -> bool:
    return any(plain_text(node).strip() for node in nodes)


def _descendants(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            found += [child] if child.tag == tag else _descendants(child, tag)
    return found


def _squash(text: str) -> str:
    return " ".join(text.split())


def _merge(outer: str, inner: str) -> str:
    styles = set(outer) | set(inner)
    return ("B" if "B" in styles else "") + ("I" if "I" in styles else "")


def _runs(nodes: list[Node | str], style: str = "", mono: bool = False) -> list[tuple[str, str, bool]]:
    """Inline nodes flattened to (text, style, monospace) runs."""
    runs: list[tuple[str, str, bool]] = []
    for node in nodes:
        if isinstance(node, str):
            runs.append((node, style, mono))
        elif node.tag in ("strong", "b"):
            runs += _runs(node.children, _merge(style, "B"), mono)
        elif node.tag in ("em", "i"):
            runs += _runs(node.children, _merge(style, "I"), mono)
        elif node.tag == "code":
            runs += _runs(node.children, style, True)
        elif node.tag == "br":
            runs.append((HARD_BREAK, style, mono))
        elif node.tag == "img":
            alt = node.attrs.get("alt", "")
            runs += [(f"[{alt}]", "I", False)] if alt else []
        elif node.tag == "a":
            runs += _runs(node.children, style, mono)
            href, label = node.attrs.get("href", ""), plain_text(node).strip()
            if href.startswith(("http://", "https://")) and href.rstrip("/") != label.rstrip("/"):
                runs.append((f" ({href})", "", False))
        else:
            runs += _runs(node.children, style, mono)
    return runs


def _collapse(runs: list[Run]) -> list[Run]:
    """HTML whitespace: runs of spaces and soft line breaks become one space; hard breaks (<br>) stay."""
    result: list[Run] = []
    previous_space = True  # no space at the start of a paragraph or after a hard break
    for run in runs:
        if run.text == HARD_BREAK:
            if result and result[-1].text.endswith(" "):
                result[-1] = Run(result[-1].text.rstrip(" "), result[-1].style, result[-1].mono)
            result.append(run)
            previous_space = True
            continue
        text = re.sub(r"\s+", " ", run.text)
        if previous_space:
            text = text.lstrip(" ")
        if text:
            result.append(Run(text, run.style, run.mono))
            previous_space = text.endswith(" ")
    if result and result[-1].text.endswith(" "):
        result[-1] = Run(result[-1].text.rstrip(" "), result[-1].style, result[-1].mono)
    return [run for run in result if run.text]


def _heading_style(family: str, size: float):
    from fpdf.fonts import FontFace

    return FontFace(family=family, emphasis="BOLD", size_pt=size, fill_color=TINT)
