"""What a NIK gives away, and masking personal data before a table is shared.

Pure logic, no widgets. The NIK layout (F-ASN-05) and how much of each identifier stays visible after
masking live in ``data/nik.yml``. Region codes are shown as codes: the project ships no table of
region names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator

from literasi.curriculum import FactId, Strict
from literasi.facts import Fact

from ..data_checks import DataFileError, data_path, read_data_model, read_problems
from ..problems import InputProblem

DATA_FILE = "nik.yml"
NIK_LENGTH = 16
PART_IDS = ("province", "regency", "district", "birth_date", "serial")

# Sanity bounds of the masking tool, not rules of any law: a table this size fits a phone screen.
MAX_ROWS = 50
MAX_COLUMNS = 10
MAX_LINE_CHARS = 300

NIK_SEPARATORS = re.compile(r"[\s.\-]")
CELL_SEPARATORS = re.compile(r"[,;\t|]")
PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")
ASCII_DIGITS = re.compile(r"[0-9]+")
SHORTEST_PHONE_LOCAL = 9  # digits after 0 / +62 that this tool treats as a mobile number (8 + 8 more)
PHONE = re.compile(r"(\+62|62|0)(8[0-9]{8,11})")
EMAIL = re.compile(r"([^@\s]+)@([^@\s]+\.[^@\s]+)")


class NikDataError(DataFileError):
    """The NIK data file is broken; the message names the file and the field."""


# --- the data file -----------------------------------------------------------------------------------


def _fail(problems: list[str]) -> None:
    """Every broken rule of one part of the file at once, in one sentence."""
    if problems:
        raise ValueError("; ".join(problems))


class NikPart(Strict):
    id: str
    length: int = Field(ge=1)


class NikLayout(Strict):
    """How the 16 digits are laid out (F-ASN-05)."""

    facts: tuple[FactId, ...] = Field(min_length=1)
    parts: tuple[NikPart, ...]
    female_day_offset: int  # women's birth day is written as day + this

    @model_validator(mode="after")
    def sixteen_digits(self) -> NikLayout:
        problems = []
        if tuple(part.id for part in self.parts) != PART_IDS:
            problems.append(f"parts must be {list(PART_IDS)} in this order")
        if sum(part.length for part in self.parts) != NIK_LENGTH:
            problems.append(f"parts lengths must add up to {NIK_LENGTH}")
        if {part.id: part.length for part in self.parts}.get("birth_date") != 6:
            problems.append("the birth date is 6 digits (DDMMYY)")
        if not 31 < self.female_day_offset <= 68:
            problems.append("female_day_offset must keep day + offset within two digits, above 31")
        _fail(problems)
        return self


class Masking(Strict):
    """How many characters of each identifier stay visible after masking (the rest becomes *)."""

    facts: tuple[FactId, ...] = Field(min_length=1)
    nik_keep_start: int = Field(ge=0)
    nik_keep_end: int = Field(ge=0)
    phone_keep_after_prefix: int = Field(ge=0)
    phone_keep_end: int = Field(ge=0)
    email_keep_start: int = Field(ge=0)

    @model_validator(mode="after")
    def something_stays_hidden(self) -> Masking:
        problems = []
        if self.nik_keep_start + self.nik_keep_end >= NIK_LENGTH:
            problems.append("nik_keep_start + nik_keep_end would leave the whole NIK visible")
        if self.phone_keep_after_prefix + self.phone_keep_end >= SHORTEST_PHONE_LOCAL:
            problems.append(f"phone numbers of {SHORTEST_PHONE_LOCAL} digits after the prefix would stay visible")
        _fail(problems)
        return self


class Examples(Strict):
    nik: str  # fictional; must decode
    table: str  # fictional; what the masker starts with


class NikFile(Strict):
    """``nik.yml``."""

    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    nik_layout: NikLayout
    masking: Masking
    examples: Examples

    @model_validator(mode="after")
    def facts_are_sources(self) -> NikFile:
        for where, facts in (("nik_layout.facts", self.nik_layout.facts), ("masking.facts", self.masking.facts)):
            missing = sorted(set(facts) - self.sources.keys())
            if missing:
                raise ValueError(f"{where}: cites {', '.join(missing)}, which the file's sources do not list")
        return self


@dataclass(frozen=True)
class NikRules:
    parts: tuple[tuple[str, int], ...]
    female_day_offset: int
    nik_keep_start: int
    nik_keep_end: int
    phone_keep_after_prefix: int
    phone_keep_end: int
    email_keep_start: int
    example_nik: str
    example_table: str
    layout_facts: tuple[str, ...]
    masking_facts: tuple[str, ...]
    sources: dict[str, Fact]  # fact ids → the registry's facts


def read_nik_rules(folder: Path | None = None) -> NikRules:
    """Parse and validate data/nik.yml (from ``folder``, or the installed package); its example NIK must
    decode."""
    where = f"widgets/data/{DATA_FILE}"
    raw = read_data_model(data_path(DATA_FILE, folder), NikFile, where, NikDataError)
    layout, masking = raw.nik_layout, raw.masking
    rules = NikRules(
        parts=tuple((part.id, part.length) for part in layout.parts),
        female_day_offset=layout.female_day_offset,
        nik_keep_start=masking.nik_keep_start,
        nik_keep_end=masking.nik_keep_end,
        phone_keep_after_prefix=masking.phone_keep_after_prefix,
        phone_keep_end=masking.phone_keep_end,
        email_keep_start=masking.email_keep_start,
        example_nik=raw.examples.nik,
        example_table=raw.examples.table,
        layout_facts=layout.facts,
        masking_facts=masking.facts,
        sources=raw.sources,
    )
    try:
        decode_nik(rules.example_nik, rules=rules)
    except InputProblem as problem:
        raise NikDataError(f"{where}: examples.nik: does not decode ({problem.message('en')})") from None
    return rules


@lru_cache(maxsize=1)
def load_nik_rules() -> NikRules:
    return read_nik_rules()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in data/nik.yml, for ``literasi check``."""
    return read_problems(lambda: read_nik_rules(folder))


# ---------------------------------------------------------------------------------------------------
# Decoding a NIK


@dataclass(frozen=True)
class NikParts:
    digits: str
    province: str
    regency: str
    district: str
    birth_code: str  # DDMMYY as written in the NIK
    serial: str
    birth_date: dt.date  # century guessed: the latest date with these digits not after today
    female: bool


def _split(digits: str, rules: NikRules) -> dict[str, str]:
    parts, position = {}, 0
    for part, length in rules.parts:
        parts[part] = digits[position:position + length]
        position += length
    return parts


def decode_nik(text: str, today: dt.date | None = None, rules: NikRules | None = None) -> NikParts:
    """Read the parts of a NIK; raises InputProblem for anything that cannot be one.

    Spaces, dots and dashes between digits are allowed (people write NIKs in groups). A NIK holds only
    the last two digits of the birth year, so the century is a guess: the latest such date not after
    ``today``.
    """
    rules = rules or load_nik_rules()
    today = today or dt.date.today()
    digits = NIK_SEPARATORS.sub("", str(text))
    if not digits:
        raise InputProblem("nik.empty")
    if not ASCII_DIGITS.fullmatch(digits):
        raise InputProblem("nik.not_digits")
    if len(digits) != NIK_LENGTH:
        raise InputProblem("nik.wrong_length", count=len(digits), length=NIK_LENGTH)
    parts = _split(digits, rules)
    birth = parts["birth_date"]
    day_code, month, year2 = int(birth[0:2]), int(birth[2:4]), int(birth[4:6])
    female = day_code > rules.female_day_offset
    day = day_code - rules.female_day_offset if female else day_code
    if not 1 <= day <= 31:
        raise InputProblem("nik.bad_day", code=birth[0:2], offset=rules.female_day_offset)
    if not 1 <= month <= 12:
        raise InputProblem("nik.bad_month", code=birth[2:4])
    birth_date = None
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + year2, month, day)
        except ValueError:
            continue
        if candidate <= today:
            birth_date = candidate
            break
    if birth_date is None:
        raise InputProblem("nik.impossible_date", day=day, month=f"{month:02d}", year=f"{year2:02d}")
    return NikParts(digits=digits, province=parts["province"], regency=parts["regency"], district=parts["district"],
                    birth_code=birth, serial=parts["serial"], birth_date=birth_date, female=female)


# ---------------------------------------------------------------------------------------------------
# Masking a table of personal data

KINDS = ("nik", "phone", "email", "text")


@dataclass(frozen=True)
class MaskedCell:
    kind: str  # one of KINDS, or "empty"
    before: str
    after: str


@dataclass(frozen=True)
class MaskedTable:
    header: tuple[str, ...] | None
    rows: tuple[tuple[MaskedCell, ...], ...]

    @property
    def counts(self) -> Counter:
        return Counter(cell.kind for row in self.rows for cell in row if cell.kind != "empty")

    @property
    def width(self) -> int:
        return max([len(row) for row in self.rows] + [len(self.header or ())])


def _stars(count: int) -> str:
    return "*" * max(count, 0)


def mask_cell(text: str, rules: NikRules | None = None) -> MaskedCell:
    """Recognise one value (NIK, phone number, email, anything else) and mask it."""
    rules = rules or load_nik_rules()
    value = text.strip()
    if not value:
        return MaskedCell("empty", "", "")
    email = EMAIL.fullmatch(value)
    if email:
        local, domain = email.groups()
        keep = local[:rules.email_keep_start]
        return MaskedCell("email", value, f"{keep}***@{domain}")
    nik = NIK_SEPARATORS.sub("", value)
    if len(nik) == NIK_LENGTH and ASCII_DIGITS.fullmatch(nik):
        middle = NIK_LENGTH - rules.nik_keep_start - rules.nik_keep_end
        tail = nik[NIK_LENGTH - rules.nik_keep_end:] if rules.nik_keep_end else ""
        return MaskedCell("nik", value, nik[:rules.nik_keep_start] + _stars(middle) + tail)
    phone = PHONE.fullmatch(PHONE_PUNCTUATION.sub("", value))
    if phone:
        prefix, local = phone.groups()
        head, tail = rules.phone_keep_after_prefix, rules.phone_keep_end
        hidden = len(local) - head - tail
        masked = local[:head] + _stars(hidden) + (local[len(local) - tail:] if tail else "")
        return MaskedCell("phone", value, prefix + masked)
    # Anything else (a name, an address) keeps only the first character of each word: over-masking a
    # column is safer than guessing that it is harmless.
    words = value.split()
    return MaskedCell("text", value, " ".join(word[0] + "***" if len(word) > 1 else word for word in words))


def mask_table(text: str, has_header: bool = True, rules: NikRules | None = None) -> MaskedTable:
    """Mask every line of a small table (cells separated by commas, semicolons, tabs or |)."""
    rules = rules or load_nik_rules()
    lines = [line for line in str(text).splitlines() if line.strip()]
    if not lines:
        raise InputProblem("nik.mask_empty")
    header = None
    if has_header:
        header_line, lines = lines[0], lines[1:]
        if len(header_line) > MAX_LINE_CHARS:
            raise InputProblem("nik.line_too_long", line=1, limit=MAX_LINE_CHARS)
        header = tuple(cell.strip() for cell in CELL_SEPARATORS.split(header_line))
        if len(header) > MAX_COLUMNS:
            raise InputProblem("nik.too_many_columns", line=1, limit=MAX_COLUMNS)
        if not lines:
            raise InputProblem("nik.mask_only_header")
    if len(lines) > MAX_ROWS:
        raise InputProblem("nik.too_many_rows", limit=MAX_ROWS)
    rows = []
    for number, line in enumerate(lines, start=2 if has_header else 1):
        if len(line) > MAX_LINE_CHARS:
            raise InputProblem("nik.line_too_long", line=number, limit=MAX_LINE_CHARS)
        cells = CELL_SEPARATORS.split(line)
        if len(cells) > MAX_COLUMNS:
            raise InputProblem("nik.too_many_columns", line=number, limit=MAX_COLUMNS)
        rows.append(tuple(mask_cell(cell, rules) for cell in cells))
    return MaskedTable(header=header, rows=tuple(rows))
