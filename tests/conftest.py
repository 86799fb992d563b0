"""Shared fixtures: the project root, a running public site, where tests leave their artefacts."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = Path(os.environ.get("LITERASI_TEST_OUTPUT", ROOT / "test-results"))
LESSON_PATH = "03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def literasi_command() -> list[str]:
    """The installed console script when present (what users run), else the module."""
    script = Path(sys.executable).parent / "literasi"
    return [str(script)] if script.exists() else [sys.executable, "-m", "literasi.cli"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the content (manifest, lessons, exercises) that a test may break."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(ROOT / "curriculum.yml", copy)
    for folder in ("lessons", "exercises"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return copy


@pytest.fixture(scope="session")
def site() -> str:
    """``literasi serve`` as a subprocess on a free loopback port; yields its base URL."""
    port = free_port()
    log = (OUTPUT / "site-server.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [*literasi_command(), "serve", "--port", str(port)], cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"literasi serve did not start; see {log}")
            time.sleep(0.2)
        yield base
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
