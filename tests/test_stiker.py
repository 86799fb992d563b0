"""The QRIS sticker checker: a learner pastes the text of a QRIS code and learns who it pays and whether it was altered."""

from decimal import Decimal
from html import escape
from pathlib import Path

import pytest
import yaml
from helpers import assert_broken_data_reported, assert_result_or_sentence
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from literasi.i18n import LANGS, t
from literasi.widgets import QrisStickerChecker
from literasi.widgets.problems import Finding, InputProblem, Level
from literasi.widgets.qris.core import load_qris_rules
from literasi.widgets.sticker.core import (
    MAX_EXPECTED_NMID_CHARS,
    MAX_PAYLOAD_CHARS,
    OWN_STICKER_KEYS,
    NameMatch,
    check_data,
    check_sticker,
    compare_names,
    crc16_ccitt_false,
    load_stiker_data,
)


def reference_crc(text: str) -> str:
    """CRC-16/CCITT-FALSE bit by bit, written from the algorithm's definition (independent of the module)."""
    crc = 0xFFFF
    for byte in text.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def field(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def make_payload(name="TOKO CONTOH SEJAHTERA", city="KOTA CONTOH", initiation="11", amount=None, country="ID",
                 currency="360", national=True, extra="", crc=None, nmid="ID0000000000099") -> str:
    """A fictional QRIS payload built field by field, the way the EMVCo format lays it out."""
    body = field("00", "01") + field("01", initiation)
    body += field("26", field("00", "ID.CONTOH.WWW") + field("01", "9360000000000000099") + field("03", "UMI"))
    if national:
        body += field("51", field("00", "ID.CO.QRIS.WWW") + field("02", nmid) + field("03", "UMI"))
    body += field("52", "5499") + field("53", currency)
    if amount is not None:
        body += field("54", amount)
    body += field("58", country) + field("59", name) + field("60", city) + extra + "6304"
    return body + (crc if crc is not None else reference_crc(body))


SAMPLES = {sample.id: sample for sample in load_stiker_data().samples}


# --- the checksum ------------------------------------------------------------------------------------

def test_checksum_is_crc16_ccitt_false_as_catalogued():
    # The published check value of CRC-16/CCITT-FALSE for "123456789".
    assert crc16_ccitt_false("123456789") == "29B1"


def test_checksum_matches_the_example_in_the_emvco_specification():
    # EMVCo's own merchant-presented example (a Chinese merchant, with non-ASCII alternate-language fields).
    emvco = ("00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN"
             "5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***"
             "0708A60086670902ME91320016A0112233449988770708123456786304A13A")
    assert crc16_ccitt_false(emvco[:-4]) == "A13A"
    with pytest.raises(InputProblem) as caught:
        check_sticker(emvco)
    assert caught.value.key == "stiker.not_indonesian"
    assert "CN" in caught.value.message("id")


# --- what the learner sees for good codes ---------------------------------------------------------

def test_learner_sees_merchant_city_and_nmid_of_a_genuine_static_sticker():
    result = check_sticker(make_payload())
    assert result.crc_ok
    assert (result.merchant_name, result.city, result.nmid) == ("TOKO CONTOH SEJAHTERA", "KOTA CONTOH", "ID0000000000099")
    assert not result.dynamic and result.amount is None
    assert not result.has_danger


def test_dynamic_code_shows_its_amount():
    result = check_sticker(make_payload(initiation="12", amount="15000"))
    assert result.dynamic and result.amount == Decimal("15000")
    assert "stiker.finding_dynamic" in [finding.key for finding in result.findings]


def test_checksum_written_in_lower_case_is_still_accepted():
    payload = make_payload()
    assert check_sticker(payload[:-4] + payload[-4:].lower()).crc_ok


def test_pasted_text_with_surrounding_spaces_and_newlines_is_read():
    assert check_sticker("\n  " + make_payload() + "  \n").crc_ok


def test_amount_above_the_qris_limit_is_pointed_out_with_the_limit_from_the_rate_table():
    limit = load_qris_rules().max_per_transaction
    result = check_sticker(make_payload(initiation="12", amount=str(limit + 1)))
    over = [finding for finding in result.findings if finding.key == "stiker.finding_over_limit"]
    assert over and "Rp10.000.000" in over[0].message("id")
    assert not any(f.key == "stiker.finding_over_limit" for f in check_sticker(make_payload(amount=str(limit))).findings)


def test_code_without_a_national_qris_part_is_questioned():
    result = check_sticker(make_payload(national=False))
    assert result.nmid is None
    assert [f.level for f in result.findings if f.key == "stiker.finding_no_nmid"] == ["caution"]


# --- altered codes and swapped stickers (F-SCAM-04) ------------------------------------------------

def test_altered_code_keeps_a_plausible_name_but_the_checksum_gives_it_away():
    genuine = make_payload(name="KIOS PULSA CONTOH")
    altered = genuine.replace(field("59", "KIOS PULSA CONTOH"), field("59", "WARUNG SAMBAL BU SARI"))
    result = check_sticker(altered, expected_name="Warung Sambal Bu Sari")
    assert not result.crc_ok and result.has_danger
    assert result.crc_computed == reference_crc(altered[:-4])
    keys = [finding.key for finding in result.findings]
    assert "stiker.finding_crc" in keys
    # The matching name is not presented as reassurance when the code was altered.
    assert "stiker.finding_name_same" not in keys and "stiker.finding_name_same_altered" in keys


def test_a_different_merchant_name_is_flagged_in_plain_words():
    result = check_sticker(make_payload(name="KIOS PULSA CONTOH"), expected_name="Warung Sambal Bu Sari")
    assert result.name_match is NameMatch.DIFFERENT
    warning = next(f for f in result.findings if f.key == "stiker.finding_name_different")
    assert warning.level == "danger"
    for lang in LANGS:
        assert warning.message(lang) == t("stiker.finding_name_different", lang, name="KIOS PULSA CONTOH",
                                          expected="Warung Sambal Bu Sari")


@pytest.mark.parametrize(("in_code", "typed", "expected"), [
    ("WARUNG SAMBAL BU SARI", "warung sambal bu sari", NameMatch.SAME),
    ("WARUNG SAMBAL BU SARI", "Warung Sambal, Bu Sari!", NameMatch.SAME),
    ("WARUNG SAMBAL BU SARI", "Sambal Bu Sari", NameMatch.CONTAINED),
    ("WARUNG SAMBAL BU SAR", "Warung Sambal Bu Sari", NameMatch.CONTAINED),  # a name cut short by the code
    ("WARUNG SAMBAL BU SARI", "Sari", NameMatch.CONTAINED),
    ("SARI CELL", "Warung Sambal Bu Sari", NameMatch.DIFFERENT),
    ("WARUNG SAMBAL BU SARI", "Warung Sambal Bu Sar", NameMatch.DIFFERENT),  # not a word of the code's name
])
def test_shop_names_are_compared_the_way_a_person_would(in_code, typed, expected):
    assert compare_names(in_code, typed) is expected


def test_no_name_comparison_when_the_learner_types_no_shop_name():
    result = check_sticker(make_payload(), expected_name="   ")
    assert result.name_match is None
    assert not [f for f in result.findings if "name" in f.key]


# --- broken and foreign codes get sentences ----------------------------------------------------------

GOOD = make_payload()


@pytest.mark.parametrize(("payload", "key"), [
    ("", "stiker.empty"),
    ("   \n", "stiker.empty"),
    ("https://contoh.example/bayar", "stiker.is_link"),
    ("www.contoh.example", "stiker.is_link"),
    ("Halo, ini bukan kode", "stiker.not_payment_code"),
    ("0002020102116304ABCD", "stiker.not_payment_code"),
    (GOOD[:-30], "stiker.truncated"),
    (GOOD[:-2], "stiker.truncated"),
    ("000201010211520", "stiker.truncated_end"),
    ("000201", "stiker.crc_missing"),
    (GOOD.replace(field("59", "TOKO CONTOH SEJAHTERA"), "59XYTOKO CONTOH SEJAHTERA"), "stiker.bad_length"),
    (GOOD.replace("5204", "5X04"), "stiker.bad_tag"),
    (GOOD + field("62", "0703A01"), "stiker.crc_not_last"),
    (GOOD[:-4] + "XYZW", "stiker.crc_malformed"),
    (make_payload(extra=field("60", "KOTA LAIN")), "stiker.duplicate"),
    (make_payload(name=" "), "stiker.missing"),
    (make_payload(country="TH"), "stiker.not_indonesian"),
    (make_payload(currency="764"), "stiker.not_rupiah"),
    (make_payload(initiation="13"), "stiker.bad_initiation"),
    (make_payload(initiation="12", amount="25.000,00"), "stiker.bad_amount"),
    (make_payload(initiation="12", amount="0"), "stiker.bad_amount"),
    (make_payload(extra=field("62", "0703A0")), "stiker.bad_template"),
    (GOOD + "0" * MAX_PAYLOAD_CHARS, "stiker.too_long"),
])
def test_broken_or_foreign_codes_are_explained_in_both_languages(payload, key):
    with pytest.raises(InputProblem) as caught:
        check_sticker(payload)
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian.endswith(".") and english.endswith(".") and indonesian != english


def test_missing_merchant_name_names_the_field():
    body = GOOD.replace(field("59", "TOKO CONTOH SEJAHTERA"), "")[:-4]
    with pytest.raises(InputProblem) as caught:
        check_sticker(body + reference_crc(body))
    assert all(t("stiker.tag_59", lang) in caught.value.message(lang) for lang in LANGS)


def test_a_very_long_shop_name_is_refused_politely():
    with pytest.raises(InputProblem) as caught:
        check_sticker(GOOD, expected_name="x" * 500)
    assert caught.value.key == "stiker.expected_too_long"


# --- fuzzing ---------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.text(max_size=40))
def test_anything_pasted_gives_a_result_or_a_sentence(payload, expected):
    result = assert_result_or_sentence(lambda: check_sticker(payload, expected), "id")
    if result is None:
        return
    assert result.merchant_name and result.city
    assert {finding.level for finding in result.findings} <= set(Level)


valid_payloads = st.sampled_from([s.payload for s in SAMPLES.values() if s.expect != "checksum"] + [GOOD])


@settings(max_examples=400, deadline=None)
@given(valid_payloads, st.data())
def test_any_single_character_changed_in_a_valid_code_is_caught(payload, data):
    index = data.draw(st.integers(0, len(payload) - 1))
    replacement = data.draw(st.characters(min_codepoint=0x20, max_codepoint=0x7E))
    mutated = payload[:index] + replacement + payload[index + 1:]
    result = assert_result_or_sentence(lambda: check_sticker(mutated), "id")
    if result is None:
        return
    if mutated == payload or (index >= len(payload) - 4 and mutated.upper() == payload.upper()):
        assert result.crc_ok
    else:
        # CRC-16 catches every change of a single ASCII character: an altered code never passes.
        assert not result.crc_ok and result.has_danger


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_payloads, st.data())
def test_cut_inserted_or_garbled_codes_never_crash(payload, data):
    start = data.draw(st.integers(0, len(payload)))
    end = data.draw(st.integers(start, min(len(payload), start + 12)))
    inserted = data.draw(st.text(max_size=12))
    mutated = payload[:start] + inserted + payload[end:]
    expected = data.draw(st.text(max_size=30))
    assert_result_or_sentence(lambda: check_sticker(mutated, expected), "en")


# --- the widget --------------------------------------------------------------------------------------

def test_learner_picks_the_altered_sample_and_sees_the_checksum_warning():
    checker = QrisStickerChecker(lang="id")
    assert "literasi-hint" in checker.result.value
    altered = next(s for s in SAMPLES.values() if s.expect == "checksum")
    checker.sample_box.value = altered.id
    assert checker.payload_box.value == altered.payload
    assert "literasi-stiker-finding-crc" in checker.result.value
    assert escape(t("stiker.finding_crc", "id")) in checker.result.value


def test_learner_types_a_different_shop_name_and_sees_the_swapped_sticker_warning():
    checker = QrisStickerChecker(lang="id")
    checker.sample_box.value = next(s.id for s in SAMPLES.values() if s.expect == "valid")
    assert "literasi-stiker-finding-name-same" in checker.result.value
    checker.expected_box.value = "Toko Bangunan Maju Jaya"
    assert "literasi-stiker-finding-name-different" in checker.result.value
    assert "Toko Bangunan Maju Jaya" in checker.result.value


def test_learner_sees_the_merchant_of_the_swapped_sticker_sample():
    checker = QrisStickerChecker(lang="en")
    swapped = next(s for s in SAMPLES.values() if s.expect == "other_merchant")
    checker.sample_box.value = swapped.id
    assert "literasi-stiker-finding-name-different" in checker.result.value
    assert swapped.expected_name in checker.result.value


def test_dynamic_sample_shows_the_amount_in_the_learners_language():
    dynamic = next(s for s in SAMPLES.values() if check_sticker(s.payload).dynamic)
    indonesian, english = QrisStickerChecker(lang="id"), QrisStickerChecker(lang="en")
    indonesian.sample_box.value = english.sample_box.value = dynamic.id
    assert "Rp25.000" in indonesian.result.value and "Dinamis" in indonesian.result.value
    assert "IDR\u00a025,000" in english.result.value and "Dynamic" in english.result.value


def test_editing_the_sample_text_makes_it_the_learners_own_and_rubbish_gets_a_sentence():
    checker = QrisStickerChecker(lang="en")
    checker.sample_box.value = next(iter(SAMPLES))
    checker.payload_box.value = "<script>alert(1)</script>"
    assert checker.sample_box.value == ""
    assert "literasi-problem" in checker.result.value and "000201" in checker.result.value
    assert "<script>" not in checker.result.value
    checker.payload_box.value = GOOD
    assert "TOKO CONTOH SEJAHTERA" in checker.result.value and "literasi-problem" not in checker.result.value


def test_merchant_name_from_a_code_is_escaped_in_the_page():
    result = QrisStickerChecker(lang="id", payload=make_payload(name="<b>TOKO</b>"))
    assert "&lt;b&gt;TOKO&lt;/b&gt;" in result.result.value


# --- a merchant checks their own sticker after printing (F-QRIS-15) -----------------------------------

def test_the_buyers_checker_is_unchanged_by_the_own_sticker_option():
    result = check_sticker(make_payload(name="KIOS PULSA CONTOH"), expected_name="Warung Sambal Bu Sari")
    assert [f.key for f in result.findings] == ["stiker.finding_name_different"]
    assert result.nmid_match is None
    with pytest.raises(ValueError, match="own_sticker"):  # only the merchant knows their NMID
        check_sticker(GOOD, expected_nmid="ID0000000000099")
    with pytest.raises(ValueError, match="own_sticker"):
        QrisStickerChecker(lang="id", expected_nmid="ID0000000000099")


def test_own_sticker_with_the_registered_name_and_nmid_is_fine_to_display():
    result = check_sticker(GOOD, "Toko Contoh Sejahtera", "ID0000000000099", own_sticker=True)
    assert result.nmid_match is True and not result.has_danger
    assert [f.key for f in result.findings] == ["stiker.own_name_same", "stiker.own_nmid_same"]
    assert "cocok dengan NMID dari penyedia QRIS Anda" in result.findings[1].message("id")


def test_an_nmid_is_compared_the_way_a_person_copies_it():
    for typed in ("id0000000000099", " ID 0000 0000 000 99 ", "ID-0000000000099"):
        assert check_sticker(GOOD, expected_nmid=typed, own_sticker=True).nmid_match is True


def test_the_same_name_with_another_nmid_is_another_merchant():
    """A name can be shared or copied; the NMID is the number the provider gave this merchant."""
    result = check_sticker(make_payload(nmid="ID0000000000037"), "Toko Contoh Sejahtera", "ID0000000000099",
                           own_sticker=True)
    assert result.name_match is NameMatch.SAME and result.nmid_match is False and result.has_danger
    warning = next(f for f in result.findings if f.key == "stiker.own_nmid_different")
    assert "ID0000000000037" in warning.message("id") and "ID0000000000099" in warning.message("id")
    assert "do not put this sticker on display" in warning.message("en").lower()


def test_own_sticker_findings_tell_the_merchant_what_to_do_not_the_buyer():
    altered = GOOD.replace(field("59", "TOKO CONTOH SEJAHTERA"), field("59", "WARUNG SAMBAL BU SARI"))
    cases = [
        (check_sticker(make_payload(name="KIOS PULSA CONTOH"), "Warung Sambal Bu Sari", own_sticker=True),
         ["stiker.own_name_different"]),
        (check_sticker(altered, "Warung Sambal Bu Sari", "ID0000000000099", own_sticker=True),
         ["stiker.own_crc", "stiker.own_name_same_altered", "stiker.own_nmid_same_altered"]),
        (check_sticker(make_payload(national=False), "Toko Contoh", "ID0000000000099", own_sticker=True),
         ["stiker.own_name_contained", "stiker.own_no_nmid"]),
        (check_sticker(make_payload(initiation="12", amount="25000"), own_sticker=True), ["stiker.own_dynamic"]),
    ]
    for result, keys in cases:
        assert [f.key for f in result.findings] == keys
        for finding in result.findings:
            assert "kepada penjual" not in finding.message("id") and "seller" not in finding.message("en")
    assert result.nmid_match is None  # no NMID typed: nothing compared


def test_every_buyer_finding_has_an_own_sticker_wording_in_both_languages():
    for buyer, own in OWN_STICKER_KEYS.items():
        for lang in ("id", "en"):
            own_text = Finding(Level.OK, own, (("name", "A"), ("expected", "B"))).message(lang)
            assert own_text != Finding(Level.OK, buyer, (("name", "A"), ("expected", "B"))).message(lang)


@pytest.mark.parametrize(("typed", "key"), [
    ("ID" + "0" * MAX_EXPECTED_NMID_CHARS, "stiker.own_nmid_too_long"),
    ("ID/0000000000099", "stiker.own_nmid_not_text"),
    ("NMID: ID0000000000099", "stiker.own_nmid_not_text"),
])
def test_a_typed_nmid_that_cannot_be_one_gets_a_sentence(typed, key):
    with pytest.raises(InputProblem) as caught:
        check_sticker(GOOD, expected_nmid=typed, own_sticker=True)
    assert caught.value.key == key
    assert caught.value.message("id").endswith(".") and caught.value.message("en").endswith(".")


@settings(max_examples=300, deadline=None)
@given(valid_payloads, st.text(max_size=40), st.text(max_size=40))
def test_anything_typed_in_the_own_sticker_boxes_gives_a_result_or_a_sentence(payload, name, nmid):
    result = assert_result_or_sentence(lambda: check_sticker(payload, name, nmid, own_sticker=True), "id")
    if result is None:
        return
    keys = [finding.key for finding in result.findings]
    assert not set(keys) & set(OWN_STICKER_KEYS)  # never the buyer's "do not pay" wording
    assert (result.nmid_match is False) == ("stiker.own_nmid_different" in keys)


def test_merchant_picks_the_same_name_sample_and_sees_the_nmid_warning():
    checker = QrisStickerChecker(lang="id", own_sticker=True)
    ids = [value for _label, value in checker.sample_box.options if value]
    assert "dinamis-nominal" not in ids and "nama-sama-nmid-lain" in ids
    checker.sample_box.value = "nama-sama-nmid-lain"
    assert checker.nmid_box.value == SAMPLES["nama-sama-nmid-lain"].expected_nmid
    assert "literasi-stiker-own-name-same" in checker.result.value
    assert "literasi-stiker-own-nmid-different" in checker.result.value
    assert "Pajang stikernya" in checker.result.value  # the merchant's reminder, not the buyer's
    checker.nmid_box.value = "id 0000 0000 000 37"
    assert "literasi-stiker-own-nmid-same" in checker.result.value
    assert checker.sample_box.value == "nama-sama-nmid-lain"  # the code itself was not edited
    checker.nmid_box.value = "<b>ID</b>"
    assert "literasi-problem" in checker.result.value and "<b>ID" not in checker.result.value


def test_the_buyers_checker_lists_no_nmid_box_and_no_merchant_only_sample():
    checker = QrisStickerChecker(lang="en")
    assert checker.nmid_box is None and len(checker.children) == 5
    assert "nama-sama-nmid-lain" not in [value for _label, value in checker.sample_box.options]
    own = QrisStickerChecker(lang="en", own_sticker=True, expected_name="Warung Sambal Bu Sari",
                             expected_nmid="ID0000000000001", payload=SAMPLES["statis-sah"].payload)
    assert "literasi-stiker-own-nmid-same" in own.result.value and "Check your QRIS sticker" in own.children[0].value


def test_bu_saris_nmid_and_merchant_name_are_the_persona_sheets():
    sheet = yaml.safe_load((Path(__file__).resolve().parents[1] / "lessons" / "tokoh.yml").read_text("utf-8"))
    sari = next(person for person in sheet["tokoh"] if person["id"] == "bu-sari")
    genuine = SAMPLES["statis-sah"]
    assert check_sticker(genuine.payload).nmid == genuine.expected_nmid == sari["nmid_qris"]
    assert compare_names(check_sticker(genuine.payload).merchant_name, sari["nama_merchant_qris"]) is NameMatch.SAME


# --- the sample file ------------------------------------------------------------------------------------

def test_samples_are_fictional_and_each_shows_what_its_label_promises():
    assert check_data() == []
    data = load_stiker_data()
    assert {"valid", "checksum", "other_merchant", "other_nmid"} <= {s.expect for s in data.samples}
    assert set(data.facts) <= set(data.sources)
    for sample in data.samples:
        result = check_sticker(sample.payload)
        assert result.nmid is None or result.nmid.startswith("ID000000000")  # fictional merchant numbers
        assert "ID.CONTOH.WWW" in sample.payload


def _alter_the_genuine_sample(raw):
    genuine = next(sample for sample in raw["samples"] if sample["id"] == "statis-sah")
    genuine["payload"] = genuine["payload"].replace("BU SARI", "BU SANI")  # same length, checksum now wrong


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (_alter_the_genuine_sample, "samples[0]: sample 'statis-sah': expected a valid checksum"),
        (lambda raw: raw["sources"].remove("F-SCAM-04"), "facts: cites F-SCAM-04"),
        (lambda raw: raw["samples"][2].__setitem__("expect", "lumayan"), "samples[2].expect"),
        (lambda raw: raw["samples"][1]["label"].pop("en"), "samples[1].label.en"),
        (lambda raw: raw["samples"].append(dict(raw["samples"][0])), "ids repeat: ['statis-sah']"),
        (lambda raw: raw["samples"][4].__setitem__("expected_nmid", "ID0000000000037"),
         "samples[4]: sample 'nama-sama-nmid-lain': expected the code's NMID"),
        (lambda raw: raw["samples"][0].__setitem__("expected_nmid", "ID0000000000002"),
         "samples[0]: sample 'statis-sah': expected the code's NMID"),
        (lambda raw: raw["samples"][4].pop("expected_nmid"), "other_nmid needs the merchant's expected_nmid"),
        (lambda raw: raw["samples"][0].__setitem__("expected_nmid", "id-1"), "samples[0].expected_nmid"),
        (lambda raw: raw["samples"][4].__setitem__("shown_to", ["pembeli"]), "samples[4].shown_to"),
        (lambda raw: [sample.__setitem__("shown_to", ["buyer"]) for sample in raw["samples"]],
         "samples: none is shown_to owner"),
    ],
)
def test_a_broken_copy_of_the_samples_is_reported_by_name(tmp_path, breakage, expected):
    assert_broken_data_reported(check_data, tmp_path, ["stiker_contoh.yml"], "stiker_contoh.yml", breakage, expected)
