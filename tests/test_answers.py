"""What an answer cell may hold: values and arithmetic, never code that could reach the grader."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from literasi.grading.answers import SAFE_CALLS, answer_problem

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


@given(st.text(max_size=80))
def test_any_text_gets_a_verdict(source):
    assert answer_problem(source, HELPERS) is None or isinstance(answer_problem(source, HELPERS), str)
