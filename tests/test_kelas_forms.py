"""Kelas forms: every exercise, in both languages, becomes a phone form from its released notebook; the fields are
the answers its hidden tests check, of the kind its sources show, and nothing of the solutions comes along."""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from literasi.check import check_project
from literasi.i18n import t
from literasi.kelas.forms import MAX_LENGTH, ExerciseForm, FormError, build_form, form_from_notebook

SOURCES = ROOT / "exercises" / "source"
ASSIGNMENTS = sorted(folder.name for folder in SOURCES.iterdir() if folder.is_dir())
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(?P<tests>.*?)### END HIDDEN TESTS", re.DOTALL)
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(?P<solution>.*?)### END SOLUTION", re.DOTALL)
OPTION = re.compile(r"^- (?P<letter>[a-z])\. (?P<text>.+)$", re.MULTILINE)


def source_notebook(assignment: str) -> tuple[Path, nbformat.NotebookNode]:
    path = next((SOURCES / assignment).glob("*.ipynb"))
    return path, nbformat.read(path, as_version=4)


def identifiers(code: str) -> set[str]:
    return {node.id for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Name)}


def expected_answers(assignment: str) -> list[dict]:
    """What the source says of each answer: its name, the hidden tests that check it, its solution, its question."""
    _, notebook = source_notebook(assignment)
    answers, cells = [], notebook.cells
    for index, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        question = next(c.source for c in reversed(cells[:index]) if c.cell_type == "markdown")
        if cell.cell_type == "markdown":
            answers.append({"name": meta["grade_id"], "kind": "text", "question": question})
            continue
        check = cells[index + 1].source
        hidden = HIDDEN.search(check)["tests"]
        solution = ast.parse(SOLUTION.search(cell.source)["solution"]).body
        for statement in solution:
            answers.append({"name": statement.targets[0].id, "hidden": hidden, "check": check, "question": question,
                            "solution": statement.value})
    return answers


@pytest.fixture(scope="module")
def forms(released_course) -> dict[str, ExerciseForm]:
    return {assignment: build_form(released_course.release / assignment) for assignment in ASSIGNMENTS}


def test_every_exercise_in_both_languages_is_in_the_course(forms):
    assert ASSIGNMENTS and {name.removesuffix("-en") for name in ASSIGNMENTS} == {name for name in ASSIGNMENTS
                                                                                 if not name.endswith("-en")}
    assert set(forms) == set(ASSIGNMENTS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_fields_are_the_answers_the_hidden_tests_check(forms, assignment):
    form, expected = forms[assignment], expected_answers(assignment)
    assert [field.name for field in form.fields()] == [answer["name"] for answer in expected]
    for answer in expected:
        if "hidden" in answer:
            assert answer["name"] in identifiers(answer["hidden"]), answer["name"]
    assert form.lang == ("en" if assignment.endswith("-en") else "id")
    assert form.assignment == assignment and form.notebook.endswith(".ipynb")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_field_has_the_kind_its_sources_show(forms, assignment):
    form = forms[assignment]
    _, notebook = source_notebook(assignment)
    helpers = set(notebook.metadata["literasi"].get("allowed_calls", []))
    for answer in expected_answers(assignment):
        field = form.field(answer["name"])
        assert field.max_length == MAX_LENGTH[field.kind]
        if answer.get("kind") == "text":  # the reflection: a Markdown cell the instructor grades
            assert field.kind == "text" and field.manual and field.points > 0
            assert field.hint == t("kelas.hint.text", form.lang, limit=MAX_LENGTH["text"])
            continue
        solution = answer["solution"]
        calls = [node.func.id for node in ast.walk(solution) if isinstance(node, ast.Call)]
        if isinstance(solution, ast.Constant) and isinstance(solution.value, str):
            letters = dict(OPTION.findall(answer["question"]))
            if len(solution.value) == 1:  # a letter choice: the question lists the options
                assert field.kind == "choice"
                assert [(choice.letter, choice.text) for choice in field.choices] == list(letters.items())
                assert solution.value in letters
            else:
                assert field.kind == "word" and not field.choices
        else:  # a number, written or computed by a data helper
            assert field.kind == "number"
            assert f'check_number("{answer["name"]}"' in answer["check"]
            assert field.money == ("money=True" in answer["check"])
            assert field.hint == t("kelas.hint.money" if field.money else "kelas.hint.number", form.lang)
            assert (field.data is not None) == bool(set(calls) & helpers)
        assert not field.manual and field.points > 0


def test_a_data_helper_answer_carries_the_rows_the_learner_needs(forms):
    for assignment in ("m4-harga", "m4-harga-en"):
        form = forms[assignment]
        data_fields = [field for field in form.fields() if field.data]
        assert {field.name for field in data_fields} == {"bersih_oktober", "terjual_tempe"}
        with (SOURCES / assignment / "penjualan-oktober.csv").open(encoding="utf-8") as handle:
            header, *rows = list(csv.reader(handle))
        table = form.data["penjualan-oktober.csv"]
        assert table.columns == header and table.rows == rows and len(rows) > 10


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_form_carries_no_solution_and_no_hidden_test(forms, assignment):
    text = forms[assignment].model_dump_json()
    assert "BEGIN" not in text and "HIDDEN" not in text and "assert" not in text
    path, notebook = source_notebook(assignment)
    for cell in notebook.cells:
        for block in (*SOLUTION.findall(cell.source), *HIDDEN.findall(cell.source)):
            for line in block.splitlines():
                # every solution line and every hidden assertion message; e.g. 'jumlah_pilar = 4'
                assert json.dumps(line.strip())[1:-1] not in text or len(line.strip()) < 4, line
                for message in re.findall(r"""['"]([^'"]{12,})['"]\s*$""", line):
                    assert json.dumps(message)[1:-1] not in text, message


def test_the_question_text_and_instructions_are_the_notebooks_markdown(forms):
    form = forms["m3-qris"]
    assert form.title == "Latihan: QRIS untuk usaha mikro"
    assert form.instructions[0].startswith("# Latihan: QRIS untuk usaha mikro")
    first = form.questions[0]
    assert first.title.startswith("Soal 1") and "`biaya_mdr`" in first.markdown
    assert [field.name for field in first.fields] == ["biaya_mdr"]


def test_a_source_notebook_with_solutions_is_refused():
    path, notebook = source_notebook("m3-qris")
    with pytest.raises(FormError, match="solutions or hidden tests"):
        form_from_notebook(notebook, "m3-qris", path.parent, path.name)


def test_literasi_check_keeps_the_answer_metadata_true(project_copy):
    folder = project_copy / "exercises" / "source"
    path = folder / "m3-qris" / "latihan-qris.ipynb"
    notebook = nbformat.read(path, as_version=4)
    fields = notebook.metadata["literasi"]["answer_fields"]
    fields["biaya_mdr"] = {"kind": "word"}  # its check cell calls check_number
    fields["jawaban_1"]["choices"] = ["a", "b", "c", "e"]  # the question lists a-d
    del fields["jawaban_2"]
    fields["tidak_ada"] = {"kind": "number"}
    nbformat.write(notebook, path)
    english = folder / "m5-spbe-en" / "latihan-spbe.ipynb"
    notebook = nbformat.read(english, as_version=4)
    notebook.metadata["literasi"]["answer_fields"]["jumlah_aspek"]["money"] = True
    nbformat.write(notebook, english)
    problems = "\n".join(check_project(project_copy))
    for expected in ("answer 'biaya_mdr': kind 'word', but its check cell calls check_number",
                     "answer 'jawaban_1': the question above does not list every choice",
                     "answer 'jawaban_2' has no entry in metadata.literasi.answer_fields",
                     "answer_fields.tidak_ada: no answer cell assigns 'tidak_ada'",
                     "answer 'jumlah_aspek': money is True, its check_number has money=False"):
        assert expected in problems, problems
    assert "m5-spbe-en/latihan-spbe.ipynb: metadata.literasi.answer_fields differ from m5-spbe's" in problems
