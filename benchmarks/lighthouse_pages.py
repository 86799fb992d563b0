"""Benchmark: Lighthouse mobile (performance, accessibility) on every lesson and gallery page of `literasi serve`.

    .venv/bin/python benchmarks/lighthouse_pages.py [--lang id,en] [--match TEXT] [--limit N] [--json OUT]
                                                    [--retries N] [--quiet-load L] [--quiet-wait S]

One `literasi serve` on loopback; for each page (both languages unless --lang), the server is first left
quiet (preheated kernels started, nothing rendering), then npm ``lighthouse`` (benchmarks/lighthouse, ``npm ci``
first) runs in its default mobile mode: simulated slow 4G and 4× CPU slowdown, Debian chromium. Prints one row
per page (performance, accessibility, total blocking time, LCP, bytes, failing accessibility audits) and the
range over all pages; targets: performance ≥ 0.95, accessibility 1.00.

Lighthouse's simulated throttling multiplies the CPU time it observed: on a busy machine the performance
scores come out lower than on an idle one (the machine's load average is printed with the table, and the
1-minute load before each page is in the JSON). With ``--retries N``, a page below a target is measured again
up to N times, each time after waiting (at most ``--quiet-wait`` seconds) for the 1-minute load to fall to
``--quiet-load``; the table shows the measurement taken at the lowest load (not the best score), and the JSON
keeps every attempt.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

from servers import ROOT, machine_load, markdown_table, start

from literasi.curriculum import load_curriculum
from literasi.i18n import LANGS
from literasi.site.urls import lesson_page_url

# benchmarks/site.py runs Lighthouse; it cannot be imported as ``site`` (the standard library's module has that name).
_spec = importlib.util.spec_from_file_location("site_benchmark", Path(__file__).with_name("site.py"))
site_benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(site_benchmark)

TARGET_PERFORMANCE = 0.95
TARGET_ACCESSIBILITY = 1.0


def pages(langs: list[str], match: str | None, limit: int | None) -> list[str]:
    curriculum = load_curriculum(ROOT / "curriculum.yml")
    paths = [page.path for page in [*curriculum.lessons(), *curriculum.gallery]]
    urls = [lesson_page_url(lang, path) for lang in langs for path in paths if not match or match in path]
    return urls[:limit] if limit else urls


def measure(server, url: str) -> dict:
    """One Lighthouse run, with the machine's 1-minute load average just before and after it."""
    load = os.getloadavg()[0]
    try:
        result = site_benchmark.run_lighthouse(server.base + url, server)
    except Exception as error:  # noqa: BLE001 - one page failing still reports the others
        return {"error": f"{type(error).__name__}: {error}"[-400:], "load_1min": round(load, 2)}
    return {**result, "load_1min": round(load, 2), "load_1min_after": round(os.getloadavg()[0], 2)}


def below_target(result: dict) -> bool:
    return "error" in result or result["performance"] < TARGET_PERFORMANCE or result["accessibility"] < TARGET_ACCESSIBILITY


def wait_for_load(quiet: float, longest: float) -> None:
    """Until the 1-minute load average is at most ``quiet``, or ``longest`` seconds have passed."""
    deadline = time.monotonic() + longest
    while os.getloadavg()[0] > quiet and time.monotonic() < deadline:
        time.sleep(5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default=",".join(LANGS), help="id,en (default both)")
    parser.add_argument("--match", help="only pages whose path contains this text")
    parser.add_argument("--limit", type=int, help="at most this many pages")
    parser.add_argument("--json", type=argparse.FileType("w"), help="also write every raw figure as JSON")
    parser.add_argument("--retries", type=int, default=0, help="measure a page below a target again, up to N times")
    parser.add_argument("--quiet-load", type=float, default=1.5, help="1-minute load to wait for before a retry")
    parser.add_argument("--quiet-wait", type=float, default=180.0, help="longest wait for that load, seconds")
    args = parser.parse_args()
    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    if bad := [lang for lang in langs if lang not in LANGS]:
        parser.error(f"unknown language: {', '.join(bad)}")
    if not site_benchmark.lighthouse_available():
        parser.error("lighthouse not installed: run `npm ci --prefix benchmarks/lighthouse`")
    urls = pages(langs, args.match, args.limit)
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    before, started, results = machine_load(), time.perf_counter(), {}
    with start("literasi") as server:
        for url in urls:
            results[url] = measure(server, url)
            log(f"{url}: {results[url]} ({server.stats().kernels} kernels)")
        for url in urls:
            attempts = [results[url]]
            while below_target(results[url]) and len(attempts) <= args.retries:
                wait_for_load(args.quiet_load, args.quiet_wait)
                attempts.append(measure(server, url))
                log(f"{url} again: {attempts[-1]}")
                scored = [attempt for attempt in attempts if "error" not in attempt]
                results[url] = min(scored, key=lambda attempt: attempt["load_1min"]) if scored else attempts[-1]
            if len(attempts) > 1:
                results[url] = {**results[url], "attempts": attempts}
    rows = []
    for url, result in results.items():
        if "error" in result:
            rows.append([url, "error", "", "", "", "", "", "", result["error"][:80]])
            continue
        rows.append([url, f"{result['performance']:.2f}", f"{result['accessibility']:.2f}",
                     f"{result['fcp_s']:.2f} s", f"{result['tbt_ms']:.0f} ms", f"{result['lcp_s']:.1f} s",
                     f"{result['total_bytes'] / 1000:.0f} KB", f"{result['load_1min']:.1f}", ", ".join(result["failing_a11y"])])
    print(f"\nLighthouse mobile, {len(urls)} pages, {time.perf_counter() - started:.0f} s; {before} before, "
          f"{machine_load()} after.\n")
    print(markdown_table(["page", "performance", "accessibility", "FCP", "TBT", "LCP", "bytes", "load", "failing a11y audits"],
                         rows))
    scored = [result for result in results.values() if "error" not in result]
    if scored:
        performance = [result["performance"] for result in scored]
        accessibility = [result["accessibility"] for result in scored]
        tbt = sorted(result["tbt_ms"] for result in scored)
        print(f"\nperformance {min(performance):.2f}–{max(performance):.2f} "
              f"({sum(p < TARGET_PERFORMANCE for p in performance)} of {len(scored)} below {TARGET_PERFORMANCE}); "
              f"accessibility {min(accessibility):.2f}–{max(accessibility):.2f} "
              f"({sum(a < TARGET_ACCESSIBILITY for a in accessibility)} below {TARGET_ACCESSIBILITY:.2f}); "
              f"total blocking time median {tbt[len(tbt) // 2]:.0f} ms, max {tbt[-1]:.0f} ms")
    if args.json:
        json.dump({"machine": {"before": before, "after": machine_load()}, "pages": results}, args.json, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
