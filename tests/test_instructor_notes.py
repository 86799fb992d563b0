"""Instructor notes (cells tagged ``instruktur``): one mechanism, two audiences.

A learner's page of the public site never shows them (every lesson, both languages, checked by the notes'
own sentences); JupyterLab shows them (the tag hides nothing there). The presentation view shows them too:
tests/test_present.py.
"""

from __future__ import annotations

import json
import secrets
import sys

import nbformat
import pytest
from conftest import OUTPUT, copy_project, free_port, running_server
from helpers import INSTRUCTOR_TAG, LESSONS, instructor_phrases, lesson_pages, page_text, render
from playwright.sync_api import expect

from literasi.i18n import LANGS, t

LESSON_PAGES = lesson_pages()


@pytest.mark.parametrize("page", LESSON_PAGES)
def test_every_lesson_has_instructor_notes_to_look_for(page):
    phrases = instructor_phrases(page)
    assert len(phrases) >= 3, f"{page}: too few distinctive sentences in its instructor notes: {phrases}"


@pytest.mark.slow
@pytest.mark.parametrize("page", LESSON_PAGES)
def test_learner_page_never_shows_instructor_notes(site, page):
    status, html = render(site, page)
    assert status == 200
    assert "Traceback" not in html
    text = page_text(html)
    leaked = [phrase for phrase in instructor_phrases(page) if phrase in text or phrase in html]
    assert not leaked, f"{page} shows instructor notes to learners: {leaked[:3]}"
    assert not [lang for lang in LANGS if t("ruang.instructor_badge", lang) in html]


@pytest.mark.slow
@pytest.mark.parametrize("template", ["literasi-presentasi", "lab"])
def test_a_learner_cannot_ask_the_public_site_for_a_template_that_shows_the_notes(site, template):
    """The presentation template is installed next to the learners' one; the public site ignores ?template=."""
    page = "id/03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb"
    status, html = render(site, page, f"?template={template}")
    assert status in (200, 400, 403, 404)
    assert not [phrase for phrase in instructor_phrases(page) if phrase in page_text(html)]
    assert "literasi-instruktur" not in html and t("ruang.instructor_badge", "id") not in html


@pytest.mark.parametrize("page", LESSON_PAGES)
def test_the_tag_hides_nothing_in_jupyterlab(page):
    """JupyterLab hides a cell only through these metadata fields; the notes use none of them."""
    notebook = nbformat.read(LESSONS / page, as_version=4)
    notes = [cell for cell in notebook.cells if INSTRUCTOR_TAG in cell.metadata.get("tags", [])]
    assert notes
    for cell in notes:
        jupyter = cell.metadata.get("jupyter", {})
        assert not jupyter.get("source_hidden") and not jupyter.get("outputs_hidden")
        assert not cell.metadata.get("collapsed") and not cell.metadata.get("heading_collapsed")
        hiding = {"hide", "hide-cell", "hide-input", "remove-cell", "remove_cell"}
        assert not hiding & set(cell.metadata.get("tags", []))


LAB_PAGE = "id/03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a copy of the lessons (it may save what it opens), on a free loopback port with a random
    token, its settings in a temp folder."""
    home = tmp_path_factory.mktemp("lab")
    project = copy_project(home / "project")
    port, token = free_port(), secrets.token_hex(16)
    env = {"JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "LITERASI_ROOT": str(project)}
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--notebook-dir={project / 'lessons'}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    with running_server(command, f"{base}/api/status?token={token}", "jupyterlab-server", env=env,
                        ready=lambda body: json.loads(body).get("started")):
        yield base, token


@pytest.mark.slow
@pytest.mark.browser
def test_instructor_notes_show_in_jupyterlab(lab, browser, request):
    base, token = lab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{base}/lab/tree/{LAB_PAGE}?token={token}")
        heading = page.locator(".jp-MarkdownOutput h2", has_text="Untuk instruktur")
        heading.scroll_into_view_if_needed()
        expect(heading).to_be_visible()
        phrase = instructor_phrases(LAB_PAGE)[-1]
        note = page.locator(".jp-MarkdownOutput", has_text="Untuk instruktur")
        expect(note).to_contain_text(phrase)
    finally:
        folder = OUTPUT / "browser"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{request.node.name}.png"))
        context.close()

