"""The read-only tables lesson kernels read from disk, read all at once: the facts registry, both string tables,
every widget data file and every question bank, parsed and validated into the caches the widgets already read
them from (``i18n.strings``, ``facts.load_facts``, each topic's ``DataFile.load`` and ``load_*`` functions,
``quiz.bank.shared_bank``).

The public site's zygote (``literasi/site/zygote.py``) calls ``load_all`` once, before it forks learner kernels:
each kernel then finds these tables in memory it shares with the zygote instead of reading and validating them
again (the same for every learner; no learner's data is among them). ``snapshot`` says which files they came from
and how those files were when read; a kernel forked after one of them changed calls ``forget_all`` and reads
them afresh, as a kernel started the usual way would.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from literasi import facts, i18n
from literasi.paths import ContentNotFound, banks_dir, project_root

from .charts import forget_prerendered
from .data_checks import DataFile, data_path
from .quiz.bank import forget_shared_banks, shared_bank

Snapshot = dict[str, tuple[int, int, int]]


def widget_modules() -> list:
    """The widget modules imported so far (the zygote imports every one of ``EXPORTS`` first)."""
    return [module for name, module in list(sys.modules.items())
            if name.startswith("literasi.widgets.") and module is not None]


def data_files() -> Iterator[DataFile]:
    """Every ``DataFile`` a widget module declares (``DATA = DataFile("qris.yml", …)``)."""
    seen: set[int] = set()
    for module in widget_modules():
        for value in vars(module).values():
            if isinstance(value, DataFile) and id(value) not in seen:
                seen.add(id(value))
                yield value


def cached_loaders() -> Iterator[Callable]:
    """Every ``@lru_cache``d ``load_…()`` of a widget module that takes no argument (``load_scam_data``)."""
    for module in widget_modules():
        for name, value in vars(module).items():
            if (name.startswith("load_") and hasattr(value, "cache_clear") and getattr(value, "__module__", None)
                    == module.__name__ and _without_arguments(value)):
                yield value


def _without_arguments(function: Callable) -> bool:
    try:
        parameters = inspect.signature(function.__wrapped__).parameters.values()
    except (AttributeError, TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters)


def _root() -> Path | None:
    try:
        return project_root()
    except ContentNotFound:
        return None


def bank_files(root: Path | None) -> list[tuple[str, Path]]:
    """(language, bank file) of every question bank of the project."""
    if root is None:
        return []
    return [(lang, path) for lang in i18n.LANGS for path in sorted(banks_dir(root, lang).glob("*.yml"))]


def load_all() -> list[str]:
    """Read everything this module knows into its cache; what could not be read (each left to be read, and to
    fail, where it is used), one line each. Never raises."""
    problems: list[str] = []

    def attempt(name: str, load: Callable[[], object]) -> None:
        try:
            load()
        except Exception as error:  # noqa: BLE001 — a table that cannot be read now is read (and fails) later
            problems.append(f"{name}: {type(error).__name__}: {error}".splitlines()[0][:200])

    for lang in i18n.LANGS:
        attempt(f"strings {lang}", lambda lang=lang: i18n.strings(lang))
    root = _root()
    if root is None:  # data files and banks cite the registry, found from the project folder
        return [*problems, "no project folder (LITERASI_ROOT): only the string tables were read"]
    attempt("facts", facts.load_facts)
    for data in data_files():
        attempt(data.label, data.load)
    for loader in cached_loaders():
        attempt(f"{loader.__module__}.{loader.__name__}", loader)
    for lang, path in bank_files(root):
        attempt(f"bank {lang}/{path.name}", lambda lang=lang, path=path: shared_bank(path.stem, lang))
    return problems


def warm_libraries() -> None:
    """Fill the caches libraries fill on first use, the same in every kernel: babel's locale data for both
    languages (numbers, money, dates, parsing), matplotlib's text and layout caches (one throwaway chart, drawn
    as a lesson's charts are; matplotlib reopens its fonts after a fork, by its own rule), each widget's first
    chart, the same for every learner (``prerenderers``), and tldextract's suffix list (one made-up link). Filled in the zygote,
    these stay shared with every kernel; filled in each kernel, babel's were a private copy each (about 5 MB)."""
    import datetime as dt

    from .charts import figure_to_img_tag, new_figure
    from .money import (
        format_long_date,
        format_month_year,
        format_number,
        format_percent_value,
        format_rupiah,
        parse_number,
    )

    for lang in i18n.LANGS:
        format_rupiah(1_234_567, lang)
        format_number(1_234_567, lang)
        format_percent_value(0.3, lang)
        format_long_date(dt.date(2026, 1, 31), lang)
        format_month_year(dt.date(2026, 1, 31), lang)
        parse_number("1.234", lang)
    figure = new_figure()
    axes = figure.add_subplot()
    axes.barh([0], [2], color="#1b7f5b", label="Rp")
    axes.barh([0], [1], left=[2], color="#c0392b", hatch="//", label="MDR")
    axes.set_xlabel("Rupiah")
    axes.xaxis.set_major_formatter(lambda value, _pos: format_rupiah(value, "id"))
    axes.tick_params(axis="x", labelrotation=20, labelsize=8)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.55), ncol=2, fontsize=8, frameon=False)
    figure_to_img_tag(figure, "")
    for prerender in prerenderers():
        prerender()
    # The link inspector's first link: tldextract builds its Public Suffix List (bundled copy) on first use,
    # about 9 MB of objects that each kernel otherwise built for itself.
    from .link.core import inspect_link

    inspect_link("https://www.example.co.id/a")


def prerenderers() -> list[Callable[[], None]]:
    """Each widget module's ``prerender()``: draws what every learner sees first (its default chart) into the
    module's own cache."""
    return [value for module in widget_modules() if callable(value := vars(module).get("prerender"))
            and getattr(value, "__module__", None) == module.__name__]


def source_files() -> list[Path]:
    """The files ``load_all`` reads (that exist now)."""
    root = _root()
    paths = [path for lang in i18n.LANGS for path in i18n.string_folder(lang).iterdir() if path.suffix == ".yml"]
    paths += sorted(data_path("x").parent.glob("*"))
    if root is not None:
        paths += sorted(facts.facts_dir(root).glob("*.yml"))
        paths += [path for _lang, path in bank_files(root)]
    return [Path(str(path)) for path in paths]


def snapshot() -> Snapshot:
    """Each source file as it is now: inode, size, modification time."""
    state: Snapshot = {}
    for path in source_files():
        try:
            stat = path.stat()
        except OSError:
            continue
        state[str(path)] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return state


def forget_all() -> None:
    """Empty every cache ``load_all`` filled: each table is read again where it is next used."""
    i18n.strings.cache_clear()
    facts.forget_facts()
    for data in data_files():
        data.forget()
    for loader in cached_loaders():
        loader.cache_clear()
    forget_shared_banks()
    forget_prerendered()  # charts drawn from those tables
