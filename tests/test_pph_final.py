import datetime as dt
from decimal import Decimal

import pytest
import yaml
from helpers import assert_result_or_sentence, broken_data_copy
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.widgets import PphFinalEstimator
from literasi.widgets.money import format_number
from literasi.widgets.problems import InputProblem
from literasi.widgets.tax.core import (
    FIRST_TAX_YEAR,
    check_data,
    estimate_from_text,
    estimate_pph,
    load_pph_rules,
    notes,
    tax_years,
)

TODAY = dt.date(2026, 12, 6)
TYPES = [kind.id for kind in load_pph_rules().taxpayer_types]


def _messages(estimate, lang="id") -> list[str]:
    return [finding.message(lang) for finding in notes(estimate)]


def test_rates_and_limits_come_from_the_data_file_with_their_facts(root):
    raw = yaml.safe_load((root / "widgets" / "data" / "pajak.yml").read_text("utf-8"))
    rules = load_pph_rules()
    assert rules.rate_percent == Decimal("0.5") == Decimal(str(raw["rate_percent"]))  # F-EC-11
    assert rules.ceiling == 4_800_000_000  # F-EC-11
    assert rules.individual_untaxed == 500_000_000  # F-EC-12
    years = {kind.id: kind.time_limit_years for kind in rules.taxpayer_types}  # F-EC-13
    assert years == {"orang_pribadi": 7, "pt_perorangan": 4, "koperasi": 4, "cv": 4, "firma": 4, "bumdes": 4, "pt": 3}
    assert rules.revision.drafted_as_of == dt.date(2025, 11, 18)  # F-EC-13b: what the draft would do
    assert rules.revision.status_as_of == dt.date(2026, 2, 16)  # F-EC-13b: still not issued
    assert {"F-EC-11", "F-EC-12", "F-EC-13", "F-EC-13b"} <= set(rules.sources)
    assert check_data() == []


def test_bu_rinas_catering_pays_on_the_turnover_above_500_million():
    estimate = estimate_pph(800_000_000, "orang_pribadi", 2022, 2026, TODAY)
    assert estimate.applies
    assert estimate.untaxed == 500_000_000 and estimate.taxable == 300_000_000
    assert estimate.tax == 1_500_000


def test_an_individual_below_500_million_pays_nothing():
    assert estimate_pph(18_000_000, "orang_pribadi", 2022, 2026, TODAY).tax == 0


@pytest.mark.parametrize("kind", [k for k in TYPES if k != "orang_pribadi"])
def test_other_taxpayers_pay_on_the_whole_turnover(kind):
    estimate = estimate_pph(800_000_000, kind, 2026, 2026, TODAY)
    assert estimate.untaxed == 0 and estimate.tax == 4_000_000
    assert any("hanya berlaku bagi wajib pajak orang pribadi" in text for text in _messages(estimate))


def test_turnover_above_the_ceiling_gets_a_sentence_and_no_figure():
    ceiling = load_pph_rules().ceiling
    assert estimate_pph(ceiling, "cv", 2026, 2026, TODAY).tax == ceiling * Decimal("0.005")
    over = estimate_pph(ceiling + 1, "cv", 2026, 2026, TODAY)
    assert over.tax is None
    assert any("di atas Rp4.800.000.000" in text for text in _messages(over))


@pytest.mark.parametrize("registered", [2010, 2017, 2018])
def test_an_individual_registered_in_2018_or_before_has_no_figure_from_tax_year_2025(registered):
    # F-EC-13b: without the revision, these individuals lost the 0.5% rate from tax year 2025.
    assert estimate_pph(800_000_000, "orang_pribadi", registered, 2024, TODAY).tax == 1_500_000
    passed = estimate_pph(800_000_000, "orang_pribadi", registered, 2025, TODAY)
    assert passed.first_year == 2018 and passed.last_year == 2024
    assert passed.time_limit_passed and passed.tax is None


def test_past_the_limit_the_learner_reads_the_dated_revision_status_and_is_sent_to_the_tax_office():
    estimate = estimate_pph(800_000_000, "orang_pribadi", 2015, 2026, TODAY)
    indonesian, english = _messages(estimate, "id"), _messages(estimate, "en")
    text = " ".join(indonesian)
    assert "mungkin sudah tidak tersedia" in text
    assert "berakhir pada tahun pajak 2024" in text
    assert "Status per November 2025" in text and "menghapus batas waktu" in text
    assert "Status per Februari 2026: PP revisi itu belum terbit" in text
    assert "KPP" in text and "Kring Pajak" in text
    assert "0,5%" in text and "Rp1.500.000" not in text
    assert "Status as of November 2025" in " ".join(english)
    # Every sentence about the revision carries its date.
    revision = [finding for finding in notes(estimate) if finding.level == "revision"]
    assert revision
    for finding in revision:
        for lang, month in (("id", "Februari 2026"), ("en", "February 2026")):
            sentences = [part for part in finding.message(lang).split(". ") if part]
            assert all("November 2025" in part or month in part or "DDTC" in part for part in sentences), sentences


def test_the_revision_for_cooperatives_is_an_extension_to_2029_and_other_types_have_none():
    koperasi = estimate_pph(100_000_000, "koperasi", 2019, 2026, TODAY)
    assert koperasi.time_limit_passed and koperasi.last_year == 2022
    assert any("sampai tahun pajak 2029" in text and "Status per November 2025" in text for text in _messages(koperasi))
    pt = estimate_pph(100_000_000, "pt", 2019, 2026, TODAY)
    assert pt.time_limit_passed and pt.last_year == 2021
    assert not [f for f in notes(pt) if f.level == "revision"]


@pytest.mark.parametrize(("kind", "registered", "last"), [("pt", 2024, 2026), ("cv", 2023, 2026),
                                                          ("orang_pribadi", 2020, 2026)])
def test_the_last_year_of_the_time_limit_still_gets_the_figure_and_the_next_does_not(kind, registered, last):
    assert estimate_pph(100_000_000, kind, registered, last, TODAY).applies
    assert not estimate_pph(100_000_000, kind, registered, last + 1, TODAY).applies


def test_tax_years_run_from_2023_to_next_year_and_default_to_this_year():
    assert tax_years(TODAY) == list(range(FIRST_TAX_YEAR, 2028))
    assert PphFinalEstimator(lang="id", today=TODAY).tax_year_box.value == 2026


@pytest.mark.parametrize(
    ("turnover", "registered", "year", "key"),
    [("", "2020", 2026, "pajak.turnover_not_number"), ("delapan ratus juta", "2020", 2026, "pajak.turnover_not_number"),
     ("-1", "2020", 2026, "pajak.turnover_negative"), ("9" * 20, "2020", 2026, "pajak.turnover_too_large"),
     ("800.000.000", "", 2026, "pajak.year_empty"), ("800.000.000", "dua ribu", 2026, "pajak.year_not_number"),
     ("800.000.000", "2020,5", 2026, "pajak.year_not_whole"), ("800.000.000", "2030", 2026, "pajak.year_in_future"),
     ("800.000.000", "18", 2026, "pajak.year_too_early"), ("800.000.000", "2020", 2019, "pajak.tax_year_out_of_range"),
     ("800.000.000", "2020", "tahun ini", "pajak.tax_year_out_of_range"),
     ("800.000.000", "2026", 2024, "pajak.registered_after_tax_year")],
)
def test_bad_input_is_explained_in_both_languages(turnover, registered, year, key):
    with pytest.raises(InputProblem) as caught:
        estimate_from_text(turnover, "orang_pribadi", registered, year, "id", TODAY)
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian and english and indonesian != english


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.text(max_size=8), st.sampled_from(TYPES), st.sampled_from(tax_years(TODAY)),
       st.sampled_from(["id", "en"]))
def test_anything_typed_gives_an_estimate_or_a_sentence(turnover, registered, kind, year, lang):
    estimate = assert_result_or_sentence(
        lambda: estimate_from_text(turnover, kind, registered, year, lang, TODAY), lang)
    if estimate is None:
        return
    for finding in notes(estimate):
        assert finding.message(lang).endswith(".")
    if estimate.tax is not None:
        assert 0 <= estimate.tax <= estimate.turnover * estimate.rate_percent / 100


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=6_000_000_000), st.sampled_from(TYPES),
       st.integers(min_value=1990, max_value=2026), st.sampled_from(tax_years(TODAY)), st.sampled_from(["id", "en"]))
def test_the_figure_appears_exactly_when_the_rate_may_apply(turnover, kind, registered, year, lang):
    try:
        estimate = estimate_from_text(format_number(turnover, lang), kind, str(registered), year, lang, TODAY)
    except InputProblem as problem:
        assert problem.key == "pajak.registered_after_tax_year" and registered > year
        return
    rules = load_pph_rules()
    taxpayer = rules.taxpayer_type(kind)
    first = max(registered, taxpayer.counted_from_tax_year_at_earliest or registered)
    within = year <= first + taxpayer.time_limit_years - 1 and turnover <= rules.ceiling
    assert (estimate.tax is not None) == within
    if within:
        untaxed = min(taxpayer.untaxed_turnover or 0, turnover)
        assert estimate.tax == (turnover - untaxed) * Decimal("0.005")


def test_learner_changes_the_registration_year_and_the_figure_gives_way_to_a_sentence():
    estimator = PphFinalEstimator(lang="id", today=TODAY)
    assert "Rp1.500.000" in estimator.result.value
    estimator.registered_box.value = "2018"
    assert "Rp1.500.000" not in estimator.result.value
    assert "tidak dihitung" in estimator.result.value and "Status per November 2025" in estimator.result.value
    estimator.registered_box.value = "tahun lalu"
    assert "Tahun terdaftar harus berupa tahun" in estimator.result.value
    assert estimator.registered_box.value == "tahun lalu"
    estimator.type_box.value = "cv"
    estimator.registered_box.value = "2025"
    assert "Rp4.000.000" in estimator.result.value


def _broken(tmp_path, change):
    return broken_data_copy(tmp_path, "pajak.yml", change)


def test_a_broken_data_file_is_reported_with_the_field(tmp_path):
    def change(raw):
        raw["rate_percent"] = 150
        raw["taxpayer_types"][2]["revision"] = {"plan": "extended"}
        del raw["taxpayer_types"][6]["time_limit_years"]

    problems = check_data(_broken(tmp_path, change))
    assert any(": rate_percent:" in line for line in problems), problems
    assert any("taxpayer_types[2].revision" in line and "until_tax_year" in line for line in problems), problems
    assert any("taxpayer_types[6].time_limit_years" in line for line in problems), problems
    assert all(line.startswith(str(tmp_path)) for line in problems)


def test_a_fact_without_a_source_or_a_misspelt_fact_key_is_reported(tmp_path):
    broken = _broken(tmp_path, lambda raw: raw["taxpayer_types"][0]["facts"].append("F-EC-14"))
    assert any("F-EC-14" in line for line in check_data(broken))
    broken = _broken(tmp_path, lambda raw: raw.update(
        sources=["F-EC-13B" if fact == "F-EC-13b" else fact for fact in raw["sources"]]))
    assert any("sources: F-EC-13B not in the facts registry" in line for line in check_data(broken))


def test_literasi_check_reports_a_broken_packaged_file(tmp_path, monkeypatch):
    from literasi.widgets.data_checks import data_file_problems
    from literasi.widgets.tax import core as pph_final

    broken = _broken(tmp_path, lambda raw: raw["turnover_ceiling"].update(amount="empat koma delapan miliar"))
    monkeypatch.setattr(pph_final.DATA, "packaged_path", lambda: broken)
    assert any(line.startswith("widgets/data/pajak.yml: turnover_ceiling.amount") for line in data_file_problems())
