"""Starting Kelas on the room server: ``literasi kelas start COURSE`` and ``literasi serve --room --course COURSE``.

:func:`kelas_context` opens the course's class store, creates (or, after a restart, takes up again) the class,
opens the named exercises, builds every released exercise's phone form, and readies the grading queue, which
grades first whatever an interrupted server left ungraded. :func:`kelas_banner` is what the laptop prints: the
class code, the address and QR code phones open, and the instructor's address with its token (printed only here).
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from literasi.i18n import t_pair
from literasi.kelas.class_data import remove_expired
from literasi.kelas.forms import course_forms
from literasi.kelas.grading_queue import GradingQueue
from literasi.kelas.store import ClassStore, clean_code

from ..urls import kelas_url
from . import KelasContext
from .instructor import instructor_url
from .session import course_secret

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read off a projector without doubt
CODE_LENGTH = 6
REUSE_CLASS_HOURS = 12  # a restart within this time takes up the same class (and every phone's session)


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def _recent_class(store: ClassStore, now: float) -> str | None:
    classes = store.export()["classes"]
    recent = [row for row in classes if now - row["created_at"] < REUSE_CLASS_HOURS * 3600]
    return max(recent, key=lambda row: row["created_at"])["code"] if recent else None


def kelas_context(course_root: Path | str, code: str | None = None, exercises: list[str] | None = None,
                  walk_ins: bool = True, default_lang: str = "id", curriculum=None, trusted_proxies=(),
                  jobs: int | None = None) -> KelasContext:
    """A class of the course at ``course_root``, ready to serve (see the module's docstring). ``exercises`` are
    exercise ids or assignment names to open (default: every released one, when the class is new); an unknown one
    is a ValueError."""
    from literasi.grading.course import Course
    from literasi.grading.roster import load_roster

    course = Course(Path(course_root).resolve())
    course.config()  # a clear error when this is not a course
    forms = course_forms(course.root)
    if not forms:
        raise ValueError(f"{course.root}: no released exercise; run `literasi course release {course.root}` first")
    given = clean_code(code) if code else None  # everything given is checked before the store is touched
    wanted = set(exercises or ())
    unknown = wanted - {form.assignment for form in forms.values()} - {form.exercise for form in forms.values()}
    if unknown:
        raise ValueError(f"unknown exercise(s) {sorted(unknown)}; released: {sorted(forms)}")
    expired = remove_expired(course.root)  # the retention setting, applied before anyone joins
    store = ClassStore.of_course(course.root)
    code = given or _recent_class(store, time.time()) or new_code()
    is_new = not store.class_exists(code)
    store.create_class(code)
    if wanted:
        for assignment, form in forms.items():
            store.set_exercise_open(code, assignment, assignment in wanted or form.exercise in wanted)
    elif is_new:
        for assignment in forms:
            store.set_exercise_open(code, assignment, True)
    ctx = KelasContext(course_root=course.root, store=store, code=code, forms=forms,
                       instructor_token=secrets.token_urlsafe(24), default_lang=default_lang, walk_ins=walk_ins)
    ctx.extras.update(expired=expired, secret=course_secret(course.root), curriculum=curriculum, trusted_proxies=trusted_proxies,
                      roster={learner.id: learner.name or learner.id for learner in load_roster(course)})
    ctx.extras["queue"] = GradingQueue(course.root, store, forms, jobs=jobs or min(2, os.cpu_count() or 1))
    return ctx


def kelas_banner(ctx: KelasContext, site_url: str, local_url: str) -> str:
    """What the laptop prints under the room banner: the class code, where phones join (with its QR code), and the
    instructor's page (with its token: keep it on the laptop; on the laptop itself, ``local_url`` needs none)."""
    from literasi.qr import qr_terminal

    join = kelas_url(base_url=site_url)
    expired = ctx.extras.get("expired")
    if expired and not (expired.learners or any(expired.counts.values())):
        expired = None  # nothing was old enough: nothing to say
    lines = ["─" * 64, *([expired.message("id"), expired.message("en"), ""] if expired else []),
             *t_pair("kelas.start.code", code=ctx.code).values(), "",
             *t_pair("kelas.start.join", url=join).values(), "", qr_terminal(join).rstrip("\n"), "",
             *t_pair("kelas.start.instructor").values(), f"    {instructor_url(site_url, ctx.instructor_token)}",
             *t_pair("kelas.start.instructor_local", url=instructor_url(local_url)).values(),
             "─" * 64]
    return "\n".join(lines)
