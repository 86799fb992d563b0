import importlib
import importlib.util
import pkgutil
import subprocess
import sys

import literasi.widgets as widgets

PREFIX = f"{widgets.__name__}."


def test_every_public_widget_name_is_exported_from_its_module():
    declared = {}
    for info in pkgutil.walk_packages(widgets.__path__, PREFIX):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        relative = info.name.removeprefix(PREFIX)  # "qris.calculator", as EXPORTS names it
        for name in getattr(module, "__all__", ()):
            assert name not in declared, f"{name} is declared by {declared.get(name)} and {relative}"
            declared[name] = relative
    assert declared == widgets.EXPORTS


def test_an_old_widget_name_is_the_same_class_as_its_new_name():
    assert widgets.TautanInspector is widgets.LinkInspector
    assert widgets.SandiMeter is widgets.PasswordMeter


def test_a_lesson_that_shows_a_quiz_loads_no_other_widget():
    code = "import sys; from literasi.widgets import Quiz; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "literasi.widgets.quiz" in loaded
    # A widget's topic: its subpackage (or, for a widget still in one module, that module).
    topics = {path.split(".")[0] for name, path in widgets.EXPORTS.items() if name not in ("Quiz", "format_rupiah")}
    assert not [name for name in loaded if name.startswith(PREFIX) and name.split(".")[2] in topics]
    assert not [name for name in loaded if name.startswith(("literasi.widgets.password", "literasi.widgets.umkm"))]
    assert "zxcvbn" not in loaded and "tldextract" not in loaded


def test_a_topics_core_module_loads_no_ipywidgets():
    # core.py is the topic's pure logic (tested without a kernel, usable from a command line); its widgets live
    # in the topic's other modules.
    cores = sorted(f"{info.name}.core" for info in pkgutil.iter_modules(widgets.__path__, "literasi.widgets.")
                   if info.ispkg and importlib.util.find_spec(f"{info.name}.core"))
    assert "literasi.widgets.link.core" in cores
    code = f"import sys; import {', '.join(cores)}; print('ipywidgets' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "False", cores
