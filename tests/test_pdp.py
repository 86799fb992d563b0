"""UU PDP exercises: sorting data into the law's categories, auditing a form for over-collection, and marking
what a service counter may ask for."""

import re
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
    MARKS,
    audit_form,
    check_data,
    classifier_score,
    classify,
    load_form_data,
    load_pdp_data,
    mark_field,
    mark_score,
)
from literasi.widgets.problems import InputProblem

DATA = load_pdp_data()
FORMS = load_form_data()
COUNTERS = FORMS.forms_of("counter")


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
    assert {form.id for form in FORMS.forms_of("form")} >= {"member-warung", "pelatihan-bimtek", "pesan-antar"}


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=20), st.sampled_from([f.id for f in FORMS.forms])),
       st.lists(st.one_of(st.text(max_size=15), st.sampled_from([f.id for f in FORMS.fields])), max_size=6),
       st.sampled_from(["id", "en"]))
def test_anything_ticked_gives_an_audit_or_a_sentence(form_id, ticked, lang):
    audit = assert_result_or_sentence(lambda: audit_form(form_id, ticked), lang)
    if audit is None:
        return
    assert len(audit.excessive) + len(audit.needed) == len(set(ticked))


# --- marking data at a service counter (lesson 5-04, IKD at the service counter) --------------------------


def test_the_three_counter_services_are_there_each_with_every_mark():
    assert {form.id for form in COUNTERS} == {"bazar-umkm", "kartu-perpustakaan", "bantuan-sembako"}
    for form in COUNTERS:
        assert {FORMS.mark_of(entry) for entry in form.fields} == set(MARKS), form.id
        assert any(entry.field == "lihat-ktp-ikd" and entry.needed for entry in form.fields), form.id


def test_an_ikd_pin_activation_code_or_screenshot_is_never_needed_by_any_service():
    never = {field.id for field in FORMS.fields if field.never}
    assert never == {"pin-ikd", "kode-aktivasi-ikd", "tangkapan-layar-ikd", "swafoto-ktp"}
    for form in FORMS.forms:
        for entry in form.fields:
            if entry.field in never:
                assert not entry.needed and mark_field(form.id, entry.field, "never").correct, (form.id, entry.field)


def test_a_photo_of_the_id_card_is_never_needed_where_the_nik_is_recorded_instead():
    """The 2013 circular asked offices to record the NIK and name instead of photocopying (F-ASN-15; history),
    and UU PDP asks for no more than the purpose: every counter looks at the KTP-el or IKD and keeps no photo."""
    for form in COUNTERS:
        fields = {entry.field: entry for entry in form.fields}
        assert not fields["foto-ktp"].needed, form.id
        assert mark_field(form.id, "foto-ktp", "not-needed").correct


def test_learner_who_marks_religion_needed_for_a_bazaar_stall_is_told_why_not():
    result = mark_field("bazar-umkm", "agama", "needed")
    assert not result.correct and result.expected == "not-needed"
    assert "agama" in result.entry.reason["id"] and result.field.category == "umum"


def test_the_same_item_can_be_needed_for_one_service_and_not_another():
    assert mark_field("bantuan-sembako", "nik", "needed").correct
    assert mark_field("kartu-perpustakaan", "nik", "not-needed").correct
    assert mark_field("bantuan-sembako", "penghasilan", "needed").correct
    assert mark_field("kartu-perpustakaan", "penghasilan", "not-needed").correct


def test_learner_who_calls_the_pin_merely_not_needed_is_told_it_is_never_asked_for():
    result = mark_field("bazar-umkm", "pin-ikd", "not-needed")
    assert not result.correct and result.expected == "never"


def test_mark_score_counts_right_marks_among_those_chosen():
    score = mark_score("bazar-umkm", {"nik": "needed", "agama": "needed", "pin-ikd": "never"})
    assert (score.correct, score.answered, score.total) == (2, 3, len(FORMS.form("bazar-umkm").fields))


def test_an_unknown_service_item_or_mark_is_a_sentence_in_both_languages():
    for form_id, field_id, mark in (("kantor-pajak", "nik", "needed"), ("bazar-umkm", "golongan-darah", "needed"),
                                    ("bazar-umkm", "nik", "wajib"), ("bazar-umkm", "nik", "")):
        with pytest.raises(InputProblem) as caught:
            mark_field(form_id, field_id, mark)
        assert caught.value.message("id").endswith(".") and caught.value.message("id") != caught.value.message("en")


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=20), st.sampled_from([f.id for f in FORMS.forms])),
       st.one_of(st.text(max_size=15), st.sampled_from([f.id for f in FORMS.fields])),
       st.one_of(st.text(max_size=12), st.sampled_from(MARKS)), st.sampled_from(["id", "en"]))
def test_anything_marked_gives_a_verdict_or_a_sentence(form_id, field_id, mark, lang):
    result = assert_result_or_sentence(lambda: mark_field(form_id, field_id, mark), lang)
    if result is None:
        return
    assert result.chosen == mark and result.correct == (result.expected == mark)
    assert result.expected == ("never" if result.field.never else "needed" if result.entry.needed else "not-needed")


@settings(max_examples=80, deadline=None)
@given(st.sampled_from([f.id for f in COUNTERS]),
       st.dictionaries(st.one_of(st.text(max_size=10), st.sampled_from([f.id for f in FORMS.fields])),
                       st.one_of(st.text(max_size=8), st.sampled_from(MARKS)), max_size=6),
       st.sampled_from(["id", "en"]))
def test_any_set_of_marks_gives_a_score_or_a_sentence(form_id, marks, lang):
    score = assert_result_or_sentence(lambda: mark_score(form_id, marks), lang)
    if score is not None:
        assert 0 <= score.correct <= score.answered == len(marks) <= score.total


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


def test_the_form_audit_lists_only_forms_and_the_counter_check_only_counters():
    assert {value for _label, value in PersonalDataFormAudit(lang="id").form_box.options} == \
        {form.id for form in FORMS.forms_of("form")}
    counter = PersonalDataFormAudit(lang="id", form="kartu-perpustakaan")
    assert {value for _label, value in counter.form_box.options} == {form.id for form in COUNTERS}
    assert counter.form_box.value == "kartu-perpustakaan" and counter.form_box.description == "Layanan:"


def test_counter_officer_who_marks_religion_needed_sees_why_not_with_the_article():
    check = PersonalDataFormAudit(lang="id", form="bazar-umkm")
    assert "Belum ada yang dipilih" in check.result.value
    check.mark("agama", "needed")
    html = check.mark_feedbacks["bazar-umkm"]["agama"].value
    assert "Belum tepat" in html and "Tidak perlu" in html and "agama pemilik usaha" in html
    assert "Pasal 4 ayat (3)" in html
    check.mark("pin-ikd", "never")
    assert "Tepat: Jangan pernah" in check.mark_feedbacks["bazar-umkm"]["pin-ikd"].value
    assert "1 dari 2" in check.result.value
    check.mark("agama", "")
    assert check.mark_feedbacks["bazar-umkm"]["agama"].value == "" and "1 dari 1" in check.result.value


def test_switching_services_shows_that_services_items_and_keeps_each_services_marks():
    check = PersonalDataFormAudit(lang="en", form="bazar-umkm")
    check.mark("nik", "needed")
    check.form_box.value = "bantuan-sembako"
    labels = [row.children[0].description for row in check.field_list.children]
    assert "Family card (KK) number" in labels and "Business ID number (NIB)" not in labels
    assert "food aid" in check.purpose.value and "Nothing chosen" in check.result.value
    check.mark("penghasilan", "not-needed")
    assert "Not quite" in check.mark_feedbacks["bantuan-sembako"]["penghasilan"].value
    check.form_box.value = "bazar-umkm"
    assert "1 correct out of the 1" in check.result.value


def test_counter_check_explains_its_marks_says_its_judgments_are_examples_and_cites_pasal_16_and_20():
    check = PersonalDataFormAudit(lang="id", form="bazar-umkm")
    html = "".join(child.value for child in check.children if isinstance(getattr(child, "value", None), str))
    assert "Jangan pernah, apalagi lewat chat" in html and "contoh ajar Literasi" in html and "fiktif" in html
    assert "Pasal 16 ayat (2)" in html and "Pasal 20" in html and "Sumber sekunder" in html
    assert "asas kehati-hatian" not in html  # the form audit's note on the principles of Pasal 3 is not repeated


def test_counter_check_shows_no_fact_id_whatever_is_marked():
    for lang in ("id", "en"):
        check = PersonalDataFormAudit(lang=lang, form="bazar-umkm")
        seen = []
        for form in COUNTERS:
            check.form_box.value = form.id
            for entry in form.fields:
                for mark in MARKS:
                    check.mark(entry.field, mark)
                    seen.append(check.mark_feedbacks[form.id][entry.field].value)
            seen += [child.value for child in check.children if isinstance(getattr(child, "value", None), str)]
        assert not [text for text in seen if re.search(r"F-[A-Z]+-\d\d", text)]


def test_an_unknown_service_given_by_a_lesson_falls_back_with_a_sentence():
    check = PersonalDataFormAudit(lang="id", form="kantor-pajak")
    assert "Formulir itu tidak ditemukan" in check.result.value and check.form_box.value == FORMS.forms[0].id


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
        ("pdp_formulir.yml", lambda raw: raw["forms"][3]["fields"][9].__setitem__("needed", True),
         "forms[3].fields[9].needed: form 'bazar-umkm': no service needs 'pin-ikd'"),
        ("pdp_formulir.yml", lambda raw: raw["forms"][3].__setitem__(
            "fields", [e for e in raw["forms"][3]["fields"] if e["field"] not in ("pin-ikd", "swafoto-ktp")]),
         "forms[3]: counter 'bazar-umkm' needs at least one field of each mark; none is never"),
        ("pdp_formulir.yml", lambda raw: raw["forms"][3].__setitem__("kind", "loket"), "forms[3].kind"),
        ("pdp_formulir.yml", lambda raw: [note.__setitem__("kinds", ["form"]) for note in raw["law_notes"]],
         "law_notes: none is shown under a form of kind 'counter'"),
    ],
)
def test_a_broken_data_file_is_reported_by_name(tmp_path, file, breakage, expected):
    assert_broken_data_reported(check_data, tmp_path, DATA_FILES, file, breakage, expected)
