"""The instructor's JupyterLab (``literasi lab``): the project folder, in Indonesian, opening "Mulai di sini".

JupyterLab's interface language is a user setting (``@jupyterlab/translation-extension:plugin`` →
``locale``; the Indonesian strings come from the ``jupyterlab-language-pack-id-ID`` package). Rather than
change the instructor's own settings in ``~/.jupyter``, ``literasi lab`` gives JupyterLab a settings folder
of its own (``LabApp.user_settings_dir`` and ``workspaces_dir`` under :func:`default_settings_dir`) and sets
the locale there at every start: ``id_ID``, or English with ``--lang en``. Other changes made in that
JupyterLab (theme, font size for the projector) are kept there for the next class. It also switches off
JupyterLab's news and update checks, which would need the internet and pop up on the projector.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from literasi.i18n import Lang

# One entry per language of the course (tests/test_i18n.py checks they match ``LANGS``).
LOCALES: dict[Lang, str] = {"id": "id_ID", "en": "en"}
START_NOTEBOOKS: dict[Lang, str] = {"id": "instruktur/Mulai-di-sini.ipynb", "en": "instruktur/Start-here.ipynb"}
TRANSLATION_SETTINGS = Path("@jupyterlab", "translation-extension", "plugin.jupyterlab-settings")
NOTIFICATION_SETTINGS = Path("@jupyterlab", "apputils-extension", "notification.jupyterlab-settings")


def default_settings_dir() -> Path:
    """``$XDG_DATA_HOME/literasi/lab`` (``~/.local/share/literasi/lab``): Literasi's own JupyterLab settings."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "literasi" / "lab"


def prepare_settings(settings_dir: Path, lang: str) -> Path:
    """Write the interface language (and, once, quiet notifications) into ``settings_dir/user-settings``."""
    user_settings = Path(settings_dir) / "user-settings"
    translation = user_settings / TRANSLATION_SETTINGS
    translation.parent.mkdir(parents=True, exist_ok=True)
    translation.write_text(json.dumps({"locale": LOCALES[lang]}, indent=2) + "\n", "utf-8")
    notification = user_settings / NOTIFICATION_SETTINGS
    if not notification.exists():  # the instructor may have changed it in JupyterLab since
        notification.parent.mkdir(parents=True, exist_ok=True)
        notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}, indent=2) + "\n",
                                "utf-8")
    return user_settings


def lab_command(root: Path, port: int, lang: str = "id", settings_dir: Path | None = None,
                open_browser: bool = True) -> list[str]:
    """The JupyterLab command line: the project folder on loopback, the language set, the start notebook open."""
    settings_dir = Path(settings_dir) if settings_dir else default_settings_dir()
    user_settings = prepare_settings(settings_dir, lang)
    command = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOKS[lang]}",
        f"--LabApp.user_settings_dir={user_settings}",
        f"--LabApp.workspaces_dir={settings_dir / 'workspaces'}",
    ]
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root; Jupyter refuses by default
        command.append("--allow-root")
    return command
