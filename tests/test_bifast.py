from decimal import Decimal

import pytest
import yaml
from helpers import assert_result_or_sentence, broken_data_copy
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.widgets import BifastFeeCalculator
from literasi.widgets.problems import InputProblem
from literasi.widgets.transfer.core import (
    MAX_TRANSFERS_PER_MONTH,
    check_data,
    estimate_bifast,
    estimate_from_text,
    load_bifast_rules,
)


def test_fee_and_limit_come_from_the_data_file_with_their_facts(root):
    raw = yaml.safe_load((root / "widgets" / "data" / "bifast.yml").read_text("utf-8"))
    rules = load_bifast_rules()
    assert rules.max_fee == raw["max_fee_per_transfer"]["amount"] == 2500  # F-BIFAST-02/04
    assert rules.max_amount == raw["max_per_transaction"]["amount"] == 250_000_000  # F-BIFAST-04
    assert rules.rule.name == "PADG No. 23/25/PADG/2021"
    assert {"F-BIFAST-02", "F-BIFAST-04"} <= set(rules.facts) <= set(rules.sources)
    assert check_data() == []


def test_bu_saris_six_transfers_cost_at_most_15000_a_month_and_180000_a_year():
    estimate = estimate_bifast(6)
    assert estimate.fee == 2500 and estimate.at_max_fee
    assert estimate.per_month == 15_000
    assert estimate.per_year == 180_000


def test_a_cheaper_bank_fee_is_used_as_typed():
    estimate = estimate_from_text("10", "Rp1.000", "", "id")
    assert estimate.per_month == 10_000 and estimate.per_year == 120_000
    assert not estimate.at_max_fee
    assert estimate_from_text("10", "1,000", "", "en").per_month == 10_000


def test_an_empty_fee_box_means_the_maximum_fee():
    assert estimate_from_text("4", "  ", "", "id").fee == load_bifast_rules().max_fee


def test_the_limit_is_per_transfer_inclusive():
    limit = load_bifast_rules().max_amount
    assert estimate_bifast(1, amount=limit).transfer.fits
    assert not estimate_bifast(1, amount=limit + 1).transfer.fits
    assert estimate_bifast(1).transfer is None


def test_learner_sees_a_sentence_for_an_amount_above_the_limit():
    calculator = BifastFeeCalculator(lang="id")
    calculator.amount_box.value = "300.000.000"
    assert "melebihi batas BI-FAST Rp250.000.000" in calculator.result.value
    assert "PADG No. 23/25/PADG/2021" in calculator.result.value
    calculator.amount_box.value = "12.000.000"
    assert "dapat dikirim dalam satu transfer" in calculator.result.value


@pytest.mark.parametrize(
    ("count", "fee", "amount", "key"),
    [("", "", "", "bifast.count_not_number"), ("enam", "", "", "bifast.count_not_number"),
     ("-1", "", "", "bifast.count_negative"), ("2,5", "", "", "bifast.count_not_whole"),
     ("99999999", "", "", "bifast.count_too_large"), ("6", "dua ribu", "", "bifast.fee_not_number"),
     ("6", "-500", "", "bifast.fee_negative"), ("6", "6.500", "", "bifast.fee_over_max"),
     ("6", "", "banyak", "bifast.amount_not_number"), ("6", "", "0", "bifast.amount_not_positive")],
)
def test_bad_input_is_explained_in_both_languages(count, fee, amount, key):
    with pytest.raises(InputProblem) as caught:
        estimate_from_text(count, fee, amount, "id")
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian and english and indonesian != english


def test_a_fee_above_the_maximum_names_the_maximum_and_the_rule():
    with pytest.raises(InputProblem) as caught:
        estimate_from_text("6", "5.000", "", "id")
    assert "Rp2.500" in caught.value.message("id")
    assert "PADG No. 23/25/PADG/2021" in caught.value.message("id")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20), st.sampled_from(["id", "en"]))
def test_anything_typed_gives_an_estimate_or_a_sentence(count, fee, amount, lang):
    estimate = assert_result_or_sentence(lambda: estimate_from_text(count, fee, amount, lang), lang)
    if estimate is None:
        return
    assert 0 <= estimate.fee <= estimate.max_fee
    assert 0 <= estimate.transfers <= MAX_TRANSFERS_PER_MONTH
    assert estimate.per_year == 12 * estimate.per_month == 12 * estimate.fee * estimate.transfers


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_TRANSFERS_PER_MONTH), st.integers(min_value=0, max_value=2500),
       st.sampled_from(["id", "en"]))
def test_typed_whole_numbers_in_the_learners_notation_are_read_back_exactly(transfers, fee, lang):
    from literasi.widgets.money import format_number, format_rupiah

    estimate = estimate_from_text(format_number(transfers, lang), format_rupiah(fee, lang), "", lang)
    assert estimate.per_month == Decimal(transfers) * fee


def test_the_widget_keeps_what_was_typed_and_recovers_after_garbage():
    calculator = BifastFeeCalculator(lang="en")
    calculator.count_box.value = "ten"
    assert "must be a number" in calculator.result.value
    assert calculator.count_box.value == "ten"
    calculator.count_box.value = "10"
    assert "IDR\u00a025,000" in calculator.result.value and "IDR\u00a0300,000" in calculator.result.value


def _broken(tmp_path, change):
    return broken_data_copy(tmp_path, "bifast.yml", change)


def test_a_broken_data_file_is_reported_with_the_field(tmp_path):
    def change(raw):
        raw["max_fee_per_transfer"]["amount"] = "dua ribu"
        del raw["max_per_transaction"]["facts"]

    problems = check_data(_broken(tmp_path, change))
    assert any("max_fee_per_transfer.amount" in line for line in problems), problems
    assert any("max_per_transaction.facts" in line for line in problems), problems
    assert all(str(tmp_path) in line for line in problems)


def test_a_fact_without_a_source_and_a_fee_above_the_limit_are_reported(tmp_path):
    broken = _broken(tmp_path, lambda raw: raw["rule"].update(facts=["F-BIFAST-09"]))
    assert any("F-BIFAST-09" in line for line in check_data(broken))
    broken = _broken(tmp_path, lambda raw: raw["max_fee_per_transfer"].update(amount=300_000_000))
    assert any("smaller than max_per_transaction" in line for line in check_data(broken))


def test_literasi_check_reports_a_broken_packaged_file(tmp_path, monkeypatch):
    from literasi.widgets.data_checks import data_file_problems
    from literasi.widgets.transfer import core as bifast_fees

    broken = _broken(tmp_path, lambda raw: raw["max_per_transaction"].update(amount=-1))
    monkeypatch.setattr(bifast_fees.DATA, "packaged_path", lambda: broken)
    assert any(line.startswith("widgets/data/bifast.yml: max_per_transaction.amount") for line in data_file_problems())
