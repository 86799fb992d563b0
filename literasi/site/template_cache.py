"""Lesson pages rendered without compiling their templates again for every request.

Voila builds a new nbconvert exporter for each lesson request, and each exporter a new Jinja environment, which
parses and compiles the page's templates (``index.html.j2`` and what it extends) from scratch: about a quarter of
the site server's CPU per learner. ``install`` makes the exporter Voila builds one whose Jinja environment uses a
bytecode cache shared by the whole server (``SharedBytecode``, in memory): a template is compiled once and each
later environment loads its compiled code. Jinja checks every cached entry against the template's source (a
checksum), so a template changed on disk is compiled again. Only compiled template code is kept, never a page,
a notebook or anything of a learner.

Voila offers no setting for this (``VoilaExporter`` is created by ``voila.notebook_renderer`` itself, and
nbconvert's ``extra_loaders`` is not configurable), so ``install`` replaces the exporter class that module uses
by a subclass; if a Voila release moves it, nothing is replaced and pages render as before.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
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


def caching_exporter(exporter_class: type) -> type:
    """``exporter_class`` (an nbconvert TemplateExporter) whose Jinja environments use ``SHARED``."""

    class CachingExporter(exporter_class):
        def _create_environment(self):
            environment = super()._create_environment()
            environment.bytecode_cache = SHARED
            return environment

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
