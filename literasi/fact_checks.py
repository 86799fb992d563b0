"""``literasi check``'s rules for the facts registry, and the lesson "Sumber" cells generated from it.

- every fact id cited anywhere (manifest lessons and exercises, question banks, widget data, lesson and
  exercise notebooks) exists in ``facts/*.yml``;
- nothing a learner sees or is graded on rests on an ``unverified`` fact;
- learners never see a fact id: it stays out of learner-visible lesson cells;
- each lesson's source list is the one generated from the registry (``literasi facts sync`` writes it);
- facts last checked long ago are listed as due for review (a warning, not a failure).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat

from literasi.curriculum import INSTRUCTOR_TAG, Curriculum, GalleryPage, Lesson
from literasi.facts import (
    DEFAULT_REVIEW_MONTHS,
    FACT_ID,
    Fact,
    FactsError,
    Registry,
    Status,
    read_facts,
    sources_markdown,
)
from literasi.i18n import LANGS
from literasi.paths import MANIFEST_NAME, banks_dir, exercises_source_dir, lessons_dir

SOURCES_HEADINGS = ("## Sumber", "## Sources")
WIDGET_DATA = Path("widgets") / "data"


def cited_facts(root: Path, curriculum: Curriculum) -> dict[str, set[str]]:
    """Every fact id cited by something a learner sees or is graded on → the places citing it."""
    cited: dict[str, set[str]] = {}

    def cite(fact: str, where: str) -> None:
        cited.setdefault(fact, set()).add(where)

    for page in sourced_pages(curriculum):
        for fact in page.facts:
            cite(fact, f"{MANIFEST_NAME}: {page.id}")
    for exercise in curriculum.exercises():
        for fact in exercise.facts:
            cite(fact, f"{MANIFEST_NAME}: exercise {exercise.id}")
    for lang in LANGS:
        for path in sorted(banks_dir(root, lang).glob("*.yml")):
            for fact in FACT_ID.findall(path.read_text("utf-8")):
                cite(fact, _relative(path, root))
    for path in sorted((root / WIDGET_DATA).glob("*.yml")):
        for fact in FACT_ID.findall(path.read_text("utf-8")):
            cite(fact, _relative(path, root))
    return cited


def fact_problems(root: Path, curriculum: Curriculum) -> list[str]:
    try:
        registry = read_facts(root)
    except FactsError as error:
        return str(error).splitlines()
    problems = []
    for fact, places in sorted(cited_facts(root, curriculum).items()):
        where = ", ".join(sorted(places))
        if fact not in registry:
            problems.append(f"{where}: cites {fact}, which is not in facts/*.yml")
        elif registry[fact].status is Status.unverified:
            problems.append(f"{where}: cites {fact}, which is unverified ({registry.files[fact]}); a learner may "
                            f"not read or be graded on an unverified fact: source it or leave it out")
    problems += mentioned_fact_problems(root, registry)
    for page in sourced_pages(curriculum):
        for lang in LANGS:
            problems += sources_cell_problems(root, page, lang, registry)
    return problems


def sourced_pages(curriculum: Curriculum) -> list[Lesson | GalleryPage]:
    """Lessons and gallery pages: each ends with a source list generated from its ``facts``."""
    return [*curriculum.lessons(), *(page for page in curriculum.gallery if page.facts)]


def mentioned_fact_problems(root: Path, registry: Registry) -> list[str]:
    """Fact ids written in lesson and exercise notebooks must exist; no learner-visible markdown cell (every
    exercise cell, every lesson cell but the instructor notes) shows one."""
    problems = []
    notebooks = sorted(lessons_dir(root).glob("*/*/*.ipynb")) + sorted(exercises_source_dir(root).glob("*/*.ipynb"))
    for path in notebooks:
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception:  # reported by the notebook checks
            continue
        is_lesson = lessons_dir(root) in path.parents
        for index, cell in enumerate(notebook.cells):
            for fact in sorted(set(FACT_ID.findall(cell.source))):
                if fact not in registry:
                    problems.append(f"{_relative(path, root)}: cell {index} mentions {fact}, which is not in facts/*.yml")
                elif cell.cell_type == "markdown" and not (is_lesson and INSTRUCTOR_TAG in cell.metadata.get("tags", [])):
                    problems.append(f"{_relative(path, root)}: cell {index} shows the fact id {fact} to learners; "
                                    f"name the source instead (the Sumber list does)")
    return problems


def sources_cell_index(notebook: nbformat.NotebookNode) -> int | None:
    """The index of the lesson's "## Sumber" / "## Sources" markdown cell (the last one), if any."""
    found = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(SOURCES_HEADINGS):
            found = index
    return found


def sources_cell_problems(root: Path, lesson: Lesson | GalleryPage, lang: str, registry: Registry) -> list[str]:
    path = lessons_dir(root) / lang / lesson.path
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # reported by the notebook checks
        return []
    if any(fact not in registry for fact in lesson.facts):
        return []  # reported as unknown ids
    index = sources_cell_index(notebook)
    name = _relative(path, root)
    if index is None:
        return [f"{name}: no '## Sumber' / '## Sources' cell; run `literasi facts sync`"]
    if notebook.cells[index].source != sources_markdown(lesson.facts, registry, lang):
        return [f"{name}: cell {index} (sources) differs from the list generated from facts/*.yml for "
                f"{MANIFEST_NAME}'s facts; run `literasi facts sync`"]
    return []


def sync_sources(root: Path, curriculum: Curriculum) -> list[Path]:
    """Write each lesson's generated source list and ``metadata.literasi.facts``; the notebooks changed."""
    registry = read_facts(root)
    changed = []
    for lesson in sourced_pages(curriculum):
        for lang in LANGS:
            path = lessons_dir(root) / lang / lesson.path
            notebook = nbformat.read(path, as_version=4)
            text = sources_markdown(lesson.facts, registry, lang)
            index = sources_cell_index(notebook)
            meta = notebook.metadata.setdefault("literasi", {})
            before = (None if index is None else notebook.cells[index].source, meta.get("facts"), "sources" in meta)
            if index is None:
                notebook.cells.append(nbformat.v4.new_markdown_cell(text))
            else:
                notebook.cells[index].source = text
            meta.pop("sources", None)
            meta["facts"] = list(lesson.facts)
            if before != (text, meta["facts"], False):
                nbformat.write(notebook, path)
                changed.append(path)
    return changed


def due_for_review(root: Path, today: dt.date | None = None, months: int = DEFAULT_REVIEW_MONTHS) -> list[Fact]:
    try:
        registry = read_facts(root)
    except FactsError:
        return []  # reported by check
    return registry.due_for_review(today or dt.date.today(), months)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
