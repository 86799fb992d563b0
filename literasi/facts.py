"""The project's facts registry: every rate, law, date or figure the course states, with its sources.

The registry lives in ``facts/*.yml`` (one file per topic, each a list of facts) and is the one place a
learner-visible fact comes from. Lessons, question banks, exercises and widget data cite a fact by its id
(``F-QRIS-07``); learners never see the id, only the source's publisher, title and date.

Two dates, two words:

- a source's own date (an article, a page) is shown as **"sumber per <bulan tahun>"**, at the precision
  the source gives (``2023-11`` is "November 2023", never "1 November 2023");
- the date a rule takes effect is shown as **"berlaku sejak <tanggal>"**.

``load_facts()`` validates every file with pydantic; a problem names the file and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from .curriculum import Localized, Strict
from .i18n import LANGS, check_lang, t
from .paths import project_root
from .yaml_files import field_path, read_yaml

FACTS_DIR = "facts"
FACT_ID_PATTERN = r"^F-[A-Z]+-[0-9]{2}[a-z]?$"
FACT_ID = re.compile(r"\bF-[A-Z]+-[0-9]{2}[a-z]?\b")
DEFAULT_REVIEW_MONTHS = 12
_BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}


class FactsError(ValueError):
    """The registry is missing or invalid; the message names the file and the field."""


class Status(str, Enum):
    verified = "verified"  # seen at a primary source: the rule's text, the issuer's own page or report
    secondary = "secondary"  # news or other secondary sources only; learners read "menurut <sumber>"
    unverified = "unverified"  # no source found: never in learner text, quiz keys or exercise answers


class PartialDate(BaseModel):
    """A date known to the year, the month or the day: ``2023``, ``2023-11`` or ``2023-11-15``."""

    model_config = ConfigDict(frozen=True)
    year: int = Field(ge=1945, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(year=value.year, month=value.month, day=value.day)
        text = str(value).strip()
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if not match:
            raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        date = cls(year=year, month=month, day=day)
        date.first_day()  # raises for 2023-02-30
        return date

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def text(self, lang: str) -> str:
        """``2023`` / ``November 2023`` / ``15 November 2023`` in the learner's language."""
        locale = _BABEL_LOCALES[check_lang(lang)]
        if self.month is None:
            return str(self.year)
        pattern = "MMMM y" if self.day is None else "d MMMM y"
        return format_date(self.first_day(), format=pattern, locale=locale)

    def __str__(self) -> str:
        return "-".join(f"{part:02d}" for part in (self.year, self.month, self.day) if part is not None)


class FactSource(Strict):
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: HttpUrl
    date: PartialDate  # the source's own date, at the precision the source gives
    issuer: bool = False  # the issuing body's own page or document (bi.go.id, ojk.go.id, JDIH, …)

    @field_validator("date", mode="before")
    @classmethod
    def _parse_date(cls, value: object) -> PartialDate:
        return PartialDate.parse(value)

    def line(self, lang: str) -> str:
        """``[title](url), publisher, sumber per November 2023`` (Markdown)."""
        return t("facts.source_line", lang, title=self.title, url=str(self.url), publisher=self.publisher,
                 date=self.date.text(lang))


class Fact(Strict):
    id: str = Field(pattern=FACT_ID_PATTERN)
    topic: Localized  # a short label shown in source lists: "Batas nominal QRIS"
    statement: Localized  # the fact in full, in the project's own words
    value: str = ""
    status: Status
    sources: list[FactSource] = Field(min_length=1)
    in_force_since: PartialDate | None = None  # "berlaku sejak": the day a rule takes effect
    in_force_until: PartialDate | None = None  # a rule that has ended (written in the past tense)
    checked: dt.date  # the day someone last confirmed the fact against its sources
    note: str = ""  # for editors only (never shown to learners)

    @field_validator("topic", "statement")
    @classmethod
    def _no_fact_ids(cls, text: Localized) -> Localized:
        for lang in LANGS:
            if FACT_ID.search(text[lang]):
                raise ValueError(f"{lang}: learners read this text, so it may not name a fact id (put cross-references "
                                 f"in `note`)")
        return text

    @field_validator("in_force_since", "in_force_until", mode="before")
    @classmethod
    def _parse_dates(cls, value: object) -> PartialDate | None:
        return None if value is None else PartialDate.parse(value)

    def source_line(self, lang: str) -> str:
        """One learner-facing line of a lesson's source list (Markdown), without the fact id."""
        sources = "; ".join(source.line(lang) for source in self.sources)
        line = f"{self.topic[lang]}: {sources}"
        if self.status is Status.secondary:
            line += t("facts.secondary", lang)
        if self.in_force_since is not None:
            line += t("facts.in_force_since", lang, date=self.in_force_since.text(lang))
        if self.in_force_until is not None:
            line += t("facts.in_force_until", lang, date=self.in_force_until.text(lang))
        return line + "."


class Registry:
    """All facts by id, with the file each came from."""

    def __init__(self, facts: dict[str, Fact], files: dict[str, str]):
        self.facts = facts
        self.files = files

    def __contains__(self, fact_id: str) -> bool:
        return fact_id in self.facts

    def __getitem__(self, fact_id: str) -> Fact:
        return self.facts[fact_id]

    def due_for_review(self, today: dt.date, months: int = DEFAULT_REVIEW_MONTHS) -> list[Fact]:
        """Facts last checked more than ``months`` months before ``today``."""
        limit = _months_before(today, months)
        return sorted((fact for fact in self.facts.values() if fact.checked < limit), key=lambda f: f.checked)


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def facts_dir(root: Path) -> Path:
    return root / FACTS_DIR


def read_facts(root: Path) -> Registry:
    """Every ``facts/*.yml`` under ``root``, validated; raises FactsError listing every problem."""
    folder = facts_dir(root)
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    if not files:
        raise FactsError(f"{folder}: no facts files (facts/*.yml)")
    facts: dict[str, Fact] = {}
    where: dict[str, str] = {}
    problems: list[str] = []
    for path in files:
        name = f"{FACTS_DIR}/{path.name}"
        raw = read_yaml(path, FactsError)
        if not isinstance(raw, list):
            problems.append(f"{name}: expected a list of facts at the top level")
            continue
        for index, entry in enumerate(raw):
            label = entry.get("id", index) if isinstance(entry, dict) else index
            try:
                fact = Fact.model_validate(entry)
            except ValidationError as error:
                problems += [f"{name}: [{index}] {label}: {field_path(e['loc'])}: {e['msg']}" for e in error.errors()]
                continue
            if fact.id in facts:
                problems.append(f"{name}: {fact.id} is also in {where[fact.id]}; an id is used once")
                continue
            facts[fact.id] = fact
            where[fact.id] = name
    if problems:
        raise FactsError("\n".join(problems))
    return Registry(facts, where)


@lru_cache(maxsize=4)
def _cached_registry(root: str) -> Registry:
    return read_facts(Path(root))


def load_facts(root: Path | None = None) -> Registry:
    """The registry of the project at ``root`` (found from the working directory when omitted), cached."""
    return _cached_registry(str(root or project_root()))


def forget_facts() -> None:
    """Read the registry afresh at the next ``load_facts``."""
    _cached_registry.cache_clear()


def sources_markdown(fact_ids: list[str], registry: Registry, lang: str) -> str:
    """A lesson's "Sumber" cell, generated from the registry: heading, what the dates mean and when the
    facts were last checked (the oldest check among them), then one line per fact."""
    facts = [registry[fact_id] for fact_id in fact_ids]
    checked = min(fact.checked for fact in facts)
    intro = t("facts.sources_intro", lang, checked=PartialDate(year=checked.year, month=checked.month).text(lang))
    lines = [t("facts.sources_heading", lang), "", intro, ""]
    lines += [f"- {fact.source_line(lang)}" for fact in facts]
    return "\n".join(lines)


__all__ = [
    "DEFAULT_REVIEW_MONTHS", "FACT_ID", "Fact", "FactSource", "FactsError", "LANGS", "PartialDate", "Registry",
    "Status", "facts_dir", "forget_facts", "load_facts", "read_facts", "sources_markdown",
]
