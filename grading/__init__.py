"""Classroom grading on nbgrader: course set-up and autograding (installed as ``literasi.grading``).

The names below load on first use, so an exercise kernel that imports only
``literasi.grading.number_format`` does not pay for importing nbgrader.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {"Status": ".outcomes", "SubmissionGrade": ".outcomes", "grade_course": ".autograde",
            "Course": ".course", "CourseError": ".course", "init_course": ".course", "release_course": ".course"}

__all__ = ["Course", "CourseError", "Status", "SubmissionGrade", "grade_course", "init_course", "release_course"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
