"""SPBE self-assessment for ASN: one maturity level per domain, and the weakest domain(s).

Pure logic, no widgets. A self-reflection tool, not the official evaluation: the domains, the level
descriptions and what the tool says about the official evaluations (the one in use now and the one whose
domains it borrows) come from ``data/kotacerdas_spbe.yml``, with their sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator

from literasi.curriculum import Localized, Strict

from ..data_checks import CitingData, FactIds, find_by_id, raise_field_problems, read_problems, repeated_ids
from ..problems import InputProblem
from .core import Text, WholeNumber, read_data

DATA_NAME = "kotacerdas_spbe.yml"


class Spbe(Strict):
    name: Localized
    law: Localized  # the regulation that defines SPBE
    facts: FactIds = Field(min_length=1)


class SpbeEvaluation(Strict):
    """The official evaluation in use now (since 2026: the Indeks Pemerintah Digital, F-ASN-07)."""

    name: Localized
    since: WholeNumber
    aspects: WholeNumber
    indicators: WholeNumber
    facts: FactIds = Field(min_length=1)


class SpbeHistory(Strict):
    """The evaluation used before (PermenPANRB 59/2020, 2020–2025), whose domains this tool borrows."""

    regulation: Localized
    regulation_short: Localized = Field(alias="short")
    first_year: WholeNumber
    last_year: WholeNumber
    aspects: WholeNumber
    indicators: WholeNumber
    facts: FactIds = Field(min_length=1)
    level_names: tuple[Text, ...]  # official names of its (process-capability) levels, lowest first (F-ASN-10)
    level_names_facts: FactIds = Field(min_length=1)


class SpbeDomain(Strict):
    id: Text
    name: Text  # the official Indonesian term (F-ASN-02), used in both languages (chart axes)
    label: Localized  # for headings: the term, in English with a gloss
    description: Localized
    suggestion: Localized


class SpbeLevel(Strict):
    level: WholeNumber
    label: Localized
    description: Localized


class SpbeData(CitingData):
    spbe: Spbe
    evaluation: SpbeEvaluation
    history: SpbeHistory
    domains: list[SpbeDomain] = Field(min_length=1)
    levels: list[SpbeLevel] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> SpbeData:
        problems = repeated_ids(("domains",), self.domains)
        numbers = [entry.level for entry in self.levels]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            problems.append((("levels",), f"must be consecutive whole numbers in order, not {numbers}"))
        if len(self.history.level_names) != len(self.levels):
            problems.append((("history", "level_names"),
                             f"must list {len(self.levels)} names, one per level, lowest first"))
        first, last, since = self.history.first_year, self.history.last_year, self.evaluation.since
        if not first <= last < since:
            problems.append((("history",), f"years {first}–{last} must end before evaluation.since ({since})"))
        raise_field_problems("SpbeData", problems)
        return self

    @property
    def all_facts(self) -> tuple[str, ...]:
        """Every fact the tool states, in the order its footer lists them."""
        facts = [*self.spbe.facts, *self.evaluation.facts, *self.history.facts, *self.history.level_names_facts]
        return tuple(dict.fromkeys(facts))

    @property
    def lowest_level(self) -> int:
        return self.levels[0].level

    @property
    def highest_level(self) -> int:
        return self.levels[-1].level

    def domain(self, domain_id: str) -> SpbeDomain:
        return find_by_id(self.domains, domain_id)

    def level(self, level: int) -> SpbeLevel:
        for entry in self.levels:
            if entry.level == level:
                return entry
        raise KeyError(level)


def read_spbe_data(folder: Path | None = None) -> SpbeData:
    """The SPBE self-assessment's data; ``folder`` defaults to the package's data folder."""
    return read_data(folder, DATA_NAME, SpbeData)


@lru_cache(maxsize=1)
def load_spbe_data() -> SpbeData:
    return read_spbe_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in data/kotacerdas_spbe.yml (or its copy in ``folder``), for ``literasi check``."""
    return read_problems(lambda: read_spbe_data(folder))


# ---------------------------------------------------------------------------------------------------
# The assessment


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
