"""Shared fixtures: the project root, a running public site, where tests leave their artefacts."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = Path(os.environ.get("LITERASI_TEST_OUTPUT", ROOT / "test-results"))
LESSON_PATH = "03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def literasi_command() -> list[str]:
    """The installed console script when present (what users run), else the module."""
    script = Path(sys.executable).parent / "literasi"
    return [str(script)] if script.exists() else [sys.executable, "-m", "literasi.cli"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the content (manifest, lessons, exercises) that a test may break."""
    return copy_project(tmp_path / "project")


def copy_project(target: Path, only_exercise: str | None = None) -> Path:
    """A copy of the content (manifest, lessons, exercises) under ``target``; with ``only_exercise``, the
    manifest keeps that one exercise, so tests of class outputs do not change as exercises are added."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "curriculum.yml", target)
    for folder in ("lessons", "exercises", "facts"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if only_exercise:
        import yaml

        manifest = yaml.safe_load((target / "curriculum.yml").read_text("utf-8"))
        for module in manifest["modules"]:
            module["exercises"] = [e for e in module.get("exercises", []) if e["id"] == only_exercise]
        (target / "curriculum.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), "utf-8")
    return target


@pytest.fixture(scope="session")
def released_course(tmp_path_factory):
    """A course (``literasi course init``) of every exercise, released; tests read ``release/`` and add submissions
    under student ids of their own only (one per xdist worker that needs it)."""
    from literasi.grading import init_course

    return init_course(tmp_path_factory.mktemp("kursus") / "kelas", root=ROOT)


@pytest.fixture(scope="session")
def kelas_course(released_course, tmp_path_factory) -> Path:
    """A copy of the released course (no submissions) for a Kelas server of this test worker."""
    target = tmp_path_factory.mktemp("kelas-site") / "kursus"
    shutil.copytree(released_course.root, target, ignore=shutil.ignore_patterns(
        "submitted", "autograded", "feedback", "kelas.db*", ".kelas-secret"))
    return target


@contextlib.contextmanager
def running_kelas(course: Path, *options: str, name: str = "kelas-server"):
    """``literasi kelas start COURSE`` announced at 127.0.0.1 on a free port; yields ``(base URL, process, log)``."""
    with running_literasi("kelas", "start", str(course), "--ip", "127.0.0.1", *options, name=name) as running:
        yield running


KELAS_CODE = "QRIS24"


@pytest.fixture(scope="session")
def kelas_site(kelas_course) -> str:
    """A Kelas server (class code ``KELAS_CODE``, walk-ins allowed, every released exercise open); its base URL."""
    with running_kelas(kelas_course, "--code", KELAS_CODE) as (base, _, _):
        yield base


@pytest.fixture(scope="module")
def qris_project(tmp_path_factory) -> Path:
    """The project with the QRIS exercise (m3-qris) as the course's only exercise."""
    return copy_project(tmp_path_factory.mktemp("proyek") / "literasi", only_exercise="m3-qris")


@pytest.fixture
def without_dejavu(monkeypatch, tmp_path):
    """A machine without fonts-dejavu-core: every PDF (handout, day plan, certificate) sets its fonts up in
    literasi.print.fonts, so one missing file sends them all to Helvetica with Latin-1 text."""
    from literasi.print import fonts

    monkeypatch.setattr(fonts, "FONT_REGULAR", tmp_path / "missing.ttf")


def server_log(name: str) -> Path:
    """Where a test server started by this test process writes (one file per xdist worker)."""
    return OUTPUT / f"{name}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"


@contextlib.contextmanager
def running_server(command: list[str], ready_url: str, name: str, ready=lambda body: body == b"ok",
                   env: dict | None = None, cwd: Path = ROOT):
    """Start ``command`` in ``cwd`` as a subprocess, its environment this one's with ``env`` on top, and wait (up
    to 90 s) until ``ready(body of ready_url)``; yields the process, and stops it afterwards. Its output goes to
    ``server_log(name)``."""
    log = server_log(name)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=cwd, stdout=log_file, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as response:
                    if ready(response.read()):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"{' '.join(command[:4])} did not start; see {log}")
            time.sleep(0.2)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def running_literasi(*arguments: str, name: str, env: dict | None = None, cwd: Path = ROOT):
    """A ``literasi`` server command (``serve …``, ``present …``) on a free loopback port, run in ``cwd`` with
    ``env`` added to the environment; yields ``(base URL, process, log path)`` once it answers /healthz."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running_server([*literasi_command(), *arguments, "--port", str(port)], f"{base}/healthz", name, env=env,
                        cwd=cwd) as process:
        yield base, process, server_log(name)


@contextlib.contextmanager
def running_site(*options: str, name: str = "site-server"):
    """``literasi serve`` with ``options``; yields its base URL once it answers."""
    with running_literasi("serve", *options, name=name) as (base, _, _):
        yield base


SHARED_SITE_MAX_KERNELS = 200  # the learner-kernel cap of the shared test site (see site())


@pytest.fixture(scope="session")
def site() -> str:
    """The public site as ``literasi serve`` runs it by default, on a free loopback port; yields its base URL.

    Only the learner-kernel cap is raised: tests on this one server render every lesson page in both languages
    (more pages than the default cap of 40), and a page's kernel is counted until the server has shut it; the cap
    itself is tested on a server of its own (test_site_server's small site)."""
    with running_site("--max-kernels", str(SHARED_SITE_MAX_KERNELS)) as base:
        yield base


KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


class Visitor:
    """A learner's browser reduced to HTTP: keeps its cookies, opens pages, and leaves a lesson the way the
    lesson page does (shutting its kernel with the XSRF token from its cookie)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def leave(self, html: bytes | str) -> int:
        """Shut the kernel of a lesson page this visitor opened; returns the HTTP status."""
        text = html.decode("utf-8") if isinstance(html, bytes) else html
        kernel_id = KERNEL_ID.search(text).group(1)
        xsrf = next(cookie.value for cookie in self.cookies if cookie.name == "_xsrf")
        request = urllib.request.Request(f"{self.base}/api/kernels/{kernel_id}", method="DELETE",
                                         headers={"X-XSRFToken": xsrf})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


# Browser tests: Debian's chromium driven by Playwright (no browser download), phone-sized by default.
CHROMIUM = os.environ.get("LITERASI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _recorded_page(browser, request, **context_options):
    """A page that records the hosts it contacts in ``page.hosts``; its screenshot is kept in test-results/browser/."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(60_000)
    hosts = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname) if r.url.startswith("http") else None)
    page.hosts = hosts
    yield page
    folder = OUTPUT / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone(browser, request):
    """A phone-sized page (390×844, touch)."""
    yield from _recorded_page(browser, request, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)


@pytest.fixture
def desktop(browser, request):
    """A desktop-sized page (1280×800)."""
    yield from _recorded_page(browser, request, viewport=DESKTOP)


def answer_right(card) -> None:
    """Give a quiz card its right answer through its input widgets, whatever the question type."""
    q = card.question
    if q.type in ("single", "scenario"):
        card.answer_input.value = next(iter(q.correct_ids))
    elif q.type == "true_false":
        card.answer_input.value = q.answer
    elif q.type == "multiple":
        for option in q.options:
            card.answer.boxes[option.id].value = option.correct
    elif q.type == "matching":
        for pair in q.pairs:
            card.answer.dropdowns[pair.id].value = pair.id
    else:
        card.answer.box.value = str(q.answer)


@contextlib.contextmanager
def ipc_kernel_manager(folder: Path):
    """A kernel manager on Unix sockets in ``folder``: two test workers starting kernels at the same moment never
    race for a TCP port (a kernel that loses that race dies before answering kernel_info), as the site's own
    kernels do not. Its kernel is shut down on the way out: nbclient leaves a kernel it was given running (one
    kernel left per executed lesson filled the test worker with processes and open files)."""
    from jupyter_client.manager import KernelManager

    folder.mkdir(parents=True, exist_ok=True)
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "kernel"))
    try:
        yield manager
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
