"""Every lesson in the manifest runs top to bottom in a real kernel, in both languages."""

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from literasi.curriculum import load_curriculum

LESSONS = [(lang, lesson.path) for lesson in load_curriculum(ROOT / "curriculum.yml").lessons() for lang in ("id", "en")]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "path"), LESSONS, ids=[f"{lang}/{path}" for lang, path in LESSONS])
def test_lesson_executes_without_error(lang, path):
    notebook_path = ROOT / "lessons" / lang / path
    notebook = nbformat.read(notebook_path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook_path.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    widget_views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widget_views) >= 3, "the rate table, the calculator and the quiz each show a widget"
