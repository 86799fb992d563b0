"""The kernel fork server ("zygote") of the public site: one long-lived process that has already imported what
every learner kernel imports (ipykernel, ipywidgets, matplotlib, the lesson widgets), and forks a child per
kernel; the child becomes an ordinary IPython kernel on the connection file it is given.

A new Python process spends about a second of CPU importing those modules before a kernel can answer; a fork
takes milliseconds, and the children share the imported modules' memory pages with the zygote (copy-on-write)
instead of each holding its own copy. ``literasi.site.zygote_provisioner`` talks to it for Jupyter's kernel
manager; docs/kernels.md says why sharing those pages between learners is safe.

Run as ``python -m literasi.site.zygote SOCKET``: it imports, then listens on the unix socket ``SOCKET`` (in a
private folder the site made) and answers each request, one JSON line ``{"argv": [...], "env": {...}, "cwd":
..., "server_pid": N}``, with one JSON line: ``{"pid": N}`` from the child once it runs in a session of its own,
or ``{"error": "..."}``. It reaps its children, holds no thread and no ZeroMQ context when it forks, and exits
when the site server does (or on SIGTERM).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import gc
import importlib
import json
import os
import select
import signal
import socket
import sys
import threading
import types

# What every learner kernel imports (a running kernel's sys.modules after a lesson); each child starts with these
# already in memory. Then the read-only tables lessons read (``literasi.widgets.preload``: facts registry, string
# tables, widget data files, question banks); a kernel forked after one of those files changed reads it afresh.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.comm",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.extensions.storemagic",
    "sqlite3",
    "tornado.platform.asyncio",
    "tornado.queues",
    "ipywidgets",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "PIL.PngImagePlugin",
    "pydantic",
    "yaml",
    "babel.numbers",
    "babel.dates",
    "literasi.widgets",
)
# A learner kernel keeps no command history on disk: IPython's history database is one SQLite file for every
# kernel of the user (each kernel a writer thread and a connection of its own, and a learner's inputs kept after
# the kernel ends). In memory only, the history still serves In/Out within the kernel.
KERNEL_OPTIONS = ("--HistoryManager.enabled=False",)
KERNEL_CONFIG = {"HistoryManager": {"enabled": False}}  # the same, as configuration (ForkedKernelApp)
READY_SUFFIX = ".listening"  # the socket is bound at SOCKET.listening and renamed to SOCKET once it listens
REQUEST_LIMIT = 1 << 20  # bytes of one request (the kernel's environment is the largest part)
REQUEST_TIMEOUT = 10  # seconds for a client to send its request line
PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15


def preload() -> None:
    """Import what kernels import (the charts draw on Agg; no display is opened)."""
    for name in PRELOAD:
        importlib.import_module(name)
    widgets = sys.modules["literasi.widgets"]
    for module in sorted(set(widgets.EXPORTS.values())):  # each lesson's widgets (imported lazily by name)
        importlib.import_module(f"literasi.widgets.{module}")
    preload_data()
    from literasi.site.message_dates import install as read_message_dates_fast

    read_message_dates_fast()  # every kernel reads its messages' dates without dateutil (site/message_dates.py)
    warm_ipython()
    forked_kernel_app()  # the class, built once here (a class of traitlets is costly to build in each kernel)
    inline_charts()
    _module_files.modules = ModuleFileList(module_files())
    # Objects allocated so far are never visited by the garbage collector again: a collection in a child would
    # otherwise write to every object's header and copy every page it shares with the zygote.
    gc.collect()
    gc.freeze()


_data_read: dict = {}  # the tables' source files as they were when preload_data read them (preload.snapshot)


def preload_data() -> None:
    """Read, parse and validate the tables every lesson reads (the same for every learner, read-only), into the
    caches the widgets read them from; remember how their files were."""
    from literasi.widgets import preload as tables

    _data_read.clear()
    _data_read.update(tables.snapshot())
    for problem in tables.load_all():
        print(f"literasi zygote: not read in advance (kernels read it themselves): {problem}", file=sys.stderr)
    try:
        tables.warm_libraries()
    except Exception as error:  # noqa: BLE001 — each kernel then fills those caches itself, as before
        print(f"literasi zygote: library caches not filled in advance: {type(error).__name__}: {error}",
              file=sys.stderr)


def warm_ipython() -> None:
    """Run once here what every kernel runs identically as it starts: parse a kernel's command line and build an
    IPython shell (magics, hooks, namespaces), then throw both away. Python 3.11 rewrites a function's bytecode
    the first times it runs (warm-up counters, specialisation): run first in each kernel, that rewriting copied
    every page it touched into the kernel (about 4 MB each); run here, those pages stay shared. No kernel, socket,
    history database or thread is made, and what the shell changes in the process is put back."""
    import builtins

    from ipykernel.kernelapp import IPKernelApp
    from ipykernel.zmqshell import ZMQInteractiveShell
    from traitlets.config import Config

    names = vars(builtins)
    saved_builtins, saved_environ = dict(names), dict(os.environ)
    try:
        IPKernelApp().parse_command_line(["-f", os.devnull, *KERNEL_OPTIONS])
        config = Config()
        config.HistoryManager.enabled = False
        shell = ZMQInteractiveShell(config=config)  # not .instance(): no shell is left registered
        shell.cleanup()  # sys.displayhook, sys.excepthook and sys.modules["__main__"] as they were
        atexit.unregister(shell.atexit_operations)
    except Exception as error:  # noqa: BLE001 — each kernel then does all of it itself, as before
        print(f"literasi zygote: IPython not warmed in advance: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        names.clear()
        names.update(saved_builtins)
        os.environ.clear()
        os.environ.update(saved_environ)


def refresh_data() -> None:
    """In a child: if a table's file changed after the zygote read it, forget every table (the kernel reads them
    afresh where it uses them, as a kernel started the usual way does)."""
    from literasi.widgets import preload as tables

    if tables.snapshot() != _data_read:
        tables.forget_all()


def forkable() -> str | None:
    """Why forking now would be unsafe (a thread or a ZeroMQ context in this process), or None."""
    if threading.active_count() != 1:
        return f"{threading.active_count()} threads"
    zmq = sys.modules.get("zmq")
    if zmq is not None and zmq.Context._instance is not None:
        return "a ZeroMQ context"
    return None


def reap(*_) -> None:
    """Collect every child that has exited (SIGCHLD), so none stays a zombie."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def set_name(name: bytes) -> None:
    """The process name ``ps`` and ``top`` show (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        _libc().prctl(PR_SET_NAME, ctypes.c_char_p(name), 0, 0, 0)


def die_with_parent() -> None:
    """Receive SIGTERM when the site server exits, however it exits (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def read_request(conn: socket.socket) -> dict:
    conn.settimeout(REQUEST_TIMEOUT)
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk or len(data) + len(chunk) > REQUEST_LIMIT:
            raise ValueError("incomplete request")
        data += chunk
    request = json.loads(data)
    if not (isinstance(request.get("argv"), list) and isinstance(request.get("env"), dict)
            and isinstance(request.get("cwd"), str) and isinstance(request.get("server_pid"), int)):
        raise ValueError("malformed request")
    return request


def serve(path: str) -> None:
    """Listen on the unix socket ``path`` and fork a kernel per request until SIGTERM."""
    signal.signal(signal.SIGCHLD, reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the server's terminal is the server's to handle
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    os.umask(0o077)
    listener.bind(path + READY_SUFFIX)
    listener.listen(128)
    os.rename(path + READY_SUFFIX, path)
    atexit.register(lambda: os.path.exists(path) and os.unlink(path))
    while True:
        conn, _ = listener.accept()
        try:
            request = read_request(conn)
            unsafe = forkable()
            if unsafe:
                raise RuntimeError(f"not forking with {unsafe}")
            pid = os.fork()
        except Exception as error:  # noqa: BLE001 — the client falls back to a normal kernel start
            with contextlib.suppress(OSError):
                conn.settimeout(REQUEST_TIMEOUT)
                conn.sendall(json.dumps({"error": f"{type(error).__name__}: {error}"}).encode() + b"\n")
            conn.close()
            continue
        if pid == 0:
            become_kernel(request, listener, conn)  # never returns
        conn.close()


def become_kernel(request: dict, listener: socket.socket, conn: socket.socket) -> None:
    """In the forked child: leave the zygote behind (its sockets, signal handlers, session), take the learner's
    environment and folder, and run an IPython kernel on the connection file until it is shut down."""
    code = 1
    try:
        atexit._clear()  # the zygote's own (removing its socket) are not the kernel's
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses are waited for by their owners
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # an "interrupt" from the notebook
        listener.close()
        set_name(b"literasi-kernel")
        os.setsid()  # a process group of its own: the provisioner signals the kernel and what it starts
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        reseed()
        inline_charts()
        refresh_data()
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        conn.close()
        app = forked_kernel_app().instance()
        app.parent_handle = request["server_pid"]  # a kernel of the site server (its trait default was read here)
        app.initialize([*request["argv"], *KERNEL_OPTIONS])
        app.start()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # noqa: BLE001 — a child must never return into the zygote's loop
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def reseed() -> None:
    """Random state that a fork would copy from the zygote to every learner: numpy's global generator (Python's
    ``random`` reseeds itself after a fork). Only when the zygote imported ``numpy.random``: otherwise there is no
    state to copy (a kernel that imports it later is seeded afresh by the import), and importing it here only to
    reseed it cost each kernel 6 MB of its own."""
    random = sys.modules.get("numpy.random")
    if random is not None:
        random.seed()


INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def inline_charts() -> None:
    """What a kernel started afresh gets: matplotlib's default backend is the inline one unless the environment
    names another (ipykernel sets MPLBACKEND before matplotlib is imported; here it was imported earlier). Called
    in the zygote too, so that a kernel whose environment names no other backend finds it set already (setting it
    cost each kernel 2 MB)."""
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None and dict.__getitem__(matplotlib.rcParams, "backend") != os.environ["MPLBACKEND"]:
        matplotlib.rcParams["backend"] = os.environ["MPLBACKEND"]


def module_files() -> list[str]:
    """The file of every module imported (what ipykernel lists for its debugger as a kernel starts)."""
    return [module.__file__ for module in sys.modules.copy().values()
            if hasattr(module, "__file__") and module.__file__]


# ipykernel's kernel lists the file of every module in ``sys.modules`` when it starts (for its debugger's "just
# my code": ``[m.__file__ for m in sys.modules.copy().values() ...]``). In a forked kernel that walk wrote to every
# module object the kernel shares with the zygote (their reference counts), copying 5 MB of scattered pages into
# each kernel. While the kernel is built, ipykernel's module sees a stand-in for ``sys`` whose ``modules.copy()``
# gives the same files from one string the zygote made (a few pages); everything else is the real ``sys``'s.
class ModuleFileList:
    """``sys.modules`` as ipykernel's kernel reads it while it is built (see above)."""

    def __init__(self, files: list[str]):
        self._files = "\0".join(files)

    def copy(self) -> dict:
        return {str(index): types.SimpleNamespace(__file__=file) for index, file in enumerate(self._files.split("\0"))}

    def __getattr__(self, name: str):
        return getattr(sys.modules, name)

    def __getitem__(self, name: str):
        return sys.modules[name]

    def __contains__(self, name: object) -> bool:
        return name in sys.modules

    def __iter__(self):
        return iter(sys.modules)

    def __len__(self) -> int:
        return len(sys.modules)


class _ModuleFiles(types.ModuleType):
    modules: ModuleFileList | dict = {}

    def __getattr__(self, name: str):
        return getattr(sys, name)


_module_files = _ModuleFiles("sys")


@functools.cache
def forked_kernel_app() -> type:
    """ipykernel's kernel application, watching the site server (``parent_handle``) instead of its parent
    process: ipykernel's own poller would take the zygote for the server and end the kernel when the zygote is
    restarted. Built once, in the zygote."""
    from ipykernel import ipkernel
    from ipykernel.kernelapp import IPKernelApp

    class ForkedKernelApp(IPKernelApp):
        def parse_command_line(self, argv: list[str] | None = None) -> None:
            # What the zygote always gives (``-f <connection file>`` and KERNEL_OPTIONS), taken as traitlets would
            # take it: traitlets' parser, built from every configurable class, cost each kernel 2 MB.
            if argv is None or len(argv) != 2 + len(KERNEL_OPTIONS) or argv[0] != "-f" or argv[2:] != [
                    *KERNEL_OPTIONS]:
                return super().parse_command_line(argv)
            from traitlets.config import Config

            self.argv = list(argv)
            self.cli_config = Config({"IPKernelApp": {"connection_file": argv[1]}, **KERNEL_CONFIG})
            self.update_config(self.cli_config)
            self.extra_args = []

        def init_poller(self) -> None:
            self.poller = None
            watch_server(self.parent_handle)

        def init_kernel(self) -> None:
            if ipkernel.sys is not sys:  # not the ipykernel this was written for: build the kernel as it does
                return super().init_kernel()
            ipkernel.sys = _module_files
            try:
                super().init_kernel()
            finally:
                ipkernel.sys = sys

        def init_shell(self) -> None:
            super().init_shell()
            # ipywidgets registers its comm target at import when it finds the IPython shell; the zygote imported
            # it before there was one.
            import ipywidgets

            ipywidgets.register_comm_target()

    return ForkedKernelApp


def watch_server(server_pid: int) -> None:
    """Exit when the site server exits (what ipykernel's parent poller does for a kernel the server started)."""
    try:
        pidfd = os.pidfd_open(server_pid)
    except (OSError, AttributeError):
        os._exit(1)  # the server is gone already

    def wait() -> None:
        waiter = select.poll()
        waiter.register(pidfd, select.POLLIN)
        waiter.poll()  # readable once the server has exited
        os._exit(1)

    threading.Thread(target=wait, name="literasi-server-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    die_with_parent()
    set_name(b"literasi-zygote")
    # Like ipykernel_launcher: the folder the process started in is not on the import path.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    preload()
    serve(argv[0])


if __name__ == "__main__":
    main()
