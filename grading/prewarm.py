"""nbgrader's Execute with the next kernel already starting while the current submission is graded.

Starting a Python kernel is most of the wall time of grading one small notebook; a grading worker
grades one submission after another, so it starts kernel n+1 in the background as soon as kernel n
has been handed out. Kernels are never reused: each submission gets a fresh one, moved to the
submission's folder before any of its cells run, and shut down afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbgrader.preprocessors import Execute

_lock = threading.Lock()
_pending: dict[str, tuple[threading.Thread, dict]] = {}


def _start(kernel_name: str, extra_arguments: list[str]) -> tuple[threading.Thread, dict]:
    box: dict = {}

    def launch() -> None:
        try:
            manager = AsyncKernelManager(kernel_name=kernel_name)
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


class PrewarmedExecute(Execute):
    def preprocess(self, nb, resources=None, km=None):
        if km is not None:
            return super().preprocess(nb, resources, km=km)
        kernel = take_kernel(self.kernel_name or nb.metadata.get("kernelspec", {}).get("name", "python3"),
                             list(self.extra_arguments) or ["--HistoryManager.hist_file=:memory:"])
        try:
            return super().preprocess(nb, resources, km=kernel)
        finally:
            run_sync(kernel.shutdown_kernel)(now=True)

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
