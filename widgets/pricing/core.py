"""Marketplace price and margin: what a seller keeps from one item, and the price that reaches a margin.

Pure logic, no widgets. Dated marketplace fee examples and the social-commerce payment rule come from
``data/umkm_marketplace.yml`` (validated here with pydantic); QRIS rates come from ``data/qris.yml`` through
``qris.core`` (never copied).

The model, per item sold (one item per order):
    paid price  S = listed price P × (1 − discount)
    fees          = S × (commission% + payment% + programme%) + order fee + payment fee in rupiah
    net received  = S − fees
    profit        = net received − HPP
    margin        = profit ÷ S
Solving profit = margin × S for P gives the exact price for a target margin:
    P = (HPP + fixed fees) / ((1 − discount) × (1 − sum of % fees − margin))
which has no answer when the percentages and the margin together take 100% or more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from literasi.curriculum import Localized, Strict
from literasi.i18n import t

from ..data_checks import (
    CitingData,
    DataFile,
    DataFileError,
    FactIds,
    find_by_id,
    raise_field_problems,
    repeated_ids,
)
from ..money import format_rupiah
from ..problems import InputProblem, typed_number
from ..qris.core import MerchantCategory, load_qris_rules

DATA_NAME = "umkm_marketplace.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"
HUNDRED = Decimal(100)
# Sanity bound of this calculator, not a marketplace rule: a price or fee above this per item is almost
# surely a typo (extra zeros), so we ask the learner to check rather than compute.
MAX_AMOUNT = Decimal(1_000_000_000)
# Enough digits that every product of the inputs (each at most 30 digits) is exact before the one division.
PRECISION = 80

# The learner's boxes, in the order the form shows them. Required boxes may not be left empty;
# an empty fee box means "this fee does not apply to me" (0).
MONEY_FIELDS = ("cost", "price", "order_fee")
PERCENT_FIELDS = ("commission", "programme", "discount", "target_margin")
REQUIRED_FIELDS = ("cost", "price", "target_margin")
PAYMENT_FEE_UNITS = ("percent", "rupiah")
CHANNELS = ("direct_qris", "social", "marketplace")


@contextmanager
def _exact() -> Iterator[None]:
    with localcontext() as context:
        context.prec = PRECISION
        yield


def _field(name: str):
    """The box's label in the learner's language, for a problem sentence."""
    return lambda lang: t(f"umkm.field_{name}", lang)


# --- Dated fee examples (data file) -------------------------------------------------------------

class DataError(DataFileError):
    """The fee examples' data file is missing or invalid; the message names the file and the field."""


def _below_hundred(value: Decimal) -> Decimal:
    if not 0 <= value < HUNDRED:
        raise PydanticCustomError("percent", "must be at least 0 and below 100, not {value}", {"value": str(value)})
    return value


Percent = Annotated[Decimal, AfterValidator(_below_hundred)]
# A dated example's fields; a practice example has none of them.
DATED_FIELDS = ("commission_as_of", "commission_facts", "order_fee_as_of", "order_fee_facts")


class FeeExample(Strict):
    """Fees that fill the boxes, labelled as an example.

    Either one platform's published fees at one date (dated, with the fact ids they come from), or a
    practice example (``practice: true``): round rates we made up for worked examples, shown as "tarif contoh,
    bukan tarif platform", with no date and no fact, because they are no platform's fees.
    """

    id: str = Field(min_length=1)
    practice: bool = False
    label: Localized
    note: Localized | None = None  # what the example applies to
    commission_percent: Percent
    commission_as_of: dt.date | None = None
    commission_facts: FactIds = ()
    order_fee: int | None = Field(default=None, ge=0)  # whole rupiah
    order_fee_as_of: dt.date | None = None
    order_fee_facts: FactIds = ()

    @model_validator(mode="after")
    def _dated_or_practice(self) -> FeeExample:
        problems = []
        if self.practice:
            # Made-up round rates: a date or a fact id would pass them off as a platform's fees.
            dated = [name for name in DATED_FIELDS if name in self.model_fields_set]
            if dated:
                problems.append(((), f"a practice example has no date and no fact ({', '.join(dated)})"))
            if self.note is None:
                problems.append((("note",), "must say that these are made-up practice rates"))
        else:
            fees = [("commission", True), ("order_fee", self.order_fee is not None)]
            for fee in (name for name, charged in fees if charged):
                if getattr(self, f"{fee}_as_of") is None:
                    problems.append(((f"{fee}_as_of",), "a dated example gives the date of each fee (YYYY-MM-DD)"))
                if not getattr(self, f"{fee}_facts"):
                    problems.append(((f"{fee}_facts",), "every fee needs the FACTS id it comes from"))
        raise_field_problems("FeeExample", problems)
        return self

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.commission_facts + self.order_fee_facts))


class SocialCommerceRule(Strict):
    payment_processing_allowed: bool
    valid_from: dt.date
    article: str = Field(min_length=1)
    facts: FactIds = Field(min_length=1)


class MarketplaceData(CitingData):
    social_commerce: SocialCommerceRule
    examples: list[FeeExample]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> MarketplaceData:
        raise_field_problems("MarketplaceData", repeated_ids(("examples",), self.examples))
        return self

    def example(self, example_id: str) -> FeeExample:
        return find_by_id(self.examples, example_id)


DATA = DataFile(DATA_NAME, MarketplaceData, DataError)
read_marketplace_data = DATA.read  # a copy at a path (tests, checks); the packaged file when no path is given
load_marketplace_data = DATA.load  # the packaged file, read once
check_data = DATA.problems  # for ``literasi check``


# --- The calculation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ShopFees:
    """The learner's marketplace fees. Percentages are of the price the buyer pays after the discount."""

    commission_percent: Decimal = Decimal(0)
    order_fee: Decimal = Decimal(0)
    payment_fee_percent: Decimal = Decimal(0)
    payment_fee_rupiah: Decimal = Decimal(0)
    programme_percent: Decimal = Decimal(0)
    discount_percent: Decimal = Decimal(0)

    @property
    def percent_of_paid_price(self) -> Decimal:
        return self.commission_percent + self.payment_fee_percent + self.programme_percent

    @property
    def fixed_per_order(self) -> Decimal:
        return self.order_fee + self.payment_fee_rupiah


@dataclass(frozen=True)
class FeeLine:
    key: str  # commission, order_fee, payment_fee, programme, mdr
    amount: Decimal


@dataclass(frozen=True)
class ItemResult:
    """One item sold through one channel."""

    channel: str
    price: Decimal  # the listed selling price
    paid_price: Decimal  # what the buyer pays, after the seller's discount
    cost: Decimal  # HPP
    fees: tuple[FeeLine, ...]

    @property
    def total_fees(self) -> Decimal:
        return sum((line.amount for line in self.fees), Decimal(0))

    @property
    def net_received(self) -> Decimal:
        return self.paid_price - self.total_fees

    @property
    def profit(self) -> Decimal:
        return self.net_received - self.cost

    @property
    def margin_percent(self) -> Decimal:
        return self.profit / self.paid_price * HUNDRED


@dataclass(frozen=True)
class PriceTarget:
    """The lowest listed price whose margin is at least ``margin_percent`` (None when no price can)."""

    margin_percent: Decimal
    percent_fees: Decimal  # the fees that grow with the price, in percent
    exact_price: Decimal | None

    @property
    def possible(self) -> bool:
        return self.exact_price is not None

    @property
    def price(self) -> Decimal | None:
        """Rounded up to whole rupiah, so charging it really reaches the margin."""
        if self.exact_price is None:
            return None
        return self.exact_price.to_integral_value(rounding=ROUND_CEILING)


@dataclass(frozen=True)
class ChannelResult:
    channel: str
    item: ItemResult | None  # None when the channel cannot take this sale
    unavailable_key: str | None = None


@dataclass(frozen=True)
class PricingAnalysis:
    marketplace: ItemResult
    break_even: PriceTarget
    target: PriceTarget
    channels: tuple[ChannelResult, ...]
    qris_category: MerchantCategory
    qris_max: Decimal


def marketplace_item(cost: Decimal, price: Decimal, fees: ShopFees) -> ItemResult:
    with _exact():
        paid = price * (1 - fees.discount_percent / HUNDRED)
        lines = [
            FeeLine("commission", paid * fees.commission_percent / HUNDRED),
            FeeLine("order_fee", fees.order_fee),
            FeeLine("payment_fee", paid * fees.payment_fee_percent / HUNDRED + fees.payment_fee_rupiah),
            FeeLine("programme", paid * fees.programme_percent / HUNDRED),
        ]
        return ItemResult("marketplace", price, paid, cost, tuple(line for line in lines if line.amount))


def qris_item(channel: str, cost: Decimal, price: Decimal, category: MerchantCategory) -> ItemResult:
    """Paid by QRIS at the listed price: the seller bears the MDR of the category."""
    with _exact():
        mdr = price * category.percent_for(price) / HUNDRED
        return ItemResult(channel, price, price, cost, (FeeLine("mdr", mdr),) if mdr else ())


def price_for_margin(cost: Decimal, fees: ShopFees, margin_percent: Decimal) -> PriceTarget:
    """The exact listed price at which profit = margin × paid price (see the module docstring)."""
    percent_fees = fees.percent_of_paid_price
    with _exact():
        keep = (1 - fees.discount_percent / HUNDRED) * (1 - (percent_fees + margin_percent) / HUNDRED)
        if keep <= 0:
            return PriceTarget(margin_percent, percent_fees, None)
        return PriceTarget(margin_percent, percent_fees, (cost + fees.fixed_per_order) / keep)


def analyse_pricing(cost: Decimal, price: Decimal, fees: ShopFees, target_margin_percent: Decimal,
                    qris_category_id: str = "usaha_mikro") -> PricingAnalysis:
    """Everything the calculator shows; the inputs are already checked (see ``analyse_from_text``)."""
    rules = load_qris_rules()
    category = rules.category(qris_category_id)
    channels = []
    for channel in ("direct_qris", "social"):
        if price > rules.max_per_transaction:
            channels.append(ChannelResult(channel, None, "umkm.channel_over_qris_limit"))
        else:
            channels.append(ChannelResult(channel, qris_item(channel, cost, price, category)))
    marketplace = marketplace_item(cost, price, fees)
    channels.append(ChannelResult("marketplace", marketplace))
    return PricingAnalysis(
        marketplace=marketplace,
        break_even=price_for_margin(cost, fees, Decimal(0)),
        target=price_for_margin(cost, fees, target_margin_percent),
        channels=tuple(channels),
        qris_category=category,
        qris_max=rules.max_per_transaction,
    )


# --- Reading what the learner typed --------------------------------------------------------------

def _number(text: str, name: str, lang: str, percent: bool) -> Decimal:
    cleaned = str(text).strip()
    if percent:
        cleaned = cleaned.removesuffix("%").strip()
    if not cleaned:
        if name in REQUIRED_FIELDS:
            raise InputProblem("umkm.field_empty", field=_field(name))
        return Decimal(0)
    key = "umkm.percent_not_number" if percent else "umkm.money_not_number"
    return typed_number(cleaned, lang, key, field=_field(name))


def read_money(text: str, name: str, lang: str) -> Decimal:
    value = _number(text, name, lang, percent=False)
    if name in REQUIRED_FIELDS and value <= 0:
        raise InputProblem("umkm.money_not_positive", field=_field(name))
    if value < 0:
        raise InputProblem("umkm.money_negative", field=_field(name))
    if value > MAX_AMOUNT:
        raise InputProblem("umkm.money_too_large", field=_field(name),
                           limit=lambda lang: format_rupiah(MAX_AMOUNT, lang))
    return value


def read_percent(text: str, name: str, lang: str) -> Decimal:
    value = _number(text, name, lang, percent=True)
    if value < 0:
        raise InputProblem("umkm.percent_negative", field=_field(name))
    if value >= HUNDRED:
        raise InputProblem("umkm.percent_too_large", field=_field(name))
    return value


def analyse_from_text(texts: Mapping[str, str], payment_fee_unit: str, qris_category_id: str,
                      lang: str) -> PricingAnalysis:
    """The calculator's answer from the boxes as typed: ``texts`` maps field name → text.

    Fields: cost, price, commission, order_fee, payment_fee, programme, discount, target_margin
    (a missing optional fee counts as 0). Raises InputProblem for anything a learner could mistype.
    """
    if payment_fee_unit not in PAYMENT_FEE_UNITS:
        raise ValueError(f"payment_fee_unit must be one of {PAYMENT_FEE_UNITS}")
    cost = read_money(texts.get("cost", ""), "cost", lang)
    price = read_money(texts.get("price", ""), "price", lang)
    if payment_fee_unit == "percent":
        payment_percent, payment_rupiah = read_percent(texts.get("payment_fee", ""), "payment_fee", lang), Decimal(0)
    else:
        payment_percent, payment_rupiah = Decimal(0), read_money(texts.get("payment_fee", ""), "payment_fee", lang)
    fees = ShopFees(
        commission_percent=read_percent(texts.get("commission", ""), "commission", lang),
        order_fee=read_money(texts.get("order_fee", ""), "order_fee", lang),
        payment_fee_percent=payment_percent,
        payment_fee_rupiah=payment_rupiah,
        programme_percent=read_percent(texts.get("programme", ""), "programme", lang),
        discount_percent=read_percent(texts.get("discount", ""), "discount", lang),
    )
    target = read_percent(texts.get("target_margin", ""), "target_margin", lang)
    return analyse_pricing(cost, price, fees, target, qris_category_id)
