"""Benchmark: the instructor's live progress page with a full room.

    .venv/bin/python benchmarks/kelas_progress.py [--learners 40] [--requests 60]

Builds a real course (every exercise released) and a class store of N learners, each with a result for every
lesson quiz and two graded attempts at every exercise, then serves the site with the instructor routes on a free
loopback port and measures: building the table in-process (``progress_table``), the JSON route the page polls
every 3 s (p50/p95 over HTTP, from the laptop), its size, the CSV route, and the server's resident memory.
There is no stock tool to compare with: without Kelas the trainer sees progress only after collecting notebooks
(flash drive, ``literasi course collect``) and running ``literasi grade`` and ``literasi report``; the figure to
compare is the polling interval (3 s): a poll must take a small fraction of it. Loopback only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = """
import sys
from pathlib import Path
from literasi.kelas.forms import course_forms
from literasi.kelas.store import ClassStore
from literasi.site.app import serve
from literasi.site.kelas import KelasContext
from literasi.site.kelas.instructor import instructor_routes
root = Path(sys.argv[1])
ctx = KelasContext(course_root=root, store=ClassStore.of_course(root), code="RUANG1", forms=course_forms(root),
                   instructor_token="bench")
serve(extra_routes=instructor_routes(ctx), port=int(sys.argv[2]), warm=0, zygote=False, max_kernels=4)
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    import psutil

    from literasi.curriculum import load_curriculum
    from literasi.grading import init_course
    from literasi.kelas.forms import course_forms
    from literasi.kelas.progress import progress_table
    from literasi.kelas.store import ClassStore

    work = Path(tempfile.mkdtemp(prefix="kelas-progress-"))
    course = init_course(work / "kursus", root=ROOT).root
    curriculum = load_curriculum(root=ROOT)
    forms = course_forms(course)
    store = ClassStore.of_course(course)
    store.create_class("RUANG1")
    started = time.perf_counter()
    for number in range(args.learners):
        learner = store.add_learner("RUANG1", f"Peserta {number + 1}")
        for lesson in curriculum.lessons():
            store.record_quiz(learner["id"], lesson.id, number % 6, 5)
        for assignment in (name for name in forms if not name.endswith("-en")):
            for attempt in range(2):
                attempt_id = store.record_attempt(learner["id"], assignment, {"x": attempt})
                store.record_grade(attempt_id, (number + attempt) % 9, 8)
    filled = time.perf_counter() - started

    timings = []
    for _ in range(20):
        begin = time.perf_counter()
        table = progress_table(store, "RUANG1", curriculum, forms)
        timings.append(time.perf_counter() - begin)

    port = 20000 + os.getpid() % 20000
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(course), str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        polls, size = [], 0
        for _ in range(args.requests):
            begin = time.perf_counter()
            request = urllib.request.Request(f"{base}/kelas/instruktur/kemajuan.json",
                                             headers={"Accept-Encoding": "gzip"})  # as the browser asks
            with urllib.request.urlopen(request, timeout=60) as response:
                body = response.read()
                encoding = response.headers.get("Content-Encoding", "")
            polls.append(time.perf_counter() - begin)
            size = len(body)
        plain = gzip.decompress(body) if encoding == "gzip" else body
        json.loads(plain)
        begin = time.perf_counter()
        with urllib.request.urlopen(f"{base}/kelas/instruktur/kemajuan.csv", timeout=60) as response:
            csv_bytes = len(response.read())
        csv_time = time.perf_counter() - begin
        rss = psutil.Process(server.pid).memory_info().rss
    finally:
        server.terminate()
        server.wait(timeout=30)

    columns = len(table["columns"])
    print(f"class store: {args.learners} learners, {columns} columns, filled in {filled:.1f} s (on {os.cpu_count()} cores)")
    print(f"progress_table in-process: p50 {statistics.median(timings) * 1000:.0f} ms, "
          f"p95 {percentile(timings, 0.95) * 1000:.0f} ms")
    print(f"GET kemajuan.json ({len(plain) / 1024:.0f} KiB, {size / 1024:.0f} KiB sent {encoding or 'plain'}): p50 "
          f"{statistics.median(polls) * 1000:.0f} ms, p95 {percentile(polls, 0.95) * 1000:.0f} ms "
          f"over {args.requests} polls (the page polls every 3000 ms)")
    print(f"GET kemajuan.csv: {csv_bytes / 1024:.0f} KiB in {csv_time * 1000:.0f} ms")
    print(f"server resident memory: {rss / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
