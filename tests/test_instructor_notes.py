"""Instructor notes (cells tagged ``instruktur``): one mechanism, two audiences.

A learner's page of the public site never shows them (every lesson, both languages, checked by the notes'
own sentences); JupyterLab shows them (the tag hides nothing there). The presentation view shows them too:
tests/test_present.py.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import re
import secrets
import sys
import urllib.error
import urllib.request
from html import unescape

import nbformat
import pytest
from conftest import OUTPUT, ROOT, copy_project, free_port, running_server
from playwright.sync_api import expect

TAG = "instruktur"
LESSONS = ROOT / "lessons"


def _lesson_pages() -> list[str]:
    from literasi.curriculum import load_curriculum

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    return [f"{lang}/{lesson.path}" for lesson in curriculum.lessons() for lang in ("id", "en")]


LESSON_PAGES = _lesson_pages()


MARKERS = re.compile(r"^\s*(#+|[-*]|\d+\.)\s+")


def instructor_phrases(page: str) -> list[str]:
    """Sentences of a lesson's instructor notes that appear nowhere else in it and that Markdown renders verbatim
    (no emphasis, code, links, quotes, ampersands or angle brackets), so finding one in a page's text means the
    notes were rendered there."""
    notebook = nbformat.read(LESSONS / page, as_version=4)
    notes = [cell.source for cell in notebook.cells if TAG in cell.metadata.get("tags", [])]
    rest = "\n".join(cell.source for cell in notebook.cells if TAG not in cell.metadata.get("tags", []))
    phrases = []
    for line in "\n".join(notes).splitlines():
        for sentence in re.split(r"(?<=[.?!])\s+", MARKERS.sub("", line).strip()):
            sentence = sentence.strip().rstrip(".?!:")
            if len(sentence) >= 20 and not re.search(r"[*_`\[\]\"'“”‘’&<>\\]", sentence) and sentence not in rest:
                phrases.append(" ".join(sentence.split()))
    return phrases


def render(base: str, page: str, query: str = "") -> tuple[int, str]:
    """A Voila page as a browser gets it; then its kernel is shut down as the browser does when the tab closes
    (so rendering every lesson does not hold one kernel per lesson until the idle culler runs)."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    try:
        with opener.open(f"{base}/voila/render/{page}{query}", timeout=120) as response:
            status, html = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
    xsrf = next((cookie.value for cookie in cookies if cookie.name == "_xsrf"), None)
    if kernel and xsrf:
        request = urllib.request.Request(f"{base}/voila/api/shutdown/{kernel.group(1)}", data=b"", method="POST",
                                         headers={"X-XSRFToken": xsrf})
        with contextlib.suppress(OSError):
            opener.open(request, timeout=30).close()
    return status, html


def page_text(html: str) -> str:
    """What a reader sees of a page (tags dropped, entities decoded, spaces collapsed), scripts included."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


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
    assert "Untuk instruktur" not in html and "For instructors" not in html


@pytest.mark.slow
@pytest.mark.parametrize("template", ["literasi-presentasi", "lab"])
def test_a_learner_cannot_ask_the_public_site_for_a_template_that_shows_the_notes(site, template):
    """The presentation template is installed next to the learners' one; the public site ignores ?template=."""
    page = "id/03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb"
    status, html = render(site, page, f"?template={template}")
    assert status in (200, 400, 403, 404)
    assert not [phrase for phrase in instructor_phrases(page) if phrase in page_text(html)]
    assert "literasi-instruktur" not in html and "Untuk instruktur" not in html


@pytest.mark.parametrize("page", LESSON_PAGES)
def test_the_tag_hides_nothing_in_jupyterlab(page):
    """JupyterLab hides a cell only through these metadata fields; the notes use none of them."""
    notebook = nbformat.read(LESSONS / page, as_version=4)
    notes = [cell for cell in notebook.cells if TAG in cell.metadata.get("tags", [])]
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

