"""Lesson-quiz results for a joined learner, reported by the learner's own kernel (never by the browser).

The design, and why a phone cannot forge a score, is in :mod:`literasi.widgets.quiz.report`. The server's part:

- :func:`kelas_lesson_hook` runs for every lesson request (``literasi.site.learner.LESSON_REQUEST_HOOKS``): when the
  request carries a valid Kelas session, it mints a random token for the kernel handed out, maps the token to the
  learner, and gives the kernel the token and this server's loopback callback address. Anonymous visitors get none;
- ``/kelas/kuis-hasil`` (POST, :class:`QuizReportHandler`) takes a report only over loopback (kernels run on the
  laptop) and only with a token this server minted; the quiz must be one of the course's banks and the score a
  whole number between 0 and the number of questions. It is recorded with ``ClassStore.record_quiz`` (committed
  before the 204). There is no XSRF cookie here: the caller is a kernel, not a browser, and the token it sends in a
  header is what a cross-site page can neither read nor send.
"""

from __future__ import annotations

import ipaddress
import json
import secrets

import tornado.web

from literasi.widgets.quiz.report import REPORT_TOKEN_ENV, REPORT_URL_ENV, TOKEN_HEADER

from . import KelasContext
from .session import learner_session

QUIZ_REPORT_PATH = "/kelas/kuis-hasil"
MAX_TOKENS = 20_000  # kernels handed out to joined learners in one run (oldest forgotten first)
MAX_REPORT_BYTES = 1024
MAX_QUESTIONS = 200


def kelas_lesson_hook(ctx: KelasContext, port: int):
    """The lesson-request hook of one Kelas server listening on ``port``."""
    tokens: dict[str, int] = ctx.extras.setdefault("kernel_tokens", {})

    def hook(handler) -> dict[str, str] | None:
        session = learner_session(handler, ctx.extras["secret"])
        if session is None or session[1] != ctx.code or ctx.store.learner(session[0]) is None:
            return None
        token = secrets.token_urlsafe(24)
        tokens[token] = session[0]
        while len(tokens) > MAX_TOKENS:
            del tokens[next(iter(tokens))]
        return {REPORT_URL_ENV: f"http://127.0.0.1:{port}{QUIZ_REPORT_PATH}", REPORT_TOKEN_ENV: token}

    return hook


def known_quizzes(ctx: KelasContext) -> set[str]:
    curriculum = ctx.extras.get("curriculum")
    return {lesson.bank for lesson in curriculum.lessons() if lesson.bank} if curriculum else set()


class QuizReportHandler(tornado.web.RequestHandler):
    def initialize(self, ctx: KelasContext) -> None:
        self.ctx = ctx

    def check_xsrf_cookie(self) -> None:
        """A kernel's report carries its token instead (see the module's docstring)."""

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish()

    def post(self) -> None:
        try:
            loopback = ipaddress.ip_address(self.request.remote_ip or "").is_loopback
        except ValueError:
            loopback = False
        learner_id = self.ctx.extras.get("kernel_tokens", {}).get(self.request.headers.get(TOKEN_HEADER, ""))
        if not loopback or learner_id is None:
            raise tornado.web.HTTPError(403)
        if len(self.request.body) > MAX_REPORT_BYTES:
            raise tornado.web.HTTPError(413)
        try:
            report = json.loads(self.request.body)
            quiz, score, total = report["quiz"], report["score"], report["max_score"]
        except (ValueError, KeyError, TypeError):
            raise tornado.web.HTTPError(400) from None
        numbers = all(isinstance(n, int) and not isinstance(n, bool) for n in (score, total))
        if quiz not in known_quizzes(self.ctx) or not numbers or not 0 <= score <= total <= MAX_QUESTIONS or total < 1:
            raise tornado.web.HTTPError(400)
        if self.ctx.store.learner(learner_id) is None:  # forgotten meanwhile
            raise tornado.web.HTTPError(403)
        self.ctx.store.record_quiz(learner_id, quiz, float(score), float(total))
        self.set_status(204)
        self.finish()


def quiz_routes(ctx: KelasContext) -> list[tuple]:
    return [(QUIZ_REPORT_PATH, QuizReportHandler, {"ctx": ctx})]
