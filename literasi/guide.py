"""The instructor guide: suggested one-day and two-day bimtek schedules per track, from the manifest.

Times are computed from each lesson's minutes. The planning allowances below are the project's own
suggestions for a classroom (not facts about any programme); change them here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from literasi.curriculum import EVERYONE, TRACKS, Curriculum, Exercise, Lesson, Module
from literasi.i18n import t

DAY_START = dt.time(8, 0)
LUNCH = (dt.time(12, 0), 60)  # start, minutes
DAY_END = dt.time(16, 0)
DISCUSSION_MINUTES = 10  # after each lesson, in the two-day plan
EXERCISE_MINUTES = 20  # class time for a module's exercise, in the two-day plan


@dataclass(frozen=True)
class Slot:
    day: int
    start: dt.time
    minutes: int
    kind: str  # "lesson" | "discussion" | "exercise" | "lunch"
    title: str
    ref: str = ""  # the lesson id (lesson, discussion) or exercise id (exercise) the slot is for


def lessons_for(curriculum: Curriculum, track: str) -> list[tuple[Module, list[Lesson]]]:
    plan = []
    for module in curriculum.ordered_modules():
        lessons = [lesson for lesson in module.lessons if track == EVERYONE or lesson.track in (track, EVERYONE)]
        if lessons:
            plan.append((module, lessons))
    return plan


def exercises_for(curriculum: Curriculum, track: str) -> dict[str, list[Exercise]]:
    """Per module id, the exercises that assess at least one lesson of the track (civil servants who did not
    have the QRIS lesson are not given the QRIS exercise)."""
    plan = lessons_for(curriculum, track)
    taught = {lesson.id for _, lessons in plan for lesson in lessons}
    return {module.id: [exercise for exercise in module.exercises if taught & set(exercise.assesses)]
            for module, _ in plan}


def schedule(curriculum: Curriculum, track: str, days: int, lang: str) -> tuple[list[Slot], list[str]]:
    """Slots that fit in ``days`` days, and the titles of what did not fit (to assign as self-study), in course order.

    When the days are too short, the track's own lessons keep their place in class (an ASN bimtek is for its ASN
    lessons): lessons for everyone move to self-study instead, the last of them first, until the track's own
    lessons fit or no lesson for everyone is left in class."""
    order = [lesson.id for _, lessons in lessons_for(curriculum, track) for lesson in lessons]
    own = set() if track == EVERYONE else {lesson_id for lesson_id in order if curriculum.lesson(lesson_id).track == track}
    moved: list[str] = []  # lessons for everyone sent to self-study to make room for the track's own
    while True:
        slots, left = _pack(curriculum, track, days, lang, set(moved))
        in_class = [slot.ref for slot in slots if slot.kind == "lesson"]
        shared = [lesson_id for lesson_id in in_class if lesson_id not in own]
        if not own & set(left) or not shared:
            break
        moved.append(shared[-1])
    titles = {lesson_id: curriculum.lesson(lesson_id).title[lang] for lesson_id in order}
    return slots, [titles[lesson_id] for lesson_id in order if lesson_id in set(left) | set(moved)]


def _pack(curriculum: Curriculum, track: str, days: int, lang: str,
          skipped: set[str]) -> tuple[list[Slot], list[str]]:
    """The track's lessons but ``skipped`` in course order, packed into ``days`` days; and the ids of the lessons
    that did not fit."""
    in_class = days > 1
    items: list[tuple[int, str, str, str]] = []
    exercises = exercises_for(curriculum, track)
    for module, lessons in lessons_for(curriculum, track):
        for lesson in lessons:
            if lesson.id in skipped:
                continue
            items.append((lesson.minutes, "lesson", lesson.title[lang], lesson.id))
            if in_class:
                items.append((DISCUSSION_MINUTES, "discussion", t("guide.discussion", lang), lesson.id))
        for exercise in exercises[module.id]:
            if in_class:
                items.append((EXERCISE_MINUTES, "exercise", exercise.title[lang], exercise.id))
    slots: list[Slot] = []
    left: list[str] = []
    day, clock = 1, _minutes(DAY_START)
    lunch_at, lunch_minutes = _minutes(LUNCH[0]), LUNCH[1]
    lunch_done = False
    for minutes, kind, title, ref in items:
        if not lunch_done and clock + minutes > lunch_at:
            slots.append(Slot(day, _time(clock), lunch_minutes, "lunch", t("guide.lunch", lang)))
            clock, lunch_done = max(clock, lunch_at) + lunch_minutes, True
        if clock + minutes > _minutes(DAY_END):
            if day == days:
                if kind == "lesson":
                    left.append(ref)
                continue
            day, clock, lunch_done = day + 1, _minutes(DAY_START), False
        slots.append(Slot(day, _time(clock), minutes, kind, title, ref))
        clock += minutes
    return slots, left


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def render_guide(curriculum: Curriculum, lang: str = "id") -> str:
    """The whole guide as Markdown: per track, a one-day and a two-day schedule."""
    lines = [f"# {t('guide.title', lang)}", "", t("guide.intro", lang), ""]
    for track in TRACKS:
        lines += [f"## {t('guide.track', lang)}: {t('site.track_' + track, lang)}", ""]
        for days in (1, 2):
            slots, left = schedule(curriculum, track, days, lang)
            lines += [f"### {t('guide.days_' + str(days), lang)}", "",
                      f"| {t('guide.col_day', lang)} | {t('guide.col_time', lang)} | {t('guide.col_minutes', lang)} "
                      f"| {t('guide.col_activity', lang)} |", "|---|---|---|---|"]
            for slot in slots:
                label = f"{t('guide.kind_discussion', lang)}: {slot.title}" if slot.kind == "discussion" else slot.title
                lines.append(f"| {slot.day} | {slot.start:%H.%M} | {slot.minutes} | {label} |")
            if left:
                lines += ["", t("guide.self_study", lang) + " " + "; ".join(left)]
            if days == 1:
                exercises = [e.title[lang] for items in exercises_for(curriculum, track).values() for e in items]
                if exercises:
                    lines += ["", t("guide.homework", lang) + " " + "; ".join(exercises)]
            lines.append("")
    return "\n".join(lines)
