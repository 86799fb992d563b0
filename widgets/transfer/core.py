"""BI-FAST transfer fees: what a month (and a year) of transfers to other banks costs at most.

Pure logic, no widgets. The maximum fee, the per-transfer limit and the rule's name come from
``data/bifast.yml`` only (validated here with pydantic); a change is a one-line edit there.

The model: every BI-FAST transfer costs the same fee (the bank's own fee, at most the maximum), so
    monthly cost = transfers per month × fee per transfer,    yearly cost = 12 × monthly cost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field, model_validator

from literasi.curriculum import Strict

from ..data_checks import CitingData, DataFile, DataFileError, FactIds, raise_field_problems
from ..money import format_number, format_rupiah
from ..problems import InputProblem, typed_number

DATA_NAME = "bifast.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"
MONTHS_PER_YEAR = 12
# Sanity bound of this calculator, not a BI-FAST rule: more transfers than this in one month is almost
# surely a typo (an extra zero), so we ask the learner to check rather than compute.
MAX_TRANSFERS_PER_MONTH = 1_000_000


class DataError(DataFileError):
    """The BI-FAST data file is missing or invalid; the message names the file and the field."""


class Rule(Strict):
    name: str = Field(min_length=1)
    facts: FactIds = Field(min_length=1)


class MaxFee(Strict):
    amount: int = Field(gt=0)  # whole rupiah
    valid_from: dt.date
    facts: FactIds = Field(min_length=1)


class Limit(Strict):
    amount: int = Field(gt=0)  # whole rupiah
    facts: FactIds = Field(min_length=1)


class BifastRules(CitingData):
    rule: Rule
    max_fee_per_transfer: MaxFee
    max_per_transaction: Limit

    @model_validator(mode="after")
    def _fee_below_limit(self) -> BifastRules:
        if self.max_fee_per_transfer.amount >= self.max_per_transaction.amount:
            raise_field_problems("BifastRules", [(("max_fee_per_transfer", "amount"),
                                                  "max_fee_per_transfer must be smaller than max_per_transaction")])
        return self

    @property
    def max_fee(self) -> Decimal:
        return Decimal(self.max_fee_per_transfer.amount)

    @property
    def max_amount(self) -> Decimal:
        return Decimal(self.max_per_transaction.amount)

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.rule.facts + self.max_fee_per_transfer.facts
                                   + self.max_per_transaction.facts))


DATA = DataFile(DATA_NAME, BifastRules, DataError)
read_bifast_rules = DATA.read  # a copy at a path (tests, checks); the packaged file when no path is given
load_bifast_rules = DATA.load  # the packaged file, read once
check_data = DATA.problems  # for ``literasi check``


# --- The calculation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class TransferCheck:
    """One transfer amount the learner wants to send, against the BI-FAST per-transfer limit."""

    amount: Decimal
    limit: Decimal

    @property
    def fits(self) -> bool:
        return self.amount <= self.limit


@dataclass(frozen=True)
class BifastEstimate:
    transfers: int  # per month
    fee: Decimal  # per transfer, what the learner's bank charges (at most the maximum)
    max_fee: Decimal
    transfer: TransferCheck | None = None  # only when the learner typed an amount

    @property
    def per_month(self) -> Decimal:
        return self.fee * self.transfers

    @property
    def per_year(self) -> Decimal:
        return self.per_month * MONTHS_PER_YEAR

    @property
    def at_max_fee(self) -> bool:
        return self.fee == self.max_fee


def estimate_bifast(transfers: int | Decimal, fee: Decimal | int | None = None,
                    amount: Decimal | int | None = None) -> BifastEstimate:
    """Monthly and yearly BI-FAST cost; ``fee`` None means the maximum. Raises InputProblem for values a
    learner could mistype (a fee above the maximum is one: no bank may charge it)."""
    rules = load_bifast_rules()
    transfers = Decimal(transfers)
    if transfers < 0:
        raise InputProblem("bifast.count_negative")
    if transfers != transfers.to_integral_value():
        raise InputProblem("bifast.count_not_whole")
    if transfers > MAX_TRANSFERS_PER_MONTH:
        raise InputProblem("bifast.count_too_large",
                           limit=lambda lang: format_number(MAX_TRANSFERS_PER_MONTH, lang))
    fee = rules.max_fee if fee is None else Decimal(fee)
    if fee < 0:
        raise InputProblem("bifast.fee_negative")
    if fee > rules.max_fee:
        raise InputProblem("bifast.fee_over_max", limit=lambda lang: format_rupiah(rules.max_fee, lang),
                           rule=rules.rule.name)
    transfer = None
    if amount is not None:
        amount = Decimal(amount)
        if amount <= 0:
            raise InputProblem("bifast.amount_not_positive")
        transfer = TransferCheck(amount=amount, limit=rules.max_amount)
    return BifastEstimate(transfers=int(transfers), fee=fee, max_fee=rules.max_fee, transfer=transfer)


def estimate_from_text(count_text: str, fee_text: str, amount_text: str, lang: str) -> BifastEstimate:
    """The same as estimate_bifast, from the three boxes as typed (an empty fee box means the maximum fee,
    an empty amount box means no amount to check)."""
    transfers = typed_number(count_text, lang, "bifast.count_not_number")
    fee = typed_number(fee_text, lang, "bifast.fee_not_number") if str(fee_text).strip() else None
    amount = typed_number(amount_text, lang, "bifast.amount_not_number") if str(amount_text).strip() else None
    return estimate_bifast(transfers, fee, amount)
