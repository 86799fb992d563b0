"""Classroom grading on nbgrader: course set-up and autograding (installed as ``literasi.grading``)."""

from .autograde import Status, SubmissionGrade, grade_course
from .course import Course, CourseError, init_course, release_course

__all__ = ["Course", "CourseError", "Status", "SubmissionGrade", "grade_course", "init_course", "release_course"]
