"""The fonts of every printable PDF (handouts, the day plan, certificates), set up in one place.

Debian's fonts-dejavu-core is a Unicode TTF, so names such as "Ni Made Ayu Sukmawati" or "Đức", the em
dash and "×" print as written. When it is missing we fall back to the PDF core font Helvetica, which only
knows Latin-1: text is then simplified (accents dropped, dashes made plain) by :func:`latin1`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR, FONT_BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_ITALIC, FONT_BOLD_ITALIC = FONT_DIR / "DejaVuSans-Oblique.ttf", FONT_DIR / "DejaVuSans-BoldOblique.ttf"
FONT_MONO = FONT_DIR / "DejaVuSansMono.ttf"


def latin1(words: str) -> str:
    """Text for the Latin-1 core font: typographic dashes and quotes made plain, other letters
    decomposed to their base letter, anything left replaced by '?'."""
    plain = words.translate(str.maketrans({"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
                                           "…": "...", "•": "-", "→": "->", "−": "-"}))
    if all(ord(char) < 256 for char in plain):
        return plain
    decomposed = unicodedata.normalize("NFKD", plain)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).encode(
        "latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class Fonts:
    """What :func:`setup_fonts` registered: the text family (regular, bold, italic), the code family (regular
    only), and how to clean text for them."""

    family: str
    mono: str
    clean: Callable[[str], str]
    unicode: bool


def setup_fonts(pdf: FPDF, regular: Path | None = None, bold: Path | None = None,
                italic_and_mono: bool = True) -> Fonts:
    """Register DejaVu Sans (regular, bold, and italic/mono when present) or fall back to Helvetica/Courier.

    fpdf embeds every font registered, used or not (about 5 kB each), so a document that sets text in
    regular and bold only (a certificate) passes ``italic_and_mono=False``; its code font is then the text
    font."""
    regular, bold = regular or FONT_REGULAR, bold or FONT_BOLD
    if not (regular.is_file() and bold.is_file()):
        return Fonts("Helvetica", "Courier", latin1, False)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    if not italic_and_mono:
        return Fonts("DejaVu", "DejaVu", str, True)
    # Without the oblique faces, italic text is set upright rather than failing.
    pdf.add_font("DejaVu", "I", str(FONT_ITALIC if FONT_ITALIC.is_file() else regular))
    pdf.add_font("DejaVu", "BI", str(FONT_BOLD_ITALIC if FONT_BOLD_ITALIC.is_file() else bold))
    pdf.add_font("DejaVuMono", "", str(FONT_MONO if FONT_MONO.is_file() else regular))  # code: upright only
    return Fonts("DejaVu", "DejaVuMono", str, True)
