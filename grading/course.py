"""A real nbgrader course built from ``exercises/source``: config, gradebook, generated student versions.

The course folder is a plain nbgrader course (``nbgrader_config.py``, ``source/``, ``release/``,
``submitted/``, ``autograded/``, ``gradebook.db``), so an instructor can also open it with nbgrader's
own formgrader in JupyterLab.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from literasi.curriculum import Curriculum, assignment_name, load_curriculum
from literasi.i18n import LANGS
from literasi.paths import exercises_source_dir, project_root

from .defaults import CELL_TIMEOUT_SECONDS, COURSE_ID, COURSE_ID_ENV

CONFIG_NAME = "nbgrader_config.py"

# One file holds the course's grading settings; NbGraderAPI and nbgrader's own CLI/formgrader read it.
CONFIG_TEMPLATE = '''\
# Written by `literasi course init`. nbgrader reads this file; so does `literasi grade`.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course_id}"
# Answers are values: the released cell keeps `harga = ...` and the solution region is removed.
c.ClearSolutions.code_stub = {{"python": ""}}
c.ClearSolutions.text_stub = "Tulis jawaban Anda di sini. / Write your answer here."
# A submission that loops forever is interrupted after this many seconds per cell and scores 0 there.
c.Execute.timeout = {timeout}
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
# Before running: answer cells may only assign values (grading/answers.py). After running: cap outputs.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",{answers_check}
]
c.AnswersAreValues.allowed_calls = {allowed_calls!r}
c.Autograde.autograde_preprocessors = [
    "literasi.grading.prewarm.PrewarmedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "literasi.grading.limits.CapOutput",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
'''


class CourseError(RuntimeError):
    """A course step failed; the message says which and why."""


@dataclass(frozen=True)
class Course:
    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def gradebook_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    @property
    def course_id(self) -> str:
        """The nbgrader course id written at ``literasi course init`` (a JupyterHub class's group name)."""
        return str(self.config().CourseDirectory.get("course_id", COURSE_ID))

    def config(self) -> Config:
        config_file = self.root / CONFIG_NAME
        if not config_file.is_file():
            raise CourseError(f"{self.root}: not a Literasi course (no {CONFIG_NAME}); run `literasi course init` first")
        config = PyFileConfigLoader(CONFIG_NAME, path=str(self.root)).load_config()
        config.CourseDirectory.root = str(self.root)
        return config

    def api(self) -> NbGraderAPI:
        _put_interpreter_tools_on_path()
        config = self.config()
        return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    def assignments(self) -> list[str]:
        return sorted(p.name for p in self.source.iterdir() if p.is_dir()) if self.source.is_dir() else []


def _put_interpreter_tools_on_path() -> None:
    """nbgrader runs the ``alembic`` command to manage the gradebook; find it beside our interpreter
    even when the virtual environment is not activated (``.venv/bin/literasi grade ...``)."""
    tools = str(Path(sys.executable).parent)
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")


def assignment_names(curriculum: Curriculum) -> list[str]:
    return [exercise.assignment(lang) for exercise in curriculum.exercises() for lang in LANGS]


def allowed_calls(source_root: Path, names: list[str]) -> set[str]:
    """Helper functions the exercises' answers may call (``metadata.literasi.allowed_calls`` of the sources)."""
    calls: set[str] = set()
    for name in names:
        for path in (source_root / name).glob("*.ipynb"):
            calls.update(nbformat.read(path, as_version=4).metadata.get("literasi", {}).get("allowed_calls", []))
    return calls


def init_course(course_dir: Path | str, root: Path | None = None, timeout: int = CELL_TIMEOUT_SECONDS,
                strict_answers: bool = True, course_id: str | None = None) -> Course:
    """Create (or refresh) a course: config, the manifest's exercises as sources, gradebook, student versions.

    ``strict_answers=False`` lets answer cells hold any code (then only the runtime limits protect grading).
    ``course_id`` names the class for nbgrader's exchange (on JupyterHub: the class's group suffix); by default
    ``$LITERASI_COURSE_ID`` (set by the hub for instructors), else "literasi". ``timeout`` is the seconds a cell may
    run before nbgrader interrupts it (written into the course's ``nbgrader_config.py``, so it holds until the
    next ``course init``)."""
    course_id = course_id or os.environ.get(COURSE_ID_ENV) or COURSE_ID
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", course_id):
        raise CourseError(f"course id {course_id!r}: use letters, digits, '-' and '_' only")
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise CourseError(f"cell timeout {timeout!r}: give a whole number of seconds, at least 1")
    root = root or project_root()
    curriculum = load_curriculum(root=root)
    course = Course(Path(course_dir).resolve())
    course.root.mkdir(parents=True, exist_ok=True)
    source_root = exercises_source_dir(root)
    names = assignment_names(curriculum)
    config = CONFIG_TEMPLATE.format(
        course_id=course_id, timeout=timeout, allowed_calls=sorted(allowed_calls(source_root, names)),
        answers_check='\n    "literasi.grading.answers.AnswersAreValues",' if strict_answers else "",
    )
    (course.root / CONFIG_NAME).write_text(config, "utf-8")
    for name in names:
        origin = source_root / name
        if not origin.is_dir():
            raise CourseError(f"{origin}: the manifest lists exercise {name!r} but its source folder is missing")
        target = course.source / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(origin, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    release_course(course)
    return course


def release_course(course: Course | Path | str, exercise: str | None = None) -> list[Path]:
    """Generate the student versions (``release/<assignment>/``) of every assignment, or of one exercise
    (its Indonesian and English assignments); return the released folders."""
    course = course if isinstance(course, Course) else Course(Path(course).resolve())
    names = course.assignments()
    if exercise:
        variants = {assignment_name(exercise, lang) for lang in LANGS}
        names = [name for name in names if name in variants]
        if not names:
            raise CourseError(f"{course.root}: no exercise {exercise!r} in this course "
                              f"(it has: {', '.join(course.assignments()) or 'none'})")
    api = course.api()
    for name in names:
        result = api.generate_assignment(name, force=True, create=True)
        if not result["success"]:
            raise CourseError(f"generating {name!r} failed:\n{result.get('error') or result.get('log')}")
    return [course.release / name for name in names]
