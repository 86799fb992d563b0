"""Reading the project's YAML files and naming a bad field the same way everywhere.

Manifest, question banks and data tables all report problems as ``file: path.to[0].field: what``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml


def field_path(parts: Iterable[str | int]) -> str:
    """``("modules", 2, "minutes")`` → ``modules[2].minutes``."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def read_yaml(path: Path, error: type[Exception]) -> object:
    """Parse ``path``; an unreadable or malformed file raises ``error`` with a message naming it."""
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror})") from None
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML ({problem})") from None
