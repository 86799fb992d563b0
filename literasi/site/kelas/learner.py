"""Kelas, the learner's side: join with the class code, the exercise forms, Kirim, feedback, quiz results."""

from __future__ import annotations


def learner_routes(ctx) -> list[tuple]:
    return []
