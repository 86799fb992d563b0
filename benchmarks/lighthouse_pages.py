"""Benchmark: Lighthouse mobile (performance, accessibility) on every lesson and gallery page of `literasi serve`.

    .venv/bin/python benchmarks/lighthouse_pages.py [--lang id,en] [--match TEXT] [--limit N] [--json OUT]

One `literasi serve` on loopback; for each page (both languages unless --lang), the server is first left
quiet (preheated kernels started, nothing rendering), then npm ``lighthouse`` (benchmarks/lighthouse, ``npm ci``
first) runs in its default mobile mode: simulated slow 4G and 4× CPU slowdown, Debian chromium. Prints one row
per page (performance, accessibility, total blocking time, LCP, bytes, failing accessibility audits) and the
range over all pages; targets: performance ≥ 0.95, accessibility 1.00.

Lighthouse's simulated throttling multiplies the CPU time it observed: on a busy machine the performance
scores come out lower than on an idle one (the machine's load average is printed with the table).
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default=",".join(LANGS), help="id,en (default both)")
    parser.add_argument("--match", help="only pages whose path contains this text")
    parser.add_argument("--limit", type=int, help="at most this many pages")
    parser.add_argument("--json", type=argparse.FileType("w"), help="also write every raw figure as JSON")
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
            load = os.getloadavg()[0]
            try:
                results[url] = site_benchmark.run_lighthouse(server.base + url, server)
                results[url]["load_1min"] = round(load, 2)
                results[url]["load_1min_after"] = round(os.getloadavg()[0], 2)
            except Exception as error:  # noqa: BLE001 - one page failing still reports the others
                results[url] = {"error": f"{type(error).__name__}: {error}"[-400:]}
            log(f"{url}: {results[url]} ({server.stats().kernels} kernels)")
    rows = []
    for url, result in results.items():
        if "error" in result:
            rows.append([url, "error", "", "", "", "", result["error"][:80]])
            continue
        rows.append([url, f"{result['performance']:.2f}", f"{result['accessibility']:.2f}",
                     f"{result['tbt_ms']:.0f} ms", f"{result['lcp_s']:.1f} s", f"{result['total_bytes'] / 1000:.0f} KB",
                     ", ".join(result["failing_a11y"])])
    print(f"\nLighthouse mobile, {len(urls)} pages, {time.perf_counter() - started:.0f} s; {before} before, "
          f"{machine_load()} after.\n")
    print(markdown_table(["page", "performance", "accessibility", "TBT", "LCP", "bytes", "failing a11y audits"], rows))
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
