"""Grading's time limits, pass mark and default course id, each defined once.

This module imports nothing, so ``literasi --help`` can show the defaults without loading nbgrader (which
takes seconds). A trainer overrides them per course or per run: ``course init --cell-timeout`` (written into
the course's ``nbgrader_config.py``) and ``--course-id``, ``grade --wall-clock``, ``certificates --min-score``.
"""

# The course's name for nbgrader's exchange, unless given (`course init --course-id`) or set in the environment
# (the class hub sets it for instructors).
COURSE_ID = "literasi"
COURSE_ID_ENV = "LITERASI_COURSE_ID"
# Per cell: nbgrader interrupts a cell after this many seconds (a loop that never ends scores 0 there).
CELL_TIMEOUT_SECONDS = 10
# Per notebook: a grading worker that has not finished one submission in this many seconds is stopped.
WALL_CLOCK_SECONDS = 90
# A grading worker that is not ready (Python, nbgrader and a kernel started) after this many seconds has failed.
STARTUP_SECONDS = 120
# A learner passes when they completed every exercise and scored at least this share of the points.
PASS_SHARE = 0.7
