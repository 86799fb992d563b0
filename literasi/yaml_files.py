"""Reading the project's YAML files and naming a bad field the same way everywhere.

Manifest, question banks and data tables all report problems as ``file: path.to[0].field: what``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

# libyaml's parser (PyYAML built with it, as its wheels are) reads the same YAML into the same values about ten
# times faster than the pure-Python one: the facts registry, the string tables, data files and banks are read by
# every lesson kernel, and the pure parser was most of a kernel's CPU.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> object:
    """``yaml.safe_load``, with libyaml's parser when PyYAML has it."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 — a safe loader (C or Python)


def field_path(parts: Iterable[str | int]) -> str:
    """``("modules", 2, "minutes")`` → ``modules[2].minutes``."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def read_yaml(path: Path, error: type[Exception]) -> object:
    """Parse ``path``; an unreadable or malformed file raises ``error`` with a message naming it."""
    try:
        return parse_yaml(path.read_text("utf-8"))
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror})") from None
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML ({problem})") from None
