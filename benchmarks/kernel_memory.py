"""Private memory of kernels forked from the site's zygote, cell by cell: starts the zygote
(``python -m literasi.site.zygote``), forks N kernels through it as the site does, runs each one's lesson cell by
cell with a Jupyter client, then types a learner's own number into the lesson's calculator (if it has one), and
prints each kernel's USS (Private_Dirty + Private_Clean) and PSS from ``/proc/PID/smaps_rollup`` after each step.

    .venv/bin/python benchmarks/kernel_memory.py [--kernels 4] [LESSON.ipynb ...]

Lessons default to the QRIS lesson and the sales-data lesson (kernels take them in turn). USS is what one more
kernel costs once many share the zygote's pages; PSS also counts the kernel's share of those pages, so it falls as
kernels are added. Linux only; no server, no network (ipc sockets in a temporary folder); at most 20 kernels;
everything started here is stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ("lessons/id/03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb",
           "lessons/id/04-ecommerce-umkm/03-membaca-data-penjualan.ipynb")
# A learner types their own number of transactions into the calculator the lesson showed (QRIS, pricing).
TYPE = "[setattr(v.count_box, 'value', '700') for v in Out.values() if hasattr(v, 'count_box')]"
MAX_KERNELS = 20
TIMEOUT = 120


def rollup(pid: int) -> dict[str, int]:
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                values[parts[0].rstrip(":")] = int(parts[1])
    return values


def uss_pss(pid: int) -> tuple[float, float]:
    values = rollup(pid)
    return (values["Private_Dirty"] + values["Private_Clean"]) / 1024, values["Pss"] / 1024


def code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text("utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def fork(folder: str, zygote_socket: str, index: int, lesson: Path, env: dict) -> tuple[int, BlockingKernelClient]:
    connection = os.path.join(folder, f"kernel-{index}.json")
    write_connection_file(connection, transport="ipc", ip=os.path.join(folder, f"kernel-{index}"))
    with socket.socket(socket.AF_UNIX) as client:
        client.settimeout(TIMEOUT)
        client.connect(zygote_socket)
        client.sendall(json.dumps({"argv": ["-f", connection], "env": env, "cwd": str(lesson.parent),
                                   "server_pid": os.getpid()}).encode() + b"\n")
        answer = json.loads(client.makefile().readline())
    kernel = BlockingKernelClient(connection_file=connection)
    kernel.load_connection_file()
    kernel.start_channels()
    kernel.wait_for_ready(timeout=TIMEOUT)
    return answer["pid"], kernel


def run(kernel: BlockingKernelClient, code: str) -> None:
    kernel.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda _message: None)
    time.sleep(0.2)  # what the kernel does after its reply (a chart's release) is counted too


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernels", type=int, default=4)
    parser.add_argument("lessons", nargs="*", default=LESSONS)
    args = parser.parse_args()
    count = max(1, min(args.kernels, MAX_KERNELS))
    lessons = [(ROOT / lesson).resolve() for lesson in args.lessons]
    folder = tempfile.mkdtemp(prefix="literasi-kernel-memory-")
    zygote_socket = os.path.join(folder, "zygote.sock")
    env = dict(os.environ, LITERASI_ROOT=str(ROOT), PYDEVD_DISABLE_FILE_VALIDATION="1")
    zygote = subprocess.Popen([sys.executable, "-m", "literasi.site.zygote", zygote_socket], cwd=folder, env=env,
                              stdin=subprocess.DEVNULL)
    kernels = []
    try:
        deadline = time.monotonic() + TIMEOUT
        while not os.path.exists(zygote_socket):
            if zygote.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the zygote did not start")
            time.sleep(0.05)
        print(f"zygote: USS {uss_pss(zygote.pid)[0]:.1f} MB")
        rows = []
        for index in range(count):
            lesson = lessons[index % len(lessons)]
            pid, kernel = fork(folder, zygote_socket, index, lesson, env)
            kernels.append((pid, kernel))
            steps = [("kernel ready", uss_pss(pid))]
            for number, code in enumerate(code_cells(lesson), 1):
                run(kernel, code)
                steps.append((f"cell {number}: {code.splitlines()[0][:40]}", uss_pss(pid)))
            run(kernel, TYPE)
            steps.append(("learner types their own number", uss_pss(pid)))
            if index < len(lessons):
                print(f"\n{lesson.relative_to(ROOT)} (kernel {pid})")
                for label, (uss, pss) in steps:
                    print(f"  {label:50s} USS {uss:5.1f} MB  PSS {pss:5.1f} MB")
            rows.append(steps[-1][1])
        uss = sum(row[0] for row in rows) / len(rows)
        pss = sum(uss_pss(pid)[1] for pid, _kernel in kernels) / len(kernels)
        print(f"\n{count} kernels: mean USS {uss:.1f} MB, mean PSS now {pss:.1f} MB "
              f"(zygote USS {uss_pss(zygote.pid)[0]:.1f} MB)")
    finally:
        for pid, kernel in kernels:
            kernel.stop_channels()
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        zygote.terminate()
        zygote.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
