"""What an answer cell may hold: values and arithmetic, never code that could reach the grader."""

import ast
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.grading.answers import SAFE_CALLS, AnswerProblem, answer_problem
from literasi.i18n import LANGS, t

HELPERS = SAFE_CALLS | {"penjualan_bersih"}
# Why a cell may be refused: each has its sentence (nilai.why_<reason>) in the string table.
REASONS = {"syntax", "statement", "target", "reserved", "call", "name", "power", "expression"}


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


def _lines(source: str) -> list[str]:
    """The lines of a cell as Python numbers them (``\\r``, ``\\r\\n`` and ``\\n`` end a line)."""
    return re.split(r"\r\n|\r|\n", source)


# Cells of a few lines, some answers and some not, so refusals of every kind come on lines other than the first.
CELL_LINES = st.one_of(st.sampled_from([
    "", "# catatan", "biaya_mdr = 840_000", 'jawaban_1 = "b"', "x = round(2.5)", "import os", "x.y = 1", "abs = 1",
    "x = open('f')", "x = 10 ** 3", "x = _y", "x = eval", "x = (lambda: 1)()", "x = [i for i in range(3)]",
    "while True:\n    pass", "harga = Rp 20.000", "diterima_bersih = 19.860.000", "x = (", "  y = 2", "...",
]), st.text(max_size=20))
CELLS = st.one_of(st.text(max_size=80), st.lists(CELL_LINES, max_size=6).map("\n".join))


@settings(deadline=None)  # the first example loads the string tables
@given(CELLS)
def test_any_text_is_an_answer_or_refused_by_a_sentence_of_the_table_naming_its_line(source):
    problem = answer_problem(source, HELPERS)
    if problem is None:  # an answer: it parses, and holds only assignments and bare constants
        assert all(isinstance(statement, (ast.Assign, ast.AnnAssign)) or
                   (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
                   for statement in ast.parse(source).body)
        return
    assert AnswerProblem.decode(problem.encode()) == problem  # what the removed cell records reads back the same
    params = dict(problem.params)
    for lang in LANGS:
        if problem.number_format() is not None:
            assert problem(lang).endswith(" " + t("grading.number_rule", lang))
            continue
        assert problem.code in REASONS, problem  # never "the reason was not recorded"
        assert problem(lang) == t(f"nilai.why_{problem.code}", lang, **params)
    if problem.number_format() is None:
        lines = _lines(source)
        assert 1 <= params["line"] <= len(lines), (problem, lines)
        if problem.code != "syntax":  # the statement refused starts on the line named
            assert lines[params["line"] - 1].strip(), (problem, lines)


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
