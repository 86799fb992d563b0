"""Smart-city dimension mapper for ASN: which of the six smart-city dimensions an idea serves.

Pure logic, no widgets. Everything a learner reads as content (the dimensions, the example ideas with their
feedback) comes from ``data/kotacerdas_dimensi.yml``, with its sources. The example ideas come in sets
(``idea_sets``): the first is the general set every mapper shows by default; another (``kantor``) holds an
office's programmes, each with the agency that leads it in the fictional city and the shared SPBE
infrastructure it uses (``infrastructure``).

Privacy: the learner's own idea text lives only in the objects the widget holds while the page is
open; nothing here stores, logs or prints it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator

from literasi.curriculum import Localized, Strict

from ..data_checks import (
    CitingData,
    FactId,
    FactIds,
    find_by_id,
    raise_field_problems,
    read_problems,
    repeated_ids,
    repeats,
)
from ..problems import InputProblem
from .core import Text, read_data

DATA_NAME = "kotacerdas_dimensi.yml"
# Limits of this tool, not rules of any programme: an idea is about one sentence, and a longer list
# no longer fits a phone screen as a summary.
MAX_IDEA_LENGTH = 160
MAX_OWN_IDEAS = 12


class Dimension(Strict):
    id: Text
    name: Text  # Kominfo's own English-language term, used in both languages
    gloss: Localized
    description: Localized


class Infrastructure(Strict):
    """Shared SPBE infrastructure or a common application an office programme may use (PDN, JIP, SPLP, LAPOR!)."""

    id: Text
    name: Localized
    gloss: Localized  # what it is, in a few words
    facts: FactIds = Field(min_length=1)


class ExampleIdea(Strict):
    id: Text
    idea_set: Text | None = Field(default=None, alias="set")  # None: the first (default) set of ``idea_sets``
    source_fact: FactId | None = None  # a real example (e.g. Pontianak, F-CASE-06); None = fictional
    text: Localized
    expected: tuple[str, ...] = Field(min_length=1)
    also_fits: tuple[str, ...]
    # Sources disagree on where the idea belongs (PSC 119: Living or Society): any one expected dimension is right.
    any_expected: bool = Field(default=False, strict=True)
    why: Localized
    facts: FactIds = ()  # facts the explanation rests on (e.g. Kominfo's warning about command centres)
    lead: Localized | None = None  # who leads it in the fictional Kota Sukamaju (office ideas)
    uses: tuple[str, ...] = ()  # ids of ``infrastructure`` entries it uses

    @model_validator(mode="after")
    def _dimensions_are_consistent(self) -> ExampleIdea:
        problems = [((key,), "lists an item twice") for key in ("expected", "also_fits", "uses")
                    if repeats(getattr(self, key))]
        if set(self.expected) & set(self.also_fits):
            problems.append(((), "a dimension cannot be both expected and also_fits"))
        if self.any_expected and len(self.expected) < 2:
            problems.append((("any_expected",), "true needs at least two expected dimensions"))
        raise_field_problems("ExampleIdea", problems)
        return self


class DimensionData(CitingData):
    dimensions_facts: FactIds = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    idea_sets: tuple[Text, ...] = Field(min_length=1)  # the first is the default set
    infrastructure: tuple[Infrastructure, ...] = ()
    ideas: list[ExampleIdea] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_resolve(self) -> DimensionData:
        problems = [problem for key in ("dimensions", "infrastructure", "ideas")
                    for problem in repeated_ids((key,), getattr(self, key))]
        if repeats(self.idea_sets):
            problems.append((("idea_sets",), f"names are not unique: {', '.join(repeats(self.idea_sets))}"))
        known = [dimension.id for dimension in self.dimensions]
        known_infrastructure = [entry.id for entry in self.infrastructure]
        for index, idea in enumerate(self.ideas):
            for key in ("expected", "also_fits"):
                unknown = [item for item in getattr(idea, key) if item not in known]
                if unknown:
                    problems.append((("ideas", index, key), f"unknown {unknown}; known are {known}"))
            unknown = [item for item in idea.uses if item not in known_infrastructure]
            if unknown:
                problems.append((("ideas", index, "uses"),
                                 f"unknown {unknown}; the infrastructure list has {known_infrastructure}"))
            if idea.idea_set is not None and idea.idea_set not in self.idea_sets:
                sets = list(self.idea_sets)
                problems.append((("ideas", index, "set"), f"unknown {idea.idea_set!r}; idea_sets are {sets}"))
        empty = [name for name in self.idea_sets if not any(self.set_of(idea) == name for idea in self.ideas)]
        if empty:
            problems.append((("idea_sets",), f"no idea belongs to {', '.join(empty)}"))
        raise_field_problems("DimensionData", problems)
        return self

    @property
    def default_set(self) -> str:
        return self.idea_sets[0]

    def set_of(self, idea: ExampleIdea) -> str:
        return idea.idea_set or self.default_set

    def ideas_in(self, idea_set: str | None = None) -> list[ExampleIdea]:
        """The example ideas of one set (default: the first), in file order."""
        wanted = idea_set or self.default_set
        return [idea for idea in self.ideas if self.set_of(idea) == wanted]

    def set_facts(self, idea_set: str | None = None) -> tuple[str, ...]:
        """Every fact a mapper showing this set cites, in the order its footer lists them: the dimensions, the
        real examples, then what the explanations and the infrastructure rest on."""
        ideas = self.ideas_in(idea_set)
        facts = [*self.dimensions_facts, *sorted({idea.source_fact for idea in ideas if idea.source_fact})]
        for idea in ideas:
            facts += [*idea.facts, *(fact for used in idea.uses for fact in self.infrastructure_entry(used).facts)]
        return tuple(dict.fromkeys(facts))

    def infrastructure_entry(self, entry_id: str) -> Infrastructure:
        return find_by_id(self.infrastructure, entry_id)

    def dimension(self, dimension_id: str) -> Dimension:
        return find_by_id(self.dimensions, dimension_id)

    def idea(self, idea_id: str) -> ExampleIdea:
        return find_by_id(self.ideas, idea_id)


def read_dimension_data(folder: Path | None = None) -> DimensionData:
    """The dimension mapper's data; ``folder`` defaults to the package's data folder."""
    return read_data(folder, DATA_NAME, DimensionData)


@lru_cache(maxsize=1)
def load_dimension_data() -> DimensionData:
    return read_dimension_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in data/kotacerdas_dimensi.yml (or its copy in ``folder``), for ``literasi check``."""
    return read_problems(lambda: read_dimension_data(folder))


# ---------------------------------------------------------------------------------------------------
# Mapping an example idea, and the learner's own ideas


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


def _known_dimensions(chosen: Iterable[object], data: DimensionData) -> tuple[str, ...]:
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


def idea_set_name(idea_set: object) -> str:
    """The set of example ideas a mapper shows; InputProblem (naming the sets there are) if there is no such set."""
    data = load_dimension_data()
    if idea_set is None:
        return data.default_set
    if not isinstance(idea_set, str) or idea_set not in data.idea_sets:
        raise InputProblem("kotacerdas.unknown_idea_set", sets=", ".join(data.idea_sets))
    return idea_set


def check_mapping(idea_id: object, chosen: Iterable[object]) -> MappingResult:
    """How well the learner's chosen dimensions fit one example idea; InputProblem if nothing usable is chosen."""
    data = load_dimension_data()
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
    return OwnIdea(text=cleaned, dimensions=_known_dimensions(chosen, load_dimension_data()))


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
    dimensions = load_dimension_data().dimensions
    counts = tuple((d.id, sum(1 for idea in ideas if d.id in idea.dimensions)) for d in dimensions)
    return Coverage(counts=counts, idea_count=len(ideas))
