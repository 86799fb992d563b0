"""UU PDP exercises: sorting data into the law's categories, and auditing a form for over-collection."""

from html import unescape

import pytest
from helpers import assert_broken_data_reported, assert_result_or_sentence, t_pattern
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.facts import Status, read_facts
from literasi.i18n import t
from literasi.widgets import PersonalDataClassifier, PersonalDataFormAudit
from literasi.widgets.data_checks import data_file_problems
from literasi.widgets.pdp.core import (
    DATA_FILES,
    audit_form,
    check_data,
    classifier_score,
    classify,
    load_form_data,
    load_pdp_data,
)
from literasi.widgets.problems import InputProblem

DATA = load_pdp_data()
FORMS = load_form_data()



# --- the law's categories --------------------------------------------------------------------------------


def test_categories_cite_pasal_4_as_the_fact_sheet_does():
    umum, spesifik = DATA.category("umum"), DATA.category("spesifik")
    assert umum.article["id"].startswith("Pasal 4 ayat (3)") and umum.facts == ["F-PDP-03"]
    # F-PDP-16: the Elucidation of Art. 4(2)(b) names the face image as biometric data (audit 2026-12, defect 4)
    assert spesifik.article["id"].startswith("Pasal 4 ayat (2)") and spesifik.facts == ["F-PDP-04", "F-PDP-16"]
    for kind in ("nama lengkap", "jenis kelamin", "kewarganegaraan", "agama", "status perkawinan"):
        assert kind in umum.definition["id"].lower()
    for kind in ("kesehatan", "biometrik", "genetika", "catatan kejahatan", "data anak", "data keuangan pribadi"):
        assert kind in spesifik.definition["id"].lower()


def test_the_common_mistakes_in_the_fact_sheet_are_taught_the_right_way_round():
    assert DATA.item("agama").category == "umum"
    assert DATA.item("data-anak").category == "spesifik"
    assert DATA.item("data-keuangan").category == "spesifik"
    assert DATA.item("foto-wajah").category == "spesifik"  # a face photo (KTP, selfie with KTP) is biometric
    for item_id, wrong in (("agama", "spesifik"), ("data-anak", "umum"), ("data-keuangan", "umum"),
                           ("foto-wajah", "umum")):
        result = classify(item_id, wrong)
        assert not result.correct and result.mistake is not None, item_id


def test_the_items_the_curriculum_names_are_all_there_in_both_languages():
    ids = {item.id for item in DATA.items}
    assert {"nama-lengkap", "agama", "riwayat-penyakit", "data-keuangan", "data-anak", "sidik-jari",
            "catatan-kejahatan", "status-perkawinan", "warna-favorit", "harga-produk"} <= ids
    assert {item.category for item in DATA.items} == {"umum", "spesifik", "bukan"}


def test_every_cited_fact_exists_and_secondary_facts_are_marked_secondary(root):
    registry = read_facts(root)
    for fact in [*DATA.sources, *FORMS.sources]:
        assert fact in registry and registry[fact].status is not Status.unverified, fact
    for note in FORMS.law_notes:
        secondary = any(registry[fact].status is Status.secondary for fact in note.facts)
        assert note.secondary == secondary, note.id
    assert any(note.secondary and "F-PDP-15" in note.facts for note in FORMS.law_notes)


# --- classifying -----------------------------------------------------------------------------------------


def test_learner_who_calls_religion_specific_is_corrected_with_pasal_4_ayat_3():
    result = classify("agama", "spesifik")
    assert not result.correct
    assert result.expected.id == "umum" and "Pasal 4 ayat (3)" in result.expected.article["id"]


def test_learner_who_sorts_a_fingerprint_as_specific_is_right():
    assert classify("sidik-jari", "spesifik").correct
    assert classify("harga-produk", "bukan").correct


def test_score_counts_right_answers_among_those_chosen():
    score = classifier_score({"agama": "umum", "sidik-jari": "umum", "warna-favorit": "bukan"})
    assert (score.correct, score.answered, score.total) == (2, 3, len(DATA.items))


def test_an_unknown_item_or_category_is_a_sentence_in_both_languages():
    for item_id, category_id in (("golongan-darah", "umum"), ("agama", ""), ("agama", "rahasia")):
        with pytest.raises(InputProblem) as caught:
            classify(item_id, category_id)
        assert caught.value.message("id").endswith(".") and caught.value.message("id") != caught.value.message("en")


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=20), st.sampled_from([i.id for i in DATA.items])),
       st.one_of(st.text(max_size=20), st.sampled_from([c.id for c in DATA.categories])), st.sampled_from(["id", "en"]))
def test_anything_chosen_gives_a_verdict_or_a_sentence(item_id, category_id, lang):
    result = assert_result_or_sentence(lambda: classify(item_id, category_id), lang)
    if result is None:
        return
    assert result.correct == (result.item.category == category_id)


# --- auditing a form -------------------------------------------------------------------------------------


def test_asking_religion_on_a_shop_loyalty_form_is_flagged_with_a_reason():
    audit = audit_form("member-warung", ["nama-panggilan", "nomor-whatsapp", "agama"])
    assert [line.field.id for line in audit.excessive] == ["agama"]
    assert {line.field.id for line in audit.needed} == {"nama-panggilan", "nomor-whatsapp"}
    assert audit.missing == ()
    assert audit.excessive[0].entry.reason["id"]


def test_a_form_that_asks_only_what_its_purpose_needs_has_no_flags():
    for form in FORMS.forms:
        needed = [entry.field for entry in form.fields if entry.needed]
        audit = audit_form(form.id, needed)
        assert audit.excessive == () and audit.missing == () and len(audit.needed) == len(needed)


def test_a_form_that_asks_everything_flags_every_excessive_field():
    for form in FORMS.forms:
        audit = audit_form(form.id, [entry.field for entry in form.fields])
        assert len(audit.excessive) == sum(not entry.needed for entry in form.fields)


def test_every_judgment_is_one_sentence_in_each_language():
    for form in FORMS.forms:
        for entry in form.fields:
            for lang in ("id", "en"):
                reason = entry.reason[lang]
                assert reason.endswith(".") and reason.count(". ") == 0 and ";" not in reason.rstrip("."), \
                    (form.id, entry.field, lang)


def test_the_three_example_forms_are_there():
    assert {form.id for form in FORMS.forms} >= {"member-warung", "pelatihan-bimtek", "pesan-antar"}


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=20), st.sampled_from([f.id for f in FORMS.forms])),
       st.lists(st.one_of(st.text(max_size=15), st.sampled_from([f.id for f in FORMS.fields])), max_size=6),
       st.sampled_from(["id", "en"]))
def test_anything_ticked_gives_an_audit_or_a_sentence(form_id, ticked, lang):
    audit = assert_result_or_sentence(lambda: audit_form(form_id, ticked), lang)
    if audit is None:
        return
    assert len(audit.excessive) + len(audit.needed) == len(set(ticked))


# --- the widgets -----------------------------------------------------------------------------------------


def test_learner_who_marks_religion_specific_sees_the_correction_citing_the_article():
    classifier = PersonalDataClassifier(lang="id")
    classifier.choose("agama", "spesifik")
    html = unescape(classifier.feedbacks["agama"].value)
    general = DATA.category("umum")
    assert "Pasal 4 ayat (3)" in general.article["id"]
    verdict = {"category": general.label["id"].lower(), "article": general.article["id"]}
    assert t("pdp.wrong_with_article", "id", **verdict) in html
    assert "sering" in html  # the common-mistake note
    assert t_pattern("pdp.score", "id", correct=0, answered=1).search(unescape(classifier.score.value))
    classifier.choose("agama", "umum")
    html = unescape(classifier.feedbacks["agama"].value)
    assert t("pdp.right_with_article", "id", **verdict) in html
    assert not t_pattern("pdp.wrong_with_article", "id").search(html)
    assert t_pattern("pdp.score", "id", correct=1, answered=1).search(unescape(classifier.score.value))


def test_clearing_a_choice_clears_its_feedback():
    classifier = PersonalDataClassifier(lang="en")
    classifier.choose("sidik-jari", "spesifik")
    assert "Article 4(2)" in classifier.feedbacks["sidik-jari"].value
    classifier.choose("sidik-jari", "")
    assert classifier.feedbacks["sidik-jari"].value == ""
    assert t_pattern("pdp.score_empty", "en").search(unescape(classifier.score.value))


def test_classifier_shows_the_law_with_its_full_name_and_source_date():
    classifier = PersonalDataClassifier(lang="id")
    html = "".join(child.value for child in classifier.children if hasattr(child, "value") and isinstance(child.value, str))
    assert t("pdp.law_full_name", "id") in unescape(html)
    assert "17 Oktober 2022" in html


def test_learner_ticking_income_on_a_loyalty_form_sees_it_flagged_as_specific_data():
    audit = PersonalDataFormAudit(lang="id")
    assert t("pdp.nothing_ticked", "id") in unescape(audit.result.value)
    audit.tick("nomor-whatsapp", "penghasilan")
    html = unescape(audit.result.value)
    assert t("pdp.excessive_heading", "id", count=1) in html
    assert "literasi-flag" in html and "Penghasilan per bulan" in html and "Pasal 4 ayat (2)" in html
    assert t("pdp.missing_heading", "id") in html and "Nama panggilan" in html


def test_switching_forms_shows_that_forms_fields_and_purpose():
    audit = PersonalDataFormAudit(lang="en")
    audit.tick("agama")
    audit.form_box.value = "pesan-antar"
    labels = [box.description for box in audit.field_list.children]
    assert "Home address" in labels and "Religion" not in labels
    assert "delivery" in audit.purpose.value
    assert audit.ticked == [] and t("pdp.nothing_ticked", "en") in unescape(audit.result.value)
    audit.tick("alamat-rumah")
    assert t("pdp.no_excessive", "en") in unescape(audit.result.value)


def test_audit_says_its_judgments_are_teaching_examples_and_marks_the_secondary_source():
    notes = "".join(child.value for child in PersonalDataFormAudit(lang="id").children
                    if isinstance(getattr(child, "value", None), str))
    notes = unescape(notes)
    assert t("pdp.teaching_note", "id") in notes and t("pdp.secondary_note", "id") in notes and "Pasal 5–13" in notes


# --- the data check --------------------------------------------------------------------------------------


def test_the_shipped_pdp_files_pass_the_check():
    assert check_data() == []
    assert not [p for p in data_file_problems() if "pdp" in p]


@pytest.mark.parametrize(
    ("file", "breakage", "expected"),
    [
        ("pdp_data.yml", lambda raw: raw["items"][0].__setitem__("category", "rahasia"),
         "items[0].category: item 'nama-lengkap': unknown category 'rahasia'"),
        ("pdp_data.yml", lambda raw: raw["items"][2]["mistakes"][0].__setitem__("category", "umum"),
         "items[2].mistakes[0].category: item 'agama'"),
        ("pdp_data.yml", lambda raw: raw["categories"][0].__setitem__("facts", []), "categories[0]: category 'umum'"),
        ("pdp_data.yml", lambda raw: raw["categories"][1]["facts"].append("F-PDP-05"), "categories[1].facts: cites F-PDP-05"),
        ("pdp_data.yml", lambda raw: raw["items"][1].pop("explanation"), "items[1].explanation"),
        ("pdp_formulir.yml", lambda raw: raw["forms"][0]["fields"].append(
            {"field": "golongan-darah", "needed": False, "reason": {"id": "x.", "en": "x."}}),
         "forms[0].fields[8].field: form 'member-warung' uses an unknown field 'golongan-darah'"),
        ("pdp_formulir.yml", lambda raw: [entry.__setitem__("needed", True) for entry in raw["forms"][1]["fields"]],
         "forms[1]: form 'pelatihan-bimtek'"),
        ("pdp_formulir.yml", lambda raw: raw["fields"][0].__setitem__("category", "rahasia"),
         "fields[0].category: 'rahasia' is not a category"),
        ("pdp_formulir.yml", lambda raw: raw["law_notes"][1].__setitem__("facts", ["F-PDP-99"]),
         "law_notes[1].facts: cites F-PDP-99"),
    ],
)
def test_a_broken_data_file_is_reported_by_name(tmp_path, file, breakage, expected):
    assert_broken_data_reported(check_data, tmp_path, DATA_FILES, file, breakage, expected)
