"""nbgrader's Execute with the next kernel already starting while the current submission is graded.

Starting a Python kernel is most of the wall time of grading one small notebook; a grading worker
grades one submission after another, so it starts kernel n+1 in the background as soon as kernel n
has been handed out. Kernels are never reused: each submission gets a fresh one, moved to the
submission's folder before any of its cells run, and shut down afterwards.

The kernels talk over Unix sockets (ZeroMQ's ipc transport) in a folder of their own: the worker's
private ``kernels/`` folder (``use_folder``), else a temporary folder removed when the process exits.
TCP ports are picked before the kernel binds them, so two processes starting kernels at the same moment
can pick the same port and one kernel dies before it answers ("Kernel died before replying to
kernel_info"); a socket path in a folder only this worker uses cannot be taken by anyone else.
Each kernel's connection file and sockets are removed when it shuts down; whatever a killed worker
leaves behind goes with its folder.

A kernel that dies while a cell runs (nbclient's ``DeadKernelError``: the learner's code closed Python,
crashed it or used up the memory) does not abort the notebook: that cell and every later code cell get
a ``DeadKernelError`` error output, so nbgrader grades what ran and scores 0 for the rest, and the
feedback page and the trainer's table both name it (``outcomes.Failure.KERNEL_DIED``).
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute

from .outcomes import DEAD_KERNEL_ERROR

# A Unix socket path holds at most 107 bytes; a kernel's sockets are <folder>/k<n>-ipc-<port> (13 more at most).
MAX_FOLDER_CHARS = 90

_lock = threading.Lock()
_pending: dict[str, tuple[threading.Thread, dict]] = {}
_folder: Path | None = None
_numbers = itertools.count(1)


def use_folder(folder: Path) -> None:
    """Put this process's kernel connection files and sockets in ``folder`` (a grading worker's own)."""
    global _folder
    if len(str(folder.resolve())) > MAX_FOLDER_CHARS:
        return  # too long for socket paths: keep the private temporary folder instead
    folder.mkdir(parents=True, exist_ok=True)
    with _lock:
        _folder = folder.resolve()


def _kernel_folder() -> Path:
    global _folder
    with _lock:
        if _folder is None:
            _folder = Path(tempfile.mkdtemp(prefix="literasi-kernels-"))
            atexit.register(shutil.rmtree, _folder, ignore_errors=True)
        return _folder


def _manager(kernel_name: str) -> AsyncKernelManager:
    """A kernel manager on Unix sockets, with its connection file in this process's kernel folder."""
    connection_file = _kernel_folder() / f"k{next(_numbers)}.json"  # its sockets: k<n>-ipc-1 … k<n>-ipc-5
    return AsyncKernelManager(kernel_name=kernel_name, transport="ipc", connection_file=str(connection_file))


def _start(kernel_name: str, extra_arguments: list[str]) -> tuple[threading.Thread, dict]:
    box: dict = {}

    def launch() -> None:
        try:
            manager = _manager(kernel_name)
            asyncio.run(manager.start_kernel(extra_arguments=extra_arguments))
            box["km"] = manager
        except Exception as error:  # noqa: BLE001 - reported when the kernel is taken
            box["error"] = error

    thread = threading.Thread(target=launch, daemon=True)
    thread.start()
    return thread, box


def take_kernel(kernel_name: str, extra_arguments: list[str]) -> AsyncKernelManager:
    """The kernel started in the background for this worker (or a new one), and start the next."""
    with _lock:
        thread, box = _pending.pop(kernel_name, None) or _start(kernel_name, extra_arguments)
        _pending[kernel_name] = _start(kernel_name, extra_arguments)
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["km"]


def shutdown_pending() -> None:
    """Shut down the kernels started ahead and never taken (a worker's last one, a test's)."""
    with _lock:
        pending = list(_pending.values())
        _pending.clear()
    for thread, box in pending:
        thread.join()
        if "km" in box:
            run_sync(box["km"].shutdown_kernel)(now=True)


def dead_kernel_output(evalue: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("error", ename=DEAD_KERNEL_ERROR, evalue=evalue,
                                  traceback=[f"{DEAD_KERNEL_ERROR}: {evalue}"])


class PrewarmedExecute(Execute):
    _kernel_died = False  # set for the rest of a notebook once its kernel died

    def preprocess(self, nb, resources=None, km=None):
        self._kernel_died = False
        if km is not None:
            return super().preprocess(nb, resources, km=km)
        kernel = take_kernel(self.kernel_name or nb.metadata.get("kernelspec", {}).get("name", "python3"),
                             list(self.extra_arguments) or ["--HistoryManager.hist_file=:memory:"])
        try:
            return super().preprocess(nb, resources, km=kernel)
        finally:
            run_sync(kernel.shutdown_kernel)(now=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return super().preprocess_cell(cell, resources, index)
        if self._kernel_died:  # nothing can run any more: the cell scores as failed, never as passed
            cell.outputs = [dead_kernel_output("not run: the kernel died in an earlier cell")]
            cell.execution_count = None
            return cell, self.resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._kernel_died = True
            cell.outputs.append(dead_kernel_output("the kernel died while this cell ran"))
            return cell, self.resources

    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        # The kernel was started before this submission's folder existed: move it where a kernel
        # started now would be (nbgrader runs each notebook from its own folder), leaving no name
        # behind in the learner's namespace.
        path = (self.resources or {}).get("metadata", {}).get("path") or os.getcwd()
        await self.async_wait_for_reply(self.kc.execute(
            f"__import__('os').chdir({json.dumps(path)})", silent=True, store_history=False))
        return client

    # nbclient binds the synchronous alias to its own coroutine at class creation; bind ours.
    start_new_kernel_client = run_sync(async_start_new_kernel_client)
