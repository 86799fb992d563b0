"""Navigation facts for a lesson page header (placeholder until the lesson template lands)."""

from __future__ import annotations


def lesson_nav(lesson_id: str, lang: str) -> dict:
    return {}
