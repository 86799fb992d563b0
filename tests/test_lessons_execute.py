"""Every lesson and gallery page in the manifest runs top to bottom in a real kernel, in both languages."""

import nbformat
import pytest
from conftest import ROOT, ipc_kernel_manager
from nbclient import NotebookClient

from literasi.curriculum import load_curriculum

CURRICULUM = load_curriculum(ROOT / "curriculum.yml")
PAGES = [(lang, lesson.path, 2) for lesson in CURRICULUM.lessons() for lang in ("id", "en")]
PAGES += [(lang, page.path, 1) for page in CURRICULUM.gallery for lang in ("id", "en")]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "path", "widgets"), PAGES, ids=[f"{lang}/{path}" for lang, path, _ in PAGES])
def test_page_executes_without_error_and_shows_its_widgets(lang, path, widgets, tmp_path):
    notebook_path = ROOT / "lessons" / lang / path
    notebook = nbformat.read(notebook_path, as_version=4)
    with ipc_kernel_manager(tmp_path / "ipc") as manager:
        NotebookClient(notebook, km=manager, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook_path.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    widget_views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widget_views) >= widgets, "a lesson shows at least one tool to try and a quiz"
