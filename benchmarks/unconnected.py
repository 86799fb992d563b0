"""Visitors who never connect: plain GETs of a lesson page (no JavaScript, no websocket, as curl, a crawler, a
link preview or a monitoring probe sends them) against ``literasi serve``, with the grace period off
(``LITERASI_CONNECT_GRACE=0``: the site before it had one) and on (its default).

Two scenarios, each on a fresh server (loopback only, no warm pools so every page starts its own kernel):

- ``cap``: ``--cap`` plain GETs one after the other (as many as the learner cap), then one more, then a learner
  tries every 2 s for ``--watch`` seconds: a GET, and when it was handed a kernel, a websocket that connects to it
  (what the lesson page does). Reported: the statuses, and how long after the last GET the learner got in.
- ``one-address``: ``--burst`` plain GETs sent together from one address (127.0.0.1), then a learner from another loopback
  address (127.0.0.2). Reported: how many of the burst held a kernel, how many got the page without one, and
  whether the learner got a kernel.

    .venv/bin/python benchmarks/unconnected.py                    # both scenarios, grace off and on
    .venv/bin/python benchmarks/unconnected.py --cap 6 --watch 60 --burst 12

Bounded: at most ``--cap`` + ``--burst`` kernels per server, ``--watch`` seconds of polling, every process stopped
at the end (servers.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import kernel_id_from_page, machine_load, markdown_table, start  # noqa: E402

from literasi.site.settings import SiteSettings  # noqa: E402

# Each mode's setting is written out: os.environ is what every server of this run inherits.
MODES = {"off": {"LITERASI_CONNECT_GRACE": "0"},
         "on": {"LITERASI_CONNECT_GRACE": str(SiteSettings().connect_grace),
                "LITERASI_UNCONNECTED_PER_CLIENT": str(SiteSettings().unconnected_per_client)}}


def plain_get(server, source: str = "127.0.0.1") -> tuple[int, str | None]:
    """One GET of the lesson, no cookies, from ``source``: (status, kernel id or None)."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=180) as client:
        response = client.get(server.lesson_url)
    return response.status_code, kernel_id_from_page(response.text) if response.status_code == 200 else None


async def connect(server, kernel_id: str) -> bool:
    """Open the kernel's websocket and get a kernel_info reply, as the lesson page does (then close it: the kernel
    connected once, so it counts as a learner's until it is culled or shut)."""
    url = f"{server.ws_base}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
    async with websockets.connect(url, max_size=None, open_timeout=60) as socket:
        msg_id = str(uuid.uuid4())
        await socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "session": "bench", "username": "",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell", "buffers": []}))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            message = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
            if message.get("parent_header", {}).get("msg_id") == msg_id and message["channel"] == "shell":
                return True
    return False


def counts(server) -> dict:
    return httpx.get(f"{server.base}/healthz/kernels", timeout=30).json()


def scenario_cap(cap: int, watch: float, mode: str) -> list[str]:
    os.environ.update({"LITERASI_MAX_KERNELS": str(cap), "LITERASI_WARM": "0", **MODES[mode]})
    with start("literasi") as server:
        first = [plain_get(server) for _ in range(cap)]
        last_get = time.monotonic()
        seventh, _ = plain_get(server)
        got_in, tries, refused = None, 0, 0
        while time.monotonic() - last_get < watch:
            tries += 1
            status, kernel_id = plain_get(server)
            if status == 200 and kernel_id and asyncio.run(connect(server, kernel_id)):
                got_in = time.monotonic() - last_get
                break
            refused += status == 503
            time.sleep(2)
        state = counts(server)
    statuses = ",".join(str(status) for status, _ in first)
    learner = f"after {got_in:.1f} s" if got_in is not None else f"still refused after {watch:.0f} s"
    return [mode, f"{cap} GETs: {statuses}", str(seventh), learner, f"{refused}/{tries}",
            f"{state['learners']} learners, {state['kernels']} kernels"]


def scenario_one_address(burst: int, cap: int, mode: str) -> list[str]:
    os.environ.update({"LITERASI_MAX_KERNELS": str(cap), "LITERASI_WARM": "0", **MODES[mode]})
    with start("literasi") as server:
        with ThreadPoolExecutor(burst) as pool:  # sent together, as a script or a crawler with parallel fetches
            answers = list(pool.map(lambda _: plain_get(server, "127.0.0.1"), range(burst)))
        status, kernel_id = plain_get(server, "127.0.0.2")
        learner = "kernel" if status == 200 and kernel_id and asyncio.run(connect(server, kernel_id)) else str(status)
    with_kernel = sum(1 for status, kernel in answers if status == 200 and kernel)
    without = sum(1 for status, kernel in answers if status == 200 and not kernel)
    refused = sum(1 for status, _ in answers if status == 503)
    return [mode, str(burst), str(with_kernel), str(without), str(refused), learner]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=int, default=6, help="learner cap of the 'cap' scenario (default 6)")
    parser.add_argument("--watch", type=float, default=60, help="seconds the learner keeps trying (default 60)")
    parser.add_argument("--burst", type=int, default=12, help="GETs from one address (default 12)")
    parser.add_argument("--burst-cap", type=int, default=12, help="learner cap of 'one-address' (default 12)")
    parser.add_argument("--only", default="cap,one-address")
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(machine_load(), flush=True)
    if "cap" in only:
        rows = [scenario_cap(args.cap, args.watch, mode) for mode in MODES]
        print(f"\n### {args.cap} plain GETs against --max-kernels {args.cap}, then a learner every 2 s\n")
        print(markdown_table(["grace", "plain GETs", "next GET", "learner gets a kernel", "learner refused",
                              "at the end"], rows), flush=True)
    if "one-address" in only:
        rows = [scenario_one_address(args.burst, args.burst_cap, mode) for mode in MODES]
        print(f"\n### {args.burst} plain GETs sent together from one address (--max-kernels {args.burst_cap}), then a learner "
              "from another\n")
        print(markdown_table(["grace", "GETs", "with a kernel", "page without kernel", "503", "learner"], rows),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
