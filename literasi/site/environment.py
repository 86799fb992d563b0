"""The process environment the site's Voila server needs, prepared in one place before it starts
(``literasi serve``, ``literasi serve --room``, ``literasi present``).

- ``JUPYTER_PATH`` starts with ``literasi/site/jupyter``: Voila looks its templates up on the Jupyter data path,
  and the ``literasi`` (public) and ``literasi-presentasi`` (projector) templates live there.
- ``LITERASI_ROOT`` names the project folder: learner kernels inherit the server's environment, and a lesson
  finds its quiz bank and widget data through it whatever working folder Voila gives the kernel.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

from literasi.paths import ROOT_ENV

JUPYTER_DATA_DIR = Path(__file__).parent / "jupyter"  # holds voila/templates/literasi and literasi-presentasi


def prepare_environment(root: Path, environ: MutableMapping[str, str] | None = None) -> None:
    """Set ``JUPYTER_PATH`` and ``LITERASI_ROOT`` for a site server of the project at ``root`` (in ``os.environ``
    unless given another mapping). Calling it again changes nothing: the template folder is listed once."""
    environ = os.environ if environ is None else environ
    ours = str(JUPYTER_DATA_DIR)
    others = [path for path in environ.get("JUPYTER_PATH", "").split(os.pathsep) if path and path != ours]
    environ["JUPYTER_PATH"] = os.pathsep.join([ours, *others])
    environ[ROOT_ENV] = str(root)
