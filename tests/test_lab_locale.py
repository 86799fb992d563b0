"""``literasi lab``: the instructor's JupyterLab opens in Indonesian on the project, with "Mulai di sini",
without changing the user's own JupyterLab settings."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from conftest import OUTPUT, ROOT, free_port, literasi_command, server_log

from literasi.lab import START_NOTEBOOKS, TRANSLATION_SETTINGS, lab_command, prepare_settings

INSTRUCTOR_NOTEBOOKS = [ROOT / "instruktur" / "Mulai-di-sini.ipynb", ROOT / "instruktur" / "Start-here.ipynb"]


def test_language_is_written_to_literasi_own_settings_folder(tmp_path):
    user_settings = prepare_settings(tmp_path, "id")
    assert json.loads((user_settings / TRANSLATION_SETTINGS).read_text())["locale"] == "id_ID"
    prepare_settings(tmp_path, "en")  # the language of the last start wins, even after a change in the menu
    assert json.loads((user_settings / TRANSLATION_SETTINGS).read_text())["locale"] == "en"


def test_lab_command_serves_the_project_on_loopback_and_opens_the_start_notebook(tmp_path):
    command = lab_command(ROOT, 8899, "id", tmp_path, open_browser=False)
    assert f"--ServerApp.root_dir={ROOT}" in command and "--ServerApp.ip=127.0.0.1" in command
    assert "--LabApp.default_url=/lab/tree/instruktur/Mulai-di-sini.ipynb" in command
    settings = [part for part in command if part.startswith(("--LabApp.user_settings_dir", "--LabApp.workspaces_dir"))]
    assert len(settings) == 2 and all(str(tmp_path) in part for part in settings)
    english = lab_command(ROOT, 8899, "en", tmp_path, open_browser=False)
    assert "--LabApp.default_url=/lab/tree/instruktur/Start-here.ipynb" in english


@pytest.mark.parametrize("path", INSTRUCTOR_NOTEBOOKS, ids=lambda p: p.name)
def test_instructor_notebooks_are_stripped_and_show_every_classroom_command(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert path.relative_to(ROOT).as_posix() in START_NOTEBOOKS.values()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
            assert len(cell.source.strip().splitlines()) == 1
    text = "\n".join(cell.source for cell in notebook.cells)
    for command in ("literasi present", "literasi serve --room", "literasi handout", "literasi dayplan",
                    "literasi course init", "literasi grade", "literasi certificates"):
        assert command in text, command


@pytest.mark.browser
@pytest.mark.slow
def test_lab_opens_in_indonesian_with_the_start_notebook(browser, tmp_path):
    port = free_port()
    home = tmp_path / "home"  # the user's own ~/.jupyter lives here during the test
    home.mkdir()
    log_path = server_log("lab-server")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share")}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env.pop(name, None)
    with log_path.open("wb") as log:
        process = subprocess.Popen([*literasi_command(), "lab", "--port", str(port), "--no-browser"], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    context = None
    try:
        token = _wait_for_token(process, log_path, port)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(f"http://127.0.0.1:{port}/?token={token}")
        page.wait_for_url(re.compile(r"/lab/tree/instruktur/Mulai-di-sini\.ipynb"))
        # The start notebook is open and rendered...
        page.get_by_role("heading", name=re.compile("Mulai di sini")).first.wait_for()
        # ...listed in the file browser, which shows its folder...
        listing = page.locator(".jp-DirListing-content")
        listing.get_by_text("Mulai-di-sini.ipynb", exact=True).wait_for()
        # ...and JupyterLab speaks Indonesian: the file browser's column and buttons are translated.
        header = page.locator(".jp-DirListing-headerItem.jp-id-name")
        assert header.inner_text().strip().startswith("Nama")
        assert page.locator("[title='Unggah Berkas']").count() >= 1
        assert page.locator("[title='Upload Files']").count() == 0
        page.screenshot(path=str(OUTPUT / "browser" / "lab-indonesian.png"))
    finally:
        if context is not None:
            context.close()
        _stop(process)
    # Literasi's own settings folder holds the language; the user's ~/.jupyter settings were not touched.
    ours = home / ".local" / "share" / "literasi" / "lab" / "user-settings" / TRANSLATION_SETTINGS
    assert json.loads(ours.read_text())["locale"] == "id_ID"
    assert not (home / ".jupyter" / "lab" / "user-settings" / TRANSLATION_SETTINGS).exists()


def _wait_for_token(process: subprocess.Popen, log_path: Path, port: int, timeout: float = 180) -> str:
    """The token JupyterLab prints in its address once it listens."""
    deadline = time.monotonic() + timeout
    pattern = re.compile(rf"http://127\.0\.0\.1:{port}/\S*\?token=([0-9a-f]+)")
    while time.monotonic() < deadline:
        match = pattern.search(log_path.read_text("utf-8", "replace"))
        if match:
            return match.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"literasi lab did not start; see {log_path}:\n{log_path.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    """JupyterLab and its kernels run in their own process group: end the whole group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # any kernel left behind
    except ProcessLookupError:
        pass
