from decimal import Decimal

import pytest
import yaml
from helpers import assert_result_or_sentence, broken_data_copy
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.widgets import QrisFeeCalculator, qris_rate_table
from literasi.widgets.problems import InputProblem
from literasi.widgets.qris.core import check_data, estimate_fees, estimate_from_text, load_qris_rules


def test_rates_come_from_the_data_table_with_source_and_date(root):
    raw = yaml.safe_load((root / "widgets" / "data" / "qris.yml").read_text("utf-8"))
    rules = load_qris_rules()
    assert [c.id for c in rules.categories] == [entry["id"] for entry in raw["merchant_categories"]]
    for category, entry in zip(rules.categories, raw["merchant_categories"], strict=True):
        assert category.mdr_percent == Decimal(str(entry["mdr_percent"]))
        assert category.valid_from == entry["valid_from"]
        assert all(fact in rules.sources for fact in category.facts)
    assert rules.max_per_transaction == raw["max_per_transaction"]["amount"]


def test_regular_merchant_pays_mdr_on_every_transaction():
    estimate = estimate_fees(200, 750_000, "reguler")
    assert estimate.gross == 150_000_000
    assert estimate.mdr_per_month == 1_050_000
    assert estimate.net_per_month == 148_950_000


def test_micro_business_pays_nothing_up_to_the_free_limit_and_the_rate_above_it():
    micro = load_qris_rules().category("usaha_mikro")
    at_limit = estimate_fees(10, micro.free_up_to, "usaha_mikro")
    above = estimate_fees(10, micro.free_up_to + 1, "usaha_mikro")
    assert at_limit.mdr_per_month == 0
    assert above.percent == micro.mdr_percent
    assert above.mdr_per_month == (micro.free_up_to + 1) * 10 * micro.mdr_percent / 100


@pytest.mark.parametrize(
    ("count", "amount", "key"),
    [("", "25.000", "qris.count_not_number"), ("enam ratus", "25.000", "qris.count_not_number"),
     ("0", "25.000", "qris.count_not_positive"), ("-5", "25.000", "qris.count_not_positive"),
     ("2,5", "25.000", "qris.count_not_whole"), ("999999999999", "25.000", "qris.count_too_large"),
     ("600", "", "qris.amount_not_number"), ("600", "0", "qris.amount_not_positive"),
     ("600", "-25.000", "qris.amount_not_positive"), ("600", "50.000.000", "qris.amount_over_limit")],
)
def test_bad_input_is_explained_in_both_languages(count, amount, key):
    with pytest.raises(InputProblem) as caught:
        estimate_from_text(count, amount, "usaha_mikro", "id")
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian and english and indonesian != english


def test_over_limit_message_names_the_limit_in_rupiah():
    with pytest.raises(InputProblem) as caught:
        estimate_from_text("1", "50.000.000", "reguler", "id")
    assert "Rp10.000.000" in caught.value.message("id")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=25), st.text(max_size=25), st.sampled_from(["id", "en"]),
       st.sampled_from([c.id for c in load_qris_rules().categories]))
def test_anything_typed_gives_an_estimate_or_a_sentence(count, amount, lang, category):
    estimate = assert_result_or_sentence(lambda: estimate_from_text(count, amount, category, lang), lang)
    if estimate is None:
        return
    assert 0 <= estimate.mdr_per_month <= estimate.gross
    assert estimate.net_per_month + estimate.mdr_per_month == estimate.gross


def test_learner_sees_net_amount_after_typing_sales():
    calculator = QrisFeeCalculator(lang="id")
    calculator.category_box.value = "reguler"
    calculator.count_box.value = "200"
    calculator.amount_box.value = "750.000"
    assert "Rp148.950.000" in calculator.result.value
    assert "Rp1.050.000" in calculator.result.value
    assert "<img" in calculator.chart.value and "alt=" in calculator.chart.value


def test_calculator_answers_bad_input_with_a_sentence_and_recovers():
    calculator = QrisFeeCalculator(lang="en")
    calculator.amount_box.value = "lots"
    assert "must be a number" in calculator.result.value
    assert calculator.chart.value == ""
    calculator.amount_box.value = "25,000"
    assert "IDR" in calculator.result.value and "must be" not in calculator.result.value


def test_rate_table_shows_every_rate_with_its_date():
    html = qris_rate_table("id").value
    assert "0,7%" in html and "1 Juli 2023" in html
    assert "Rp10.000.000" in html


@pytest.mark.parametrize(("change", "expected"), [
    (lambda raw: raw["merchant_categories"][1].update(facts=["F-QRIS-99"]),
     "merchant_categories[1].facts: cites F-QRIS-99, which the file's sources do not list"),
    (lambda raw: raw["merchant_categories"][2]["label"].pop("en"), "merchant_categories[2].label.en: Field required"),
    (lambda raw: raw["max_per_transaction"].update(amount="sepuluh juta"), "max_per_transaction.amount: "),
    (lambda raw: raw["merchant_categories"].append(dict(raw["merchant_categories"][0])),
     "merchant_categories: ids repeat: usaha_mikro"),
    (lambda raw: raw.update(sources=[*raw["sources"], "F-QRIS-99"]), "sources: F-QRIS-99 not in the facts registry"),
])
def test_a_broken_data_file_is_reported_with_the_field(tmp_path, change, expected):
    assert check_data() == []
    broken = broken_data_copy(tmp_path, "qris.yml", change)
    problems = check_data(broken)
    assert len(problems) == 1 and f"{broken}: {expected}" in problems[0], problems


def test_a_bug_in_the_loader_is_raised_not_reported_as_a_broken_data_file(monkeypatch):
    from literasi.widgets import data_checks

    def bug(*_args, **_kwargs):
        raise TypeError("a bug in the loader")

    monkeypatch.setattr(data_checks, "fact_sources", bug)
    with pytest.raises(TypeError, match="a bug in the loader"):
        check_data()
