"""Kota cerdas for ASN: the smart-city dimension mapper and the SPBE self-reflection, as a learner meets them."""

import logging
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from helpers import assert_result_or_sentence, broken_data_copy
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.check import check_gallery_page, check_parity
from literasi.facts import Status, load_facts
from literasi.widgets import SmartCityDimensionMapper, SpbeSelfAssessment
from literasi.widgets.problems import InputProblem
from literasi.widgets.smartcity import dimensions, spbe
from literasi.widgets.smartcity.dimensions import (
    MAX_IDEA_LENGTH,
    MAX_OWN_IDEAS,
    Verdict,
    add_own_idea,
    check_mapping,
    coverage,
    idea_set_name,
    load_dimension_data,
    make_own_idea,
)
from literasi.widgets.smartcity.spbe import assess_spbe, load_spbe_data

DATA = Path(__file__).resolve().parent.parent / "widgets" / "data"
DIMENSI_FILE, SPBE_FILE = dimensions.DATA_NAME, spbe.DATA_NAME
CHECKS = {DIMENSI_FILE: dimensions.check_data, SPBE_FILE: spbe.check_data}  # each data file's check
DIMENSI = load_dimension_data()
SPBE = load_spbe_data()
DIMENSION_IDS = [d.id for d in DIMENSI.dimensions]
DOMAIN_IDS = [d.id for d in SPBE.domains]


# --- The facts behind the data -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def facts(root):
    """Each fact of the project's registry (facts/*.yml) as one text: its statement in both languages and value."""
    return {fact.id: " ".join([fact.statement["id"], fact.statement["en"], fact.value])
            for fact in load_facts(root).facts.values()}


def test_the_six_dimensions_are_kominfos_not_mobility_or_people(facts):
    row = facts["F-SC-03"]
    names = [d.name for d in DIMENSI.dimensions]
    assert len(names) == 6
    assert all(name in row for name in names)
    assert not any("Mobility" in name or "People" in name for name in names)


def test_each_pontianak_example_sits_in_the_dimension_the_news_gave_it(facts):
    row = facts["F-CASE-06"]
    pontianak = [idea for idea in DIMENSI.ideas if idea.source_fact == "F-CASE-06"]
    assert len(pontianak) == 6  # one per dimension in the Sonora list; PSC 119 may also sit in Society (F-CASE-06b)
    assert {idea.expected[0] for idea in pontianak} == set(DIMENSION_IDS)
    assert [idea.expected for idea in pontianak if idea.any_expected] == [("living", "society")]
    for idea in pontianak:
        innovation = idea.text["id"].split(" — ", 1)[1].split(":")[0]
        dimension = DIMENSI.dimension(idea.expected[0]).name.removeprefix("Smart ")
        named = re.search(rf"{dimension} — ([^;]+)", row)  # "Branding — kawasan wisata Bansir Laut"
        assert named and all(word in named.group(1).casefold() for word in innovation.casefold().split()), idea.id


def test_every_cited_fact_comes_from_the_registry_and_is_not_unverified():
    registry = load_facts()
    for data in (DIMENSI, SPBE):
        for fact_id, fact in data.sources.items():
            assert registry[fact_id] == fact and fact.status is not Status.unverified, fact_id


def test_spbe_tool_states_the_current_evaluation_and_the_old_one_as_the_registry_has_them():
    registry = load_facts()
    current, history = SPBE.evaluation, SPBE.history
    assert current.facts == ("F-ASN-07",) and history.facts == ("F-ASN-02",)
    now = registry["F-ASN-07"].statement["id"]
    assert f"{current.indicators} indikator" in now and f"{current.aspects} aspek" in now
    assert f"dimulai pada {current.since}" in now
    assert current.indicators == 35 and current.aspects == 9  # not the 47 indicators of 2020-2025
    before = registry["F-ASN-02"].statement["id"]
    assert all(domain.name in before for domain in SPBE.domains) and f"{len(SPBE.domains)} domain" in before
    assert f"{history.aspects} aspek" in before and f"{history.indicators} indikator" in before
    assert f"skala {SPBE.lowest_level}–{SPBE.highest_level}" in before and f"sampai {history.last_year}" in before
    assert "59 Tahun 2020" in history.regulation["id"]
    names = registry["F-ASN-10"].statement["id"]
    for level, name in zip(SPBE.levels, history.level_names, strict=True):
        assert f"{level.level} {name}" in names
        assert level.label["id"] != name  # our own labels are not passed off as the official names


def test_spbe_data_names_no_aspect_or_indicator(root):
    # The registry names only the first Pemdi aspect and none of the 8 aspects of 2020-2025, so the tool names
    # none: only the 4 borrowed domains, and numbers for aspects and indicators.
    raw = yaml.safe_load((DATA / SPBE_FILE).read_text("utf-8"))
    assert isinstance(raw["evaluation"]["aspects"], int) and isinstance(raw["history"]["aspects"], int)
    assert all(set(domain) == {"id", "name", "label", "description", "suggestion"} for domain in raw["domains"])


# --- Mapping example ideas -----------------------------------------------------------------------------

@pytest.mark.parametrize("idea", DIMENSI.ideas, ids=lambda idea: idea.id)
def test_ticking_the_expected_dimensions_is_correct_with_or_without_the_also_fitting_ones(idea):
    assert check_mapping(idea.id, idea.expected).verdict is Verdict.CORRECT
    with_extra = check_mapping(idea.id, [*idea.expected, *idea.also_fits])
    assert with_extra.verdict is Verdict.CORRECT
    assert set(with_extra.also_fitting) == set(idea.also_fits)


@pytest.mark.parametrize("dimension", ["living", "society"])
def test_psc_119_is_right_under_living_or_society_because_its_sources_differ(dimension):
    result = check_mapping("pontianak_psc119", [dimension])
    assert result.verdict is Verdict.CORRECT and result.missing == ()
    assert check_mapping("pontianak_psc119", ["economy"]).verdict is Verdict.INCORRECT


@pytest.mark.parametrize("idea", DIMENSI.ideas, ids=lambda idea: idea.id)
def test_a_dimension_that_does_not_fit_is_named_and_a_missing_one_is_noticed(idea):
    wrong = next(d for d in DIMENSION_IDS if d not in idea.expected and d not in idea.also_fits)
    only_wrong = check_mapping(idea.id, [wrong])
    assert only_wrong.verdict is Verdict.INCORRECT
    assert only_wrong.not_fitting == (wrong,) and set(only_wrong.missing) == set(idea.expected)
    mixed = check_mapping(idea.id, [*idea.expected, wrong])
    assert mixed.verdict is Verdict.PARTIAL and mixed.not_fitting == (wrong,) and not mixed.missing


def test_ticking_only_a_dimension_that_also_fits_is_partly_right():
    idea = next(idea for idea in DIMENSI.ideas if idea.also_fits)
    result = check_mapping(idea.id, idea.also_fits[:1])
    assert result.verdict is Verdict.PARTIAL
    assert result.missing == idea.expected


@pytest.mark.parametrize(
    ("idea_id", "chosen", "key"),
    [("jadwal_bus", [], "kotacerdas.choose_dimension"), ("jadwal_bus", "living", "kotacerdas.choose_dimension"),
     ("jadwal_bus", ["mobility"], "kotacerdas.unknown_dimension"), ("jadwal_bus", [None], "kotacerdas.unknown_dimension"),
     ("tidak-ada", ["living"], "kotacerdas.choose_idea"), (None, ["living"], "kotacerdas.choose_idea")],
)
def test_a_mapping_that_cannot_be_checked_is_explained_in_both_languages(idea_id, chosen, key):
    with pytest.raises(InputProblem) as caught:
        check_mapping(idea_id, chosen)
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian.endswith(".") and english.endswith(".") and indonesian != english


anything = st.one_of(st.text(max_size=20), st.sampled_from(DIMENSION_IDS), st.integers(), st.none())


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=20), st.sampled_from([idea.id for idea in DIMENSI.ideas]), st.none()),
       st.one_of(st.lists(anything, max_size=8), st.text(max_size=10), st.none()), st.sampled_from(["id", "en"]))
def test_any_mapping_gives_a_verdict_or_a_sentence(idea_id, chosen, lang):
    result = assert_result_or_sentence(lambda: check_mapping(idea_id, chosen), lang)
    if result is None:
        return
    assert set(result.chosen) <= set(DIMENSION_IDS)
    assert set(result.not_fitting).isdisjoint(result.idea.expected)


# --- The learner's own ideas ---------------------------------------------------------------------------

def test_own_idea_text_is_tidied_before_it_is_shown():
    idea = make_own_idea("  Lapor\u200b  jalan\nrusak\t lewat ponsel ", ["living", "governance"])
    assert idea.text == "Lapor jalan rusak lewat ponsel"
    assert idea.dimensions == ("governance", "living")  # the data file's order, not the ticking order


@pytest.mark.parametrize(
    ("text", "chosen", "key"),
    [("", ["living"], "kotacerdas.idea_empty"), (" \u200b\t ", ["living"], "kotacerdas.idea_empty"),
     (None, ["living"], "kotacerdas.idea_empty"), ("x" * (MAX_IDEA_LENGTH + 1), ["living"], "kotacerdas.idea_too_long"),
     ("Bank sampah digital", [], "kotacerdas.choose_dimension")],
)
def test_an_own_idea_that_cannot_be_added_is_explained(text, chosen, key):
    with pytest.raises(InputProblem) as caught:
        make_own_idea(text, chosen)
    assert caught.value.key == key
    assert caught.value.message("id") != caught.value.message("en")


def test_the_list_stops_growing_at_its_limit_and_says_how_to_continue():
    ideas = ()
    for number in range(MAX_OWN_IDEAS):
        ideas = add_own_idea(ideas, f"Ide nomor {number}", ["society"])
    with pytest.raises(InputProblem) as caught:
        add_own_idea(ideas, "Satu lagi", ["society"])
    assert str(MAX_OWN_IDEAS) in caught.value.message("id")


def test_coverage_counts_each_dimension_the_ideas_touch_and_names_the_rest():
    ideas = add_own_idea((), "Pasar daring UMKM", ["economy", "branding"])
    ideas = add_own_idea(ideas, "Bank sampah", ["environment", "economy"])
    result = coverage(ideas)
    counts = dict(result.counts)
    assert counts["economy"] == 2 and counts["branding"] == 1 and counts["environment"] == 1
    assert set(result.missing) == {"governance", "living", "society"}
    assert set(result.covered) | set(result.missing) == set(DIMENSION_IDS)
    assert result.idea_count == 2


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.lists(anything, max_size=8))
def test_anything_typed_as_an_own_idea_is_added_or_explained(text, chosen):
    idea = assert_result_or_sentence(lambda: make_own_idea(text, chosen), "id")
    if idea is None:
        return
    assert 0 < len(idea.text) <= MAX_IDEA_LENGTH
    assert idea.text == idea.text.strip() and "\n" not in idea.text
    assert idea.dimensions and set(idea.dimensions) <= set(DIMENSION_IDS)


# --- The office set (lesson "Kota cerdas di kantor Anda") -------------------------------------------------

OFFICE = DIMENSI.ideas_in("kantor")


def test_without_a_set_the_mapper_shows_the_general_ideas_as_before():
    mapper = SmartCityDimensionMapper(lang="id")
    shown = [value for _, value in mapper.idea_box.options]
    assert shown == [idea.id for idea in DIMENSI.ideas if idea.idea_set is None]
    assert DIMENSI.default_set == "kota" and not set(shown) & {idea.id for idea in OFFICE}
    footer = mapper.children[-1].value
    assert "Kota Sukamaju" not in footer and "aptika" not in footer  # only the dimensions' and Pontianak's sources


def test_office_ideas_cover_all_six_dimensions_each_names_who_leads_it_and_none_claims_to_be_real():
    assert len(OFFICE) >= 6
    assert {dimension for idea in OFFICE for dimension in idea.expected} == set(DIMENSION_IDS)
    assert all(idea.lead is not None and idea.source_fact is None for idea in OFFICE)
    used = {used for idea in OFFICE for used in idea.uses}
    assert used == {entry.id for entry in DIMENSI.infrastructure}  # every infrastructure entry is met in an example


def test_infrastructure_names_and_the_facts_the_explanations_quote_are_the_registrys(facts):
    for entry in DIMENSI.infrastructure:
        short = entry.name["id"].split(" (")[0]  # "Pusat Data Nasional (PDN)" -> "Pusat Data Nasional"
        assert all(short in facts[fact] for fact in entry.facts), entry.id
    command_centre = DIMENSI.idea("kantor_command_center")
    assert command_centre.facts == ("F-SC-07",)
    assert "command center yang mewah namun miskin fungsi" in command_centre.why["id"]
    assert "command center yang mewah namun miskin fungsi" in facts["F-SC-07"]
    data_centre = DIMENSI.idea("kantor_pusat_data")
    assert "2.700 pusat data" in data_centre.why["id"] and "2.700 pusat data" in facts["F-ASN-18"]
    assert "no wrong door" in DIMENSI.idea("kantor_lapor").why["en"] and "no wrong door" in facts["F-ASN-16"]


def test_learner_maps_the_command_centre_and_reads_kominfos_warning_who_runs_it_and_the_sources():
    mapper = SmartCityDimensionMapper(lang="id", ideas="kantor")
    assert [value for _, value in mapper.idea_box.options] == [idea.id for idea in OFFICE]
    mapper.idea_box.value = "kantor_command_center"
    _tick(mapper.example_boxes, ["economy"])
    mapper.check()
    assert "Belum tepat" in mapper.feedback.value and "Diskominfo" not in mapper.feedback.value
    _tick(mapper.example_boxes, ["governance", "environment"])
    mapper.check()
    feedback = mapper.feedback.value
    assert "Tepat!" in feedback and "miskin fungsi" in feedback
    assert "Yang memimpin, dalam contoh Kota Sukamaju: Diskominfo mengelola ruangnya" in feedback
    assert "contoh fiktif" in feedback
    footer = mapper.children[-1].value
    assert "Buku Panduan Pendampingan" in footer and "Kota Sukamaju fiktif" in footer
    assert not re.search(r"F-[A-Z]+-\d", footer + feedback)


def test_learner_reads_which_shared_infrastructure_a_data_centre_move_uses():
    mapper = SmartCityDimensionMapper(lang="en", ideas="kantor")
    mapper.idea_box.value = "kantor_pusat_data"
    mapper.why_button.click()
    uses = re.search(r"<div class='literasi-kotacerdas-uses'>(.*?)</div>", mapper.feedback.value).group(1)
    assert uses.count("<li>") == 2
    assert "the National Data Centre (Pusat Data Nasional, PDN): where government data" in uses
    assert "Intra-Government Network" in uses and "SPLP" not in uses
    footer = mapper.children[-1].value
    assert "wantiknas.go.id" in footer and "indonesiasentinel.com" in footer


def test_a_set_the_data_file_does_not_have_gets_a_sentence_and_the_general_list():
    mapper = SmartCityDimensionMapper(lang="id", ideas="kantr")
    assert "Daftar contoh ide itu tidak ada" in mapper.feedback.value and "kota, kantor" in mapper.feedback.value
    assert mapper.idea_set == "kota" and len(mapper.idea_box.options) == len(DIMENSI.ideas_in())


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=12), st.sampled_from(list(DIMENSI.idea_sets)), st.none(), st.integers()),
       st.sampled_from(["id", "en"]))
def test_any_set_name_gives_a_set_or_a_sentence(name, lang):
    chosen = assert_result_or_sentence(lambda: idea_set_name(name), lang)
    assert chosen is None or chosen in DIMENSI.idea_sets


# --- SPBE self-reflection ------------------------------------------------------------------------------

def test_the_single_lowest_domain_is_the_weakest():
    levels = dict(zip(DOMAIN_IDS, [3, 2, 4, 5], strict=True))
    assessment = assess_spbe(levels)
    assert [domain.id for domain in assessment.weakest] == [DOMAIN_IDS[1]]
    assert assessment.lowest == 2 and not assessment.all_equal
    assert [level for _, level in assessment.levels] == [3, 2, 4, 5]


def test_tied_lowest_domains_are_all_named_and_equal_levels_are_recognised():
    tied = assess_spbe(dict(zip(DOMAIN_IDS, [1, 3, 1, 2], strict=True)))
    assert [domain.id for domain in tied.weakest] == [DOMAIN_IDS[0], DOMAIN_IDS[2]]
    assert assess_spbe(dict.fromkeys(DOMAIN_IDS, 4)).all_equal


def test_a_level_typed_as_text_is_read_as_a_number():
    assessment = assess_spbe({**dict.fromkeys(DOMAIN_IDS, 3), DOMAIN_IDS[0]: " 2 "})
    assert assessment.level_of(DOMAIN_IDS[0]) == 2


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, True, "tiga", "٣", "", None])
def test_a_level_outside_the_scale_is_explained_naming_the_domain(bad):
    with pytest.raises(InputProblem) as caught:
        assess_spbe({**dict.fromkeys(DOMAIN_IDS, 3), DOMAIN_IDS[1]: bad})
    assert SPBE.domains[1].name in caught.value.message("id")
    assert SPBE.domains[1].name in caught.value.message("en")


def test_a_missing_or_unknown_domain_is_explained():
    with pytest.raises(InputProblem) as missing:
        assess_spbe(dict.fromkeys(DOMAIN_IDS[:-1], 3))
    assert SPBE.domains[-1].name in missing.value.message("id")
    with pytest.raises(InputProblem) as unknown:
        assess_spbe({**dict.fromkeys(DOMAIN_IDS, 3), "smart_mobility": 3})
    assert unknown.value.key == "kotacerdas.spbe_unknown_domain"


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.one_of(st.sampled_from(DOMAIN_IDS), st.text(max_size=8)),
                       st.one_of(st.integers(), st.text(max_size=4), st.none(), st.floats(), st.booleans()),
                       max_size=6),
       st.sampled_from(["id", "en"]))
def test_any_levels_give_an_assessment_or_a_sentence(levels, lang):
    assessment = assert_result_or_sentence(lambda: assess_spbe(levels), lang)
    if assessment is None:
        return
    assert all(SPBE.lowest_level <= level <= SPBE.highest_level for _, level in assessment.levels)
    assert all(assessment.level_of(domain.id) == assessment.lowest for domain in assessment.weakest)


# --- The widgets, as the learner sees them ------------------------------------------------------------

def _tick(boxes, dimension_ids):
    for dimension, box in zip(DIMENSION_IDS, boxes, strict=True):
        box.value = dimension in dimension_ids


def test_learner_maps_pionirs_to_governance_and_reads_why_with_its_news_source():
    mapper = SmartCityDimensionMapper(lang="id")
    idea = DIMENSI.idea("pontianak_pionirs")
    mapper.idea_box.value = idea.id
    _tick(mapper.example_boxes, ["governance"])
    mapper.check()
    feedback = mapper.feedback.value
    assert "Tepat" in feedback
    assert idea.why["id"][:50] in feedback
    assert "Sonora.id" in feedback and "November 2023" in feedback and "sekunder" in feedback


def test_learner_who_picks_a_wrong_dimension_hears_why_it_does_not_fit_and_can_see_the_explanation():
    mapper = SmartCityDimensionMapper(lang="en")
    idea = DIMENSI.idea("jadwal_bus")
    mapper.idea_box.value = idea.id
    _tick(mapper.example_boxes, ["economy"])
    mapper.check()
    assert "Not quite" in mapper.feedback.value
    assert "Smart Economy does not really fit" in mapper.feedback.value
    assert idea.why["en"][:40] not in mapper.feedback.value  # the answer is not given away at once
    mapper.why_button.click()
    assert idea.why["en"][:40].replace("'", "&#x27;") in mapper.feedback.value
    assert "made-up" in mapper.feedback.value


def test_choosing_another_idea_clears_the_ticks_and_the_feedback():
    mapper = SmartCityDimensionMapper(lang="id")
    _tick(mapper.example_boxes, ["economy"])
    mapper.check_button.click()
    assert mapper.feedback.value
    mapper.idea_box.value = DIMENSI.ideas_in()[-1].id
    assert mapper.feedback.value == "" and not any(box.value for box in mapper.example_boxes)


def test_checking_without_ticking_asks_for_a_dimension():
    mapper = SmartCityDimensionMapper(lang="id")
    mapper.check_button.click()
    assert "Centang paling sedikit satu dimensi" in mapper.feedback.value


def test_learner_adds_own_ideas_and_sees_which_dimensions_they_cover(capsys, caplog):
    caplog.set_level(logging.DEBUG)
    mapper = SmartCityDimensionMapper(lang="id")
    assert "Belum ada ide" in mapper.own_list.value and mapper.chart.value == ""
    mapper.own_text.value = "Lapor <b>jalan</b> rusak lewat WhatsApp"
    _tick(mapper.own_boxes, ["governance", "living"])
    mapper.add_button.click()
    assert "Lapor &lt;b&gt;jalan&lt;/b&gt; rusak" in mapper.own_list.value  # shown as text, never as HTML
    assert mapper.own_text.value == "" and not any(box.value for box in mapper.own_boxes)
    assert "2 dari 6 dimensi" in mapper.summary.value
    assert "Smart Branding" in mapper.summary.value and "Smart Environment" in mapper.summary.value
    alt = re.search(r"alt='([^']*)'", mapper.chart.value).group(1)
    assert "Smart Governance: 1" in alt and "Smart Branding: 0" in alt
    captured = capsys.readouterr()
    assert "jalan" not in captured.out + captured.err and "jalan" not in caplog.text
    mapper.clear_button.click()
    assert "Belum ada ide" in mapper.own_list.value and mapper.chart.value == ""


def test_an_empty_own_idea_gets_a_sentence_and_the_list_stays_as_it_was():
    mapper = SmartCityDimensionMapper(lang="en")
    _tick(mapper.own_boxes, ["society"])
    mapper.add_button.click()
    assert "Write your idea first" in mapper.own_message.value
    assert mapper.own_ideas == ()


def test_spbe_learner_sets_levels_and_sees_weakest_domain_with_suggestion_and_radar():
    tool = SpbeSelfAssessment(lang="id")
    assert tool.chart.value == "" and "Pilih level" in tool.result.value
    for domain_id, level in zip(DOMAIN_IDS, [4, 3, 2, 3], strict=True):
        tool.level_boxes[domain_id].value = level
    weakest = SPBE.domains[2]
    assert f"Domain terlemah Anda: {weakest.name} (level 2)" in tool.result.value
    assert weakest.suggestion["id"][:40] in tool.result.value
    assert SPBE.level(3).description["id"][:40] in tool.result.value  # the next step up
    alt = re.search(r"alt='([^']*)'", tool.chart.value).group(1)
    for domain, level in zip(SPBE.domains, [4, 3, 2, 3], strict=True):
        assert f"{domain.name} {level}" in alt
    assert "<img" in tool.chart.value


def test_spbe_tool_says_it_is_not_the_official_evaluation_and_names_the_current_one_with_its_source():
    text = SpbeSelfAssessment(lang="en").children[0].value
    assert "not the official SPBE evaluation" in text
    assert "Since 2026 the official evaluation has used the Digital Government Index" in text
    assert "35 indicators in 9 aspects (according to Pemerintah Digital Kabupaten Barito Timur, source dated January 2026)" in text
    assert "2020–2025 SPBE evaluation (PermenPANRB 59/2020, which scored 8 aspects and 47 indicators)" in text
    assert "“Rintisan”" in text and "“Optimum”" in text and "our own words" in text
    indonesian = SpbeSelfAssessment(lang="id").children[0].value
    assert "Sejak 2026, evaluasi resmi memakai Indeks Pemerintah Digital" in indonesian
    assert "berlaku per" not in indonesian and "periksa pedoman terbaru" not in indonesian


def test_spbe_tool_footer_lists_its_sources_without_fact_ids():
    footer = SpbeSelfAssessment(lang="id").children[-1].value
    assert "Konsep Indeks Pemerintah Digital" in footer and "sumber sekunder" in footer
    assert "Materi4-Tata-Kelola-SPBE" in footer
    assert not re.search(r"F-[A-Z]+-\d", footer)


def test_spbe_tool_with_all_domains_equal_gives_a_starting_hint_and_at_the_top_says_keep_going():
    equal = SpbeSelfAssessment(lang="en", levels=dict.fromkeys(DOMAIN_IDS, 2))
    assert "All your domains are at level 2" in equal.result.value
    top = SpbeSelfAssessment(lang="en", levels=dict.fromkeys(DOMAIN_IDS, SPBE.highest_level))
    assert "top level" in top.result.value and "Next step" not in top.result.value


# --- Data files and gallery page ------------------------------------------------------------------------

def test_the_data_files_as_shipped_have_no_problems():
    assert [problem for check in CHECKS.values() for problem in check()] == []


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        (DIMENSI_FILE, lambda raw: raw["ideas"][0].update(expected=["smart_mobility"]), "ideas[0].expected"),
        (DIMENSI_FILE, lambda raw: raw["dimensions"][1]["description"].pop("en"), "dimensions[1].description"),
        (DIMENSI_FILE, lambda raw: raw["sources"].remove("F-CASE-06"), "source_fact"),
        (DIMENSI_FILE, lambda raw: raw["ideas"][0].update(any_expected=True, expected=["governance"]),
         "ideas[0].any_expected"),
        (DIMENSI_FILE, lambda raw: raw["sources"].append("F-SC-99"), "sources: F-SC-99 not in the facts registry"),
        (DIMENSI_FILE, lambda raw: raw["ideas"][-1].update(set="kantro"), "set: unknown 'kantro'"),
        (DIMENSI_FILE, lambda raw: raw["idea_sets"].append("sekolah"), "idea_sets: no idea belongs to sekolah"),
        (DIMENSI_FILE, lambda raw: raw["ideas"][-1].update(uses=["command_center"]), "uses: unknown"),
        (DIMENSI_FILE, lambda raw: raw["ideas"][-1].update(uses=["pdn", "pdn"]), "uses: lists an item twice"),
        (DIMENSI_FILE, lambda raw: raw["sources"].remove("F-ASN-17"), "infrastructure[0].facts"),
        (DIMENSI_FILE, lambda raw: raw["sources"].remove("F-SC-07"), ".facts: cites F-SC-07"),
        (DIMENSI_FILE, lambda raw: raw["ideas"][-1]["lead"].pop("en"), ".lead.en"),
        (SPBE_FILE, lambda raw: raw["levels"].pop(2), "consecutive"),
        (SPBE_FILE, lambda raw: raw["sources"].remove("F-ASN-02"), "F-ASN-02"),
        (SPBE_FILE, lambda raw: raw["evaluation"].update(facts=["F-ASN-99"]), "evaluation.facts"),
        (SPBE_FILE, lambda raw: raw["history"]["level_names"].pop(), "history.level_names"),
        (SPBE_FILE, lambda raw: raw["history"].update(last_year=2026), "history"),
    ],
)
def test_check_data_reports_a_broken_copy_naming_the_file_and_field(tmp_path, name, change, expected):
    check_data = CHECKS[name]
    broken_data_copy(tmp_path, name, lambda raw: None)
    assert check_data(tmp_path) == []
    broken_data_copy(tmp_path, name, change)
    problems = check_data(tmp_path)
    # One line per bad field (a change may break several): each names the file, one says what is wrong.
    assert problems and all(problem.startswith(f"widgets/data/{name}: ") for problem in problems), problems
    assert any(expected in problem for problem in problems), problems


def test_gallery_page_is_mirrored_stripped_and_one_line_per_code_cell(root):
    for lang in ("id", "en"):
        assert check_gallery_page(root, "galeri-kota-cerdas", "galeri/kota-cerdas.ipynb", lang) == []
        notebook = nbformat.read(root / "lessons" / lang / "galeri" / "kota-cerdas.ipynb", as_version=4)
        code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
        assert f'SmartCityDimensionMapper(lang="{lang}")' in code and f'SpbeSelfAssessment(lang="{lang}")' in code
    assert check_parity(root, "galeri/kota-cerdas.ipynb") == []
