"""QRIS merchant discount rate (MDR): the rate table and the monthly cost estimate.

Pure logic, no widgets. The rates and limits come from ``data/qris.yml`` only; a rate change is a
one-line edit there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import yaml

from literasi.facts import Fact

from .data_checks import DataFileError, check_cited, fact_sources
from .money import format_number, format_rupiah
from .problems import InputProblem, typed_number

# Sanity bound of this calculator, not a rule of QRIS: a month with more transactions than this is
# almost surely a typo (an extra zero), so we ask the learner to check rather than compute.
MAX_TRANSACTIONS_PER_MONTH = 1_000_000
DATA_LABEL = "widgets/data/qris.yml"


@dataclass(frozen=True)
class MerchantCategory:
    id: str
    label: dict[str, str]
    mdr_percent: Decimal
    valid_from: dt.date
    facts: tuple[str, ...]
    free_up_to: Decimal | None = None  # MDR is 0% for a transaction of at most this amount

    def percent_for(self, amount: Decimal) -> Decimal:
        """The MDR percent applied to one transaction of ``amount``."""
        if self.free_up_to is not None and amount <= self.free_up_to:
            return Decimal(0)
        return self.mdr_percent


@dataclass(frozen=True)
class QrisRules:
    categories: tuple[MerchantCategory, ...]
    max_per_transaction: Decimal
    max_valid_from: dt.date
    max_facts: tuple[str, ...]
    sources: dict[str, Fact]  # the facts the source list shows, from the registry

    def category(self, category_id: str) -> MerchantCategory:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)


@lru_cache(maxsize=1)
def load_qris_rules() -> QrisRules:
    raw = yaml.safe_load(resources.files("literasi.widgets").joinpath("data", "qris.yml").read_text("utf-8"))
    sources = fact_sources(raw.get("sources"), f"{DATA_LABEL}: sources")
    categories = tuple(
        MerchantCategory(
            id=entry["id"],
            label=entry["label"],
            mdr_percent=Decimal(str(entry["mdr_percent"])),
            valid_from=entry["valid_from"],
            facts=tuple(entry["facts"]),
            free_up_to=Decimal(entry["free_up_to"]) if "free_up_to" in entry else None,
        )
        for entry in raw["merchant_categories"]
    )
    limit = raw["max_per_transaction"]
    rules = QrisRules(
        categories=categories,
        max_per_transaction=Decimal(limit["amount"]),
        max_valid_from=limit["valid_from"],
        max_facts=tuple(limit["facts"]),
        sources=sources,
    )
    check_cited({fact for c in categories for fact in c.facts} | set(rules.max_facts), sources, DATA_LABEL)
    return rules


def check_data() -> list[str]:
    """Problems in data/qris.yml, for ``literasi check``."""
    try:
        load_qris_rules.cache_clear()
        load_qris_rules()
    except DataFileError as error:
        return [str(error)]
    except (KeyError, TypeError, ValueError) as error:
        return [f"{DATA_LABEL}: {error.__class__.__name__}: {error}"]
    return []


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
    def mdr_per_transaction(self) -> Decimal:
        return self.average_amount * self.percent / 100

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
