"""Kelas on the room site (issue 15): the learner's pages (join, exercises, submit, feedback, quiz results) and the
instructor's live progress page, both built on :mod:`literasi.kelas` (forms, values, the class store).

:class:`KelasContext` is what every Kelas handler is given; :func:`kelas_routes` is the list of routes the room
server adds when Kelas is on (``literasi kelas start COURSE``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from literasi.kelas.forms import ExerciseForm
from literasi.kelas.store import ClassStore


@dataclass
class KelasContext:
    """One class on one server: its course folder, store and code, the phone forms of its released exercises,
    and the token that opens the instructor's pages from another device (the laptop itself needs none)."""

    course_root: Path
    store: ClassStore
    code: str
    forms: dict[str, ExerciseForm]
    instructor_token: str
    base_url: str = "/"
    default_lang: str = "id"
    walk_ins: bool = True
    extras: dict[str, Any] = field(default_factory=dict)  # e.g. the grading queue, set by the learner side


def kelas_routes(ctx: KelasContext) -> list[tuple]:
    """Every Kelas route: the learner side's, then the instructor side's."""
    from .instructor import instructor_routes
    from .learner import learner_routes

    return [*learner_routes(ctx), *instructor_routes(ctx)]
