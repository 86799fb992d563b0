"""Kelas, the learner's side: join with the class code, the exercise forms, Kirim, feedback.

Routes (all plain HTML from Jinja templates, phone first, ``?lang=en`` for English; the site's security headers):

- ``/kelas`` — a learner who joined: their home (the lessons with a tick per quiz done, the exercises with their
  status). Anyone else: **Masuk kelas** (the class code, then a name from the roster or, when walk-ins are allowed,
  typed), with the privacy notice before joining;
- ``/kelas/masuk`` (POST) — the two steps of joining: the code (throttled per client address), then the name;
- ``/kelas/latihan/<assignment>`` — the exercise's form (GET) and **Kirim** (POST);
- ``/kelas/kiriman/<attempt>`` — one of the learner's attempts: waiting, then its score and feedback;
  ``…/status`` is the small JSON the page polls;
- ``/kelas/kelas.js`` — that polling script (no inline script: the site's CSP allows none).

Every write checks Tornado's XSRF token, the request size, and the learner's session (:mod:`.session`); a learner
reaches only their own attempts (an id of someone else's is "not found", exactly like an id that does not exist).
A submission is stored (committed) before the phone is told so, then graded by :class:`GradingQueue`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import lru_cache

import jinja2
import tornado.httputil
import tornado.web
from markupsafe import Markup

from literasi.i18n import known_lang, other_lang, strings, t
from literasi.kelas.forms import HEADING, ExerciseForm
from literasi.kelas.privacy import privacy_notice
from literasi.kelas.store import StoreRefused, clean_code
from literasi.kelas.values import parse_answers
from literasi.print.markdown import to_html

from ..app import PageHandler
from ..client_address import request_client
from ..urls import TEMPLATE_GLOBALS, kelas_attempt_url, kelas_exercise_url, kelas_url, lesson_switch_url
from . import KelasContext
from .limits import CODE_TRIES, CODE_WINDOW, MAX_BODY_BYTES, MAX_NAME_FIELD, SUBMISSIONS_PER_MINUTE, SlidingWindow
from .quiz import quiz_routes
from .session import learner_session, set_learner_cookie

log = logging.getLogger(__name__)

SCRIPT = """(function () {
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url"), tries = 0;
  function poll() {
    tries += 1;
    fetch(url, {credentials: "same-origin", cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (data) { if (data.graded) { window.location.reload(); } else if (tries < 400) { setTimeout(poll, 1000); } })
      .catch(function () { if (tries < 400) { setTimeout(poll, 3000); } });
  }
  setTimeout(poll, 700);
})();
"""


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.PackageLoader("literasi.site", "pages"), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(TEMPLATE_GLOBALS)
    environment.globals.update(kelas_url=kelas_url, kelas_exercise_url=kelas_exercise_url,
                               kelas_attempt_url=kelas_attempt_url)
    environment.filters["markdown"] = lambda text: Markup(to_html(text))
    environment.filters["without_heading"] = lambda text: HEADING.sub("", text, count=1)
    return environment


@tornado.web.stream_request_body
class KelasHandler(PageHandler):
    """What every Kelas learner page shares: the context, the language, the session, the page shell.

    The body is streamed, so a request larger than :data:`MAX_BODY_BYTES` is refused before it is read (by its
    ``Content-Length``, with a sentence) or while it is read (the connection's limit): it never fills the server's
    memory. Every POST's form is parsed here and its XSRF token checked before the handler runs."""

    def initialize(self, ctx: KelasContext) -> None:
        self.ctx = ctx
        self._chunks: list[bytes] = []
        self._size = 0

    def prepare(self) -> None:
        length = self.request.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            self.refuse(413, "kelas.web.too_big")
            return
        self.request.connection.set_max_body_size(MAX_BODY_BYTES)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= MAX_BODY_BYTES:
            self._chunks.append(chunk)

    def read_form(self) -> None:
        """Parse the streamed body into ``request.body_arguments`` and check the XSRF token (403 when wrong)."""
        if self._size > MAX_BODY_BYTES:
            raise tornado.web.HTTPError(413)
        self.request.body = b"".join(self._chunks)
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            tornado.httputil.parse_body_arguments(content_type, self.request.body, self.request.body_arguments,
                                                  self.request.files, self.request.headers)
            for name, values in self.request.body_arguments.items():  # as Tornado does for a body it read itself
                self.request.arguments.setdefault(name, []).extend(values)
        self.check_xsrf_cookie()

    @property
    def lang(self) -> str:
        return known_lang(self.get_query_argument("lang", self.ctx.default_lang), self.ctx.default_lang)

    def error_lang(self) -> str:
        return self.lang

    def learner(self) -> dict | None:
        """The learner this request's session names, when the store still has them in this class."""
        session = learner_session(self, self.ctx.extras["secret"])
        if session is None or session[1] != self.ctx.code:
            return None
        learner = self.ctx.store.learner(session[0])
        return learner if learner is not None and learner["class_code"] == self.ctx.code else None

    def render_page(self, template: str, status: int = 200, **values) -> None:
        lang = self.lang
        other = other_lang(lang)
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(_environment().get_template(template).render(
            lang=lang, other_lang=other, s=strings(lang), switch_url=f"{self.request.path}?lang={other}",
            xsrf=Markup(self.xsrf_form_html()), **values))

    def refuse(self, status: int, key: str, **params) -> None:
        self.render_page("kelas_notice.html.j2", status, message=t(key, self.lang, **params))

    def join_page(self, status: int = 200, problem: str = "", step: str = "code", code: str = "", names=()) -> None:
        title, parts = privacy_notice(self.lang, self.ctx.store.retention_days)
        self.render_page("kelas_join.html.j2", status, problem=problem, step=step, code=code, names=names,
                         walk_ins=self.ctx.walk_ins, privacy_title=title, privacy=parts)


class KelasHomeHandler(KelasHandler):
    def get(self) -> None:
        learner = self.learner()
        if learner is None:
            self.join_page()
            return
        lang, store = self.lang, self.ctx.store
        done = {row["quiz"]: row for row in store.quiz_results(learner["id"])}
        curriculum = self.ctx.extras.get("curriculum")
        lessons = [{"title": lesson.title[lang], "url": lesson_switch_url(lang, lesson.id),
                    "done": lesson.bank in done or lesson.id in done}
                   for lesson in (curriculum.lessons() if curriculum else []) if lesson.bank]
        open_now = store.open_exercises(self.ctx.code)
        exercises = []
        for assignment, form in self.ctx.forms.items():
            if form.lang != lang:
                continue
            attempts = store.attempts(learner["id"], assignment)
            exercises.append({"form": form, "open": assignment in open_now, "status": exercise_status(attempts, lang),
                              "attempts": len(attempts)})
        self.render_page("kelas_home.html.j2", learner=learner, lessons=lessons, exercises=exercises)


def exercise_status(attempts: list[dict], lang: str) -> str:
    if not attempts:
        return t("kelas.web.status_new", lang)
    graded = [a for a in attempts if a["score"] is not None]
    if attempts[-1]["graded_at"] is None:
        return t("kelas.web.status_grading", lang)
    if graded:
        return t("kelas.web.status_score", lang, score=_points(graded[-1]["score"]),
                 max_score=_points(graded[-1]["max_score"]))
    return t("kelas.web.status_sent", lang)


def _points(value: float | None) -> str:
    return f"{value or 0:g}".replace(".", ",")


class JoinHandler(KelasHandler):
    """``/kelas/masuk``: POST ``kode`` (step 1), then ``kode`` with ``pilih`` (a roster id) or ``nama`` (step 2)."""

    codes: SlidingWindow  # wrong codes per client address, shared by every handler of this server

    def initialize(self, ctx: KelasContext) -> None:
        super().initialize(ctx)
        self.codes = ctx.extras.setdefault("code_tries", SlidingWindow(CODE_TRIES, CODE_WINDOW))

    def post(self) -> None:
        self.read_form()
        client = request_client(self.request, self.ctx.extras.get("trusted_proxies", ()))
        if self.codes.blocked(client):
            self.join_page(429, t("kelas.web.code_throttled", self.lang, minutes=int(CODE_WINDOW // 60)))
            return
        raw_code = self.get_body_argument("kode", "")[:40]
        try:
            code = clean_code(raw_code)
        except StoreRefused as refused:
            self.codes.add(client)
            self.join_page(400, refused.message(self.lang))
            return
        if code != self.ctx.code:
            self.codes.add(client)
            self.join_page(403, t("kelas.code.unknown", self.lang))
            return
        roster = self.ctx.extras.get("roster", {})
        taken = {learner["student_id"] for learner in self.ctx.store.learners(code)}
        names = [(student_id, name) for student_id, name in roster.items() if student_id not in taken]
        picked, typed = self.get_body_argument("pilih", ""), self.get_body_argument("nama", "")[:MAX_NAME_FIELD]
        if not picked and not typed.strip():
            if "nama" in self.request.body_arguments or "pilih" in self.request.body_arguments:
                self.join_page(400, t("kelas.name.empty", self.lang), step="name", code=code, names=names)
            else:
                self.join_page(step="name", code=code, names=names)
            return
        student_id = None
        if picked:
            if picked not in roster:
                self.join_page(400, t("kelas.web.name_not_listed", self.lang), step="name", code=code, names=names)
                return
            name, student_id = roster[picked], picked
        elif not self.ctx.walk_ins:
            self.join_page(403, t("kelas.web.walk_ins_closed", self.lang), step="name", code=code, names=names)
            return
        else:
            name = typed
        try:
            learner = self.ctx.store.add_learner(code, name, reserved_ids=frozenset(roster), student_id=student_id)
        except StoreRefused as refused:
            status = 409 if refused.key == "kelas.name.taken" else 400
            self.join_page(status, refused.message(self.lang), step="name", code=code, names=names)
            return
        set_learner_cookie(self, self.ctx.extras["secret"], learner["id"], code)
        self.redirect(kelas_url(self.lang), status=303)


class ExerciseHandler(KelasHandler):
    """``/kelas/latihan/<assignment>``: the form (GET), Kirim (POST)."""

    def initialize(self, ctx: KelasContext) -> None:
        super().initialize(ctx)
        self.sent = ctx.extras.setdefault("submissions", SlidingWindow(SUBMISSIONS_PER_MINUTE, 60.0))

    def form_or_404(self, assignment: str) -> ExerciseForm:
        form = self.ctx.forms.get(assignment)
        if form is None:
            raise tornado.web.HTTPError(404)
        return form

    def show(self, form: ExerciseForm, learner: dict, values: dict, problems: dict, status: int = 200) -> None:
        is_open = self.ctx.store.exercise_is_open(self.ctx.code, form.assignment)
        self.render_page("kelas_exercise.html.j2", status, form=form, learner=learner, values=values,
                         problems=problems, is_open=is_open, action=kelas_exercise_url(form.assignment, self.lang))

    def get(self, assignment: str) -> None:
        form = self.form_or_404(assignment)
        learner = self.learner()
        if learner is None:
            self.redirect(kelas_url(self.lang))
            return
        attempts = self.ctx.store.attempts(learner["id"], assignment)
        values = {name: _shown(value, form.lang) for name, value in attempts[-1]["answers"].items()} if attempts else {}
        self.show(form, learner, values, {})

    def post(self, assignment: str) -> None:
        self.read_form()
        form = self.form_or_404(assignment)
        learner = self.learner()
        if learner is None:
            self.refuse(403, "kelas.web.not_joined")
            return
        if not self.ctx.store.exercise_is_open(self.ctx.code, assignment):
            self.refuse(403, "kelas.web.closed")
            return
        if not self.sent.take(str(learner["id"])):
            self.refuse(429, "kelas.web.too_often", count=SUBMISSIONS_PER_MINUTE)
            return
        raw: dict[str, object] = {}
        for name, values in self.request.body_arguments.items():
            if name == "_xsrf":
                continue
            try:
                raw[name] = values[0].decode("utf-8") if len(values) == 1 else None
            except UnicodeDecodeError:
                raw[name] = None
        parsed = parse_answers(form, raw)
        if not parsed.ok:
            typed = {name: value for name, value in raw.items() if isinstance(value, str) and name in
                     {f.name for f in form.fields()}}
            self.show(form, learner, typed, parsed.messages(self.lang), status=400)
            return
        attempt_id = self.ctx.store.record_attempt(learner["id"], assignment, parsed.values)  # committed
        queue = self.ctx.extras.get("queue")
        if queue is not None:
            queue.notify()
        self.redirect(kelas_attempt_url(attempt_id, self.lang), status=303)


def _shown(value: object, lang: str) -> str:
    """A stored value as the form shows it again (a number the Indonesian way)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return str(value).replace(".", ",") if lang == "id" else str(value)
    return str(int(value))


class AttemptHandler(KelasHandler):
    """``/kelas/kiriman/<attempt>``: one of the learner's own attempts."""

    def own_attempt(self, attempt_id: str) -> tuple[dict, dict]:
        learner = self.learner()
        if learner is None:
            raise tornado.web.HTTPError(404)
        attempt = next((a for a in self.ctx.store.attempts(learner["id"]) if a["id"] == int(attempt_id)), None)
        if attempt is None:  # someone else's, or none: the same answer
            raise tornado.web.HTTPError(404)
        return learner, attempt

    def get(self, attempt_id: str) -> None:
        learner, attempt = self.own_attempt(attempt_id)
        form = self.ctx.forms.get(attempt["assignment"])
        queue = self.ctx.extras.get("queue")
        feedback = None
        replaced = attempt["graded_at"] is not None and attempt["score"] is None
        if attempt["score"] is not None and queue is not None:
            feedback = queue.feedback_of(attempt, learner["student_id"])
        sent = dt.datetime.fromtimestamp(attempt["submitted_at"]).strftime("%H:%M:%S")
        self.render_page("kelas_attempt.html.j2", learner=learner, attempt=attempt, form=form, feedback=feedback,
                         replaced=replaced, sent=sent, points=_points,
                         status_url=f"{kelas_attempt_url(attempt['id'])}/status",
                         is_open=self.ctx.store.exercise_is_open(self.ctx.code, attempt["assignment"]))


class AttemptStatusHandler(AttemptHandler):
    def get(self, attempt_id: str) -> None:
        _, attempt = self.own_attempt(attempt_id)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"graded": attempt["graded_at"] is not None}))


class ScriptHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=UTF-8")
        self.set_header("Cache-Control", "public, max-age=300")
        self.finish(SCRIPT)


def learner_routes(ctx: KelasContext) -> list[tuple]:
    options = {"ctx": ctx}
    return [
        (r"/kelas/?", KelasHomeHandler, options),
        (r"/kelas/masuk", JoinHandler, options),
        (r"/kelas/latihan/([a-z0-9-]{1,60})", ExerciseHandler, options),
        (r"/kelas/kiriman/([0-9]{1,12})", AttemptHandler, options),
        (r"/kelas/kiriman/([0-9]{1,12})/status", AttemptStatusHandler, options),
        (r"/kelas/kelas\.js", ScriptHandler),
        *quiz_routes(ctx),
    ]
