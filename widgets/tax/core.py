"""PPh final for UMKM under PP 55/2022: a yearly estimate, or a plain "this may no longer apply to you".

Pure logic, no widgets. The rate, the turnover ceiling, the untaxed part of an individual's turnover, each
taxpayer type's time limit and the status of the pending revision come from ``data/pajak.yml`` only
(validated here with pydantic).

The model, for one tax year:
    untaxed  = the untaxed part of the turnover (individuals only, PP 55/2022 Pasal 60 ayat (2)), else 0
    taxable  = max(0, turnover − untaxed)
    PPh      = taxable × rate
but only when the turnover is at most the ceiling and the tax year is within the taxpayer's time limit:
    first year = max(registration year, the type's earliest counted tax year, if any)
    last year  = first year + time limit − 1.
Past the time limit the estimator gives no 0.5% figure: the revision that would lift or extend the limit
was not confirmed as enacted (FACTS F-EC-13b), so it is reported with its dates and never applied.
PPh final is an amount per tax year here: no monthly figure, since no fact in the facts registry says how the
monthly payments are worked out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from literasi.curriculum import Localized, Strict
from literasi.facts import Fact

from ..data_checks import (
    CitingData,
    DataFile,
    DataFileError,
    FactIds,
    raise_field_problems,
    repeated_ids,
)
from ..money import format_month_year, format_percent_value, format_rupiah
from ..problems import Finding, InputProblem, typed_number

DATA_NAME = "pajak.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"
HUNDRED = Decimal(100)
# Scope of this estimator, not a tax rule: it follows PP 55/2022 (issued December 2022, FACTS F-EC-11), so
# it offers tax years from the first whole year under it up to next year.
FIRST_TAX_YEAR = 2023
# Sanity bounds of this estimator, not tax rules: a yearly turnover above this, or a registration year
# before this, is almost surely a typo, so we ask the learner to check rather than compute.
MAX_TURNOVER = Decimal(10) ** 15
EARLIEST_REGISTRATION_YEAR = 1900

Id = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")


class DataError(DataFileError):
    """The PPh final data file is missing or invalid; the message names the file and the field."""


class Rule(Strict):
    name: Localized
    facts: FactIds = Field(min_length=1)


class Amount(Strict):
    amount: int = Field(gt=0)  # whole rupiah
    facts: FactIds = Field(min_length=1)


class RevisionStatus(Strict):
    drafted_as_of: dt.date  # the date of the report of what the draft would do
    status_as_of: dt.date  # the newest date at which it was reported as not yet issued
    facts: FactIds = Field(min_length=1)

    @model_validator(mode="after")
    def status_after_draft(self) -> RevisionStatus:
        if self.status_as_of < self.drafted_as_of:
            raise ValueError("status_as_of cannot be before drafted_as_of")
        return self


class RevisionPlan(Strict):
    """What the pending revision would do for one taxpayer type (never applied by the estimator)."""

    plan: Literal["no_time_limit", "extended"]
    until_tax_year: int | None = Field(default=None, ge=2000, le=2100)

    @model_validator(mode="after")
    def until_only_when_extended(self) -> RevisionPlan:
        if (self.plan == "extended") != (self.until_tax_year is not None):
            raise ValueError("until_tax_year is given exactly when the plan is 'extended'")
        return self


class TaxpayerType(Strict):
    id: str = Id
    label: Localized
    time_limit_years: int = Field(gt=0, le=50)
    counted_from_tax_year_at_earliest: int | None = Field(default=None, ge=2000, le=2100)
    untaxed_turnover: int | None = Field(default=None, gt=0)
    revision: RevisionPlan | None = None
    facts: FactIds = Field(min_length=1)


class PphRules(CitingData):
    rule: Rule
    rate_percent: Decimal = Field(gt=0, lt=100)
    rate_facts: FactIds = Field(min_length=1)
    turnover_ceiling: Amount
    revision: RevisionStatus
    taxpayer_types: list[TaxpayerType] = Field(min_length=1)

    @model_validator(mode="after")
    def _types_are_consistent(self) -> PphRules:
        problems = repeated_ids(("taxpayer_types",), self.taxpayer_types)
        untaxed = [index for index, kind in enumerate(self.taxpayer_types) if kind.untaxed_turnover is not None]
        if len(untaxed) > 1:
            problems.append((("taxpayer_types",),
                             "only one taxpayer type (individuals) has an untaxed part of the turnover"))
        problems += [(("taxpayer_types", index, "untaxed_turnover"), "must be below the turnover ceiling")
                     for index in untaxed
                     if self.taxpayer_types[index].untaxed_turnover >= self.turnover_ceiling.amount]
        raise_field_problems("PphRules", problems)
        return self

    def taxpayer_type(self, type_id: str) -> TaxpayerType:
        for kind in self.taxpayer_types:
            if kind.id == type_id:
                return kind
        raise InputProblem("pajak.unknown_type")

    @property
    def individual_untaxed(self) -> Decimal:
        """The untaxed part of an individual's turnover (to tell other types they do not get it)."""
        return Decimal(next(k.untaxed_turnover for k in self.taxpayer_types if k.untaxed_turnover is not None))

    @property
    def ceiling(self) -> Decimal:
        return Decimal(self.turnover_ceiling.amount)


DATA = DataFile(DATA_NAME, PphRules, DataError)
read_pph_rules = DATA.read  # a copy at a path (tests, checks); the packaged file when no path is given
load_pph_rules = DATA.load  # the packaged file, read once
check_data = DATA.problems  # for ``literasi check``


def tax_years(today: dt.date | None = None) -> list[int]:
    """The tax years a learner may pick: from FIRST_TAX_YEAR to next year."""
    this_year = (today or dt.date.today()).year
    return list(range(FIRST_TAX_YEAR, max(this_year, FIRST_TAX_YEAR) + 2))


# --- The calculation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PphEstimate:
    taxpayer: TaxpayerType
    turnover: Decimal
    tax_year: int
    registered_year: int
    first_year: int  # the first tax year of the time limit
    rate_percent: Decimal
    ceiling: Decimal

    @property
    def last_year(self) -> int:
        """The last tax year in which PP 55/2022 as written lets this taxpayer use the rate."""
        return self.first_year + self.taxpayer.time_limit_years - 1

    @property
    def time_limit_passed(self) -> bool:
        return self.tax_year > self.last_year

    @property
    def over_ceiling(self) -> bool:
        return self.turnover > self.ceiling

    @property
    def applies(self) -> bool:
        """The 0.5% estimate is shown only when neither the time limit nor the ceiling rules it out."""
        return not (self.time_limit_passed or self.over_ceiling)

    @property
    def untaxed(self) -> Decimal:
        allowance = Decimal(self.taxpayer.untaxed_turnover or 0)
        return min(allowance, self.turnover)

    @property
    def taxable(self) -> Decimal:
        return self.turnover - self.untaxed

    @property
    def tax(self) -> Decimal | None:
        """PPh final for the tax year in rupiah (not rounded), or None when the rate may not apply."""
        if not self.applies:
            return None
        return self.taxable * self.rate_percent / HUNDRED


def estimate_pph(turnover: Decimal | int, type_id: str, registered_year: int | Decimal, tax_year: int,
                 today: dt.date | None = None) -> PphEstimate:
    """The estimate for one tax year; raises InputProblem for values a learner could mistype."""
    rules = load_pph_rules()
    taxpayer = rules.taxpayer_type(type_id)
    this_year = (today or dt.date.today()).year
    turnover = Decimal(turnover)
    if turnover < 0:
        raise InputProblem("pajak.turnover_negative")
    if turnover > MAX_TURNOVER:
        raise InputProblem("pajak.turnover_too_large", limit=lambda lang: format_rupiah(MAX_TURNOVER, lang))
    registered = Decimal(registered_year)
    if registered != registered.to_integral_value():
        raise InputProblem("pajak.year_not_whole")
    if registered > this_year:
        raise InputProblem("pajak.year_in_future", year=str(this_year))
    if registered < EARLIEST_REGISTRATION_YEAR:
        raise InputProblem("pajak.year_too_early")
    if tax_year not in tax_years(today):
        raise InputProblem("pajak.tax_year_out_of_range", first=str(FIRST_TAX_YEAR), last=str(tax_years(today)[-1]))
    registered = int(registered)
    if registered > tax_year:
        raise InputProblem("pajak.registered_after_tax_year", registered=str(registered), year=str(tax_year))
    earliest = taxpayer.counted_from_tax_year_at_earliest
    first_year = max(registered, earliest) if earliest is not None else registered
    return PphEstimate(taxpayer=taxpayer, turnover=turnover, tax_year=tax_year, registered_year=registered,
                       first_year=first_year, rate_percent=rules.rate_percent, ceiling=rules.ceiling)


def estimate_from_text(turnover_text: str, type_id: str, registered_text: str, tax_year: int | str, lang: str,
                       today: dt.date | None = None) -> PphEstimate:
    """The same as estimate_pph, from the boxes as typed."""
    turnover = typed_number(turnover_text, lang, "pajak.turnover_not_number")
    if not str(registered_text).strip():
        raise InputProblem("pajak.year_empty")
    registered = typed_number(registered_text, lang, "pajak.year_not_number")
    try:
        year = int(str(tax_year).strip())
    except ValueError:
        raise InputProblem("pajak.tax_year_out_of_range", first=str(FIRST_TAX_YEAR),
                           last=str(tax_years(today)[-1])) from None
    return estimate_pph(turnover, type_id, registered, year, today)


# --- What the learner reads ----------------------------------------------------------------------

def notes(estimate: PphEstimate) -> tuple[Finding, ...]:
    """The sentences under the figures, in order. Levels: ``warning`` (the 0.5% figure is withheld),
    ``revision`` (depends on the revision's status, so it carries the status date), ``info``."""
    rules = load_pph_rules()
    taxpayer = estimate.taxpayer
    rate = lambda lang: format_percent_value(estimate.rate_percent, lang)  # noqa: E731
    rule = lambda lang: rules.rule.name[lang]  # noqa: E731
    kind = lambda lang: taxpayer.label[lang]  # noqa: E731
    found: list[Finding] = []
    if estimate.over_ceiling:
        found.append(Finding("warning", "pajak.over_ceiling", (
            ("ceiling", lambda lang: format_rupiah(estimate.ceiling, lang)), ("rate", rate))))
    elif taxpayer.untaxed_turnover is not None:
        found.append(Finding("info", "pajak.note_untaxed", (
            ("untaxed", lambda lang: format_rupiah(taxpayer.untaxed_turnover, lang)),)))
    else:
        found.append(Finding("info", "pajak.note_no_untaxed", (
            ("untaxed", lambda lang: format_rupiah(rules.individual_untaxed, lang)), ("rate", rate))))
    years = (("rule", rule), ("type", kind), ("rate", rate), ("years", str(taxpayer.time_limit_years)),
             ("first", str(estimate.first_year)), ("last", str(estimate.last_year)),
             ("year", str(estimate.tax_year)))
    if estimate.time_limit_passed:
        found.append(Finding("warning", "pajak.limit_passed", years))
    else:
        found.append(Finding("info", "pajak.limit_within", years))
    if estimate.first_year > estimate.registered_year:
        found.append(Finding("info", "pajak.counted_from", (
            ("registered", str(estimate.registered_year)), ("first", str(estimate.first_year)))))
    if taxpayer.revision is not None:
        status = (("drafted", lambda lang: format_month_year(rules.revision.drafted_as_of, lang)),
                  ("status", lambda lang: format_month_year(rules.revision.status_as_of, lang)), ("rule", rule),
                  ("rate", rate))
        if taxpayer.revision.plan == "no_time_limit":
            found.append(Finding("revision", "pajak.revision_no_limit", status))
        else:
            found.append(Finding("revision", "pajak.revision_extended",
                                 (*status, ("until", str(taxpayer.revision.until_tax_year)))))
    if estimate.time_limit_passed:
        found.append(Finding("warning", "pajak.confirm_passed", (("rate", rate), ("year", str(estimate.tax_year)))))
    else:
        found.append(Finding("info", "pajak.confirm", ()))
    return tuple(found)


def sources_for(estimate: PphEstimate) -> tuple[Fact, ...]:
    """The facts behind what this estimate shows, each once, in the data file's order."""
    rules = load_pph_rules()
    cited = set(rules.rule.facts) | set(rules.rate_facts) | set(rules.turnover_ceiling.facts) | set(
        estimate.taxpayer.facts)
    if estimate.taxpayer.revision is not None:
        cited |= set(rules.revision.facts)
    return tuple(fact for fact_id, fact in rules.sources.items() if fact_id in cited)
