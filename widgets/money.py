"""Rupiah, percentages, dates and numbers the way each language writes them (babel, never by hand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation, localcontext

from babel.dates import format_date as _babel_date
from babel.numbers import NumberFormatError, format_currency, format_decimal, format_percent, parse_decimal

from literasi.i18n import Lang, check_lang

__all__ = ['format_rupiah']

# One entry per language of the course (literasi.i18n.Lang; tests/test_i18n.py checks they match).
LOCALES: dict[Lang, str] = {"id": "id_ID", "en": "en"}
# Indonesian writes "Rp25.000"; English "IDR 25,000" (CONTENT_GUIDE, Formats).
RUPIAH_PATTERNS: dict[Lang, str] = {"id": "¤#,##0", "en": "¤\u00a0#,##0"}
# A typed number longer than this is no amount anyone means (and would not fit a phone screen).
MAX_DIGITS = 30
# Enough precision to format any number parse_number accepts (Decimal's default of 28 is not).
FORMAT_PRECISION = 2 * MAX_DIGITS


@contextmanager
def _wide_precision() -> Iterator[None]:
    with localcontext() as context:  # localcontext(prec=...) needs Python 3.11
        context.prec = FORMAT_PRECISION
        yield


def locale_for(lang: str) -> str:
    return LOCALES[check_lang(lang)]


def format_rupiah(amount: Decimal | int | float, lang: str = "id") -> str:
    """Whole rupiah, rounded half up: ``Rp1.250.000`` / ``IDR 1,250,000``."""
    with _wide_precision():
        whole = Decimal(str(amount)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
        return format_currency(
            whole, "IDR", format=RUPIAH_PATTERNS[check_lang(lang)], locale=locale_for(lang), currency_digits=False
        )


def format_percent_value(percent: Decimal | float, lang: str = "id") -> str:
    """``0.3`` (meaning 0.3 %) → ``0,3%`` / ``0.3%``."""
    return format_percent(Decimal(str(percent)) / 100, format="#,##0.##%", locale=locale_for(lang))


def format_number(value: Decimal | int | float, lang: str = "id") -> str:
    with _wide_precision():
        return format_decimal(value, format="#,##0.##", locale=locale_for(lang))


def format_long_date(day: dt.date, lang: str = "id") -> str:
    """``1 Desember 2024`` / ``1 December 2024``."""
    return _babel_date(day, format="d MMMM y", locale=locale_for(lang))


def format_month_year(day: dt.date, lang: str = "id") -> str:
    """``November 2025`` (both languages spell the month in their own words)."""
    return _babel_date(day, format="MMMM y", locale=locale_for(lang))


class NotANumber(ValueError):
    """What the learner typed is not a number in their language's notation."""


def parse_number(text: str, lang: str = "id") -> Decimal:
    """Read a number typed by a learner: ``25.000`` or ``Rp 25.000`` in Indonesian, ``25,000`` in English.

    Raises NotANumber for empty text, words, a number that is not finite, or one of more than
    MAX_DIGITS digits.
    """
    cleaned = "".join(str(text).split())
    for prefix in ("Rp", "rp", "RP", "IDR", "idr"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix):]
            break
    if not cleaned:
        raise NotANumber(text)
    try:
        value = parse_decimal(cleaned, locale=locale_for(lang), strict=True)
    except (NumberFormatError, InvalidOperation, ValueError) as error:
        raise NotANumber(text) from error
    if not value.is_finite() or (value != 0 and value.adjusted() >= MAX_DIGITS):
        raise NotANumber(text)
    return value
