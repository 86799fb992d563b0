"""Benchmark: the QRIS lesson on a phone, stock Voila vs `literasi serve`, in one run.

    .venv/bin/python benchmarks/site.py [--only ttfw,bytes,slow4g,lighthouse] [--runs 5] [--slow-runs 3]
                                        [--servers stock,literasi] [--json OUT]

Measures (Debian chromium driven by Playwright, 390×844 phone viewport, loopback only):
- ttfw: navigation start → first ipywidget element visible (``.widget-box, .jupyter-widgets`` with a non-empty
  box, checked every animation frame in the page); median of --runs, each in a fresh browser context.
- bytes: bytes over the wire (CDP ``Network.loadingFinished.encodedDataLength``: compressed bodies plus
  headers) and requests, first visit until first widget + network idle, then a repeat visit in the same
  context (warm cache). Kernel websocket payload is counted apart.
- slow4g: ttfw with CDP network emulation (150 ms latency, 200 000 B/s down, 93 750 B/s up; CPU NOT
  throttled); median of --slow-runs, fresh context each.
- lighthouse: npm ``lighthouse`` (benchmarks/lighthouse, ``npm ci`` first), default mobile mode, performance +
  accessibility, on literasi's landing, lesson and Sumber pages and on stock Voila's lesson page.

Before every measured load the server's process tree (server + kernels) must be quiet — under 10 % of one
core for 1.5 s — so preheated kernels (literasi) have started and run the lesson. Anything not on 127.0.0.1
is refused by the browser (a dead proxy; loopback bypasses proxies), so stock Voila's CDN stylesheets fail
fast and are counted as blocked third-party requests instead of hanging or leaving the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from servers import KINDS, machine_load, markdown_table, start

CHROMIUM = os.environ.get("LITERASI_CHROMIUM", "/usr/bin/chromium")
NO_INTERNET = "--proxy-server=http://127.0.0.1:9"  # nothing listens there; loopback is never proxied
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", NO_INTERNET]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/156.0.0.0 Mobile Safari/537.36"}
WIDGET_SELECTOR = ".widget-box, .jupyter-widgets"
# Slow 4G as Lighthouse and Chrome DevTools define it (1.6 Mbps down, 750 kbps up, 150 ms RTT).
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 93_750,
           "connectionType": "cellular4g"}
LIGHTHOUSE_DIR = Path(__file__).resolve().parent / "lighthouse"
METRICS = ("ttfw", "bytes", "slow4g", "lighthouse")
TIMEOUT_MS = 90_000
MB = 1_000_000
KB = 1_000

# Records when the first widget becomes visible, in ms since navigation start (performance.timeOrigin).
FIRST_WIDGET_WATCH = """
(() => {
  const selector = %s;
  const visible = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const tick = () => {
    for (const el of document.querySelectorAll(selector)) {
      if (visible(el)) { window.__firstWidgetMs = performance.now(); return; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


class Traffic:
    """CDP network counters for one page: HTTP bytes (encodedDataLength), requests, websocket payload."""

    def __init__(self, page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.reset()
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)
        self.cdp.on("Network.requestServedFromCache", self._cached)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.webSocketFrameReceived", self._frame)
        self.cdp.on("Network.webSocketFrameSent", self._frame)
        self.cdp.send("Network.enable")

    def reset(self) -> None:
        self.urls: dict[str, str] = {}
        self.bytes = self.ws_bytes = 0
        self.failed: list[str] = []
        self.finished = 0
        self.cached: set[str] = set()

    def _sent(self, event) -> None:
        url = event["request"]["url"]
        if not url.startswith("data:"):
            self.urls[event["requestId"]] = url

    def _finished(self, event) -> None:
        self.finished += 1
        self.bytes += int(event.get("encodedDataLength", 0))

    def _failed(self, event) -> None:
        self.failed.append(self.urls.get(event["requestId"], "?"))

    def _cached(self, event) -> None:
        self.cached.add(event["requestId"])

    def _response(self, event) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache") or response.get("fromServiceWorker"):
            self.cached.add(event["requestId"])

    def _frame(self, event) -> None:
        self.ws_bytes += len(event["response"].get("payloadData", "").encode())

    @property
    def requests(self) -> int:
        return len(self.urls)

    @property
    def third_party(self) -> list[str]:
        return [url for url in self.urls.values() if not url.startswith(("http://127.0.0.1", "ws://127.0.0.1"))]


def new_page(browser, selector: str):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(FIRST_WIDGET_WATCH % json.dumps(selector))
    page.http_errors = []  # "404 http://…" for every answer ≥ 400: why a widget never showed up
    page.on("response", lambda r: page.http_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, page


def first_widget_seconds(page, url: str) -> float:
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_function("() => window.__firstWidgetMs !== undefined", polling=100)
    except PlaywrightTimeout:
        raise RuntimeError(f"no widget within {TIMEOUT_MS / 1000:.0f} s; HTTP errors: "
                           f"{', '.join(page.http_errors) or 'none'}") from None
    return page.evaluate("() => window.__firstWidgetMs") / 1000


def measure_ttfw(browser, server, runs: int, selector: str, network: dict | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        server.wait_quiet()
        context, page = new_page(browser, selector)
        try:
            if network:
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", network)
            times.append(first_widget_seconds(page, server.lesson_url))
        finally:
            context.close()
    return times


def measure_bytes(browser, server, selector: str) -> dict:
    server.wait_quiet()
    context, page = new_page(browser, selector)
    try:
        traffic = Traffic(page)
        visits = {}
        for visit in ("first", "repeat"):
            traffic.reset()
            first_widget_seconds(page, server.lesson_url)
            page.wait_for_load_state("networkidle")
            visits[visit] = {"bytes": traffic.bytes, "requests": traffic.requests,
                             "from_cache": len(traffic.cached & set(traffic.urls)), "ws_bytes": traffic.ws_bytes,
                             "third_party": traffic.third_party, "failed": traffic.failed}
            if visit == "first":
                server.wait_quiet()
                page.evaluate("() => { window.__firstWidgetMs = undefined; }")
        return visits
    finally:
        context.close()


def lighthouse_available() -> bool:
    return (LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse").exists() and shutil.which("npx") is not None


def run_lighthouse(url: str, server) -> dict:
    server.wait_quiet()
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory(prefix="literasi-lighthouse-") as scratch:
        out = Path(scratch) / "report.json"
        command = ["npx", "--no-install", "lighthouse", url, f"--chrome-flags={flags}",
                   "--only-categories=performance,accessibility", "--output=json", f"--output-path={out}", "--quiet"]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        finished = subprocess.run(command, cwd=LIGHTHOUSE_DIR, env=env, capture_output=True, text=True, timeout=300)
        if not out.exists():
            raise RuntimeError(f"lighthouse failed ({finished.returncode}): {finished.stderr[-800:]}")
        report = json.loads(out.read_text("utf-8"))
    audits, categories = report["audits"], report["categories"]
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    document = next((item for item in requests if item.get("resourceType") == "Document"), {})
    failing = [audit_id for audit_id in categories["accessibility"].get("auditRefs", [])
               if audits.get(audit_id["id"], {}).get("score") == 0]
    return {
        "performance": categories["performance"]["score"],
        "accessibility": categories["accessibility"]["score"],
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "speed_index_s": audits["speed-index"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "total_bytes": audits["total-byte-weight"]["numericValue"],
        "failing_a11y": [ref["id"] for ref in failing],
        "document_status": document.get("statusCode"),
        "http_errors": [f"{item.get('statusCode')} {item.get('url')}" for item in requests
                        if (item.get("statusCode") or 0) >= 400],
        "requests": len(requests),
        "runtime_error": (report.get("runtimeError") or {}).get("message"),
    }


def measure(kind: str, metrics: list[str], runs: int, slow_runs: int, selector: str, browser, log) -> dict:
    """Every requested metric on one fresh server; a metric that fails (say, a load past the 90 s timeout) is
    recorded under ``errors`` and the others still run."""
    results: dict = {"errors": {}}
    with start(kind) as server:
        log(f"{kind}: server on port {server.port}; waiting until it is quiet …")
        results["warm_seconds"] = server.wait_quiet()
        for metric in metrics:
            try:
                if metric == "ttfw":
                    results["ttfw"] = measure_ttfw(browser, server, runs, selector)
                    log(f"  {kind} ttfw: {', '.join(f'{t:.2f}' for t in results['ttfw'])} s")
                elif metric == "bytes":
                    results["bytes"] = measure_bytes(browser, server, selector)
                    log(f"  {kind} bytes: first {results['bytes']['first']['bytes']:,}, "
                        f"repeat {results['bytes']['repeat']['bytes']:,}")
                elif metric == "slow4g":
                    results["slow4g"] = measure_ttfw(browser, server, slow_runs, selector, SLOW_4G)
                    log(f"  {kind} slow 4G ttfw: {', '.join(f'{t:.2f}' for t in results['slow4g'])} s")
                elif metric == "lighthouse":
                    results["lighthouse"] = lighthouse_pages(server, log)
            except Exception as error:  # noqa: BLE001 - reported under the table
                results["errors"][metric] = f"{type(error).__name__}: {error}"[:600]
                log(f"  {kind} {metric}: FAILED: {results['errors'][metric]}")
        results["server_after"] = vars(server.stats())
    return results


def lighthouse_pages(server, log) -> dict:
    if not lighthouse_available():
        raise RuntimeError("lighthouse not installed: run `npm ci` in benchmarks/lighthouse")
    pages = {"lesson": server.lesson_url}
    if server.landing_url:
        pages["landing"] = server.landing_url
        pages["sources"] = server.landing_url + "sumber"
    results = {}
    for name, url in pages.items():
        try:
            results[name] = run_lighthouse(url, server)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            results[name] = {"error": str(error)[-400:]}
        log(f"  {server.kind} lighthouse {name}: {results[name]}")
    return results


# --- the table -----------------------------------------------------------------------------------------------

def _median(values):
    return statistics.median(values) if values else None


def _get(results: dict, *path):
    for key in path:
        if not isinstance(results, dict) or key not in results:
            return None
        results = results[key]
    return results


def rows(stock: dict, ours: dict, runs: int, slow_runs: int) -> list[list[str]]:
    """metric, stock, literasi, ratio, target, met? — ratio is how many times better literasi is."""
    secs = lambda v: f"{v:.2f} s"  # noqa: E731
    size = lambda v: f"{v / MB:.2f} MB" if v >= 100 * KB else f"{v / KB:.0f} KB"  # noqa: E731
    count = lambda v: f"{v:.0f}"  # noqa: E731
    score = lambda v: f"{v:.2f}"  # noqa: E731
    spec = [
        # (label, value getter, formatter, lower_is_better (None: no ratio), target, target text)
        (f"time to first widget, loopback (median of {runs})", lambda r: _median(_get(r, "ttfw") or []), secs,
         True, 1.0, "≤ 1.0 s"),
        ("first visit: bytes over the wire (HTTP)", lambda r: _get(r, "bytes", "first", "bytes"), size,
         True, 1.5 * MB, "≤ 1.5 MB"),
        ("first visit: requests", lambda r: _get(r, "bytes", "first", "requests"), count, True, None, ""),
        ("first visit: requests answered from cache", lambda r: _get(r, "bytes", "first", "from_cache"), count,
         None, None, ""),
        ("first visit: kernel websocket payload", lambda r: _get(r, "bytes", "first", "ws_bytes"), size,
         True, None, ""),
        ("first visit: third-party requests (refused)",
         lambda r: None if _get(r, "bytes") is None else len(_get(r, "bytes", "first", "third_party")), count,
         True, 0, "0"),
        ("repeat visit: bytes over the wire (HTTP)", lambda r: _get(r, "bytes", "repeat", "bytes"), size,
         True, 150 * KB, "≤ 150 KB"),
        ("repeat visit: requests", lambda r: _get(r, "bytes", "repeat", "requests"), count, True, None, ""),
        ("repeat visit: requests answered from cache", lambda r: _get(r, "bytes", "repeat", "from_cache"), count,
         None, None, ""),
        (f"time to first widget, slow 4G, CPU not throttled (median of {slow_runs})",
         lambda r: _median(_get(r, "slow4g") or []), secs, True, 6.0, "≤ 6 s"),
    ]
    for page in ("lesson", "landing", "sources"):
        spec += [
            (f"Lighthouse {page}: performance", lambda r, p=page: _get(r, "lighthouse", p, "performance"), score,
             False, 0.90, "≥ 0.90"),
            (f"Lighthouse {page}: accessibility", lambda r, p=page: _get(r, "lighthouse", p, "accessibility"), score,
             False, 0.95, "≥ 0.95"),
            (f"Lighthouse {page}: FCP (simulated)", lambda r, p=page: _get(r, "lighthouse", p, "fcp_s"), secs,
             True, None, ""),
            (f"Lighthouse {page}: LCP (simulated)", lambda r, p=page: _get(r, "lighthouse", p, "lcp_s"), secs,
             True, None, ""),
            (f"Lighthouse {page}: total blocking time", lambda r, p=page: _get(r, "lighthouse", p, "tbt_ms"),
             lambda v: f"{v:.0f} ms", True, None, ""),
            (f"Lighthouse {page}: total bytes", lambda r, p=page: _get(r, "lighthouse", p, "total_bytes"), size,
             True, None, ""),
        ]
    table = []
    for label, getter, fmt, lower_better, target, target_text in spec:
        s, o = getter(stock), getter(ours)
        if s is None and o is None:
            continue
        ratio = ""
        if lower_better is not None and s is not None and o is not None and s and o:
            ratio = f"{(s / o if lower_better else o / s):.1f}×"
        met = ""
        if target is not None and o is not None:
            met = "met" if (o <= target if lower_better else o >= target) else "missed"
        table.append([label, "n/a" if s is None else fmt(s), "n/a" if o is None else fmt(o), ratio, target_text, met])
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(METRICS),
                        help=f"comma-separated subset of {','.join(METRICS)} (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="loads per server for the loopback median (default 5)")
    parser.add_argument("--slow-runs", type=int, default=3, help="loads per server for the slow-4G median (default 3)")
    parser.add_argument("--servers", default="stock,literasi", help=f"of {','.join(KINDS)} (default stock,literasi)")
    parser.add_argument("--selector", default=WIDGET_SELECTOR, help=f"first-widget CSS selector ({WIDGET_SELECTOR})")
    parser.add_argument("--json", type=argparse.FileType("w"), help="also write every raw figure as JSON")
    args = parser.parse_args()
    metrics = [m.strip() for m in args.only.split(",") if m.strip()]
    kinds = [k.strip() for k in args.servers.split(",") if k.strip()]
    if bad := [m for m in metrics if m not in METRICS] + [k for k in kinds if k not in KINDS]:
        parser.error(f"unknown: {', '.join(bad)}")
    if not 1 <= args.runs <= 15 or not 1 <= args.slow_runs <= 5:
        parser.error("--runs must be 1..15 and --slow-runs 1..5")
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

    results: dict[str, dict] = {"machine": {"before": machine_load()}}
    started = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for kind in kinds:
                try:
                    results[kind] = measure(kind, metrics, args.runs, args.slow_runs, args.selector, browser, log)
                except Exception as error:  # noqa: BLE001 - one server failing still reports the other
                    log(f"{kind}: FAILED: {type(error).__name__}: {error}")
                    results[kind] = {"error": f"{type(error).__name__}: {error}"[:2000]}
        finally:
            browser.close()
    results["machine"]["after"] = machine_load()
    print(f"\nQRIS lesson on a 390×844 phone, loopback, {time.perf_counter() - started:.0f} s in all; "
          f"{results['machine']['before']} before, {results['machine']['after']} after (shared machine: "
          f"preliminary). ratio = how many times better literasi is.\n")
    print(markdown_table(["metric", "stock", "literasi", "ratio", "target", "met?"],
                         rows(results.get("stock", {}), results.get("literasi", {}), args.runs, args.slow_runs)))
    for kind, result in results.items():
        if kind == "machine":
            continue
        if "error" in result:
            print(f"\n{kind}: {result['error'][:600]}")
        for metric, error in (result.get("errors") or {}).items():
            print(f"\n{kind}: {metric} failed: {error}")
        third = _get(result, "bytes", "first", "third_party")
        if third:
            print(f"\n{kind}: third-party requests refused on first visit: {', '.join(sorted(set(third)))}")
        for page, lh in (_get(result, "lighthouse") or {}).items():
            if lh.get("failing_a11y"):
                print(f"{kind}: Lighthouse {page}: failing accessibility audits: {', '.join(lh['failing_a11y'])}")
            if lh.get("http_errors"):
                print(f"{kind}: Lighthouse {page}: requests that failed (scores may be of a broken page): "
                      f"{', '.join(lh['http_errors'])}")
            if lh.get("document_status") not in (None, 200):
                print(f"{kind}: Lighthouse {page}: the page answered HTTP {lh['document_status']}: scores are not "
                      f"the lesson's")
            if lh.get("error") or lh.get("runtime_error"):
                print(f"{kind}: Lighthouse {page}: {lh.get('error') or lh.get('runtime_error')}")
    if args.json:
        json.dump(results, args.json, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
