"""Learner kernels forked from the site's zygote (literasi/site/zygote.py, zygote_provisioner.py): in a real site
they start, run the lesson and show its widgets; leaving, culling and shutting the server still end them; a
killed kernel is replaced, a killed zygote is started again; they share memory; and a kernel the zygote cannot
fork starts the usual way."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import signal
import time
from pathlib import Path

import pytest
from conftest import LESSON_PATH, ROOT, Visitor, running_literasi
from helpers import kernel_counts
from playwright.sync_api import expect

IDLE = 20
LESSON = f"/voila/render/id/{LESSON_PATH}"
OTHER_LESSON = "/voila/render/en/03-pembayaran-digital/02-transfer-bifast-ewallet.ipynb"  # never in a pool here
POOL = 2


def wait_until(check, seconds: float, pause: float = 0.5):
    """Call ``check`` until it returns something true or ``seconds`` have passed; return its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(pause)


def processes() -> dict[int, tuple[int, str, str]]:
    """Every process: pid → (parent pid, state letter, name)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
            found[int(entry.name)] = (int(rest[1]), rest[0], name)
    return found


def zygote_of(server_pid: int) -> int | None:
    return next((pid for pid, (ppid, state, name) in processes().items()
                 if ppid == server_pid and name == "literasi-zygote" and state != "Z"), None)


def children(pid: int, state: str | None = None) -> list[int]:
    """Children of ``pid`` (live ones, or those in ``state``, e.g. "Z" for zombies)."""
    return [child for child, (ppid, letter, _) in processes().items()
            if ppid == pid and (letter == state if state else letter != "Z")]


def memory(pid: int) -> dict[str, int]:
    """Rss and Pss of a process, in kB."""
    lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    return {line.split()[0].rstrip(":"): int(line.split()[1]) for line in lines if line.startswith(("Rss:", "Pss:"))}


@pytest.fixture(scope="module")
def zygote_site():
    """A default site (zygote on) keeping POOL warm kernels for the QRIS lesson only, culling after IDLE s; no
    kernels made ready for a next lesson (test_site_next_lesson.py), so the zygote's children are exactly the
    pool's and the learners'."""
    with running_literasi("serve", "--warm", "0", "--hot", f"qris-untuk-usaha-mikro:{POOL}", "--max-kernels", "6",
                          "--no-next-warm",
                          "--idle-timeout", str(IDLE), "--cull-interval", "1", name="zygote-site") as (base, process, _):
        counts = wait_until(lambda: (c := kernel_counts(base))["kernels"] == POOL and c, 240)
        assert counts["kernels"] == POOL
        yield base, process.pid


def test_every_kernel_is_a_fork_of_the_zygote_and_the_lesson_shows_its_widgets(zygote_site, phone):
    base, server = zygote_site
    phone.goto(base + LESSON, timeout=180_000)
    calculator = phone.locator(".literasi-calculator").first
    calculator.scroll_into_view_if_needed()
    expect(calculator).to_be_visible(timeout=120_000)
    expect(calculator.locator(".literasi-result")).not_to_be_empty()
    zygote = zygote_of(server)
    assert zygote is not None
    # The server starts no kernel itself: every kernel it counts is the zygote's child.
    assert children(server) == [zygote]
    counts = wait_until(lambda: (c := kernel_counts(base))["kernels"] == len(children(zygote)) and c, 60)
    assert counts and counts["learners"] >= 1


def test_leaving_and_culling_end_forked_kernels_without_zombies(zygote_site):
    base, server = zygote_site
    assert wait_until(lambda: kernel_counts(base)["learners"] == 0, IDLE + 30)  # the browser test's kernel
    zygote = zygote_of(server)
    visitor = Visitor(base)
    status, _, html = visitor.get(OTHER_LESSON)
    assert status == 200
    assert visitor.leave(html) == 204
    status, _, _ = Visitor(base).get(OTHER_LESSON)  # a visitor who never comes back: culled after IDLE s
    assert status == 200
    assert kernel_counts(base)["learners"] == 1
    assert wait_until(lambda: kernel_counts(base) == {"kernels": POOL, "warm": POOL, "learners": 0,
                                                      "max_learners": 6, "waiting": 0}, IDLE + 30)
    assert wait_until(lambda: len(children(zygote)) == POOL, 30)
    assert children(zygote, state="Z") == []


def test_a_killed_kernel_is_replaced(zygote_site):
    base, server = zygote_site
    zygote = zygote_of(server)
    kernels = set(children(zygote))
    victim = min(kernels)
    os.kill(victim, signal.SIGKILL)
    # The kernel manager's restarter notices within seconds and starts the same kernel again, forked anew.
    replaced = wait_until(lambda: (now := set(children(zygote))) != kernels and len(now) == len(kernels) and now, 60)
    assert replaced and victim not in replaced
    assert children(zygote, state="Z") == []
    assert kernel_counts(base)["kernels"] == POOL
    status, _, _ = Visitor(base).get(LESSON)
    assert status == 200


def test_a_killed_zygote_is_started_again_and_its_kernels_live_on(zygote_site):
    base, server = zygote_site
    # Only the warm pool left (never culled): the kernels the old zygote leaves behind must keep running.
    assert wait_until(lambda: kernel_counts(base)["learners"] == 0, IDLE + 30)
    old = zygote_of(server)
    orphans = children(old)
    assert len(orphans) == POOL
    os.kill(old, signal.SIGKILL)
    assert wait_until(lambda: zygote_of(server) is None, 30)
    visitor = Visitor(base)
    status, _, html = visitor.get(OTHER_LESSON)  # a kernel started for this request: the zygote comes back
    assert status == 200 and b"kernelId" in html
    new = zygote_of(server)
    assert new not in (None, old)
    assert children(server, state="Z") == []  # the old zygote was reaped when it was found dead
    assert len(children(new)) >= 1
    assert all(processes().get(pid, (0, "Z"))[1] != "Z" for pid in orphans)  # warm kernels of the old zygote live on
    assert visitor.leave(html) == 204


def test_forked_kernels_share_the_imported_modules(zygote_site):
    base, server = zygote_site
    visitors = [Visitor(base) for _ in range(2)]
    pages = [visitor.get(OTHER_LESSON)[2] for visitor in visitors]  # two kernels that ran the whole lesson
    folder = ROOT / "lessons" / "en" / "03-pembayaran-digital"
    kernels = [pid for pid in children(zygote_of(server)) if Path(f"/proc/{pid}/cwd").resolve() == folder]
    assert len(kernels) >= 2
    used = [memory(pid) for pid in kernels]
    # Pages shared with the zygote and the other kernels count only in part towards PSS.
    assert sum(u["Pss"] for u in used) < 0.8 * sum(u["Rss"] for u in used), used
    for visitor, html in zip(visitors, pages, strict=True):
        assert visitor.leave(html) == 204


def test_the_server_stops_its_zygote_and_kernels():
    with running_literasi("serve", "--warm", "0", "--hot", "qris-untuk-usaha-mikro:1",
                          name="zygote-stop-site") as (base, process, _):
        assert wait_until(lambda: kernel_counts(base)["kernels"] == 1, 240)
        zygote = zygote_of(process.pid)
        kernels = children(zygote)
        assert zygote and kernels
    gone = wait_until(lambda: not any(os.path.exists(f"/proc/{pid}") and processes().get(pid, (0, "Z"))[1] != "Z"
                                      for pid in [zygote, *kernels]), 30)
    assert gone


def test_no_zygote_starts_kernels_the_usual_way():
    with running_literasi("serve", "--no-zygote", "--warm", "0", "--hot", "qris-untuk-usaha-mikro:1",
                          name="no-zygote-site") as (base, process, _):
        assert wait_until(lambda: kernel_counts(base)["kernels"] == 1, 240)
        assert zygote_of(process.pid) is None
        assert len(children(process.pid)) == 1  # the kernel itself


# --- the provisioner on its own ----------------------------------------------------------------------------

PROBE = "import os, sys; print(repr((os.getcwd(), os.environ.get('LITERASI_PROBE'), os.getppid())))"


def run_probe(folder: Path, cwd: Path) -> tuple[object, str]:
    """Start a python3 kernel through the literasi-zygote provisioner with an environment and a folder of its own;
    its process (as the provisioner followed it) and its answer to PROBE; the kernel is shut down on return."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import KernelProvisionerFactory

    async def run():
        factory = KernelProvisionerFactory.instance()
        before = factory.default_provisioner_name
        factory.default_provisioner_name = "literasi-zygote"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "kernel"))
            await manager.start_kernel(env={**os.environ, "LITERASI_PROBE": "learner-7"}, cwd=str(cwd))
        finally:
            factory.default_provisioner_name = before
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            outputs = []
            await client.execute_interactive(PROBE, timeout=60, output_hook=lambda m: outputs.append(
                m["content"].get("text", "")))
            return manager.provisioner.process, "".join(outputs)
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    # In a thread of its own: Playwright may own this thread's event loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result(timeout=180)


def run_in_kernels(folder: Path, codes: list[str]) -> list[str]:
    """Start one python3 kernel per code through the literasi-zygote provisioner, each while the earlier ones still
    run, and run its code there; what each printed. Every kernel is shut down on return."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import KernelProvisionerFactory

    async def run():
        factory = KernelProvisionerFactory.instance()
        before = factory.default_provisioner_name
        factory.default_provisioner_name = "literasi-zygote"
        folder.mkdir(parents=True, exist_ok=True)
        running, answers = [], []
        try:
            for number, code in enumerate(codes):
                manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(folder / f"k{number}"))
                await manager.start_kernel(env=dict(os.environ), cwd=str(ROOT / "lessons"))
                client = manager.client()
                client.start_channels()
                running.append((manager, client))
                await client.wait_for_ready(timeout=60)
                outputs = []
                await client.execute_interactive(code, timeout=60, output_hook=lambda m, out=outputs: out.append(
                    m["content"].get("text", "")))
                answers.append("".join(outputs).strip())
            return answers
        finally:
            factory.default_provisioner_name = before
            for manager, client in running:
                client.stop_channels()
                await manager.shutdown_kernel(now=True)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result(timeout=240)


READ_TABLES = """
from literasi import i18n
from literasi.widgets.quiz import bank
from literasi.widgets.quiz.bank import shared_bank
preloaded = i18n.strings.cache_info().currsize == 2 and any("qris-untuk-usaha-mikro" in str(p) for p in bank._SHARED)
history = get_ipython().history_manager.enabled  # noqa: F821 — the kernel's shell
print(preloaded, history, i18n.t("quiz.restart", "id"), shared_bank("qris-untuk-usaha-mikro", "id").questions[0].prompt[:40])
"""
SPOIL_TABLES = """
from literasi import i18n
from literasi.widgets.quiz.bank import shared_bank
i18n.strings("id")["quiz.restart"] = "RUSAK"
object.__setattr__(shared_bank("qris-untuk-usaha-mikro", "id").questions[0], "prompt", "RUSAK")
print(i18n.t("quiz.restart", "id"), shared_bank("qris-untuk-usaha-mikro", "id").questions[0].prompt)
"""


def test_forked_kernels_find_the_tables_read_and_one_learner_cannot_change_another_learners(tmp_path, monkeypatch):
    """The zygote read the string tables and question banks before forking; a kernel that overwrites them (here on
    purpose, past the models' frozen fields) changes its own copy only: the next learner's kernel reads them as the
    files say. No kernel keeps its learner's inputs in IPython's history file."""
    from literasi.i18n import t
    from literasi.site import zygote_provisioner
    from literasi.widgets.quiz.bank import load_bank

    restart, prompt = t("quiz.restart", "id"), load_bank("qris-untuk-usaha-mikro", "id", ROOT).questions[0].prompt
    zygote_provisioner.zygote().stop()
    monkeypatch.setenv("LITERASI_ROOT", str(ROOT))  # as the site sets it: the zygote started now finds the project
    try:
        first, spoiled, after = run_in_kernels(tmp_path / "kernels", [READ_TABLES, SPOIL_TABLES, READ_TABLES])
    finally:
        zygote_provisioner.zygote().stop()
    assert first == after == f"True False {restart} {prompt[:40]}"  # preloaded; no history written to disk
    assert spoiled == "RUSAK RUSAK"


def test_a_forked_kernel_gets_the_learners_environment_and_folder(tmp_path):
    from literasi.site import zygote_provisioner

    kernel, answer = run_probe(tmp_path / "kernels", ROOT / "lessons")
    cwd, probe, ppid = eval(answer)  # noqa: S307 — a repr printed by the test's own kernel
    assert (cwd, probe) == (str(ROOT / "lessons"), "learner-7")
    assert ppid == zygote_provisioner.zygote().process.pid
    assert isinstance(kernel, zygote_provisioner.ForkedKernel)
    assert kernel.poll() is not None  # shut down, and followed to its end
    zygote_provisioner.zygote().stop()


def test_a_kernel_the_zygote_cannot_fork_starts_the_usual_way(tmp_path, monkeypatch, caplog):
    from literasi.site import zygote_provisioner

    class Broken:
        async def fork(self, *args):
            raise OSError("no more processes")  # what a failed fork() raises

    monkeypatch.setattr(zygote_provisioner, "zygote", lambda: Broken())
    with caplog.at_level(logging.WARNING):
        kernel, answer = run_probe(tmp_path / "kernels", tmp_path)
    assert not isinstance(kernel, zygote_provisioner.ForkedKernel)
    cwd, probe, ppid = eval(answer)  # noqa: S307
    assert (cwd, probe, ppid) == (str(tmp_path), "learner-7", os.getpid())
    assert "could not fork a kernel (no more processes); starting it the usual way" in caplog.text


def test_a_forked_kernel_is_followed_whatever_its_descriptor_number():
    """A server with many kernels holds descriptors above 1024 (select's limit): following a kernel still works."""
    import resource
    import subprocess

    from literasi.site.zygote_provisioner import ForkedKernel

    high = 1500
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] <= high:
        pytest.skip("this machine allows too few open files")
    process = subprocess.Popen(["sleep", "60"])
    try:
        kernel = ForkedKernel(process.pid)
        os.dup2(kernel._pidfd, high)
        os.close(kernel._pidfd)
        kernel._pidfd = high
        assert kernel.poll() is None
        kernel.kill()
        process.wait(timeout=30)  # the test started it: reap it so its pidfd says it has ended
        assert kernel.wait(timeout=30) is not None and kernel.poll() is not None
    finally:
        process.kill()
        process.wait(timeout=30)


# --- the setting -------------------------------------------------------------------------------------------

def test_the_zygote_is_on_by_default_and_can_be_turned_off():
    from literasi.curriculum import load_curriculum
    from literasi.site.kernels import kernel_config
    from literasi.site.settings import SiteSettings

    curriculum = load_curriculum(ROOT / "curriculum.yml")
    assert SiteSettings().zygote
    on = kernel_config(curriculum, SiteSettings())
    assert on["KernelProvisionerFactory"] == {"default_provisioner_name": "literasi-zygote"}
    for word in ("0", "false", "no", "off"):
        off = SiteSettings.from_env({"LITERASI_ZYGOTE": word})
        assert not off.zygote and "KernelProvisionerFactory" not in kernel_config(curriculum, off)
    assert SiteSettings.from_env({"LITERASI_ZYGOTE": "0"}, zygote=True).zygote  # a flag beats the environment
    with pytest.raises(ValueError, match="LITERASI_ZYGOTE='mungkin'"):
        SiteSettings.from_env({"LITERASI_ZYGOTE": "mungkin"})


def test_a_forked_kernel_lists_for_its_debugger_the_same_module_files_without_walking_the_modules():
    import sys

    from literasi.site import zygote

    files = zygote.module_files()
    listed = zygote.ModuleFileList(files)
    # what ipykernel's kernel computes from ``sys.modules`` as it starts (ipkernel.py), from the stand-in
    assert [m.__file__ for m in listed.copy().values() if hasattr(m, "__file__") and m.__file__] == files
    assert "literasi.site.zygote" in listed and listed["sys"] is sys and len(listed) == len(sys.modules)
    assert listed.get("no.such.module") is None


def test_a_forked_kernel_takes_its_command_line_as_traitlets_would():
    from ipykernel.kernelapp import IPKernelApp

    from literasi.site import zygote

    argv = ["-f", "/tmp/kernel-x.json", *zygote.KERNEL_OPTIONS]
    fast, usual = zygote.forked_kernel_app()(), IPKernelApp()
    fast.parse_command_line(argv)
    usual.parse_command_line(argv)
    assert fast.connection_file == usual.connection_file == "/tmp/kernel-x.json"
    assert fast.extra_args == usual.extra_args == []
    assert set(fast.cli_config) == set(usual.cli_config)
    assert str(fast.config.HistoryManager.enabled) == str(usual.config.HistoryManager.enabled) == "False"
    other = zygote.forked_kernel_app()()  # anything else goes through traitlets' own parser
    other.parse_command_line(["-f", "/tmp/kernel-y.json", "--IPKernelApp.ip=127.0.0.2"])
    assert other.connection_file == "/tmp/kernel-y.json" and other.ip == "127.0.0.2"
