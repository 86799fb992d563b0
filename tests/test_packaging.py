"""The package installs as designed, and environment.yml stays in step with pyproject.toml."""

import re
import subprocess

import tomllib
import yaml
from conftest import literasi_command


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return requirement[len(_name(requirement)):].replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject(root):
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    environment = yaml.safe_load((root / "environment.yml").read_text("utf-8"))
    assert "conda-forge" in environment["channels"]
    conda = {_name(d): _spec(d) for d in environment["dependencies"] if isinstance(d, str)}
    pip = [d for d in environment["dependencies"] if isinstance(d, dict)]
    listed = dict(conda)
    for entry in pip:
        for requirement in entry.get("pip", []):
            if requirement.startswith("-e"):
                continue
            listed[_name(requirement)] = _spec(requirement)
    for requirement in wanted:
        assert _name(requirement) in listed, f"{_name(requirement)} is in pyproject.toml but not environment.yml"
        assert listed[_name(requirement)] == _spec(requirement), f"{_name(requirement)}: version ranges differ"
    extra = set(listed) - {_name(r) for r in wanted} - {"python", "pip"}
    assert not extra, f"environment.yml lists what pyproject.toml does not: {sorted(extra)}"


def test_widgets_and_grading_are_installed_under_the_literasi_namespace(root):
    import literasi.grading
    import literasi.widgets

    assert literasi.widgets.__file__.startswith(str(root / "widgets"))
    assert literasi.grading.__file__.startswith(str(root / "grading"))


def test_command_line_help_is_plain_language():
    result = subprocess.run([*literasi_command(), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("serve", "lab", "check", "course", "grade"):
        assert command in result.stdout
    assert "pelajar" in result.stdout or "instruktur" in result.stdout


def test_a_normal_install_carries_widgets_grading_and_their_data(root, tmp_path):
    import sys
    import zipfile

    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(root)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    # A first setup should not greet a new user with a screen of setuptools warnings about data folders.
    assert "would be ignored" not in built.stderr, built.stderr[:2000]
    names = set(zipfile.ZipFile(next(tmp_path.glob("literasi-*.whl"))).namelist())
    for expected in ("literasi/widgets/quiz/widget.py", "literasi/widgets/data/qris.yml",
                     "literasi/widgets/data/quiz_bank.schema.json", "literasi/grading/course.py",
                     "literasi/print/handout.py", "literasi/kelas/forms.py", "literasi/kelas/store.py",
                     "literasi/site/kelas/instructor.py", "literasi/locale/en/kemajuan.yml",
                     "literasi/locale/id/quiz.yml", "literasi/site/pages/landing.html.j2",
                     "literasi/site/jupyter/voila/templates/literasi/index.html.j2",
                     "literasi/site/kelas/learner.py", "literasi/site/pages/kelas_exercise.html.j2"):
        assert expected in names
    # Every widget module, in the topic subpackages too (each must be listed in pyproject's packages).
    for module in (root / "widgets").rglob("*.py"):
        assert f"literasi/widgets/{module.relative_to(root / 'widgets').as_posix()}" in names, module
    assert not any(name.startswith(("widgets/", "grading/", "exercises/", "tests/")) for name in names)
