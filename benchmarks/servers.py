"""Start, watch and stop the two servers the site benchmarks compare (loopback only).

- ``stock``: ``voila <lesson> --no-browser --port P`` from the same venv, Voila's default (lab) template.
- ``literasi``: ``literasi serve --port P`` (the public site as shipped, with its own defaults and whatever
  ``LITERASI_*`` settings are in the environment: learner kernels forked from the zygote).
- ``literasi-nozygote``: the same with ``--no-zygote`` (every kernel a new Python process).

With ``next_lesson``, stock Voila serves the lesson's folder instead of the one notebook, so a learner can move
on to the next lesson (``Server.next_url``).

Both run the same lesson with ``LITERASI_ROOT`` set, so the lesson finds its data. Each server is started in
its own session; on exit the server gets SIGTERM (Voila then shuts its kernels down) and anything of its
process tree still alive after a grace period gets SIGKILL. Only processes this module started are touched.
"""

from __future__ import annotations

import math
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from literasi.site.urls import lesson_page_url

ROOT = Path(__file__).resolve().parent.parent
LESSON = "03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb"


def _next_lesson(path: str) -> str:
    """What the lesson page's "next lesson" link opens: the lesson after ``path`` in the manifest's order."""
    from literasi.curriculum import load_curriculum

    lessons = load_curriculum(root=ROOT).lessons()
    return next(after.path for before, after in zip(lessons, lessons[1:], strict=False) if before.path == path)


NEXT_LESSON = _next_lesson(LESSON)
LESSON_LANG = "id"
KINDS = ("stock", "literasi", "literasi-nozygote")
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
# What a kernel's command line looks like (ipykernel started by jupyter_client), or its name when forked from
# Literasi's zygote (literasi/site/zygote.py).
KERNEL_MARK = "ipykernel"
FORKED_KERNEL_NAME = "literasi-kernel"


def is_kernel(process: psutil.Process) -> bool:
    return process.name() == FORKED_KERNEL_NAME or any(KERNEL_MARK in part for part in process.cmdline())
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KERNEL_ID_PATTERNS = (
    re.compile(rf'"kernelId"\s*:\s*"({UUID})"'),  # Voila's jupyter-config-data
    re.compile(rf'data-kernel-id\s*=\s*["\']({UUID})', re.I),
    re.compile(rf'kernel[_-]?id["\']?\s*[:=]\s*["\']({UUID})', re.I),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def kernel_id_from_page(html: str) -> str | None:
    for pattern in KERNEL_ID_PATTERNS:
        found = pattern.search(html)
        if found:
            return found.group(1)
    return None


@dataclass
class TreeStats:
    kernels: int
    rss_mb: float
    pss_mb: float | None = None  # proportional set size: shared pages split between processes (Linux only)


@dataclass
class Server:
    """One running server; use as a context manager (``with start("stock") as server:``)."""

    kind: str
    port: int
    process: subprocess.Popen
    log_path: Path
    seen: set[int] = field(default_factory=set)
    folder: bool = False  # stock Voila serving the lesson's folder (next_lesson)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def lesson_url(self) -> str:
        return self.url_of(LESSON)

    @property
    def next_url(self) -> str:
        return self.url_of(NEXT_LESSON)

    def url_of(self, lesson: str) -> str:
        if self.kind == "stock":
            return f"{self.base}/voila/render/{Path(lesson).name}" if self.folder else f"{self.base}/"
        return self.base + lesson_page_url(LESSON_LANG, lesson)

    @property
    def landing_url(self) -> str | None:
        return None if self.kind == "stock" else f"{self.base}/"

    @property
    def ws_base(self) -> str:
        return f"ws://{HOST}:{self.port}"

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def tree(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.process.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []
        self.seen.update(p.pid for p in processes)
        return processes

    def kernel_processes(self) -> list[psutil.Process]:
        kernels = []
        for process in self.tree()[1:]:
            try:
                if is_kernel(process):
                    kernels.append(process)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return kernels

    def kernel_pss_mb(self) -> float | None:
        """The mean PSS of the kernels alive (MB): what one more learner costs, shared pages split fairly."""
        values = []
        for process in self.kernel_processes():
            try:
                values.append(getattr(process.memory_full_info(), "pss", 0) / 2**20)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return sum(values) / len(values) if values else None

    def stats(self, pss: bool = False) -> TreeStats:
        """Kernels alive and memory of server + kernels. RSS counts shared pages once per process, so its sum
        overstates; ``pss=True`` also sums PSS (slower: reads every process's smaps)."""
        rss, proportional = 0, 0
        for process in self.tree():
            try:
                rss += process.memory_info().rss
                if pss:
                    proportional += getattr(process.memory_full_info(), "pss", 0)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return TreeStats(kernels=len(self.kernel_processes()), rss_mb=rss / 2**20,
                         pss_mb=proportional / 2**20 if pss and proportional else None)

    def busy(self, interval: float = 0.5, samples: int = 5) -> tuple[float, bool]:
        """CPU used by the server and its kernels over ``interval`` seconds (100 = one full core), and whether
        any of them was seen runnable (state R) meanwhile: on a crowded machine a busy process may get little
        CPU, but it still shows up as runnable."""
        processes = self.tree()
        for process in processes:
            try:
                process.cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        runnable = False
        for _ in range(samples):
            time.sleep(interval / samples)
            for process in processes:
                try:
                    runnable = runnable or process.status() == psutil.STATUS_RUNNING
                except psutil.NoSuchProcess:
                    pass
        total = 0.0
        for process in processes:
            try:
                total += process.cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        return total, runnable

    def pool_refilling(self) -> bool:
        """True while Voila's log says the lesson's warm pool was drawn from and not yet refilled: the last
        ``Using pre-heated kernel … for <lesson>`` comes after the last ``Kernel pool of <lesson> is filled``,
        or the server preheats (some pool was filled) but the lesson's pool has not been filled yet. Always
        False for a server that logs no pools (stock Voila, or warm kernels switched off)."""
        try:
            text = self.log_path.read_text("utf-8", "replace")
        except OSError:
            return False
        lesson = f"{LESSON_LANG}/{LESSON}"
        filled = used = -1
        for number, line in enumerate(text.splitlines()):
            if f"Kernel pool of {lesson} is filled" in line:
                filled = number
            elif "Using pre-heated kernel: " in line and line.endswith(f" for {lesson}"):
                used = number
        if filled < 0:
            return "Kernel pool of " in text
        return used > filled

    def wait_quiet(self, below: float = 10.0, hold: float = 1.5, timeout: float = 120.0) -> float:
        """Wait until the lesson's warm pool (if the server keeps one) is full again according to the server's
        log, and the server's whole process tree (server + kernels) has used < ``below`` % of one core for
        ``hold`` seconds in a row, none of its processes runnable: preheated kernels have started and run their
        lesson, nothing is rendering.
        Returns the seconds waited (``timeout`` when it never settled)."""
        started = time.monotonic()
        calm_since = None
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} server exited:\n{self.log_tail()}")
            cpu, runnable = self.busy(0.5)
            now = time.monotonic()
            if cpu < below and not runnable and not self.pool_refilling():
                calm_since = calm_since or now
                if now - calm_since >= hold:
                    return now - started
            else:
                calm_since = None
        return timeout

    def stop(self, grace: float = 10.0) -> None:
        self.tree()  # remember the current kernels too
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        deadline = time.monotonic() + 5
        for pid in sorted(self.seen - {self.process.pid}):
            try:
                process = psutil.Process(pid)
                if not is_kernel(process):
                    continue  # a recycled pid is not ours
                process.terminate()
                process.wait(max(0.1, deadline - time.monotonic()))
            except psutil.TimeoutExpired:
                process.kill()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def command(kind: str, port: int, folder: bool = False) -> list[str]:
    if kind == "stock":
        served = ROOT / "lessons" / LESSON_LANG / (Path(LESSON).parent if folder else LESSON)
        return [str(BIN / "voila"), str(served), "--no-browser",
                f"--port={port}", f"--Voila.ip={HOST}", "--Voila.port_retries=0"]
    if kind == "literasi":
        return [str(BIN / "literasi"), "serve", "--port", str(port), "--ip", HOST]
    if kind == "literasi-nozygote":
        return [*command("literasi", port), "--no-zygote"]
    raise ValueError(kind)


def start(kind: str, ready_timeout: float = 90.0, log_dir: Path | None = None, next_lesson: bool = False) -> Server:
    """Start a server and wait until it answers HTTP (its lesson page is not requested: that would use up a
    preheated kernel)."""
    port = free_port()
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="literasi-bench-"))
    log_path = log_dir / f"{kind}-{port}.log"
    env = {**os.environ, "LITERASI_ROOT": str(ROOT), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONUNBUFFERED": "1"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command(kind, port, folder=next_lesson), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(kind, port, process, log_path, folder=next_lesson)
    probe = f"{server.base}/healthz" if kind.startswith("literasi") else f"{server.base}/voila/static/voila.js"
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{kind} server exited with {process.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(probe, timeout=2).status_code < 500:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{kind} server did not answer within {ready_timeout:.0f} s:\n{server.log_tail()}")


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def machine_load() -> str:
    """The 1/5/15-minute load averages and core count, printed with results: on a shared machine they say
    how much the figures can be trusted."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f}/{five:.1f}/{fifteen:.1f} on {os.cpu_count()} cores"
