"""What the site reads once instead of for every learner: the lessons' read-only tables, read by the zygote before it
forks kernels (widgets/preload.py, site/zygote.py), and the lesson page's compiled templates (site/template_cache.py).
The real site with both is tested in test_site_zygote.py (a lesson shows its widgets; one kernel cannot change the
tables another kernel reads)."""

from __future__ import annotations

import gc

import jinja2
import nbformat
import pytest
from conftest import ROOT
from helpers import in_a_thread_of_its_own


@pytest.fixture
def project(monkeypatch):
    monkeypatch.setenv("LITERASI_ROOT", str(ROOT))


def cached_tables() -> dict[str, int]:
    from literasi import facts, i18n
    from literasi.widgets import preload
    from literasi.widgets.quiz import bank

    return {"strings": i18n.strings.cache_info().currsize, "facts": facts._cached_registry.cache_info().currsize,
            "data files": sum(data._loaded is not None for data in preload.data_files()),
            "loaders": sum(loader.cache_info().currsize for loader in preload.cached_loaders()),
            "banks": len(bank._SHARED)}


def test_every_table_a_lesson_reads_is_read_at_once_and_can_be_forgotten(project):
    from literasi.site import zygote
    from literasi.widgets import preload

    preload.forget_all()  # tests earlier in this process read tables of other project copies
    zygote.preload()  # what the zygote does before it forks: import every widget, then read every table
    gc.unfreeze()  # (the zygote freezes what it holds for the garbage collector; this test process must not)
    assert preload.load_all() == []
    read = cached_tables()
    banks = len(list((ROOT / "lessons" / "banks" / "id").glob("*.yml"))) + len(
        list((ROOT / "lessons" / "banks" / "en").glob("*.yml")))
    assert read["strings"] == 2 and read["facts"] == 1 and read["banks"] == banks
    assert read["data files"] >= 6 and read["loaders"] >= 10
    preload.forget_all()
    assert set(cached_tables().values()) == {0}


def test_the_zygote_leaves_no_shell_thread_or_hook_behind_after_warming_ipython(project):
    import builtins
    import os
    import sys
    import threading

    from IPython.core.interactiveshell import InteractiveShell

    from literasi.site import zygote

    before = (dict(vars(builtins)), sys.displayhook, sys.excepthook, sys.modules["__main__"], dict(os.environ))
    threads = threading.active_count()
    zygote.warm_ipython()
    assert (dict(vars(builtins)), sys.displayhook, sys.excepthook, sys.modules["__main__"], dict(os.environ)) == before
    assert threading.active_count() == threads and not InteractiveShell.initialized()


def test_a_kernel_imports_numpy_random_only_if_the_zygote_did(monkeypatch):
    import sys

    from literasi.site import zygote

    monkeypatch.delitem(sys.modules, "numpy.random", raising=False)
    zygote.reseed()  # importing numpy.random only to reseed it cost each kernel 6 MB of its own
    assert "numpy.random" not in sys.modules


def tag_image(tag: str) -> str:
    return tag.split("src='", 1)[1].split("'", 1)[0]


def test_the_first_qris_chart_is_drawn_before_the_fork_and_a_learners_own_numbers_are_drawn_afresh(project):
    from literasi.widgets import preload
    from literasi.widgets.link import core as link_core
    from literasi.widgets.literacy_index import chart as index_chart  # imported first, as the zygote imports all
    from literasi.widgets.qris import calculator
    from literasi.widgets.qris.core import estimate_from_text

    calculator._chart.cache_clear()
    link_core._EXTRACTOR._extractor = None  # (built lazily by tldextract, maybe by an earlier test)
    assert calculator.prerender in preload.prerenderers()
    preload.warm_libraries()  # the zygote's last step before it forks
    assert calculator._chart.cache_info().currsize == 2  # the default chart, in both languages
    first = calculator.QrisFeeCalculator(lang="id")
    assert calculator._chart.cache_info().hits >= 1 and calculator._chart.cache_info().currsize == 2
    default_tag = first.chart.value
    calculator._chart.cache_clear()  # drawn afresh now, as in a kernel started the usual way: the same picture
    assert calculator.QrisFeeCalculator(lang="id").chart.value == default_tag

    assert link_core._EXTRACTOR._extractor is not None  # tldextract's suffix list, built before the fork

    assert index_chart._chart_html.cache_info().currsize == 2  # the same for every learner: drawn in advance
    shown = index_chart.literacy_index_chart("en").value
    preload.forget_all()  # a table changed: drawn again from it
    assert index_chart._chart_html.cache_info().currsize == 0 == calculator._chart.cache_info().currsize
    assert index_chart.literacy_index_chart("en").value == shown

    first.count_box.value = "1.000"  # the learner's own numbers: a chart of their own, with their numbers
    estimate = estimate_from_text("1.000", first.amount_box.value, first.category_box.value, "id")
    own = first.chart.value
    assert tag_image(own) != tag_image(default_tag)
    assert calculator.format_rupiah(estimate.net_per_month, "id") in own
    assert calculator.format_rupiah(estimate.gross, "id") in own


def test_a_kernel_forked_after_a_table_changed_reads_it_afresh(project):
    from literasi.site import zygote
    from literasi.widgets import preload

    zygote.preload_data()
    zygote.refresh_data()  # nothing changed since: the tables stay read
    assert cached_tables()["banks"] > 0
    zygote._data_read[next(iter(zygote._data_read))] = (0, 0, 0)  # as if that file had been edited since
    zygote.refresh_data()
    assert set(cached_tables().values()) == {0}
    preload.load_all()


def test_a_quiz_bank_is_read_again_when_its_file_changes(tmp_path):
    import shutil

    from literasi.widgets.quiz.bank import shared_bank

    banks = tmp_path / "lessons" / "banks" / "id"
    banks.mkdir(parents=True)
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    path = banks / "qris-untuk-usaha-mikro.yml"
    shutil.copy(ROOT / "lessons" / "banks" / "id" / path.name, path)
    first = shared_bank("qris-untuk-usaha-mikro", "id", tmp_path)
    assert shared_bank("qris-untuk-usaha-mikro", "id", tmp_path) is first  # read once
    path.write_text(path.read_text("utf-8").replace(first.title, "Judul baru"), "utf-8")
    assert shared_bank("qris-untuk-usaha-mikro", "id", tmp_path).title == "Judul baru"


def render(exporter_class, notebook) -> str:
    return exporter_class(template_name="lab").from_notebook_node(notebook)[0]


def test_a_page_renders_the_same_and_its_templates_are_compiled_once(monkeypatch):
    from nbconvert import HTMLExporter

    from literasi.site import template_cache

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Belajar QRIS\n\nHalo.")])
    compiled = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *args, **kwargs: compiled.append(1) or original(self, *args, **kwargs))
    monkeypatch.setattr(template_cache, "SHARED", template_cache.SharedBytecode())
    caching = template_cache.caching_exporter(HTMLExporter)
    plain = render(HTMLExporter, notebook)
    compiled.clear()
    first = render(caching, notebook)
    assert compiled and template_cache.SHARED.store  # the first page compiles its templates and keeps them
    compiled.clear()
    second = render(caching, notebook)  # a new exporter and environment, as Voila makes for every request
    assert not compiled
    strip = lambda html: "\n".join(line for line in html.splitlines() if "uuid" not in line.lower())  # noqa: E731
    assert strip(first) == strip(second) == strip(plain)
    assert "Belajar QRIS" in second


def test_markdown_cells_are_rendered_once_for_every_page_except_those_with_images(monkeypatch):
    from nbconvert import HTMLExporter

    from literasi.site import template_cache

    rendered = []

    class Counting(HTMLExporter):
        @jinja2.pass_context
        def markdown2html(self, context, source):
            rendered.append(source)
            return super().markdown2html(context, source)

    text = "## Biaya MDR\n\nBu Sari membayar **0,3%** dari Rp 600.000."
    image = "![Contoh QRIS](qris.png)"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text),
                                               nbformat.v4.new_markdown_cell(image)])
    monkeypatch.setattr(template_cache, "MARKDOWN", template_cache.SharedMarkdown())
    caching = template_cache.caching_exporter(Counting)
    plain = render(Counting, notebook)
    rendered.clear()
    pages = [render(caching, notebook) for _ in range(3)]
    assert rendered.count(text) == 1 and rendered.count(image) == 3  # images are read from disk: never kept
    strip = lambda html: "\n".join(line for line in html.splitlines() if "uuid" not in line.lower())  # noqa: E731
    assert all(strip(page) == strip(plain) for page in pages)
    assert "<strong>0,3%</strong>" in pages[-1]


def test_the_site_renders_lessons_with_the_cache(monkeypatch):
    from voila import notebook_renderer

    from literasi.site import template_cache

    monkeypatch.setattr(notebook_renderer, "VoilaExporter", notebook_renderer.VoilaExporter)
    assert template_cache.install()
    assert notebook_renderer.VoilaExporter.__name__ == "CachingVoilaExporter"
    assert template_cache.install()  # once only: not a subclass of a subclass
    assert notebook_renderer.VoilaExporter.__mro__[1].__name__ == "VoilaExporter"



def test_a_chart_drawn_in_a_kernel_releases_its_garbage_once_the_message_is_handled(monkeypatch):
    import asyncio

    from literasi.widgets import charts

    released = []
    monkeypatch.setattr(charts, "_release", lambda: released.append(charts._pending))
    charts._pending = False
    # no event loop (a script, the zygote): nothing to do
    in_a_thread_of_its_own(lambda: charts.figure_to_img_tag(charts.new_figure(), ""))
    assert not charts._pending and released == []

    async def two_charts_in_one_message() -> None:
        for _ in range(2):
            charts.figure_to_img_tag(charts.new_figure(), "")
        assert charts._pending and released == []  # not while the message is being handled
        await asyncio.sleep(0)

    in_a_thread_of_its_own(lambda: asyncio.run(two_charts_in_one_message()))
    assert released == [True]  # once, after it
    charts._pending = False


def test_releasing_a_charts_memory_collects_and_trims():
    from literasi.widgets import charts

    charts._pending = True
    charts._release()  # the real one: a full collection (what the zygote froze is skipped) and malloc_trim
    assert not charts._pending
