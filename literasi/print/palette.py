"""Literasi's colours, in one table: the PDFs (handouts, the day plan, certificates) take them as RGB, the
class report's and the feedback page's CSS and the report's charts as hex. A brand change is one line here.

Standard library only: ``literasi grade`` imports the class report, and with it this module, on every run.
"""

from __future__ import annotations

from string import Template
from typing import NamedTuple


class Colour(NamedTuple):
    """An sRGB colour; ``pdf.set_text_color(*colour)`` takes it as it is, CSS takes :attr:`hex`."""

    red: int
    green: int
    blue: int

    @property
    def hex(self) -> str:
        return f"#{self.red:02x}{self.green:02x}{self.blue:02x}"


PALETTE: dict[str, Colour] = {
    "accent": Colour(42, 127, 98),  # Literasi green: kickers, headings and their rules, certificate frame
    "text": Colour(29, 35, 41),  # body text, on paper and on screen
    "muted": Colour(90, 100, 112),  # secondary text: captions, footers, subtitles, quotes
    "tint": Colour(232, 240, 236),  # a light wash of the accent: table headings, exercise rows
    "rule": Colour(170, 178, 186),  # thin grey lines: table borders, writing lines, quote bars
    "warning": Colour(181, 82, 59),  # what went wrong: a failed check's message, the hardest questions
    "info": Colour(59, 110, 168),  # neutral information: a trainer's comment, the score histogram
}

ACCENT = PALETTE["accent"]
TEXT_COLOR = PALETTE["text"]
MUTED_COLOR = PALETTE["muted"]
TINT = PALETTE["tint"]
RULE_COLOR = PALETTE["rule"]


def with_palette(css: str) -> str:
    """``css`` with ``$accent``, ``$text``… replaced by the palette's hex colours (a missing name raises)."""
    return Template(css).substitute({name: colour.hex for name, colour in PALETTE.items()})
