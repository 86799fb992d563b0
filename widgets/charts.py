"""Matplotlib charts as accessible images: a PNG inside an <img> with alt text, shown by an HTML widget.

Figures are built with ``matplotlib.figure.Figure`` directly, so no pyplot state or backend is touched
in the learner's kernel.
"""

from __future__ import annotations

import asyncio
import base64
import ctypes
import gc
import io
from collections.abc import Callable
from functools import cache, lru_cache
from html import escape

from matplotlib.figure import Figure


def new_figure(width: float = 5.0, height: float = 2.2) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def figure_to_img_tag(figure: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    release_after_this_message()
    return (
        f"<img class='literasi-chart' src='data:image/png;base64,{data}' "
        f"alt='{escape(alt, quote=True)}' style='max-width:100%;height:auto'>"
    )


_prerendered: list = []


def prerendered(render: Callable[..., str]) -> Callable[..., str]:
    """Memoise a chart's rendering by its arguments (hashable: numbers, words, the language). A widget module's
    ``prerender()`` calls it with what every learner sees first, in the public site's zygote, before it forks
    kernels (``literasi.widgets.preload``): each kernel then shows that chart without drawing it again (about
    8 MB of private memory and a tenth of a second each); a learner's own numbers are drawn in their own kernel.
    ``forget_prerendered`` empties every such memo (the tables they were drawn from changed)."""
    memo = lru_cache(maxsize=8)(render)
    _prerendered.append(memo)
    return memo


def forget_prerendered() -> None:
    for memo in _prerendered:
        memo.cache_clear()


_pending = False


def release_after_this_message() -> None:
    """A chart leaves garbage behind (the figure, held together by reference cycles) and free memory in the C
    heap (the drawing's buffers). In a learner's kernel, collect that garbage and give the free pages back to the
    system once the current message is handled: about 1.5 MB less per kernel after a chart. Outside an event loop
    (scripts, tests, the site's zygote) nothing is done."""
    global _pending
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    if not _pending:
        _pending = True
        loop.call_soon(_release)


def _release() -> None:
    global _pending
    _pending = False
    gc.collect()  # objects the site's zygote froze are not visited (and so not copied into this kernel)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc
    except (AttributeError, OSError):
        return None
