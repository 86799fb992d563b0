"""Lesson-quiz completion per learner, from the class store, for ``literasi report``: how many of the plan's
lesson quizzes each learner did (the plan as :func:`.progress.plan_lessons` counts it: the lessons of the modules
whose exercises the course holds) and their mean share of points on those quizzes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from literasi.curriculum import Curriculum

from .progress import plan_lessons
from .store import STORE_NAME, ClassStore


@dataclass(frozen=True)
class QuizCompletion:
    student_id: str
    name: str
    done: int  # quizzes of the plan with a result
    total: int  # quizzes in the plan
    mean_share: float | None  # mean of score / max over the quizzes done


def quiz_completion(course_root: Path | str, curriculum: Curriculum, exercises: Iterable[str]
                    ) -> dict[str, QuizCompletion] | None:
    """Every learner of the course's class store (all classes) by student id; None when the course has no class
    store (the report is then what it always was)."""
    if not (Path(course_root) / STORE_NAME).is_file():
        return None
    store = ClassStore.of_course(course_root)
    lessons = plan_lessons(curriculum, exercises)
    keys = {key: lesson.id for lesson in lessons for key in (lesson.id, lesson.bank)}
    results: dict[int, dict[str, float]] = {}
    for result in store.quiz_results():
        lesson = keys.get(result["quiz"])
        if lesson is not None and result["max_score"]:
            results.setdefault(result["learner_id"], {})[lesson] = result["score"] / result["max_score"]
    completion = {}
    for learner in store.learners():
        shares = results.get(learner["id"], {})
        completion[learner["student_id"]] = QuizCompletion(
            learner["student_id"], learner["name"], len(shares), len(lessons),
            sum(shares.values()) / len(shares) if shares else None)
    return completion
