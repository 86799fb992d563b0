"""Helpers that several test modules share (imported as ``from helpers import …``; pytest puts tests/ on the path).

Kept here, not in a test module, so no test module imports another.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.client
import http.cookiejar
import json
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from html import unescape
from pathlib import Path
from typing import TypeVar

import nbformat
import numpy as np
import yaml
import zxingcpp
from PIL import Image

from literasi.i18n import LANGS, strings
from literasi.widgets.problems import InputProblem

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "widgets" / "data"

Result = TypeVar("Result")


def assert_result_or_sentence(call: Callable[[], Result], lang: str) -> Result | None:
    """Whatever a learner typed either gives a result (returned) or an ``InputProblem`` (``None`` returned)
    whose message is a sentence: in ``lang``, and in every other language of the string table too."""
    try:
        return call()
    except InputProblem as problem:
        for language in dict.fromkeys([lang, *LANGS]):
            message = problem.message(language)
            assert message.strip() and message.endswith("."), (problem.key, language, message)
        return None


def assert_broken_data_reported(check_data: Callable[[Path], list[str]], folder: Path, files: Iterable[str],
                                file: str, breakage: Callable[[object], object], expected: str) -> None:
    """A data file broken by ``breakage`` is reported by name: ``files`` (a module's data files) are copied
    from widgets/data into ``folder``, ``file`` is parsed, changed in place by ``breakage`` and written back;
    ``check_data(folder)`` must then report the problem, and only problems that name ``file``; one of
    them says ``expected``."""
    for name in files:
        shutil.copy(DATA / name, folder / name)
    broken_data_copy(folder, file, breakage)
    problems = check_data(folder)
    assert problems and all(problem.startswith(f"widgets/data/{file}: ") for problem in problems), problems
    assert any(expected in problem for problem in problems), problems


def broken_data_copy(folder: Path, name: str, change: Callable[[dict], object]) -> Path:
    """``widgets/data/<name>`` copied into ``folder`` under the same name, with ``change(raw)`` applied to its
    parsed YAML first (``change`` edits ``raw`` in place); the copy's path."""
    raw = yaml.safe_load((DATA / name).read_text("utf-8"))
    change(raw)
    path = Path(folder) / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    return path


def run_apart(coroutine):
    """Run a coroutine on its own thread's event loop: a browser test earlier in this worker may have left
    Playwright's loop running on the main thread, where asyncio.run() refuses to start."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# ---------------------------------------------------------------- the string table

def t_pattern(key: str, lang: str, **params: object) -> re.Pattern:
    """A string-table sentence as a pattern: the placeholders given in ``params`` filled in, every other one
    matching any text. For a sentence whose other parameters (a rule's name, dates) a test does not rebuild; the
    whole sentence is still checked, not a phrase copied out of it. Tests assert what a learner sees through the
    table (``t(key, lang, …)`` or this), so a copy edit of the table does not break them."""
    template = strings(lang)[key]
    parts = re.split(r"\{(\w+)\}", template)  # text, name, text, name, …, text
    return re.compile("".join(re.escape(str(params[part])) if index % 2 and part in params
                              else ".+?" if index % 2 else re.escape(part)
                              for index, part in enumerate(parts)))


# ---------------------------------------------------------------- grading: one QRIS exercise, answered

# Answers to the QRIS exercise (m3-qris / m3-qris-en), by grade id: all right, and all wrong.
CORRECT = {
    "jawaban-biaya-mdr": "biaya_mdr = 840_000",
    "jawaban-diterima-bersih": "diterima_bersih = 119160000",
    "jawaban-mdr-paket-sari": "mdr_paket_sari = 0",
    "jawaban-jawaban-1": 'jawaban_1 = "b"',
    "jawaban-jawaban-2": 'jawaban_2 = " C "',
}
WRONG = {
    "jawaban-biaya-mdr": "biaya_mdr = 360_000",  # the micro-business rate
    "jawaban-diterima-bersih": "diterima_bersih = 120_000_000",
    "jawaban-mdr-paket-sari": "mdr_paket_sari = 105",
    "jawaban-jawaban-1": 'jawaban_1 = "a"',
    "jawaban-jawaban-2": 'jawaban_2 = "b"',
}
# The exercise's automatically graded points, and all its points (with the manually graded ones).
AUTO_POINTS, ALL_POINTS = 6, 8


def submit(course_root: Path, student: str, assignment: str, answers: dict[str, str]) -> None:
    """Put ``student``'s submission of the QRIS exercise into the course's submitted/ folder: the released
    notebook with ``answers`` (grade id -> cell source) written into its answer cells."""
    release = course_root / "release" / assignment / "latihan-qris.ipynb"
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    folder = course_root / "submitted" / student / assignment
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / "latihan-qris.ipynb")


# ---------------------------------------------------------------- HTTP: pages as a browser gets them

def fetch(url: str, redirect: bool = True) -> tuple[int, str, dict]:
    """``(status, body, headers)`` of a GET; with ``redirect=False`` a redirect is returned, not followed."""
    opener = urllib.request.build_opener() if redirect else urllib.request.build_opener(
        type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a, **k: None}))
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


def kernel_counts(base: str) -> dict:
    """The site's kernel counts (``/healthz/kernels``)."""
    return json.loads(fetch(f"{base}/healthz/kernels")[1])


def wait_for_kernel_counts(base: str, condition, seconds: float) -> dict:
    """Poll the site's kernel counts until ``condition(counts)`` holds (or ``seconds`` pass); the last counts."""
    deadline = time.monotonic() + seconds
    while True:
        counts = kernel_counts(base)
        if condition(counts) or time.monotonic() > deadline:
            return counts
        time.sleep(0.3)


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


# ---------------------------------------------------------------- instructor notes of the lessons

INSTRUCTOR_TAG = "instruktur"
LESSONS = Path(__file__).resolve().parent.parent / "lessons"
_MARKERS = re.compile(r"^\s*(#+|[-*]|\d+\.)\s+")


def lesson_pages() -> list[str]:
    """Every lesson page of the manifest, in both languages (``id/…ipynb``, ``en/…ipynb``)."""
    from literasi.curriculum import load_curriculum

    curriculum = load_curriculum(LESSONS.parent / "curriculum.yml")
    return [f"{lang}/{lesson.path}" for lesson in curriculum.lessons() for lang in ("id", "en")]


def instructor_phrases(page: str) -> list[str]:
    """Sentences of a lesson's instructor notes that appear nowhere else in it and that Markdown renders verbatim
    (no emphasis, code, links, quotes, ampersands or angle brackets), so finding one in a page's text means the
    notes were rendered there."""
    notebook = nbformat.read(LESSONS / page, as_version=4)
    notes = [cell.source for cell in notebook.cells if INSTRUCTOR_TAG in cell.metadata.get("tags", [])]
    rest = "\n".join(cell.source for cell in notebook.cells if INSTRUCTOR_TAG not in cell.metadata.get("tags", []))
    phrases = []
    for line in "\n".join(notes).splitlines():
        for sentence in re.split(r"(?<=[.?!])\s+", _MARKERS.sub("", line).strip()):
            sentence = sentence.strip().rstrip(".?!:")
            if len(sentence) >= 20 and not re.search(r"[*_`\[\]\"'“”‘’&<>\\]", sentence) and sentence not in rest:
                phrases.append(" ".join(sentence.split()))
    return phrases


# ---------------------------------------------------------------- QR codes, decoded as a phone would

def decode_matrix(matrix: np.ndarray) -> list[str]:
    """Text of the QR codes in a matrix of modules (True = dark), drawn 8 px per module."""
    image = np.where(np.kron(matrix, np.ones((8, 8))) > 0, 0, 255).astype(np.uint8)
    return [result.text for result in zxingcpp.read_barcodes(image)]


def decode_image(path) -> list[str]:
    """Text of the QR codes in an image file (a screenshot, a PDF page)."""
    return [result.text for result in zxingcpp.read_barcodes(Image.open(path).convert("L"))]


def svg_matrix(svg: str) -> np.ndarray:
    """The modules of segno's inline SVG: its dark path is moves (M/m) and horizontal runs (h)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r'<path[^>]*stroke="#000"[^>]*\sd="([^"]+)"|<path[^>]*\sd="([^"]+)"[^>]*stroke="#000"', svg)
    commands = re.findall(r"([MmHh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path.group(1) or path.group(2))
    matrix = np.zeros((size, size), dtype=bool)
    x = y = 0.0
    for command, first, second in commands:
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            run = int(float(first))
            matrix[int(y), int(x):int(x) + run] = True
            x += run
    return matrix


def terminal_matrix(text: str) -> np.ndarray:
    """The modules of segno's compact terminal QR: each character is two rows, light modules are drawn."""
    lines = [line for line in text.splitlines() if line]
    rows = []
    for line in lines:
        rows.append([char in " ▄" for char in line])  # top module dark
        rows.append([char in " ▀" for char in line])  # bottom module dark
    matrix = np.array(rows, dtype=bool)
    return matrix[:-1] if len(lines) * 2 == matrix.shape[0] and matrix.shape[0] > matrix.shape[1] else matrix


# ---------------------------------------------------------------- browser: waiting for the kernel, not for a time

# Runs in the page before its own scripts: wraps WebSocket so the page records every request it sends on a
# kernel's shell channel and crosses it off when the kernel reports itself idle for that request (ipykernel
# publishes "idle" on iopub after the request's outputs, and iopub arrives over the same websocket in order).
# Reads both the v1 binary protocol (jupyter_server's "v1.kernel.websocket.jupyter.org") and plain JSON frames.
_KERNEL_TRACKER = r"""
(() => {
  const state = window.__literasiKernel = {pending: new Set(), sockets: 0, idleFrames: 0};
  const decoder = new TextDecoder();
  const decode = (data) => {
    if (typeof data === "string") {
      const message = JSON.parse(data);
      return {channel: message.channel, header: message.header, parent: message.parent_header,
              content: () => message.content};
    }
    const view = ArrayBuffer.isView(data) ? new DataView(data.buffer, data.byteOffset, data.byteLength)
                                          : new DataView(data);
    const count = Number(view.getBigUint64(0, true));
    const offsets = Array.from({length: count}, (_, i) => Number(view.getBigUint64(8 * (i + 1), true)));
    const part = (k) => JSON.parse(decoder.decode(new Uint8Array(view.buffer, view.byteOffset + offsets[k],
                                                                 offsets[k + 1] - offsets[k])));
    const channel = decoder.decode(new Uint8Array(view.buffer, view.byteOffset + offsets[0], offsets[1] - offsets[0]));
    return {channel, header: part(1), parent: part(2), content: () => part(4)};
  };
  const Native = window.WebSocket;
  class Tracked extends Native {
    constructor(...args) {
      super(...args);
      state.sockets += 1;
      this.addEventListener("message", (event) => {
        if (!(typeof event.data === "string" || event.data instanceof ArrayBuffer)) return;
        const message = decode(event.data);
        if (message.channel === "iopub" && message.header.msg_type === "status" &&
            message.content().execution_state === "idle") {
          state.pending.delete(message.parent.msg_id);
        }
      });
    }
    send(data) {
      if (typeof data === "string" || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        const message = decode(data);
        if (message.channel === "shell") state.pending.add(message.header.msg_id);
      }
      return super.send(data);
    }
  }
  window.WebSocket = Tracked;
})();
"""

# True once the page has a kernel connection and every shell request it sent has been answered with "idle",
# in two animation frames running (so a widget update ipywidgets held back until the previous one was answered,
# which it sends while handling that "idle", counts as pending, and outputs received are drawn).
_KERNEL_IDLE = """() => {
  const state = window.__literasiKernel;
  state.idleFrames = state.sockets > 0 && state.pending.size === 0 ? state.idleFrames + 1 : 0;
  return state.idleFrames >= 2;
}"""


def track_kernel(page) -> None:
    """Make ``page`` record its kernel requests (call before ``page.goto``), for :func:`wait_for_kernel_idle`."""
    page.add_init_script(_KERNEL_TRACKER)


def wait_for_kernel_idle(page, timeout: float = 90_000) -> None:
    """Wait until the kernel has finished every request the page sent it (clicks, typed values) and the page has
    drawn what came back: the condition to wait for before reading what a learner now sees."""
    page.wait_for_function(_KERNEL_IDLE, polling="raf", timeout=timeout)


# ---------------------------------------------------------------- Kelas: a phone in the class, over HTTP

# What a phone types into the m3-qris form: all right (the Indonesian way), and all wrong.
KELAS_RIGHT = {"biaya_mdr": "Rp 840.000", "diterima_bersih": "119.160.000", "mdr_paket_sari": "0", "jawaban_1": "b",
               "jawaban_2": "c", "refleksi": "Saya bertanya ke kasir dan tidak membayar."}
KELAS_WRONG = {"biaya_mdr": "360.000", "diterima_bersih": "120.000.000", "mdr_paket_sari": "105", "jawaban_1": "a",
               "jawaban_2": "b"}


class KelasPhone:
    """One phone in a Kelas class, reduced to HTTP: keeps its cookies (the session, the XSRF token), joins,
    sends forms as the pages do, and waits for a grade by polling the status route as the page's script does."""

    def __init__(self, base: str, address: str | None = None):
        """``address``: the loopback address this phone connects from (``127.0.1.7``), as phones in a room each
        have their own; the default is the system's (127.0.0.1)."""
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies),
                    type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a, **k: None})]
        if address:
            connection = functools.partial(http.client.HTTPConnection, source_address=(address, 0))
            handlers.append(type("FromAddress", (urllib.request.HTTPHandler,),
                                 {"http_open": lambda handler, request: handler.do_open(connection, request)})())
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path: str, data: dict | bytes | None = None, headers: dict | None = None,
                xsrf: bool = True) -> tuple[int, str, dict]:
        """``(status, body, headers)``; ``data`` (a dict) is sent as a form with the XSRF token, as a page does."""
        body = None
        if isinstance(data, dict):
            token = self.xsrf() if xsrf else ""
            body = urllib.parse.urlencode({**data, **({"_xsrf": token} if xsrf else {})}).encode()
        elif isinstance(data, bytes):
            body = data
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)

    def xsrf(self) -> str:
        token = next((cookie.value for cookie in self.cookies if cookie.name == "_xsrf"), None)
        if token is None:
            self.request("/kelas")
            token = next(cookie.value for cookie in self.cookies if cookie.name == "_xsrf")
        return token

    def join(self, code: str, name: str) -> tuple[int, str]:
        """Masuk kelas: the code, then the typed name; ``(status, page)`` of the last step."""
        status, page, _ = self.request("/kelas/masuk", {"kode": code})
        if status != 200:
            return status, page
        status, page, headers = self.request("/kelas/masuk", {"kode": code, "nama": name})
        return status, page if status != 303 else self.request(headers["Location"])[1]

    def send(self, assignment: str, answers: dict) -> tuple[int, str, str]:
        """Kirim: ``(status, page or "", the attempt's path)``."""
        status, page, headers = self.request(f"/kelas/latihan/{assignment}", answers)
        return status, page, headers.get("Location", "").split("?")[0]

    def wait_graded(self, attempt_path: str, seconds: float = 300) -> str:
        """Poll the attempt's status as its page does until it is graded; the attempt's page then."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status, body, _ = self.request(f"{attempt_path}/status")
            assert status == 200, (status, body[:200])
            if json.loads(body)["graded"]:
                return self.request(attempt_path)[1]
            time.sleep(0.5)
        raise AssertionError(f"{attempt_path} not graded within {seconds} s")


def in_a_thread_of_its_own(function) -> None:
    """Run ``function`` where no event loop runs (this test process may have one running in its main thread, e.g.
    Playwright's); re-raise what it raised."""
    import threading

    errors = []

    def run() -> None:
        try:
            function()
        except BaseException as error:  # noqa: BLE001 — handed back to the test
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive()
    if errors:
        raise errors[0]
