"""QRIS merchant discount rate (MDR): the rate table and the monthly cost estimate.

Pure logic, no widgets. The rates and limits come from ``data/qris.yml`` only (validated here with pydantic);
a rate change is a one-line edit there. The price calculator and the sticker checker read them from here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field, model_validator

from literasi.curriculum import Localized, Strict

from ..data_checks import (
    CitingData,
    DataFile,
    DataFileError,
    FactIds,
    find_by_id,
    raise_field_problems,
    repeated_ids,
)
from ..money import format_number, format_rupiah
from ..problems import InputProblem, typed_number

# Sanity bound of this calculator, not a rule of QRIS: a month with more transactions than this is
# almost surely a typo (an extra zero), so we ask the learner to check rather than compute.
MAX_TRANSACTIONS_PER_MONTH = 1_000_000
DATA_NAME = "qris.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"


class DataError(DataFileError):
    """The QRIS data file is missing or invalid; the message names the file and the field."""


class MerchantCategory(Strict):
    id: str = Field(min_length=1)
    label: Localized
    mdr_percent: Decimal = Field(ge=0, lt=100)
    free_up_to: Decimal | None = Field(default=None, gt=0)  # MDR is 0% for a transaction of at most this amount
    valid_from: dt.date
    facts: FactIds = Field(min_length=1)

    def percent_for(self, amount: Decimal) -> Decimal:
        """The MDR percent applied to one transaction of ``amount``."""
        if self.free_up_to is not None and amount <= self.free_up_to:
            return Decimal(0)
        return self.mdr_percent


class TransactionLimit(Strict):
    amount: int = Field(gt=0)  # whole rupiah
    valid_from: dt.date
    facts: FactIds = Field(min_length=1)


class QrisRules(CitingData):
    limit: TransactionLimit = Field(alias="max_per_transaction")
    categories: list[MerchantCategory] = Field(alias="merchant_categories", min_length=1)

    @property
    def max_per_transaction(self) -> Decimal:
        return Decimal(self.limit.amount)

    @model_validator(mode="after")
    def _ids_are_unique(self) -> QrisRules:
        raise_field_problems("QrisRules", repeated_ids(("merchant_categories",), self.categories))
        return self

    def category(self, category_id: str) -> MerchantCategory:
        return find_by_id(self.categories, category_id)


DATA = DataFile(DATA_NAME, QrisRules, DataError)
read_qris_rules = DATA.read  # a copy at a path (tests, checks); the packaged file when no path is given
load_qris_rules = DATA.load  # the packaged file, read once
check_data = DATA.problems  # for ``literasi check``


@dataclass(frozen=True)
class FeeEstimate:
    """One month of QRIS sales, assuming every transaction is the average amount."""

    category: MerchantCategory
    transactions: int
    average_amount: Decimal
    percent: Decimal  # MDR percent applied to each transaction

    @property
    def gross(self) -> Decimal:
        return self.average_amount * self.transactions

    @property
    def mdr_per_month(self) -> Decimal:
        return self.gross * self.percent / 100

    @property
    def net_per_month(self) -> Decimal:
        return self.gross - self.mdr_per_month


def estimate_fees(transactions: int | Decimal, average_amount: Decimal | int, category_id: str) -> FeeEstimate:
    """MDR cost and net received for a month; raises InputProblem for values a learner could mistype."""
    rules = load_qris_rules()
    category = rules.category(category_id)
    transactions = Decimal(transactions)
    average_amount = Decimal(average_amount)
    if transactions <= 0:
        raise InputProblem("qris.count_not_positive")
    if transactions != transactions.to_integral_value():
        raise InputProblem("qris.count_not_whole")
    if transactions > MAX_TRANSACTIONS_PER_MONTH:
        raise InputProblem(
            "qris.count_too_large", limit=lambda lang: format_number(MAX_TRANSACTIONS_PER_MONTH, lang)
        )
    if average_amount <= 0:
        raise InputProblem("qris.amount_not_positive")
    if average_amount > rules.max_per_transaction:
        raise InputProblem(
            "qris.amount_over_limit", limit=lambda lang: format_rupiah(rules.max_per_transaction, lang)
        )
    return FeeEstimate(
        category=category,
        transactions=int(transactions),
        average_amount=average_amount,
        percent=category.percent_for(average_amount),
    )


def estimate_from_text(count_text: str, amount_text: str, category_id: str, lang: str) -> FeeEstimate:
    """The same as estimate_fees, from what the learner typed in the two boxes."""
    transactions = typed_number(count_text, lang, "qris.count_not_number")
    amount = typed_number(amount_text, lang, "qris.amount_not_number")
    return estimate_fees(transactions, amount, category_id)
