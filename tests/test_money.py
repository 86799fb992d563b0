from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from literasi.widgets.money import (
    NotANumber,
    format_long_date,
    format_number,
    format_percent_value,
    format_rupiah,
    parse_number,
)


def test_rupiah_is_written_the_indonesian_way():
    assert format_rupiah(25000, "id") == "Rp25.000"
    assert format_rupiah(1_250_000, "id") == "Rp1.250.000"
    assert format_rupiah(0, "id") == "Rp0"


def test_rupiah_in_english_uses_idr_and_commas():
    assert format_rupiah(25000, "en") == "IDR\u00a025,000"


def test_rupiah_rounds_to_whole_rupiah():
    assert format_rupiah(Decimal("74.5"), "id") == "Rp75"
    assert format_rupiah(Decimal("74.49"), "id") == "Rp74"


def test_percent_and_date_follow_the_language():
    import datetime as dt

    assert format_percent_value(Decimal("0.3"), "id") == "0,3%"
    assert format_percent_value(Decimal("0.3"), "en") == "0.3%"
    assert format_long_date(dt.date(2024, 12, 1), "id") == "1 Desember 2024"
    assert format_long_date(dt.date(2024, 12, 1), "en") == "1 December 2024"


@pytest.mark.parametrize(
    ("typed", "lang", "value"),
    [("25.000", "id", 25000), ("Rp 25.000", "id", 25000), ("25000", "id", 25000), ("2,5", "id", Decimal("2.5")),
     ("25,000", "en", 25000), ("IDR 1,250,000", "en", 1250000)],
)
def test_learner_can_type_numbers_as_they_write_them(typed, lang, value):
    assert parse_number(typed, lang) == value


@pytest.mark.parametrize("typed", ["", "   ", "dua puluh", "Rp", "NaN", "Infinity", "1.2.3", "1e999999", "9" * 31])
def test_words_and_empty_boxes_are_not_numbers(typed):
    with pytest.raises(NotANumber):
        parse_number(typed, "id")


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["id", "en"]))
def test_formatted_rupiah_reads_back_as_the_same_amount(amount, lang):
    assert parse_number(format_rupiah(amount, lang), lang) == amount


@given(st.text(max_size=30), st.sampled_from(["id", "en"]))
def test_any_typed_text_is_a_number_or_a_clear_refusal(text, lang):
    try:
        value = parse_number(text, lang)
    except NotANumber:
        return
    assert value.is_finite()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_largest_number_a_learner_may_type_still_formats(lang):
    largest = parse_number("9" * 30, lang)
    assert format_number(largest, lang).count("9") == 30
    assert format_rupiah(largest, lang).count("9") == 30
