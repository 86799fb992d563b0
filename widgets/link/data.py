"""The link inspector's data files, read and checked: the official domains (``tautan_domain_resmi.yml``) and
the project-made patterns (``tautan_pola.yml``: shorteners, unusual endings, bait words, look-alike letters)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field, field_validator, model_validator

from literasi.curriculum import FactId, Localized, Strict
from literasi.facts import Fact

from ..data_checks import DataFileError, data_path, read_data_model, read_problems

DATA_FILES = ("tautan_domain_resmi.yml", "tautan_pola.yml")
# Where to report, named in the "bahaya" advice; both facts must be in tautan_domain_resmi.yml's sources.
REPORT_FACTS = {"iasc": "F-SCAM-05", "aduan": "F-SCAM-09"}


class TautanDataError(DataFileError):
    """A tautan data file is missing a field or breaks one of its rules; the message names the file and field."""


DomainName = Annotated[str, Field(pattern=r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")]
Brand = Annotated[str, Field(pattern=r"^[a-z0-9]{2,}$")]


class OfficialDomain(Strict):
    """An organisation's own domain: a link to it, or to a subdomain of it, counts as official."""

    domain: DomainName
    name: Localized  # written once in the file when it is the same in both languages
    brands: tuple[Brand, ...] = ()  # names a scam domain might borrow
    facts: tuple[FactId, ...] = ()  # empty: a project example ("daftar contoh buatan proyek")
    project_example: bool = False

    @field_validator("name", mode="before")
    @classmethod
    def one_name_for_both_languages(cls, name: object) -> object:
        return {"id": name, "en": name} if isinstance(name, str) else name

    @model_validator(mode="after")
    def sourced_or_example(self) -> OfficialDomain:
        if bool(self.facts) == self.project_example:
            raise ValueError("give either facts (fact ids) or project_example: true, not both or neither")
        return self


class OfficialFile(Strict):
    """``tautan_domain_resmi.yml``."""

    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    domains: tuple[OfficialDomain, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def consistent(self) -> OfficialFile:
        names = [official.domain for official in self.domains]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"domains: listed twice: {repeated}")
        for index, official in enumerate(self.domains):
            missing = [fact for fact in official.facts if fact not in self.sources]
            if missing:
                raise ValueError(f"domains[{index}].facts: cites {missing} without a sources entry")
        unsourced = sorted(set(REPORT_FACTS.values()) - self.sources.keys())
        if unsourced:
            raise ValueError(f"sources: must include {unsourced} (the report channels)")
        return self


Shortener = Annotated[str, Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")]
Ending = Annotated[str, Field(pattern=r"^[a-z]{2,}$")]
BaitWord = Annotated[str, Field(pattern=r"^[a-z]{3,}$")]
Letters = Annotated[str, Field(min_length=1)]
AsciiLetters = Annotated[str, Field(pattern=r"^[\x00-\x7f]+$")]


class PatternFile(Strict):
    """``tautan_pola.yml``: lists the project made (``project_made: true`` says so)."""

    sources: dict[str, Fact]
    project_made: Literal[True]
    shorteners: tuple[Shortener, ...] = Field(min_length=1)
    unusual_tlds: tuple[Ending, ...] = Field(min_length=1)
    bait_words: tuple[BaitWord, ...] = Field(min_length=1)
    confusables: dict[Letters, AsciiLetters] = Field(min_length=1)  # look-alike → the letter it imitates


@dataclass(frozen=True)
class TautanData:
    official: tuple[OfficialDomain, ...]
    shorteners: frozenset[str]
    unusual_tlds: frozenset[str]
    bait_words: tuple[str, ...]
    confusables: tuple[tuple[str, str], ...]  # multi-letter keys first
    sources: dict[str, Fact]  # fact ids → the registry's facts


FileModel = TypeVar("FileModel", bound=BaseModel)


def _read(folder: Path | None, name: str, model: type[FileModel]) -> FileModel:
    return read_data_model(data_path(name, folder), model, f"widgets/data/{name}", TautanDataError)


def read_tautan_data(folder: Path | None = None) -> TautanData:
    """Parse and validate the tautan data files (from ``folder``, or the installed package)."""
    official = _read(folder, "tautan_domain_resmi.yml", OfficialFile)
    patterns = _read(folder, "tautan_pola.yml", PatternFile)
    clash = sorted(o.domain for o in official.domains if o.domain.rsplit(".", 1)[-1] in patterns.unusual_tlds)
    if clash:
        raise TautanDataError(f"widgets/data/tautan_pola.yml: unusual_tlds: include the ending of official {clash}")
    return TautanData(
        official=official.domains,
        shorteners=frozenset(patterns.shorteners),
        unusual_tlds=frozenset(patterns.unusual_tlds),
        bait_words=patterns.bait_words,
        confusables=tuple(sorted(patterns.confusables.items(), key=lambda item: -len(item[0]))),
        sources={**official.sources, **patterns.sources},
    )


@lru_cache(maxsize=1)
def load_tautan_data() -> TautanData:
    return read_tautan_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in the tautan data files, for ``literasi check``."""
    return read_problems(lambda: read_tautan_data(folder))
