"""Load test: N simulated learners open the QRIS lesson on stock Voila and on `literasi serve`.

    .venv/bin/python benchmarks/load.py [--steps 5,10,20,30,40] [--stock-steps 5,10,20] [--window 30]
                                        [--only literasi|literasi-nozygote|stock ...] [--wave arrive|next]
                                        [--json OUT]

Each learner does, over real HTTP and a real kernel websocket, what a phone browser does to show the lesson:
GET the lesson page, read the kernel id from it, open ``/api/kernels/<id>/channels``, ask for kernel info,
open the ``jupyter.widget.control`` comm and send ``request_states`` (what the ipywidgets 8 widget manager
does before it draws anything). The ``update_states`` reply is the learner's "first widget". Then the learner
types once into the QRIS calculator (a ``comm_msg`` update of its Text box) and waits until the kernel has
answered (echo + recomputed result, kernel idle again), closes the comm and the websocket, and leaves.
Learners arrive evenly spread over a window (default 30 s: a bimtek room opening the link together). With
``--wave next`` they then all tap "next lesson" within 10 s, starting ``--settle`` seconds (default 60) after the
last one arrived, and the figures are the next lesson's.

Every step N starts a fresh server and waits until its process tree is quiet (preheated kernels ready),
so steps do not inherit each other's kernels. Per step: learners done per second, errors, p50/p95/max time to
first widget, interaction latency, kernels alive (peak during, and 5 s after the last learner left), the
RSS of server + kernels and the PSS per kernel. Steps go up until one misses p95 <= 3 s with zero errors. Hard
bounds: N <= 120, <= 4 minutes per step; every process started here is stopped. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field

import httpx
import websockets
from servers import KINDS, kernel_id_from_page, machine_load, markdown_table, percentile, start

MAX_LEARNERS = 120
STEP_SECONDS = 240.0
NEXT_WITHIN = 10.0  # "next lesson" wave: every learner taps "next" within this many seconds
# … starting this long after the last learner arrived (--settle). A lesson lasts 20–45 minutes; a minute is
# still far less than any learner spends in one.
NEXT_SETTLE = 60.0
TARGET_P95 = 3.0
TARGET_LEARNERS = 20
# The calculator's "transactions per month" box (placeholder 600); any Text box when not found.
INPUT_PLACEHOLDER = "600"
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) literasi-load-test",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate",
    "Accept-Language": "id-ID,id;q=0.9,en;q=0.8",
}


@dataclass
class Learner:
    index: int
    arrive: float
    page_seconds: float | None = None
    page_bytes: int = 0
    first_widget: float | None = None  # seconds from arrival to update_states
    interaction: float | None = None  # seconds from the typed value to the kernel going idle again
    widgets: int = 0
    finished: float | None = None
    error: str | None = None
    shutdown_status: int | None = None  # HTTP status of the kernel DELETE on leaving
    first_widget_before: float | None = None  # "next lesson" wave: the first lesson's time to first widget


@dataclass
class Step:
    kind: str
    learners: int
    window: float
    wave: str = "arrive"
    ok: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    shutdown_statuses: dict[int, int] = field(default_factory=dict)  # kernel DELETE: HTTP status → learners
    seconds: float = 0.0
    throughput: float = 0.0
    p50: float | None = None
    p95: float | None = None
    max: float | None = None
    page_p50: float | None = None
    interaction_p50: float | None = None
    interaction_p95: float | None = None
    kernels_before: int = 0
    kernels_peak: int = 0
    kernels_after: int = 0
    kernels_api_after: int | None = None  # from GET /api/kernels, when the server offers that route
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_after_mb: float = 0.0
    pss_before_mb: float | None = None
    pss_after_mb: float | None = None
    kernel_pss_mb: float | None = None  # mean PSS per kernel when most kernels were alive
    warm_seconds: float = 0.0
    first_widget_each: list = field(default_factory=list)  # per learner, in arrival order (None: error)
    page_each: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.errors == 0 and self.p95 is not None and self.p95 <= TARGET_P95


class KernelChannel:
    """The JSON (non-binary) flavour of the Jupyter kernel websocket protocol, as a browser speaks it."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.session = uuid.uuid4().hex

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        await self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "", "session": self.session,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell", "buffers": [],
        }))
        return msg_id

    async def receive(self) -> dict:
        while True:
            raw = await self.socket.recv()
            if isinstance(raw, str):
                return json.loads(raw)
            # Binary frames (buffers) are not expected for this lesson; skip them.

    async def wait_for(self, match) -> dict:
        while True:
            message = await self.receive()
            if match(message):
                return message


def _reply_to(msg_id: str, msg_type: str):
    return lambda m: m["header"]["msg_type"] == msg_type and m["parent_header"].get("msg_id") == msg_id


def _pick_input(states: dict) -> tuple[str, str] | None:
    texts = [(model_id, s["state"]) for model_id, s in states.items() if s.get("model_name") == "TextModel"]
    for model_id, state in texts:
        if state.get("placeholder") == INPUT_PLACEHOLDER:
            return model_id, state.get("value", "")
    return (texts[0][0], texts[0][1].get("value", "")) if texts else None


def learner_address(index: int) -> str:
    """A loopback address of the learner's own (127.0.1.1, 127.0.1.2, ...: all of 127.0.0.0/8 is loopback)."""
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


async def open_lesson(client, server, url: str, learner: Learner, t0: float, typing: bool = True) -> str:
    """Open a lesson page as the phone's browser does, until its first widget (and, with ``typing``, one typed
    value answered by the kernel); the page's kernel id."""
    response = await client.get(url)
    learner.page_seconds = time.perf_counter() - t0
    learner.page_bytes = response.num_bytes_downloaded
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    kernel_id = kernel_id_from_page(response.text)
    if not kernel_id:
        raise RuntimeError("no kernel id in page")
    url = f"{server.ws_base}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
    async with websockets.connect(url, max_size=None, open_timeout=None, ping_interval=None,
                                  additional_headers={"Origin": server.base}) as socket:
        channel = KernelChannel(socket)
        info = await channel.send("kernel_info_request", {})
        await channel.wait_for(_reply_to(info, "kernel_info_reply"))
        control = uuid.uuid4().hex
        await channel.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                         "data": {}}, metadata={"version": "1.0.0"})
        await channel.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        reply = await channel.wait_for(lambda m: m["header"]["msg_type"] == "comm_msg"
                                       and m["content"].get("comm_id") == control)
        data = reply["content"]["data"]
        if data.get("method") != "update_states":
            raise RuntimeError(f"control comm answered {data.get('method')!r}")
        learner.first_widget = time.perf_counter() - t0
        learner.widgets = len(data.get("states", {}))
        await channel.send("comm_close", {"comm_id": control, "data": {}})
        if not typing:
            return kernel_id

        target = _pick_input(data.get("states", {}))
        if target is None:
            raise RuntimeError("no Text widget to type into")
        typed_at = time.perf_counter()
        update = await channel.send("comm_msg", {"comm_id": target[0], "data": {
            "method": "update", "state": {"value": str(700 + learner.index)}, "buffer_paths": []}})
        changed = False
        while True:
            message = await channel.receive()
            if message["parent_header"].get("msg_id") != update:
                continue
            kind = message["header"]["msg_type"]
            if kind == "comm_msg" and message["content"].get("comm_id") != target[0]:
                changed = True  # the calculator redrew its result
            if kind == "status" and message["content"].get("execution_state") == "idle":
                break
        if not changed:
            raise RuntimeError("typing changed nothing on the page")
        learner.interaction = time.perf_counter() - typed_at
    return kernel_id


async def leave_lesson(client, server, kernel_id: str, learner: Learner, leave: str) -> None:
    if leave == "delete" or (leave == "page" and server.kind.startswith("literasi")):
        # What Literasi's lesson page does on pagehide (stock Voila's page sends nothing).
        answer = await client.delete(f"{server.base}/api/kernels/{kernel_id}",
                                     headers={"X-XSRFToken": client.cookies.get("_xsrf") or ""})
        learner.shutdown_status = answer.status_code


async def visit(server, learner: Learner, started: float, deadline: float, leave: str,
                move_at: float | None = None) -> None:
    """One learner: arrives at ``learner.arrive``, opens the lesson and types once, leaves. With ``move_at``
    (the "next lesson" wave), stays on the lesson until ``move_at`` seconds after the start, then leaves it and
    opens the next lesson: the figures are then those of the next lesson."""
    await asyncio.sleep(max(0.0, started + learner.arrive - time.perf_counter()))
    t0 = time.perf_counter()
    try:
        async with asyncio.timeout_at(asyncio.get_running_loop().time() + max(1.0, deadline - t0)):
            # Each learner's phone has an address of its own, as in a room (the site limits pages per address).
            transport = httpx.AsyncHTTPTransport(local_address=learner_address(learner.index))
            async with httpx.AsyncClient(headers=BROWSER_HEADERS, timeout=None, transport=transport) as client:
                kernel_id = await open_lesson(client, server, server.lesson_url, learner, t0)
                if move_at is not None:
                    learner.first_widget_before = learner.first_widget
                    learner.first_widget = learner.interaction = None
                    await asyncio.sleep(max(0.0, started + move_at - time.perf_counter()))
                    t0 = time.perf_counter()
                    await leave_lesson(client, server, kernel_id, learner, leave)
                    kernel_id = await open_lesson(client, server, server.next_url, learner, t0, typing=False)
                await leave_lesson(client, server, kernel_id, learner, leave)
    except TimeoutError:
        learner.error = "timeout"
    except Exception as error:  # noqa: BLE001 - every failure is one learner's error, counted by kind
        learner.error = f"{type(error).__name__}: {error}"[:120]
    learner.finished = time.perf_counter() - started


class Sampler(threading.Thread):
    """Kernels alive and RSS of server + kernels, once a second, while a step runs."""

    def __init__(self, server) -> None:
        super().__init__(daemon=True)
        self.server, self.stop_event = server, threading.Event()
        self.kernels_peak, self.rss_peak = 0, 0.0
        self.kernel_pss: float | None = None

    def run(self) -> None:
        while not self.stop_event.is_set():
            stats = self.server.stats()
            if stats.kernels >= max(self.kernels_peak, 1):
                self.kernel_pss = self.server.kernel_pss_mb() or self.kernel_pss
            self.kernels_peak = max(self.kernels_peak, stats.kernels)
            self.rss_peak = max(self.rss_peak, stats.rss_mb)
            self.stop_event.wait(1.0)


def api_kernel_count(server) -> int | None:
    """Kernels alive according to the server: ``GET /api/kernels`` (Jupyter Server's list; stock Voila does not
    serve it), else Literasi's ``GET /healthz/kernels`` counts."""
    for route in ("/api/kernels", "/healthz/kernels"):
        try:
            response = httpx.get(f"{server.base}{route}", timeout=5)
            listed = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            continue
        if isinstance(listed, list):
            return len(listed)
        if isinstance(listed, dict) and isinstance(listed.get("kernels"), int):
            return listed["kernels"]
    return None


def run_step(kind: str, learners: int, window: float, leave: str, log=print, wave: str = "arrive",
             settle: float = NEXT_SETTLE) -> Step:
    learners = min(learners, MAX_LEARNERS)
    step = Step(kind, learners, window, wave)
    with start(kind, next_lesson=wave == "next") as server:
        step.warm_seconds = server.wait_quiet(timeout=90)
        before = server.stats(pss=True)
        step.kernels_before, step.rss_before_mb, step.pss_before_mb = before.kernels, before.rss_mb, before.pss_mb
        crowd = [Learner(i, window * i / learners) for i in range(learners)]
        sampler = Sampler(server)
        sampler.start()
        started = time.perf_counter()

        async def everyone() -> None:
            deadline = started + STEP_SECONDS
            moves = [None] * learners if wave != "next" else [
                window + settle + NEXT_WITHIN * i / learners for i in range(learners)]
            await asyncio.gather(*(visit(server, learner, started, deadline, leave, move)
                                   for learner, move in zip(crowd, moves, strict=True)))

        asyncio.run(everyone())
        step.seconds = max(learner.finished or 0.0 for learner in crowd)
        time.sleep(5)
        sampler.stop_event.set()
        sampler.join()
        after = server.stats(pss=True)
        step.pss_after_mb = after.pss_mb
        step.kernels_api_after = api_kernel_count(server)
        step.kernels_peak = max(sampler.kernels_peak, after.kernels)
        step.kernel_pss_mb = sampler.kernel_pss
        step.rss_peak_mb = max(sampler.rss_peak, after.rss_mb)
        step.kernels_after, step.rss_after_mb = after.kernels, after.rss_mb
    done = [learner for learner in crowd if learner.error is None]
    step.ok, step.errors = len(done), learners - len(done)
    for learner in crowd:
        if learner.error:
            step.error_kinds[learner.error] = step.error_kinds.get(learner.error, 0) + 1
        if learner.shutdown_status is not None:
            status = learner.shutdown_status
            step.shutdown_statuses[status] = step.shutdown_statuses.get(status, 0) + 1
    step.first_widget_each = [None if x.first_widget is None else round(x.first_widget, 3) for x in crowd]
    step.page_each = [None if x.page_seconds is None else round(x.page_seconds, 3) for x in crowd]
    first = [learner.first_widget for learner in done]
    step.p50, step.p95, step.max = percentile(first, 0.5), percentile(first, 0.95), max(first, default=None)
    step.page_p50 = percentile([learner.page_seconds for learner in done], 0.5)
    interactions = [learner.interaction for learner in done if learner.interaction is not None]
    step.interaction_p50, step.interaction_p95 = percentile(interactions, 0.5), percentile(interactions, 0.95)
    step.throughput = step.ok / step.seconds if step.seconds else 0.0
    log(f"  {kind} N={learners} ({wave}): ok {step.ok}, errors {step.errors}, p95 first widget "
        f"{_s(step.p95)}, kernels peak {step.kernels_peak}, RSS peak {step.rss_peak_mb:.0f} MB, "
        f"PSS per kernel {_mb(step.kernel_pss_mb)} MB")
    for message, count in step.error_kinds.items():
        log(f"    {count}× {message}")
    if step.shutdown_statuses:
        log(f"    kernel DELETE on leaving answered: {step.shutdown_statuses}")
    return step


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def sweep(kind: str, steps: list[int], window: float, leave: str, keep_going: bool = False,
          log=print, wave: str = "arrive", settle: float = NEXT_SETTLE) -> list[Step]:
    results = []
    for learners in steps:
        log(f"{kind}: {learners} learners over {window:.0f} s ({wave}) …")
        try:
            step = run_step(kind, learners, window, leave, log, wave, settle)
        except RuntimeError as error:
            log(f"  {kind} N={learners}: server failed: {error}")
            break
        results.append(step)
        if not step.passed and not keep_going:
            break
    return results


def capacity(steps: list[Step]) -> int | None:
    passed = [step.learners for step in steps if step.passed]
    return max(passed) if passed else None


def report(results: dict[str, list[Step]], window: float) -> str:
    header = ["server", "N", "ok", "errors", "learners/s", "first widget p50", "p95", "max", "page p50",
              "typing p50", "typing p95", "kernels before/peak/after", "RSS MB before/peak/after",
              "PSS MB before/after", "PSS MB per kernel", "p95 ≤ 3 s & 0 errors"]
    rows = []
    for kind, steps in results.items():
        for s in steps:
            rows.append([kind, s.learners, s.ok, s.errors, f"{s.throughput:.2f}", _s(s.p50), _s(s.p95), _s(s.max),
                         _s(s.page_p50), _s(s.interaction_p50), _s(s.interaction_p95),
                         f"{s.kernels_before}/{s.kernels_peak}/{s.kernels_after}"
                         + ("" if s.kernels_api_after is None else f" (api {s.kernels_api_after})"),
                         f"{s.rss_before_mb:.0f}/{s.rss_peak_mb:.0f}/{s.rss_after_mb:.0f}",
                         f"{_mb(s.pss_before_mb)}/{_mb(s.pss_after_mb)}", _mb(s.kernel_pss_mb),
                         "met" if s.passed else "missed"])
    lines = [markdown_table(header, rows), ""]
    for kind, steps in results.items():
        best = capacity(steps)
        tried = max((s.learners for s in steps), default=0)
        verdict = ("" if not kind.startswith("literasi") else
                   f" — target ≥ {TARGET_LEARNERS}: {'met' if best and best >= TARGET_LEARNERS else 'missed'}")
        ceiling = " (the largest N tried: the limit may be higher)" if best == tried and best else ""
        if best and any(not s.passed and s.learners < best for s in steps):
            ceiling += " (a smaller step missed: the machine is noisy)"
        smallest = min((s.learners for s in steps), default=0)
        amount = str(best) if best else f"fewer than {smallest}" if smallest else "no step ran:"
        lines.append(f"sizing: {kind}: {amount} learners per replica ({os.cpu_count()} cores) at p95 ≤ "
                     f"{TARGET_P95:.0f} s with zero errors, arriving over {window:.0f} s{ceiling}{verdict}")
    return "\n".join(lines)


def _counts(text: str) -> list[int]:
    values = sorted({int(part) for part in text.split(",") if part.strip()})
    if any(v < 1 for v in values):
        raise argparse.ArgumentTypeError("learner counts must be ≥ 1")
    if any(v > MAX_LEARNERS for v in values):
        raise argparse.ArgumentTypeError(f"at most {MAX_LEARNERS} learners per step")
    return values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=_counts, default=_counts("5,10,20,30,40,50,60"),
                        help="learner counts for literasi, tried in order until one misses (default 5..60)")
    parser.add_argument("--stock-steps", type=_counts, default=_counts("5,10,20"),
                        help="learner counts for stock Voila (default 5,10,20)")
    parser.add_argument("--window", type=float, default=30.0, help="seconds over which a step's learners arrive")
    parser.add_argument("--only", choices=KINDS, action="append",
                        help="run this server only (repeat for several; default: stock and literasi)")
    parser.add_argument("--wave", choices=("arrive", "next"), default="arrive",
                        help="arrive: learners open the lesson over --window; next: then, "
                             "--settle s after the last arrived, every learner taps \"next lesson\" "
                             f"within {NEXT_WITHIN:.0f} s (figures are the next lesson's)")
    parser.add_argument("--settle", type=float, default=NEXT_SETTLE,
                        help=f"--wave next: seconds between the last arrival and the wave (default {NEXT_SETTLE:.0f})")
    parser.add_argument("--leave", choices=("page", "close", "delete"), default="page",
                        help="how a learner leaves: as that server's page does (default: literasi's page sends "
                             "DELETE /api/kernels/<id> on pagehide, stock's sends nothing), only close the "
                             "websocket, or always send the DELETE")
    parser.add_argument("--keep-going", action="store_true",
                        help="run every step even after one misses (on a noisy machine one bad step says little)")
    parser.add_argument("--json", type=argparse.FileType("w"), help="also write every step's figures as JSON")
    args = parser.parse_args()
    if not 0 <= args.settle <= 120:
        parser.error("--settle must be between 0 and 120 s")
    if not 0 <= args.window <= STEP_SECONDS - 30 - (args.settle + NEXT_WITHIN if args.wave == "next" else 0):
        parser.error(f"--window must be between 0 and {STEP_SECONDS - 30:.0f} s (less with --wave next)")
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    results: dict[str, list[Step]] = {}
    load_before = machine_load()
    for kind in (args.only or ["stock", "literasi"]):
        results[kind] = sweep(kind, args.stock_steps if kind == "stock" else args.steps, args.window,
                              args.leave, args.keep_going, log, args.wave, args.settle)
    wave = "" if args.wave == "arrive" else (f", {args.settle:.0f} s later all tap \"next lesson\" within "
                                             f"{NEXT_WITHIN:.0f} s (times are the next lesson's)")
    print(f"\nLoad test: QRIS lesson, learners arriving evenly over {args.window:.0f} s{wave}, loopback; {load_before} "
          f"before, {machine_load()} after (shared machine: figures are noisy).\n")
    print(report(results, args.window))
    if args.json:
        json.dump({kind: [asdict(s) | {"passed": s.passed} for s in steps] for kind, steps in results.items()},
                  args.json, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
