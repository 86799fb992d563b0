"""What an answer cell may hold: values and arithmetic, never code that could reach the grader."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.grading.answers import SAFE_CALLS, AnswerProblem, answer_problem
from literasi.i18n import t

HELPERS = SAFE_CALLS | {"penjualan_bersih"}


@pytest.mark.parametrize("source", [
    "biaya_mdr = 140_000", "biaya_mdr = ...  # ganti ... dengan jawaban Anda", 'jawaban_1 = "b"',
    "biaya = 400 * 50_000 * 0.7 / 100", "jam = 3 * 24", "x = round(2.5)", "nilai = True",
    'bersih = penjualan_bersih("2025-10")', "selisih = bersih - 100", "daftar = [1, 2, 3]",
])
def test_values_and_arithmetic_are_answers(source):
    assert answer_problem(source, HELPERS) is None


@pytest.mark.parametrize("source", [
    "while True:\n    pass", "import os\nos._exit(1)", "x = __import__('os')", "x = open('/etc/passwd').read()",
    "x = (lambda: 1)()", "x = [i for i in range(3)]", "x.y = 1", "x = 'a'.upper()", "def f():\n    pass",
    "import builtins\nbuiltins.abs = lambda x: 0", "x = 10 ** 10 ** 10", "abs = 1", "penjualan_bersih = 5",
    # found in review: rebinding an allowed name to a builtin, then calling it, reached exec
    'round = getattr\nm = round(round, "__self__")\nround = round(m, "exec")\nx = round("print(42)")',
    "m = getattr", "x = eval", "x = globals()", "f = abs\ny = f(-1)", "x = _y", "x = round(2.5, ndigits=1)",
])
def test_anything_else_is_refused_with_a_reason(source):
    assert answer_problem(source, HELPERS)


@settings(deadline=None)  # the first example loads the string tables
@given(st.text(max_size=80))
def test_any_text_gets_a_verdict_told_in_both_languages(source):
    problem = answer_problem(source, HELPERS)
    assert problem is None or (problem("id").strip() and problem("en").strip())


@pytest.mark.parametrize("source", ["while True:\n    pass", "x = (", "abs = 1", "x = open('f')", "x = 10 ** 3", "x.y = 1",
                                    "x = [i for i in range(3)]", "x = _y"])
def test_a_removed_answer_is_explained_in_the_learners_language(source):
    problem = answer_problem(source, HELPERS)
    indonesian, english = problem("id"), problem("en")
    assert indonesian != english
    for word in ("line", "syntax", "allowed", "not ", "error"):  # the English reasons this replaced
        assert word not in indonesian.lower(), (source, indonesian)
    assert AnswerProblem.decode(problem.encode()) == problem  # what the removed cell records reads back the same


@pytest.mark.parametrize(("source", "lang", "shown"), [
    ("diterima_bersih = 19.860.000", "id", "19860000"), ("harga = Rp 20.000", "id", "20000"),
    ("harga = Rp20.000", "en", "20000"), ("biaya = 17.663,04", "id", "17663.04"),
])
def test_a_number_written_the_indonesian_way_is_explained_not_called_code(source, lang, shown):
    problem = answer_problem(source, HELPERS, lang)
    assert problem.number_format() is not None
    message = problem(lang)
    assert shown in message and t("grading.number_rule", lang) in message
