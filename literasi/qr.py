"""QR codes, drawn locally with segno (no third-party request ever carries a learner's URL): inline SVG for
web pages (the room's QR pages, the projector's QR slides), Unicode blocks for the terminal (the room banner),
PNG for the printable PDFs (handouts, the day plan).

All use error correction M: a code stays readable when a corner of the printout is creased or a projector
washes part of it out.
"""

from __future__ import annotations

import io

import segno


def _qr(payload: str) -> segno.QRCode:
    return segno.make(payload, error="m", micro=False)


def qr_svg(url: str, title: str | None = None) -> str:
    """An inline ``<svg>`` QR code of ``url`` that scales to its container (set its width in CSS)."""
    return _qr(url).svg_inline(scale=1, border=4, omitsize=True, svgclass="literasi-qr", lineclass=None,
                               title=title, dark="#000", light="#fff")


def qr_terminal(url: str) -> str:
    """The QR code of ``url`` in Unicode half blocks (light modules drawn, so it reads on a dark terminal)."""
    out = io.StringIO()
    _qr(url).terminal(out=out, compact=True)
    return out.getvalue()


def qr_png(payload: str, scale: int = 8, border: int = 2) -> io.BytesIO:
    """A QR code as a PNG in memory, ready for ``pdf.image``."""
    image = io.BytesIO()
    _qr(payload).save(image, kind="png", scale=scale, border=border)
    image.seek(0)
    return image
