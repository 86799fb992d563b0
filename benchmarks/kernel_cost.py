"""CPU seconds and memory one learner costs: N learners open the QRIS lesson one after another on a quiet server
(each waits until the server has settled again: warm pool refilled), and the CPU used meanwhile is summed over the
server's process tree, by role.

    .venv/bin/python benchmarks/kernel_cost.py [--learners 5] [--only literasi|literasi-nozygote|stock ...]

Roles: the server process (Voila/Jupyter Server: page rendering, kernel start, websocket traffic), the zygote
(forks), and the kernels (imports done after the fork, the lesson's cells, widget comms). Learners leave by
closing their websocket only, so their kernels stay alive until they are counted (a kernel that exited takes its
CPU figures with it); the server is stopped at the end. Also prints the mean PSS of the kernels then alive.
Loopback only; at most 20 learners; every process started here is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import httpx
import psutil
from load import BROWSER_HEADERS, Learner, learner_address, open_lesson
from servers import KINDS, is_kernel, machine_load, markdown_table, start

MAX_LEARNERS = 20


def cpu_by_process(server) -> dict[tuple[int, float], tuple[str, float]]:
    """(pid, start time) → (role, user + system CPU seconds) for every process of the server's tree."""
    seen = {}
    for process in server.tree():
        try:
            with process.oneshot():
                times = process.cpu_times()
                if process.pid == server.process.pid:
                    role = "server"
                elif is_kernel(process):
                    role = "kernels"
                elif process.name() == "literasi-zygote":
                    role = "zygote"
                else:
                    role = "other"
                seen[(process.pid, process.create_time())] = (role, times.user + times.system)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return seen


def measure(kind: str, learners: int) -> dict:
    with start(kind) as server:
        server.wait_quiet(timeout=120)
        before = cpu_by_process(server)
        seconds = []
        for index in range(learners):
            learner = Learner(index, 0.0)

            async def visit(learner=learner) -> None:
                transport = httpx.AsyncHTTPTransport(local_address=learner_address(learner.index))
                async with httpx.AsyncClient(headers=BROWSER_HEADERS, timeout=120, transport=transport) as client:
                    await open_lesson(client, server, server.lesson_url, learner, time.perf_counter())

            asyncio.run(visit())
            seconds.append(learner.first_widget)
            server.wait_quiet(timeout=120)
        after = cpu_by_process(server)
        roles: dict[str, float] = {}
        for key, (role, cpu) in after.items():
            roles[role] = roles.get(role, 0.0) + cpu - before.get(key, (role, 0.0))[1]
        return {"kind": kind, "learners": learners, "first_widget": sorted(seconds)[len(seconds) // 2],
                "cpu": {role: cpu / learners for role, cpu in roles.items()},
                "kernel_pss_mb": server.kernel_pss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=5)
    parser.add_argument("--only", action="append", choices=KINDS)
    args = parser.parse_args()
    learners = max(1, min(args.learners, MAX_LEARNERS))
    print(f"CPU per learner, QRIS lesson, {learners} learners one after another; {machine_load()}")
    rows = []
    for kind in args.only or ["literasi", "literasi-nozygote", "stock"]:
        result = measure(kind, learners)
        cpu = result["cpu"]
        rows.append([kind, f"{result['first_widget']:.2f}", f"{cpu.get('server', 0):.2f}",
                     f"{cpu.get('zygote', 0):.3f}", f"{cpu.get('kernels', 0):.2f}", f"{sum(cpu.values()):.2f}",
                     f"{result['kernel_pss_mb']:.1f}" if result["kernel_pss_mb"] else "-"])
        print(rows[-1], flush=True)
    print(markdown_table(["server", "first widget p50 s", "CPU s: server", "zygote", "kernels", "total",
                          "PSS/kernel MB"], rows))
    print(machine_load())


if __name__ == "__main__":
    main()
