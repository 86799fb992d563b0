"""Where the curriculum content lives on disk.

The package can be installed normally or in editable mode, so content (the manifest, lessons, banks,
exercises) is found from the project root rather than from the package's own location: the
``LITERASI_ROOT`` environment variable when set, otherwise the nearest folder upwards from the
current directory that holds ``curriculum.yml`` (Voila and nbclient run a lesson with its own folder
as the working directory, so a lesson always finds its project).
"""

from __future__ import annotations

import os
from pathlib import Path

MANIFEST_NAME = "curriculum.yml"
ROOT_ENV = "LITERASI_ROOT"


class ContentNotFound(FileNotFoundError):
    """The Literasi project folder (with curriculum.yml) could not be found."""


def project_root(start: Path | str | None = None) -> Path:
    env = os.environ.get(ROOT_ENV)
    if env:
        root = Path(env).resolve()
        if not (root / MANIFEST_NAME).is_file():
            raise ContentNotFound(f"{ROOT_ENV}={env}: no {MANIFEST_NAME} there")
        return root
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST_NAME).is_file():
            return folder
    raise ContentNotFound(
        f"No {MANIFEST_NAME} in {here} or any folder above it; run from the Literasi project "
        f"folder or set {ROOT_ENV}."
    )


def lessons_dir(root: Path) -> Path:
    return root / "lessons"


def banks_dir(root: Path, lang: str) -> Path:
    return root / "lessons" / "banks" / lang


def exercises_source_dir(root: Path) -> Path:
    return root / "exercises" / "source"
