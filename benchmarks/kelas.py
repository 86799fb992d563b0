"""Benchmark: a room of phones doing the m3 exercise in Kelas, against collecting notebooks and `nbgrader autograde`.

    .venv/bin/python benchmarks/kelas.py [--learners 40] [--arrive 60] [--timeout 900]

Builds one real course (``literasi course init``), starts ``literasi kelas start`` on a free loopback port and
sends N simulated phones, each from a loopback address of its own (127.0.1.x, as benchmarks/load.py does), arriving
spread over ``--arrive`` seconds. Each phone joins with the class code and a typed name, sends the m3-qris form with
one wrong answer, waits for its feedback (polling the status route, as the page's script does), corrects it and
sends it again. Measured: the time from **Kirim** (the POST) to the feedback page showing the score, p50/p95 over
every submission; the server's peak memory (the server process, and its whole process tree: grading workers and
their kernels); and lost submissions (every attempt a phone was told was received must be in the store, graded,
and the latest in the gradebook).

Stock, in the same run: the same final notebooks collected as files (a flash drive: ``submitted/<id>/m3-qris/``)
into a fresh copy of the course, graded by nbgrader's own ``nbgrader autograde m3-qris`` (one after another); its
wall time. Loopback only; every process started here is stopped; bounded by ``--timeout``.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import http.cookiejar
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import free_port, machine_load, markdown_table, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CODE = "BENCH1"
ASSIGNMENT = "m3-qris"
RIGHT = {"biaya_mdr": "Rp 840.000", "diterima_bersih": "119.160.000", "mdr_paket_sari": "0", "jawaban_1": "b",
         "jawaban_2": "c", "refleksi": "Saya bertanya ke kasir."}
FIRST = {**RIGHT, "biaya_mdr": "360.000"}  # one wrong answer first
TARGET_P95 = 10.0


def learner_address(index: int) -> str:
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


class Phone:
    def __init__(self, base: str, address: str):
        self.base, self.cookies = base, http.cookiejar.CookieJar()
        connection = functools.partial(http.client.HTTPConnection, source_address=(address, 0))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a, **k: None}),
            type("FromAddress", (urllib.request.HTTPHandler,),
                 {"http_open": lambda handler, request: handler.do_open(connection, request)})())

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        data = None
        if form is not None:
            xsrf = next((c.value for c in self.cookies if c.name == "_xsrf"), "")
            data = urllib.parse.urlencode({**form, "_xsrf": xsrf}).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=120) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


@dataclass
class Learner:
    index: int
    joined_at: float | None = None
    feedback_seconds: list[float] = field(default_factory=list)
    acknowledged: list[int] = field(default_factory=list)  # attempt ids the phone was told were received
    error: str = ""


def run_learner(base: str, learner: Learner, start_at: float, deadline: float) -> None:
    time.sleep(max(0.0, start_at - time.monotonic()))
    phone = Phone(base, learner_address(learner.index))
    try:
        phone.request("/kelas")
        status, _, _ = phone.request("/kelas/masuk", {"kode": CODE})
        status, _, _ = phone.request("/kelas/masuk", {"kode": CODE, "nama": f"Peserta {learner.index:02d}"})
        if status != 303:
            raise RuntimeError(f"join answered {status}")
        learner.joined_at = time.monotonic()
        for answers in (FIRST, RIGHT):
            sent = time.perf_counter()
            status, _, headers = phone.request(f"/kelas/latihan/{ASSIGNMENT}", answers)
            if status != 303:
                raise RuntimeError(f"Kirim answered {status}")
            attempt = headers["Location"].split("?")[0]
            learner.acknowledged.append(int(attempt.rsplit("/", 1)[1]))
            while True:
                if time.monotonic() > deadline:
                    raise RuntimeError("not graded before the deadline")
                _, body, _ = phone.request(f"{attempt}/status")
                if json.loads(body)["graded"]:
                    break
                time.sleep(0.5)
            status, page, _ = phone.request(attempt)
            if status != 200 or "Nilai:" not in page:
                raise RuntimeError(f"feedback page answered {status}")
            learner.feedback_seconds.append(time.perf_counter() - sent)
    except Exception as error:  # noqa: BLE001 - counted and reported
        learner.error = f"{type(error).__name__}: {error}"


class PeakMemory(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.process, self.stop = psutil.Process(pid), threading.Event()
        self.server_peak = self.tree_peak = 0

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                own = self.process.memory_info().rss
                tree = own + sum(child.memory_info().rss for child in self.process.children(recursive=True))
            except psutil.Error:
                tree = own = 0
            self.server_peak, self.tree_peak = max(self.server_peak, own), max(self.tree_peak, tree)
            self.stop.wait(0.25)


def stop_tree(process: subprocess.Popen) -> None:
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        children = []
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            pass


def stock_autograde(course: Path, source: Path, student_ids: list[str]) -> tuple[float, int]:
    """The same final notebooks collected as files and graded by ``nbgrader autograde``: (seconds, graded)."""
    from nbgrader.api import Gradebook

    for student in student_ids:
        src = source / "submitted" / student / ASSIGNMENT
        target = course / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        for path in src.glob("*.ipynb"):
            shutil.copy(path, target / path.name)  # a flash drive has the notebook, not timestamp.txt
    nbgrader = Path(sys.executable).parent / "nbgrader"
    started = time.perf_counter()
    subprocess.run([str(nbgrader), "autograde", ASSIGNMENT, "--force"], cwd=course, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
    seconds = time.perf_counter() - started
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        graded = sum(1 for s in gradebook.assignment_submissions(ASSIGNMENT) if s.student.id in student_ids)
    return seconds, graded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--arrive", type=float, default=60.0, help="seconds over which the phones arrive")
    parser.add_argument("--timeout", type=float, default=900.0, help="the whole room's deadline, seconds")
    parser.add_argument("--no-stock", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.learners <= 250:
        parser.error("--learners: 1 to 250")

    from nbgrader.api import Gradebook

    from literasi.grading import init_course
    from literasi.kelas.store import ClassStore

    with tempfile.TemporaryDirectory(prefix="literasi-kelas-bench-") as scratch:
        print(f"machine: {machine_load()}", flush=True)
        course = init_course(Path(scratch) / "kelas", root=ROOT).root
        stock = Path(scratch) / "stock"
        shutil.copytree(course, stock)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (Path(scratch) / "server.log").open("wb")
        literasi = Path(sys.executable).parent / "literasi"
        server = subprocess.Popen([str(literasi), "kelas", "start", str(course), "--ip", "127.0.0.1", "--port",
                                   str(port), "--code", CODE, "--exercise", ASSIGNMENT], cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                raise RuntimeError("the Kelas server did not start")
            memory = PeakMemory(server.pid)
            memory.start()
            learners = [Learner(index) for index in range(args.learners)]
            began = time.monotonic()
            room_deadline = began + args.timeout
            threads = [threading.Thread(target=run_learner, args=(
                base, learner, began + args.arrive * index / max(1, args.learners), room_deadline), daemon=True)
                for index, learner in enumerate(learners)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=max(1.0, room_deadline - time.monotonic() + 30))
            room_seconds = time.monotonic() - began
            memory.stop.set()
        finally:
            stop_tree(server)
            log.close()

        store = ClassStore.of_course(course)
        acknowledged = {attempt for learner in learners for attempt in learner.acknowledged}
        attempts = {attempt["id"]: attempt for attempt in store.attempts()}
        lost = [a for a in acknowledged if a not in attempts]
        ungraded = [a for a in acknowledged if a in attempts and attempts[a]["score"] is None]
        students = {row["id"]: row["student_id"] for row in store.learners()}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            in_gradebook = {s.student.id: float(s.score) for s in gradebook.assignment_submissions(ASSIGNMENT)}
        latest_right = sum(1 for student in students.values() if in_gradebook.get(student) == 6.0)
        times = [seconds for learner in learners for seconds in learner.feedback_seconds]
        joined = [learner.joined_at - began for learner in learners if learner.joined_at is not None]
        errors = [f"learner {learner.index}: {learner.error}" for learner in learners if learner.error]

        stock_seconds = stock_graded = None
        if not args.no_stock:
            stock_seconds, stock_graded = stock_autograde(stock, course, sorted(students.values()))

        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        rows = [
            ["learners joined", f"{len(joined)} / {args.learners}", f"all within {args.arrive:g} s",
             "✔" if len(joined) == args.learners and max(joined, default=0) <= args.arrive + 5 else "✘"],
            ["submissions acknowledged", str(len(acknowledged)), f"{2 * args.learners}",
             "✔" if len(acknowledged) == 2 * args.learners else "✘"],
            ["Kirim → feedback shown, p50", f"{p50:.1f} s" if p50 else "—", "—", ""],
            ["Kirim → feedback shown, p95", f"{p95:.1f} s" if p95 else "—", f"≤ {TARGET_P95:g} s",
             "✔" if p95 is not None and p95 <= TARGET_P95 else "✘"],
            ["Kirim → feedback shown, max", f"{max(times):.1f} s" if times else "—", "—", ""],
            ["lost / ungraded submissions", f"{len(lost)} / {len(ungraded)}", "0 / 0",
             "✔" if not lost and not ungraded else "✘"],
            ["latest attempt in the gradebook (6 of 8)", f"{latest_right} / {len(students)}", "all",
             "✔" if latest_right == len(students) == args.learners else "✘"],
            ["errors", str(len(errors)), "0", "✔" if not errors else "✘"],
            ["server peak memory (process)", f"{memory.server_peak / 2**20:.0f} MB", "—", ""],
            ["server peak memory (with graders, kernels)", f"{memory.tree_peak / 2**20:.0f} MB", "—", ""],
            ["room wall time (Kelas)", f"{room_seconds:.0f} s", "—", ""],
        ]
        if stock_seconds is not None:
            rows.append(["stock: flash drive + `nbgrader autograde` of the final notebooks",
                         f"{stock_seconds:.0f} s for {stock_graded}", "—", ""])
        print(markdown_table(["measure", "value", "target", "met"], rows))
        for error in errors[:10]:
            print(f"  {error}")
    return 0 if not lost and not ungraded and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
