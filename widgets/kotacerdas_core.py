"""Kota cerdas (smart city) for ASN: map ideas to Kominfo's six dimensions, reflect on SPBE maturity.

Pure logic, no widgets. Everything a learner reads as content — the dimensions, the example ideas
with their feedback, the SPBE domains and level descriptions — comes from ``data/kotacerdas_dimensi.yml``
and ``data/kotacerdas_spbe.yml``, each with its sources.

Privacy: the learner's own idea text lives only in the objects the widget holds while the page is
open; nothing here stores, logs or prints it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from babel.lists import format_list

from literasi.facts import Fact
from literasi.i18n import LANGS

from .money import locale_for
from .data_checks import DataFileError, fact_sources, load_data_yaml, read_problems
from .problems import InputProblem
from .ui import month_text

DIMENSI_FILE = "kotacerdas_dimensi.yml"
SPBE_FILE = "kotacerdas_spbe.yml"
# Limits of this tool, not rules of any programme: an idea is about one sentence, and a longer list
# no longer fits a phone screen as a summary.
MAX_IDEA_LENGTH = 160
MAX_OWN_IDEAS = 12


class KotaCerdasDataError(DataFileError):
    """A kotacerdas data file is malformed; the message names the file and the field."""


# ---------------------------------------------------------------------------------------------------
# Data files


def join_names(names: Iterable[str], lang: str) -> str:
    """``A, B, dan C`` / ``A, B, and C``."""
    return format_list(list(names), locale=locale_for(lang))


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str  # Kominfo's own English-language term, used in both languages
    gloss: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class ExampleIdea:
    id: str
    text: dict[str, str]
    expected: tuple[str, ...]
    also_fits: tuple[str, ...]
    why: dict[str, str]
    source_fact: str | None = None  # a real example (e.g. Pontianak, F-CASE-06); None = fictional
    # Sources disagree on where the idea belongs (PSC 119: Living or Society): any one expected dimension is right.
    any_expected: bool = False


@dataclass(frozen=True)
class DimensiData:
    dimensions: tuple[Dimension, ...]
    dimensions_facts: tuple[str, ...]
    ideas: tuple[ExampleIdea, ...]
    sources: dict[str, Fact]  # fact ids → the registry's facts

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    def idea(self, idea_id: str) -> ExampleIdea:
        for idea in self.ideas:
            if idea.id == idea_id:
                return idea
        raise KeyError(idea_id)


@dataclass(frozen=True)
class SpbeDomain:
    id: str
    name: str  # the official Indonesian term (F-ASN-02), used in both languages (chart axes)
    label: dict[str, str]  # for headings: the term, in English with a gloss
    description: dict[str, str]
    suggestion: dict[str, str]


@dataclass(frozen=True)
class SpbeLevel:
    level: int
    label: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class SpbeEvaluation:
    """The official evaluation in use now (since 2026: the Indeks Pemerintah Digital, F-ASN-07)."""

    name: dict[str, str]
    since: int
    aspects: int
    indicators: int
    facts: tuple[str, ...]


@dataclass(frozen=True)
class SpbeHistory:
    """The evaluation used before (PermenPANRB 59/2020, 2020–2025), whose domains this tool borrows."""

    regulation: dict[str, str]
    regulation_short: dict[str, str]
    first_year: int
    last_year: int
    aspects: int
    indicators: int
    facts: tuple[str, ...]
    level_names: tuple[str, ...]  # official names of its (process-capability) levels, lowest first (F-ASN-10)
    level_names_facts: tuple[str, ...]


@dataclass(frozen=True)
class SpbeData:
    spbe_name: dict[str, str]
    spbe_law: dict[str, str]
    spbe_facts: tuple[str, ...]
    evaluation: SpbeEvaluation
    history: SpbeHistory
    domains: tuple[SpbeDomain, ...]
    levels: tuple[SpbeLevel, ...]
    sources: dict[str, Fact]  # fact ids → the registry's facts

    @property
    def all_facts(self) -> tuple[str, ...]:
        """Every fact the tool states, in the order its footer lists them."""
        facts = [*self.spbe_facts, *self.evaluation.facts, *self.history.facts, *self.history.level_names_facts]
        return tuple(dict.fromkeys(facts))

    @property
    def lowest_level(self) -> int:
        return self.levels[0].level

    @property
    def highest_level(self) -> int:
        return self.levels[-1].level

    def domain(self, domain_id: str) -> SpbeDomain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def level(self, level: int) -> SpbeLevel:
        for entry in self.levels:
            if entry.level == level:
                return entry
        raise KeyError(level)


class _Reader:
    """Reads one data file's fields, raising KotaCerdasDataError that names the file and the field."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, what: str) -> KotaCerdasDataError:
        return KotaCerdasDataError(f"widgets/data/{self.name}: {where}: {what}")

    def field(self, entry: object, key: str, where: str) -> object:
        if not isinstance(entry, dict) or key not in entry:
            raise self.fail(where, f"missing '{key}'")
        return entry[key]

    def text(self, entry: object, key: str, where: str) -> str:
        value = self.field(entry, key, where)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "must be non-empty text")
        return value

    def localized(self, entry: object, key: str, where: str) -> dict[str, str]:
        value = self.field(entry, key, where)
        if not isinstance(value, dict) or set(value) != set(LANGS):
            raise self.fail(f"{where}.{key}", f"needs exactly the languages {list(LANGS)}")
        for lang in LANGS:
            self.text(value, lang, f"{where}.{key}")
        return dict(value)

    def id_list(self, entry: object, key: str, where: str, allowed: Iterable[str], min_items: int = 0) -> tuple[str, ...]:
        value = self.field(entry, key, where)
        allowed = set(allowed)
        if not isinstance(value, list) or len(value) < min_items:
            raise self.fail(f"{where}.{key}", f"must be a list of at least {min_items} item(s)")
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise self.fail(f"{where}.{key}", f"unknown {unknown}; known are {sorted(allowed)}")
        if len(set(value)) != len(value):
            raise self.fail(f"{where}.{key}", "lists an item twice")
        return tuple(value)

    def entries(self, raw: object, key: str) -> list[dict]:
        value = self.field(raw, key, "top level")
        if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
            raise self.fail(key, "must be a non-empty list of entries")
        return value

    def unique_ids(self, entries: list[dict], key: str) -> list[str]:
        ids = [self.text(entry, "id", f"{key}[{index}]") for index, entry in enumerate(entries)]
        if len(set(ids)) != len(ids):
            raise self.fail(key, f"ids are not unique: {ids}")
        return ids

    def sources(self, raw: object) -> dict[str, Fact]:
        value = self.field(raw, "sources", "top level")
        if not value:
            raise self.fail("sources", "must list the fact ids the file cites")
        return fact_sources(value, f"widgets/data/{self.name}: sources", KotaCerdasDataError)

    def facts(self, entry: object, key: str, where: str, sources: Mapping[str, Fact]) -> tuple[str, ...]:
        value = self.field(entry, key, where)
        if not isinstance(value, list) or not value:
            raise self.fail(f"{where}.{key}", "must list at least one FACTS id")
        missing = [fact for fact in value if fact not in sources]
        if missing:
            raise self.fail(f"{where}.{key}", f"cites {missing} without an entry in sources")
        return tuple(value)

    def whole_number(self, entry: object, key: str, where: str) -> int:
        value = self.field(entry, key, where)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(f"{where}.{key}", "must be a whole number above 0")
        return value


def _read_yaml(folder: Path | None, name: str) -> object:
    return load_data_yaml(folder, name, KotaCerdasDataError)


def read_dimensi_data(folder: Path | None = None) -> DimensiData:
    """The dimension mapper's data; ``folder`` defaults to the package's data folder."""
    read = _Reader(DIMENSI_FILE)
    raw = _read_yaml(folder, DIMENSI_FILE)
    sources = read.sources(raw)
    dimension_entries = read.entries(raw, "dimensions")
    dimension_ids = read.unique_ids(dimension_entries, "dimensions")
    dimensions = tuple(
        Dimension(
            id=dimension_id,
            name=read.text(entry, "name", f"dimensions[{index}]"),
            gloss=read.localized(entry, "gloss", f"dimensions[{index}]"),
            description=read.localized(entry, "description", f"dimensions[{index}]"),
        )
        for index, (dimension_id, entry) in enumerate(zip(dimension_ids, dimension_entries, strict=True))
    )
    idea_entries = read.entries(raw, "ideas")
    idea_ids = read.unique_ids(idea_entries, "ideas")
    ideas = []
    for index, (idea_id, entry) in enumerate(zip(idea_ids, idea_entries, strict=True)):
        where = f"ideas[{index}]"
        expected = read.id_list(entry, "expected", where, dimension_ids, min_items=1)
        also_fits = read.id_list(entry, "also_fits", where, dimension_ids)
        if set(expected) & set(also_fits):
            raise read.fail(where, "a dimension cannot be both expected and also_fits")
        any_expected = entry.get("any_expected", False)
        if not isinstance(any_expected, bool) or (any_expected and len(expected) < 2):
            raise read.fail(f"{where}.any_expected", "true or false; true needs at least two expected dimensions")
        source_fact = entry.get("source_fact")
        if source_fact is not None and source_fact not in sources:
            raise read.fail(f"{where}.source_fact", f"{source_fact!r} has no entry in sources")
        ideas.append(ExampleIdea(
            id=idea_id, text=read.localized(entry, "text", where), expected=expected, also_fits=also_fits,
            why=read.localized(entry, "why", where), source_fact=source_fact, any_expected=any_expected,
        ))
    return DimensiData(
        dimensions=dimensions,
        dimensions_facts=read.facts(raw, "dimensions_facts", "top level", sources),
        ideas=tuple(ideas),
        sources=sources,
    )


def read_spbe_data(folder: Path | None = None) -> SpbeData:
    """The SPBE self-assessment's data; ``folder`` defaults to the package's data folder."""
    read = _Reader(SPBE_FILE)
    raw = _read_yaml(folder, SPBE_FILE)
    sources = read.sources(raw)
    spbe = read.field(raw, "spbe", "top level")
    evaluation = read.field(raw, "evaluation", "top level")
    history = read.field(raw, "history", "top level")
    domain_entries = read.entries(raw, "domains")
    domain_ids = read.unique_ids(domain_entries, "domains")
    domains = tuple(
        SpbeDomain(
            id=domain_id,
            name=read.text(entry, "name", f"domains[{index}]"),
            label=read.localized(entry, "label", f"domains[{index}]"),
            description=read.localized(entry, "description", f"domains[{index}]"),
            suggestion=read.localized(entry, "suggestion", f"domains[{index}]"),
        )
        for index, (domain_id, entry) in enumerate(zip(domain_ids, domain_entries, strict=True))
    )
    level_entries = read.entries(raw, "levels")
    levels = tuple(
        SpbeLevel(
            level=read.whole_number(entry, "level", f"levels[{index}]"),
            label=read.localized(entry, "label", f"levels[{index}]"),
            description=read.localized(entry, "description", f"levels[{index}]"),
        )
        for index, entry in enumerate(level_entries)
    )
    numbers = [entry.level for entry in levels]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        raise read.fail("levels", f"must be consecutive whole numbers in order, not {numbers}")
    level_names = read.field(history, "level_names", "history")
    if (not isinstance(level_names, list) or len(level_names) != len(levels)
            or not all(isinstance(name, str) and name.strip() for name in level_names)):
        raise read.fail("history.level_names", f"must list {len(levels)} names, one per level, lowest first")
    first_year = read.whole_number(history, "first_year", "history")
    last_year = read.whole_number(history, "last_year", "history")
    since = read.whole_number(evaluation, "since", "evaluation")
    if not first_year <= last_year < since:
        raise read.fail("history", f"years {first_year}–{last_year} must end before evaluation.since ({since})")
    return SpbeData(
        spbe_name=read.localized(spbe, "name", "spbe"),
        spbe_law=read.localized(spbe, "law", "spbe"),
        spbe_facts=read.facts(spbe, "facts", "spbe", sources),
        evaluation=SpbeEvaluation(
            name=read.localized(evaluation, "name", "evaluation"),
            since=since,
            aspects=read.whole_number(evaluation, "aspects", "evaluation"),
            indicators=read.whole_number(evaluation, "indicators", "evaluation"),
            facts=read.facts(evaluation, "facts", "evaluation", sources),
        ),
        history=SpbeHistory(
            regulation=read.localized(history, "regulation", "history"),
            regulation_short=read.localized(history, "short", "history"),
            first_year=first_year,
            last_year=last_year,
            aspects=read.whole_number(history, "aspects", "history"),
            indicators=read.whole_number(history, "indicators", "history"),
            facts=read.facts(history, "facts", "history", sources),
            level_names=tuple(level_names),
            level_names_facts=read.facts(history, "level_names_facts", "history", sources),
        ),
        domains=domains,
        levels=levels,
        sources=sources,
    )


@lru_cache(maxsize=1)
def load_dimensi_data() -> DimensiData:
    return read_dimensi_data()


@lru_cache(maxsize=1)
def load_spbe_data() -> SpbeData:
    return read_spbe_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in the kotacerdas data files, for ``literasi check``."""
    return read_problems(lambda: read_dimensi_data(folder), lambda: read_spbe_data(folder))


# ---------------------------------------------------------------------------------------------------
# Smart-city dimension mapper


class Verdict(Enum):
    CORRECT = "correct"  # every expected dimension, nothing that does not fit
    PARTIAL = "partial"  # on the right track: something fits, but something is missing or does not fit
    INCORRECT = "incorrect"  # nothing chosen fits this idea


@dataclass(frozen=True)
class MappingResult:
    idea: ExampleIdea
    chosen: tuple[str, ...]  # in the data file's dimension order
    verdict: Verdict
    missing: tuple[str, ...]  # expected but not chosen
    not_fitting: tuple[str, ...]  # chosen but neither expected nor also fitting
    also_fitting: tuple[str, ...]  # chosen and also fitting (fine, not required)


def _known_dimensions(chosen: Iterable[object], data: DimensiData) -> tuple[str, ...]:
    if isinstance(chosen, (str, bytes)) or not isinstance(chosen, Iterable):
        raise InputProblem("kotacerdas.choose_dimension")
    known = {dimension.id for dimension in data.dimensions}
    picked = set()
    for item in chosen:
        if not isinstance(item, str) or item not in known:
            raise InputProblem("kotacerdas.unknown_dimension")
        picked.add(item)
    if not picked:
        raise InputProblem("kotacerdas.choose_dimension")
    return tuple(d.id for d in data.dimensions if d.id in picked)


def check_mapping(idea_id: object, chosen: Iterable[object]) -> MappingResult:
    """How well the learner's chosen dimensions fit one example idea; InputProblem if nothing usable is chosen."""
    data = load_dimensi_data()
    if not isinstance(idea_id, str) or idea_id not in {idea.id for idea in data.ideas}:
        raise InputProblem("kotacerdas.choose_idea")
    idea = data.idea(idea_id)
    picked = _known_dimensions(chosen, data)
    missing = tuple(d for d in idea.expected if d not in picked)
    if idea.any_expected and len(missing) < len(idea.expected):
        missing = ()  # one of the disputed dimensions is enough
    not_fitting = tuple(d for d in picked if d not in idea.expected and d not in idea.also_fits)
    also_fitting = tuple(d for d in picked if d in idea.also_fits)
    if not missing and not not_fitting:
        verdict = Verdict.CORRECT
    elif len(not_fitting) == len(picked):
        verdict = Verdict.INCORRECT
    else:
        verdict = Verdict.PARTIAL
    return MappingResult(idea=idea, chosen=picked, verdict=verdict, missing=missing, not_fitting=not_fitting,
                         also_fitting=also_fitting)


@dataclass(frozen=True)
class OwnIdea:
    """One of the learner's own ideas, held only while the page is open."""

    text: str
    dimensions: tuple[str, ...]


def clean_idea_text(text: object) -> str:
    """The idea as it will be shown: Unicode-normalised, without control characters, spaces collapsed."""
    if not isinstance(text, str):
        raise InputProblem("kotacerdas.idea_empty")
    normalised = unicodedata.normalize("NFC", text)
    visible = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in normalised)
    return " ".join(visible.split())


def make_own_idea(text: object, chosen: Iterable[object]) -> OwnIdea:
    cleaned = clean_idea_text(text)
    if not cleaned:
        raise InputProblem("kotacerdas.idea_empty")
    if len(cleaned) > MAX_IDEA_LENGTH:
        raise InputProblem("kotacerdas.idea_too_long", limit=MAX_IDEA_LENGTH)
    return OwnIdea(text=cleaned, dimensions=_known_dimensions(chosen, load_dimensi_data()))


def add_own_idea(ideas: tuple[OwnIdea, ...], text: object, chosen: Iterable[object]) -> tuple[OwnIdea, ...]:
    """The list with one more idea; the list itself is never changed in place."""
    if len(ideas) >= MAX_OWN_IDEAS:
        raise InputProblem("kotacerdas.too_many_ideas", limit=MAX_OWN_IDEAS)
    return (*ideas, make_own_idea(text, chosen))


@dataclass(frozen=True)
class Coverage:
    counts: tuple[tuple[str, int], ...]  # (dimension id, how many ideas touch it), in data order
    idea_count: int

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(dimension for dimension, count in self.counts if count > 0)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(dimension for dimension, count in self.counts if count == 0)


def coverage(ideas: Iterable[OwnIdea]) -> Coverage:
    ideas = tuple(ideas)
    dimensions = load_dimensi_data().dimensions
    counts = tuple((d.id, sum(1 for idea in ideas if d.id in idea.dimensions)) for d in dimensions)
    return Coverage(counts=counts, idea_count=len(ideas))


# ---------------------------------------------------------------------------------------------------
# SPBE self-assessment


@dataclass(frozen=True)
class SpbeAssessment:
    levels: tuple[tuple[SpbeDomain, int], ...]  # in the regulation's domain order

    @property
    def lowest(self) -> int:
        return min(level for _, level in self.levels)

    @property
    def weakest(self) -> tuple[SpbeDomain, ...]:
        """The domain(s) at the lowest level, in domain order (several when tied)."""
        return tuple(domain for domain, level in self.levels if level == self.lowest)

    @property
    def all_equal(self) -> bool:
        return len(self.weakest) == len(self.levels)

    def level_of(self, domain_id: str) -> int:
        for domain, level in self.levels:
            if domain.id == domain_id:
                return level
        raise KeyError(domain_id)


def _level(value: object, data: SpbeData, domain: SpbeDomain) -> int:
    if value is None:  # a dropdown not chosen yet
        raise InputProblem("kotacerdas.spbe_missing", domain=domain.name)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not data.lowest_level <= value <= data.highest_level:
        raise InputProblem("kotacerdas.spbe_level_range", domain=domain.name, low=data.lowest_level,
                           high=data.highest_level)
    return value


def assess_spbe(levels: Mapping[object, object]) -> SpbeAssessment:
    """One level per domain (1–5) in; the levels in domain order and the weakest domain(s) out."""
    data = load_spbe_data()
    if not isinstance(levels, Mapping):
        raise InputProblem("kotacerdas.spbe_missing", domain=data.domains[0].name)
    known = {domain.id for domain in data.domains}
    if any(key not in known for key in levels):
        raise InputProblem("kotacerdas.spbe_unknown_domain")
    for domain in data.domains:
        if domain.id not in levels:
            raise InputProblem("kotacerdas.spbe_missing", domain=domain.name)
    return SpbeAssessment(levels=tuple((domain, _level(levels[domain.id], data, domain)) for domain in data.domains))


def spbe_fact_date(lang: str) -> str:
    """The "sumber per" month of the current evaluation's first source (F-ASN-07)."""
    data = load_spbe_data()
    return month_text(data.sources[data.evaluation.facts[0]].sources[0].date, lang)
