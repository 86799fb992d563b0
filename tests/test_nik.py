"""NIK decoding and personal-data masking: a learner sees what 16 digits give away, then masks a table before sharing it."""

import datetime as dt
import re

import pytest
from helpers import assert_broken_data_reported, assert_result_or_sentence
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.widgets import NikDecoder, PiiMasker
from literasi.widgets.nik.core import (
    MAX_COLUMNS,
    MAX_LINE_CHARS,
    MAX_ROWS,
    check_data,
    decode_nik,
    load_nik_rules,
    mask_cell,
    mask_table,
)
from literasi.widgets.problems import InputProblem

TODAY = dt.date(2026, 6, 1)


def fictional_nik(day: int, month: int, year2: int, female: bool, serial: str = "0001", region: str = "000000") -> str:
    """A NIK laid out as F-ASN-05 describes: region codes, DDMMYY (women: day + 40), serial."""
    return f"{region}{day + (40 if female else 0):02d}{month:02d}{year2:02d}{serial}"


# --- decoding ------------------------------------------------------------------------------------------

def test_learner_reads_a_womans_birth_date_from_her_nik():
    parts = decode_nik(fictional_nik(5, 9, 90, female=True), today=TODAY)
    assert parts.female
    assert parts.birth_date == dt.date(1990, 9, 5)
    assert (parts.province, parts.regency, parts.district, parts.serial) == ("00", "00", "00", "0001")


def test_learner_reads_a_mans_birth_date_and_region_codes():
    parts = decode_nik(fictional_nik(12, 3, 85, female=False, serial="0420", region="123456"), today=TODAY)
    assert not parts.female
    assert parts.birth_date == dt.date(1985, 3, 12)
    assert (parts.province, parts.regency, parts.district, parts.serial) == ("12", "34", "56", "0420")


def test_the_century_is_the_latest_one_not_in_the_future():
    assert decode_nik(fictional_nik(1, 5, 26, False), today=TODAY).birth_date == dt.date(2026, 5, 1)
    assert decode_nik(fictional_nik(1, 7, 26, False), today=TODAY).birth_date == dt.date(1926, 7, 1)
    assert decode_nik(fictional_nik(29, 2, 0, True), today=TODAY).birth_date == dt.date(2000, 2, 29)


def test_spaces_dots_and_dashes_between_digit_groups_are_fine():
    assert decode_nik("00.00.00 450990-0001", today=TODAY).birth_date == dt.date(1990, 9, 5)


@pytest.mark.parametrize(("text", "key"), [
    ("", "nik.empty"),
    ("  - ", "nik.empty"),
    ("00000045O9900001", "nik.not_digits"),           # the letter O, not zero
    ("０００００００４５０９９００００１", "nik.not_digits"),  # full-width digits
    ("٠٠٠٠٠٠٤٥٠٩٩٠٠٠٠١", "nik.not_digits"),          # Arabic-Indic digits
    ("000000450990001", "nik.wrong_length"),
    ("00000045099000011", "nik.wrong_length"),
    ("1" * 400, "nik.wrong_length"),
    (fictional_nik(0, 1, 90, False), "nik.bad_day"),
    ("0000003501900001", "nik.bad_day"),              # 35 is neither a man's day nor a woman's (41–71)
    ("0000007201900001", "nik.bad_day"),
    (fictional_nik(5, 13, 90, False), "nik.bad_month"),
    (fictional_nik(5, 0, 90, True), "nik.bad_month"),
    (fictional_nik(31, 4, 90, False), "nik.impossible_date"),
    (fictional_nik(29, 2, 1, True), "nik.impossible_date"),
    (fictional_nik(30, 2, 4, False), "nik.impossible_date"),
])
def test_impossible_niks_are_explained_in_both_languages(text, key):
    with pytest.raises(InputProblem) as caught:
        decode_nik(text, today=TODAY)
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian.endswith(".") and english.endswith(".") and indonesian != english


def test_wrong_length_message_says_how_many_digits_were_typed():
    with pytest.raises(InputProblem) as caught:
        decode_nik("1234 5678", today=TODAY)
    assert "8" in caught.value.message("id") and "16" in caught.value.message("id")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_anything_typed_as_a_nik_gives_parts_or_a_sentence(text):
    parts = assert_result_or_sentence(lambda: decode_nik(text, today=TODAY), "id")
    if parts is None:
        return
    assert len(parts.digits) == 16 and parts.birth_date <= TODAY


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_every_valid_birth_code_round_trips(digits):
    try:
        parts = decode_nik(digits, today=TODAY)
    except InputProblem as problem:
        assert problem.key in {"nik.bad_day", "nik.bad_month", "nik.impossible_date"}
        return
    day = parts.birth_date.day + (40 if parts.female else 0)
    assert f"{day:02d}{parts.birth_date.month:02d}{parts.birth_date.year % 100:02d}" == digits[6:12]
    assert TODAY.year - 100 < parts.birth_date.year <= TODAY.year


# --- masking ---------------------------------------------------------------------------------------------

def test_learner_masks_a_table_and_only_the_edges_of_each_identifier_remain():
    table = mask_table("Nama, NIK, HP, Email\n"
                       "Rina Kusuma, 3171014509900001, 0812-3456-5678, rina@contoh.example\n", has_header=True)
    assert table.header == ("Nama", "NIK", "HP", "Email")
    (row,) = table.rows
    assert [cell.kind for cell in row] == ["text", "nik", "phone", "email"]
    assert [cell.after for cell in row] == ["R*** K***", "3171********0001", "0812****5678", "r***@contoh.example"]


@pytest.mark.parametrize(("typed", "masked"), [
    ("+62 812 3456 5678", "+62812****5678"),
    ("6281234565678", "62812****5678"),
    ("(0813) 0000-9999", "0813****9999"),
    ("0813000009", "0813**0009"),  # the shortest number treated as a mobile number
])
def test_phone_numbers_keep_the_operator_prefix_and_last_four_digits(typed, masked):
    cell = mask_cell(typed)
    assert (cell.kind, cell.after) == ("phone", masked)


@pytest.mark.parametrize("typed", ["021-555-0199", "12345", "0812", "+1 415 555 0100"])
def test_numbers_that_are_not_mobile_numbers_are_masked_as_text(typed):
    cell = mask_cell(typed)
    assert cell.kind == "text" and cell.after != typed


def test_empty_cells_stay_empty_and_short_rows_are_padded():
    table = mask_table("Sari, , sari@contoh.example\nBudi", has_header=False)
    assert table.header is None and table.width == 3
    assert table.rows[0][1].kind == "empty"
    assert table.counts == {"text": 2, "email": 1}


@pytest.mark.parametrize(("text", "has_header", "key"), [
    ("", True, "nik.mask_empty"),
    ("\n \n", False, "nik.mask_empty"),
    ("Nama, NIK", True, "nik.mask_only_header"),
    ("Nama\n" + "Sari\n" * (MAX_ROWS + 1), True, "nik.too_many_rows"),
    (",".join(["x"] * (MAX_COLUMNS + 1)), False, "nik.too_many_columns"),
    (",".join(["x"] * (MAX_COLUMNS + 1)) + "\nSari", True, "nik.too_many_columns"),
    ("Sari " * MAX_LINE_CHARS, False, "nik.line_too_long"),
])
def test_tables_the_tool_cannot_mask_get_a_sentence(text, has_header, key):
    with pytest.raises(InputProblem) as caught:
        mask_table(text, has_header)
    assert caught.value.key == key
    assert caught.value.message("id").endswith(".") and caught.value.message("en").endswith(".")


niks = st.from_regex(r"[0-9]{16}", fullmatch=True)
phones = st.builds(lambda prefix, rest: prefix + "8" + rest, st.sampled_from(["0", "+62", "62"]),
                   st.from_regex(r"[0-9]{8,11}", fullmatch=True))


@settings(max_examples=200, deadline=None)
@given(niks, phones, st.from_regex(r"[a-z][a-z0-9.]{2,15}", fullmatch=True))
def test_masked_identifiers_never_show_their_hidden_middle(nik, phone, local):
    rules = load_nik_rules()
    masked_nik = mask_cell(nik).after
    assert masked_nik.count("*") == 16 - rules.nik_keep_start - rules.nik_keep_end
    assert masked_nik.replace("*", "") == nik[:rules.nik_keep_start] + nik[16 - rules.nik_keep_end:]
    masked_phone = mask_cell(phone)
    assert masked_phone.kind == "phone" and masked_phone.after.endswith(phone[-rules.phone_keep_end:])
    assert len(re.sub(r"\D", "", masked_phone.after)) < len(re.sub(r"\D", "", phone))
    email = mask_cell(f"{local}@contoh.example")
    assert email.kind == "email" and email.after == f"{local[0]}***@contoh.example"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.booleans())
def test_anything_pasted_into_the_masker_gives_a_table_or_a_sentence(text, has_header):
    table = assert_result_or_sentence(lambda: mask_table(text, has_header), "id")
    if table is None:
        return
    for row in table.rows:
        for cell in row:
            if cell.kind in {"nik", "phone"}:
                assert len(re.sub(r"[^0-9]", "", cell.after)) < len(re.sub(r"[^0-9]", "", cell.before))
            elif cell.kind == "email":
                local = cell.after.split("@")[0]
                assert "*" in local and len(local.replace("*", "")) <= 1


# --- the widgets ---------------------------------------------------------------------------------------------

def test_learner_types_a_fictional_nik_and_sees_the_birth_date_and_sex():
    decoder = NikDecoder(lang="id", nik="")
    assert "literasi-hint" in decoder.result.value
    decoder.nik_box.value = fictional_nik(17, 8, 95, female=True)
    assert "17 Agustus 1995" in decoder.result.value
    assert "Perempuan" in decoder.result.value and "57" in decoder.result.value


def test_decoder_in_english_and_a_bad_nik_gets_a_sentence_then_recovers():
    decoder = NikDecoder(lang="en")
    assert "Female" in decoder.result.value and "5 September 1990" in decoder.result.value
    decoder.nik_box.value = "0000001332900001"
    assert "literasi-problem" in decoder.result.value and "month" in decoder.result.value
    decoder.nik_box.value = fictional_nik(1, 1, 80, female=False)
    assert "Male" in decoder.result.value and "1 January 1980" in decoder.result.value


def test_learner_masks_the_example_table_and_sees_before_and_after():
    masker = PiiMasker(lang="id")
    html = masker.result.value
    assert "literasi-nik-before" in html and "literasi-nik-after" in html
    after = html[html.index("literasi-nik-after"):]
    assert "0000********0001" in after and "0000004509900001" not in after
    assert "s***@example.com" in after


def test_learner_types_own_table_without_headings():
    masker = PiiMasker(lang="en")
    masker.header_box.value = False
    masker.table_box.value = "Dewi Lestari; 081200007777; dewi@contoh.example"
    after = masker.result.value[masker.result.value.index("literasi-nik-after"):]
    assert "D*** L***" in after and "0812****7777" in after and "d***@contoh.example" in after
    assert "Column 1" in after
    masker.table_box.value = "<img src=x onerror=alert(1)>"
    assert "<img src=x" not in masker.result.value


# --- the data file ---------------------------------------------------------------------------------------------

def test_nik_layout_and_masking_rules_come_from_the_data_file_with_sources():
    assert check_data() == []
    rules = load_nik_rules()
    assert sum(length for _, length in rules.parts) == 16
    assert rules.female_day_offset == 40
    assert set(rules.layout_facts) | set(rules.masking_facts) <= set(rules.sources)
    assert decode_nik(rules.example_nik).female in (True, False)
    assert rules.example_nik[:6] == "000000"  # the examples are fictional


def _set(section, field, value):
    return lambda raw: raw[section].__setitem__(field, value)


def _last_part_of_length(length):
    return lambda raw: raw["nik_layout"]["parts"][-1].__setitem__("length", length)


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (_last_part_of_length(5), "nik_layout: parts lengths must add up to 16"),
        (lambda raw: [_last_part_of_length(5)(raw), _set("nik_layout", "female_day_offset", 20)(raw)],
         "add up to 16; female_day_offset must keep"),  # every broken rule of the layout at once
        (_set("masking", "nik_keep_end", 12),
         "masking: nik_keep_start + nik_keep_end would leave the whole NIK visible"),
        (_set("masking", "phone_keep_end", 6), "masking: phone numbers of 9 digits"),
        (_set("masking", "email_keep_start", -1), "masking.email_keep_start"),
        (_set("examples", "nik", "0000009913900001"), "examples.nik: does not decode"),
        (lambda raw: raw["sources"].remove("F-ASN-05"), "nik_layout.facts: cites F-ASN-05"),
        (lambda raw: raw["sources"].append("F-ASN-99"), "sources: F-ASN-99 not in the facts registry (facts/*.yml)"),
    ],
)
def test_a_broken_copy_of_the_nik_file_is_reported_by_name(tmp_path, breakage, expected):
    assert_broken_data_reported(check_data, tmp_path, ["nik.yml"], "nik.yml", breakage, expected)
