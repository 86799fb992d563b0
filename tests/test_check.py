import json
import subprocess

import nbformat
import yaml
from conftest import LESSON_PATH, literasi_command

from literasi.check import check_project


def test_the_project_passes_its_own_check(root):
    result = subprocess.run([*literasi_command(), "check"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "lulus" in result.stdout


def test_check_lists_every_problem_readably(project_copy):
    lesson = project_copy / "lessons" / "en" / LESSON_PATH
    notebook = nbformat.read(lesson, as_version=4)
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="left behind")]
    code.execution_count = 3
    notebook.metadata.literasi.minutes = 99
    nbformat.write(notebook, lesson)
    bank = project_copy / "lessons" / "banks" / "id" / "qris-untuk-usaha-mikro.yml"
    data = yaml.safe_load(bank.read_text("utf-8"))
    data["questions"][0]["options"][1]["correct"] = True
    bank.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    (project_copy / "lessons" / "id" / "03-pembayaran-digital" / "draf.ipynb").write_text(
        json.dumps(nbformat.v4.new_notebook()), "utf-8")

    problems = check_project(project_copy)
    text = "\n".join(problems)
    assert "strip outputs" in text
    assert "metadata.literasi.minutes is 99" in text
    assert "exactly one correct option" in text
    assert "draf.ipynb: not listed in curriculum.yml" in text

    result = subprocess.run([*literasi_command(), "--root", str(project_copy), "check"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "draf.ipynb" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_english_mirror_is_reported(project_copy):
    (project_copy / "lessons" / "en" / LESSON_PATH).unlink()
    assert any("missing" in problem and "/en/" in problem for problem in check_project(project_copy))


def test_every_bank_is_checked_even_one_no_lesson_uses(project_copy):
    import shutil

    banks = project_copy / "lessons" / "banks"
    shutil.copy(banks / "id" / "qris-untuk-usaha-mikro.yml", banks / "id" / "tanpa-pasangan.yml")
    assert any("tanpa-pasangan" in problem for problem in check_project(project_copy))


def test_an_untranslated_english_cell_is_reported(project_copy):
    indonesian = nbformat.read(project_copy / "lessons" / "id" / LESSON_PATH, as_version=4)
    english = nbformat.read(project_copy / "lessons" / "en" / LESSON_PATH, as_version=4)
    index = next(i for i, cell in enumerate(indonesian.cells) if cell.cell_type == "markdown" and i > 0)
    english.cells[index].source = indonesian.cells[index].source
    nbformat.write(english, project_copy / "lessons" / "en" / LESSON_PATH)
    assert any("untranslated" in problem for problem in check_project(project_copy))


def test_a_lesson_quiz_with_fewer_than_five_questions_is_reported(project_copy):
    for lang in ("id", "en"):
        bank = project_copy / "lessons" / "banks" / lang / "qris-untuk-usaha-mikro.yml"
        data = yaml.safe_load(bank.read_text("utf-8"))
        data["questions"] = data["questions"][:3]
        bank.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert any("3 questions" in problem for problem in check_project(project_copy))
