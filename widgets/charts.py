"""Matplotlib charts as accessible images: a PNG inside an <img> with alt text, shown by an HTML widget.

Figures are built with ``matplotlib.figure.Figure`` directly, so no pyplot state or backend is touched
in the learner's kernel.
"""

from __future__ import annotations

import base64
import io
from html import escape

from matplotlib.figure import Figure


def new_figure(width: float = 5.0, height: float = 2.2) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def figure_to_img_tag(figure: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f"<img class='literasi-chart' src='data:image/png;base64,{data}' "
        f"alt='{escape(alt, quote=True)}' style='max-width:100%;height:auto'>"
    )
