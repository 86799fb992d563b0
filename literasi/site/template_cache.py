"""Lesson pages rendered without compiling their templates again for every request.

Voila builds a new nbconvert exporter for each lesson request, and each exporter a new Jinja environment, which
parses and compiles the page's templates (``index.html.j2`` and what it extends) from scratch: about a quarter of
the site server's CPU per learner. ``install`` makes the exporter Voila builds one whose Jinja environment uses a
bytecode cache shared by the whole server (``SharedBytecode``, in memory): a template is compiled once and each
later environment loads its compiled code. Jinja checks every cached entry against the template's source (a
checksum), so a template changed on disk is compiled again. Only compiled template code is kept, never a page,
a notebook or anything of a learner.

The same exporter keeps each Markdown cell's HTML (``SharedMarkdown``): every learner's page renders the same
lesson text, and Markdown rendering was about a tenth of the server's CPU per learner. A cell's HTML depends
only on its source (and the anchor-link text); cells with attachments or images (which Voila reads from disk and
inlines) are rendered each time.

Voila offers no setting for this (``VoilaExporter`` is created by ``voila.notebook_renderer`` itself, and
nbconvert's ``extra_loaders`` is not configurable), so ``install`` replaces the exporter class that module uses
by a subclass; if a Voila release moves it, nothing is replaced and pages render as before.
"""

from __future__ import annotations

from jinja2 import BytecodeCache, pass_context
from jinja2.bccache import Bucket


class SharedBytecode(BytecodeCache):
    """Compiled Jinja templates, in memory, for every environment of this process."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # ignored by Jinja when the template's source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.store.clear()


SHARED = SharedBytecode()


class SharedMarkdown:
    """Markdown cell source → its HTML, for every exporter of this process; at most ``limit`` entries (the
    oldest go first)."""

    def __init__(self, limit: int = 4096) -> None:
        self.store: dict[tuple[str, str], str] = {}
        self.limit = limit

    def html(self, source: str, anchor: str, render) -> str:
        key = (source, anchor)
        found = self.store.get(key)
        if found is None:
            found = self.store[key] = render()
            if len(self.store) > self.limit:
                del self.store[next(iter(self.store))]
        return found


MARKDOWN = SharedMarkdown()


def caching_exporter(exporter_class: type) -> type:
    """``exporter_class`` (an nbconvert TemplateExporter) whose Jinja environments use ``SHARED`` and whose Markdown
    cells come from ``MARKDOWN``."""

    class CachingExporter(exporter_class):
        def _create_environment(self):
            environment = super()._create_environment()
            environment.bytecode_cache = SHARED
            return environment

        @pass_context  # a Jinja filter that needs the cell (as nbconvert's own)
        def markdown2html(self, context, source):
            render = super().markdown2html
            if context["cell"].get("attachments") or "![" in source or "<img" in source:
                return render(context, source)
            return MARKDOWN.html(source, str(self.anchor_link_text), lambda: render(context, source))

    CachingExporter.__name__ = CachingExporter.__qualname__ = f"Caching{exporter_class.__name__}"
    return CachingExporter


def install() -> bool:
    """Make Voila's lesson renderer use the shared bytecode cache; whether it could."""
    try:
        from voila import notebook_renderer
    except ImportError:
        return False
    exporter = getattr(notebook_renderer, "VoilaExporter", None)
    if not isinstance(exporter, type) or not hasattr(exporter, "_create_environment"):
        return False
    if not exporter.__name__.startswith("Caching"):
        notebook_renderer.VoilaExporter = caching_exporter(exporter)
    return True
