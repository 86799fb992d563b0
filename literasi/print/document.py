"""The A4 document every printout starts from: Literasi's fonts, margins, and a footer with page numbers.

The handout and the day plan both begin with :func:`new_document`; the certificate (landscape, framed,
no footer) builds its page itself but takes its fonts, QR code and colours from this package too.
"""

from __future__ import annotations

from fpdf import FPDF

from literasi.i18n import t
from literasi.site.urls import LOCAL_SITE_URL

from .fonts import Fonts, setup_fonts
from .palette import MUTED_COLOR

# Where the printed QR codes point when no ``--url`` is given: the public site on this machine.
DEFAULT_BASE_URL = LOCAL_SITE_URL


class Document(FPDF):
    """An fpdf document that knows its fonts (``typefaces``), language and footer line."""

    footer_text = ""
    print_lang = "id"
    typefaces: Fonts

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.typefaces.family, "", 8)
        self.set_text_color(*MUTED_COLOR)
        self.cell(0, 5, self.typefaces.clean(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.typefaces.clean(t("cetak.page", self.print_lang, page=self.page_no(), pages="{nb}")),
                  align="R")


def new_document(lang: str, title: str, footer: str) -> Document:
    """An A4 portrait document with Literasi's fonts, margins and a footer with page numbers."""
    pdf = Document(orientation="P", unit="mm", format="A4")
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
