"""Literasi's lesson widgets: pure ipywidgets (+ matplotlib) over tested, widget-free logic.

A lesson does ``from literasi.widgets import Quiz``. Every public name a submodule lists in its
``__all__`` is importable from here; submodules are imported on first use, so a lesson pays only
for the widgets it shows.
"""

from __future__ import annotations

import importlib
import pkgutil

_INTERNAL = {"charts", "problems", "data_checks"}


def _submodules() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name not in _INTERNAL)


def __getattr__(name: str):
    for module_name in _submodules():
        module = importlib.import_module(f"{__name__}.{module_name}")
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    names = set(globals())
    for module_name in _submodules():
        names.update(getattr(importlib.import_module(f"{__name__}.{module_name}"), "__all__", ()))
    return sorted(names)
