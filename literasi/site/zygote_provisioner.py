"""Jupyter's kernel provisioner for the public site's learner kernels: starts each kernel as a fork of the site's
zygote (``literasi.site.zygote``) instead of a new Python process, so a kernel answers in a fraction of a second
and shares the imported modules' memory with the others.

Registered as ``literasi-zygote`` (``jupyter_client.kernel_provisioners`` entry point) and chosen by the site's
configuration (``kernel_config``), so Voila's kernel manager, its warm pools, the culler and shutdown use it
without knowing. A forked kernel is the zygote's child, not the server's: it is followed through a pidfd
(``ForkedKernel``, which answers like ``subprocess.Popen``), and signalled in its own process group, so every
method of ``LocalProvisioner`` works unchanged. The zygote is started on the first kernel and started again when
it has died; when it cannot fork (or the kernel is not an IPython kernel of this Python) the kernel starts the
usual way, with a line in the log.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import logging
import os
import pathlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

from .zygote import READY_SUFFIX

ZYGOTE_START_TIMEOUT = 90  # seconds for the zygote to import and listen (a busy box at boot)
FORK_TIMEOUT = 30  # seconds for a fork request to be answered
UNKNOWN_EXIT = 1  # a forked kernel's exit status is its zygote's to collect; the manager only needs "exited"

log = logging.getLogger(__name__)


def readable(fd: int, timeout: float | None) -> bool:
    """Whether ``fd`` becomes readable within ``timeout`` seconds (None: wait). poll(2), not select(2): a
    server holding many kernels has descriptors above select's limit of 1024."""
    waiter = select.poll()
    waiter.register(fd, select.POLLIN)
    return bool(waiter.poll(-1 if timeout is None else int(timeout * 1000)))


class ForkedKernel:
    """A kernel process that is not our child, followed like ``subprocess.Popen`` (poll, wait, signals) through
    a pidfd, which never names another process once this one has exited."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._pidfd, self.returncode = None, UNKNOWN_EXIT

    def poll(self) -> int | None:
        if self.returncode is None and readable(self._pidfd, 0):
            self._exited()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not readable(self._pidfd, timeout):
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            self._exited()
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._pidfd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def _exited(self) -> None:
        self.returncode = UNKNOWN_EXIT
        os.close(self._pidfd)
        self._pidfd = None

    def __del__(self) -> None:
        if getattr(self, "_pidfd", None) is not None:
            os.close(self._pidfd)


class Zygote:
    """The site server's one zygote process: started when first needed, restarted when it has died, stopped with
    the server. It listens on a unix socket in a folder only this user can enter."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.folder: str | None = None
        self._lock: asyncio.Lock | None = None
        atexit.register(self.stop)

    @property
    def socket_path(self) -> str:
        return os.path.join(self.folder, "zygote.sock")

    async def fork(self, argv: list[str], env: dict[str, str], cwd: str, log: logging.Logger = log) -> int:
        """A new kernel process running ``ipykernel`` with ``argv``; its pid."""
        await self._running(log)
        reader, writer = await asyncio.open_unix_connection(self.socket_path, limit=1 << 16)
        try:
            request = {"argv": argv, "env": env, "cwd": cwd, "server_pid": os.getpid()}
            writer.write(json.dumps(request).encode() + b"\n")
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), FORK_TIMEOUT)
        finally:
            writer.close()
        answer = json.loads(line) if line else {"error": "no answer (the zygote or its child exited)"}
        if "pid" not in answer:
            raise RuntimeError(answer.get("error", "unexpected answer"))
        return int(answer["pid"])

    async def _running(self, log: logging.Logger) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self.process is not None and self.process.poll() is None:
                return
            if self.process is not None:
                log.warning("literasi zygote exited (status %s); starting it again", self.process.returncode)
            await self._start(log)

    async def _start(self, log: logging.Logger) -> None:
        self.stop()
        self.folder = tempfile.mkdtemp(prefix="literasi-zygote-")  # mode 0700: only this user reaches the socket
        self.process = subprocess.Popen([sys.executable, "-m", "literasi.site.zygote", self.socket_path],
                                        stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.folder)
        deadline = time.monotonic() + ZYGOTE_START_TIMEOUT
        while not os.path.exists(self.socket_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the zygote did not start")
            await asyncio.sleep(0.05)
        log.info("literasi zygote ready (pid %s)", self.process.pid)

    def stop(self) -> None:
        """Stop the zygote (its kernels are the kernel manager's to shut) and remove its folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.socket_path + READY_SUFFIX)


_zygote: Zygote | None = None


def zygote() -> Zygote:
    global _zygote
    if _zygote is None:
        _zygote = Zygote()
    return _zygote


def ipykernel_arguments(cmd: list[str]) -> list[str] | None:
    """The arguments of an ``ipykernel_launcher`` command of this very Python (what the zygote can become), or
    None for any other kernel command."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"]:
        with contextlib.suppress(OSError):
            if os.path.samefile(shutil.which(cmd[0]) or cmd[0], sys.executable):
                return cmd[3:]
    return None


class ZygoteProvisioner(LocalProvisioner):
    """``LocalProvisioner`` whose kernels are forks of the zygote (see the module's docstring)."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        arguments = ipykernel_arguments(cmd)
        if arguments is None:
            self.log.warning("literasi zygote: %s is not an IPython kernel of this Python; starting it the usual way",
                             cmd[:3])
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or pathlib.Path.cwd())
        env = dict(kwargs.get("env") or os.environ)
        try:
            pid = await zygote().fork(arguments, env, cwd, self.log)
        except Exception as error:  # noqa: BLE001 — any failure of the fast path falls back to the usual start
            self.log.warning("literasi zygote could not fork a kernel (%s); starting it the usual way", error)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the child made its own session: signals reach the kernel and what it starts
        self.cwd = cwd
        return self.connection_info
