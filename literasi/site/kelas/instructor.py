"""Kelas, the instructor's side: the live progress page, open/close an exercise, the CSV download."""

from __future__ import annotations


def instructor_routes(ctx) -> list[tuple]:
    return []
