"""Kelas values: what a phone sends becomes an answer-cell value (Indonesian number formats accepted, anything
else refused with a sentence), and the submitted notebook passes the answers-are-values rule and grades right."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.grading.answers import SAFE_CALLS, answer_problem
from literasi.i18n import LANGS
from literasi.kelas.forms import MAX_LENGTH, FormField
from literasi.kelas.values import (
    LARGEST_NUMBER,
    ValueRefused,
    parse_answer,
    python_literal,
)

NUMBER = FormField(name="biaya_mdr", cell="jawaban-biaya-mdr", kind="number", hint="", max_length=MAX_LENGTH["number"])
WORD = FormField(name="jenis_agama", cell="jawaban-jenis-agama", kind="word", hint="", max_length=MAX_LENGTH["word"])
TEXT = FormField(name="refleksi", cell="refleksi", kind="text", hint="", max_length=MAX_LENGTH["text"], manual=True)
CHOICE = FormField(name="jawaban_1", cell="jawaban-jawaban-1", kind="choice", hint="", max_length=1,
                   choices=[{"letter": letter, "text": ""} for letter in "abcd"])
HOSTILE = ['__import__("os").system("rm -rf ~")', "1+1", "1e9999", "9" * 41, "1\n2", "840000\nimport os",
           "12\x00", "x" * 10_000_000, "Rp", "-", "1.2.3", "12,5,6", "(1)", "[1]", "0x10", "1_", "¹²", "1/2",
           "840000; import os", "\u202e12"]


def refusal(field: FormField, text: object, lang: str = "id") -> ValueRefused:
    with pytest.raises(ValueRefused) as caught:
        parse_answer(field, text, lang)
    return caught.value


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("19.860.000", "id", 19_860_000), ("Rp 20.000", "id", 20_000), ("Rp20.000", "id", 20_000),
    ("rp. 20.000", "id", 20_000), ("IDR 20,000", "en", 20_000), ("2,5", "id", 2.5), ("2.5", "id", 2.5),
    ("17.777,78", "id", 17_777.78), ("840_000", "id", 840_000), ("840000", "en", 840_000),
    ("19 860 000", "id", 19_860_000), ("19\u00a0860\u00a0000", "id", 19_860_000), ("26%", "id", 26),
    ("12,5 %", "id", 12.5), ("0.125", "id", 0.125), ("0,5", "id", 0.5), ("-3", "id", -3), ("  72 ", "id", 72),
    ("19,860,000", "id", 19_860_000), ("19,860,000", "en", 19_860_000), ("20,000", "en", 20_000),
    ("140.000", "en", 140_000), ("0", "id", 0),
])
def test_numbers_written_the_indonesian_way_are_read_as_meant(text, lang, value):
    parsed = parse_answer(NUMBER, text, lang)
    assert parsed == value and type(parsed) is type(value)


def test_a_comma_group_in_an_indonesian_exercise_is_a_decimal_comma_as_in_the_notebook():
    # number_format's rule: in an Indonesian exercise "27,500" is 27,5 (the check cell explains it the same way)
    assert parse_answer(NUMBER, "27,500", "id") == 27.5


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_numbers_are_refused_with_a_sentence_that_does_not_echo_them(text):
    problem = refusal(NUMBER, text)
    for lang in LANGS:
        message = problem.message(lang)
        assert message.endswith(".") and "biaya_mdr" in message
        if len(text.strip()) >= 3:
            assert text.strip()[:20] not in message
    if len(text) > MAX_LENGTH["number"]:
        assert problem.key == "too_long"


def test_numbers_beyond_a_thousand_trillion_are_refused():
    assert parse_answer(NUMBER, str(LARGEST_NUMBER)) == LARGEST_NUMBER
    assert refusal(NUMBER, "9" * 17).key == "too_big"


def test_choices_words_and_reflections():
    assert parse_answer(CHOICE, " B ") == "b"
    assert refusal(CHOICE, "e").message("id").endswith("a, b, c, d.")
    assert refusal(CHOICE, "ab").key == "too_long"
    assert parse_answer(WORD, "  Smart   Environment ") == "Smart Environment"
    assert parse_answer(WORD, '"); import os; ("') == '"); import os; ("'  # a text, never code
    assert refusal(WORD, "umum\nimport os").key == "one_line"
    assert refusal(WORD, "x" * 101).key == "too_long"
    assert parse_answer(TEXT, "Baris satu.\r\nBaris <b>dua</b> & tiga.\x00") == "Baris satu.\nBaris &lt;b&gt;dua&lt;/b&gt; &amp; tiga."
    assert refusal(TEXT, "x" * 4001).key == "too_long"
    for field in (NUMBER, CHOICE, WORD, TEXT):
        assert parse_answer(field, "   ") is None  # left empty: unanswered
        assert refusal(field, 12).key == refusal(field, None).key == refusal(field, ["1"]).key == "not_text"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from([NUMBER, CHOICE, WORD, TEXT]), st.sampled_from(LANGS))
def test_anything_typed_is_refused_or_becomes_a_plain_value(text, field, lang):
    try:
        value = parse_answer(field, text, lang)
    except ValueRefused as problem:
        assert problem.message(lang).endswith(".")
        return
    if value is None or field.kind == "text":
        return
    line = f"{field.name} = {python_literal(value)}"
    assert answer_problem(line, SAFE_CALLS, lang) is None
    assert ast.literal_eval(python_literal(value)) == value


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_every_whole_amount_written_with_indonesian_dots_reads_back(amount):
    written = f"{amount:,}".replace(",", ".")
    assert parse_answer(NUMBER, written, "id") == amount
    assert parse_answer(NUMBER, f"Rp {written}", "id") == amount
