import importlib
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


def test_a_lesson_that_shows_a_quiz_loads_no_other_widget():
    code = "import sys; from literasi.widgets import Quiz; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "literasi.widgets.quiz" in loaded
    assert not [name for name in loaded if name.startswith(("literasi.widgets.sandi", "literasi.widgets.umkm"))]
    assert "zxcvbn" not in loaded and "tldextract" not in loaded
