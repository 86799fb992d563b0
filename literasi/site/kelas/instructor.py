"""Kelas, the instructor's side: the live progress page, open/close an exercise, the CSV download.

Routes (all under :data:`INSTRUCTOR_PATH`, ``?lang=en`` for English, Indonesian by default):

- ``/kelas/instruktur`` — the progress page: one row per learner, one column per lesson quiz of the plan and per
  exercise (:mod:`literasi.kelas.progress`), who has not started, the hardest so far, a button per exercise to
  open or close it, the CSV link. Its script (``/kelas/instruktur/kemajuan.js``, same origin: the site's
  Content-Security-Policy runs no inline script) polls the JSON route every few seconds and redraws the table.
- ``/kelas/instruktur/kemajuan.json`` — the table as data, with its HTML (rendered here, escaped here: the script
  never builds markup from learners' names).
- ``/kelas/instruktur/kemajuan.csv`` — the table as a spreadsheet-safe CSV.
- ``POST /kelas/instruktur/latihan/<exercise>`` — ``action=open|close`` with the ``_xsrf`` token: every language
  of the exercise is opened or closed together.

Who may: the laptop itself (the connection comes from a loopback address, or from the server's own address, with
no ``X-Forwarded-For``/``Forwarded``/``X-Real-IP`` header and a ``Host`` that is an address or ``localhost``, so a
web page that rebinds a domain name to 127.0.0.1 gets nothing), or a browser holding the instructor token:
``?token=`` once, checked with :func:`hmac.compare_digest`, becomes an HttpOnly, SameSite=Strict cookie scoped to
these routes and the browser is redirected to the same page without the token in its address. Anything else is
answered 403 with a sentence, a learner's phone and its session included. No error shows a traceback.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import time
from html import escape
from urllib.parse import urlencode

import tornado.web
from tornado.ioloop import IOLoop

from literasi.i18n import known_lang, other_lang, t
from literasi.kelas.progress import DONE, EMPTY, EXERCISE, GRADED, WAITING, progress_csv, progress_table
from literasi.kelas.question_stats import hardest_question
from literasi.site.client_address import _address

INSTRUCTOR_PATH = "/kelas/instruktur"
TOKEN_COOKIE = "literasi_instruktur"
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host")
POLL_SECONDS = 3
log = logging.getLogger(__name__)
MAX_TOKEN_LENGTH = 256


def instructor_url(base_url: str, token: str | None = None, lang: str | None = None) -> str:
    """The progress page's address on the server at ``base_url``; with ``token``, the address another device
    opens (what ``literasi kelas start`` prints)."""
    query = {key: value for key, value in (("lang", lang), ("token", token)) if value}
    return base_url.rstrip("/") + INSTRUCTOR_PATH + ("?" + urlencode(query) if query else "")


def _host_is_address(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host  # "127.0.0.1:8866", "[::1]:8866"
    name = name.strip("[]").split("]:")[0].strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def from_the_laptop(request) -> bool:
    """Is the request from the laptop the server runs on, straight, not through a proxy or a rebound name?"""
    if any(request.headers.get(name) for name in FORWARDING_HEADERS):
        return False
    if not _host_is_address(request.headers.get("Host", "")):
        return False
    peer = _address(request.remote_ip or "")
    if peer is None:
        return False
    if peer.is_loopback:
        return True
    try:  # the laptop opening its own room address (192.168.x.y): the connection's two ends are one address
        local = request.connection.stream.socket.getsockname()[0]
    except (AttributeError, OSError, IndexError):
        return False
    return _address(local) == peer


def token_matches(given: str | None, token: str) -> bool:
    if not given or not token or len(given) > MAX_TOKEN_LENGTH:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


class InstructorHandler(tornado.web.RequestHandler):
    """Every instructor route: refused (403) unless from the laptop or with the token's cookie."""

    def initialize(self, ctx, curriculum) -> None:
        self.ctx, self.curriculum = ctx, curriculum

    def page_lang(self) -> str:
        return known_lang(self.get_query_argument("lang", None), known_lang(self.ctx.default_lang))

    def allowed(self) -> bool:
        return from_the_laptop(self.request) or token_matches(self.get_cookie(TOKEN_COOKIE), self.ctx.instructor_token)

    def prepare(self) -> None:
        self.set_header("Cache-Control", "no-store")
        if not self.allowed():
            raise tornado.web.HTTPError(403)

    def write_error(self, status_code: int, **kwargs) -> None:
        """A sentence, never a traceback: 403 says who may open the page; anything else, to reload."""
        lang = known_lang(self.get_query_argument("lang", None) if self.request else None,
                          known_lang(self.ctx.default_lang))
        key = "kemajuan.forbidden" if status_code == 403 else "kemajuan.bad_request"
        self.clear_header("Content-Disposition")
        if self.request.path.endswith(".json") or self.request.method == "POST":
            self.set_header("Content-Type", "application/json; charset=UTF-8")
            self.write(json.dumps({"error": t(key, lang)}, ensure_ascii=False))
            return
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        title = t("kemajuan.forbidden_title", lang) if status_code == 403 else t("kemajuan.bad_request", lang)
        self.write(_document(lang, title, f"<main><h1>{escape(title)}</h1><p>{escape(t(key, lang))}</p></main>"))

    async def table(self, lang: str) -> dict:
        """The progress table, read from the store off the event loop (learners' requests keep flowing)."""
        return await IOLoop.current().run_in_executor(None, build_table, self.ctx, self.curriculum, lang)


def build_table(ctx, curriculum, lang: str) -> dict:
    """The progress table, with the hardest exercise question from the gradebook (``hardest_question``)."""
    table = progress_table(ctx.store, ctx.code, curriculum, ctx.forms, lang=lang, plan=ctx.extras.get("plan"))
    exercise_of = {assignment: form.exercise for assignment, form in ctx.forms.items()}
    try:
        question = hardest_question(ctx.course_root, {row["student_id"] for row in table["rows"]}, exercise_of, lang)
    except Exception:  # noqa: BLE001 — a gradebook being written or broken must not take the page down
        log.warning("hardest question: the gradebook could not be read", exc_info=True)
        question = None
    if question is not None:
        titles = {column.get("exercise"): column["title"] for column in table["columns"]}
        question = {**question, "exercise_title": titles.get(question["exercise"], question["exercise"])}
    table["hardest_question"] = question
    return table


class ProgressPageHandler(InstructorHandler):
    def prepare(self) -> None:
        raw = self.request.query_arguments.get("token")  # as sent: Tornado's own reading strips and cleans it
        if raw is not None and self.request.method == "GET":
            given = raw[-1].decode("utf-8", "replace") if len(raw) == 1 else ""
            self.set_header("Cache-Control", "no-store")
            if not token_matches(given, self.ctx.instructor_token):
                raise tornado.web.HTTPError(403)
            self.set_cookie(TOKEN_COOKIE, self.ctx.instructor_token, path=INSTRUCTOR_PATH, httponly=True,
                            samesite="Strict", secure=self.request.protocol == "https")
            lang = self.get_query_argument("lang", None)
            self.redirect(INSTRUCTOR_PATH + (f"?{urlencode({'lang': known_lang(lang)})}" if lang else ""))
            return
        super().prepare()

    async def get(self) -> None:
        lang = self.page_lang()
        table = await self.table(lang)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.write(render_page(table, lang, self.xsrf_token.decode("ascii")))


class ProgressDataHandler(InstructorHandler):
    async def get(self) -> None:
        lang = self.page_lang()
        table = await self.table(lang)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.write(json.dumps({"table": table, "html": {"main": render_main(table, lang, self.xsrf_token.decode("ascii"))}}, ensure_ascii=False))


class ProgressCsvHandler(InstructorHandler):
    async def get(self) -> None:
        table = await self.table(self.page_lang())
        self.set_header("Content-Type", "text/csv; charset=UTF-8")
        stamp = time.strftime("%Y%m%d-%H%M", time.localtime(table["updated_at"]))
        self.set_header("Content-Disposition", f'attachment; filename="kemajuan-{table["code"]}-{stamp}.csv"')
        self.write("\ufeff" + progress_csv(table))  # the BOM: Excel reads names in UTF-8


class ExerciseSwitchHandler(InstructorHandler):
    """Open or close one exercise (every language of it) for the class."""

    def post(self, exercise: str) -> None:
        self.check_xsrf_cookie()  # whatever the server's settings: every write carries the token
        assignments = sorted(form.assignment for form in self.ctx.forms.values() if form.exercise == exercise)
        action = self.get_body_argument("action", "")
        if not assignments or action not in ("open", "close"):
            raise tornado.web.HTTPError(400)
        for assignment in assignments:
            self.ctx.store.set_exercise_open(self.ctx.code, assignment, action == "open")
        if "application/json" in self.request.headers.get("Accept", ""):
            self.set_header("Content-Type", "application/json; charset=UTF-8")
            self.write(json.dumps({"exercise": exercise, "open": action == "open", "assignments": assignments}))
        else:  # a browser without the script: back to the page
            self.redirect(INSTRUCTOR_PATH + f"?{urlencode({'lang': self.page_lang()})}", status=303)


class ScriptHandler(InstructorHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=UTF-8")
        self.write(SCRIPT)


def instructor_routes(ctx) -> list[tuple]:
    """The instructor's routes for ``serve(extra_routes=...)``. ``ctx.extras`` may hold ``curriculum`` (else the
    project's) and ``plan`` (lesson ids; else the lessons of the modules of the released exercises)."""
    from literasi.curriculum import load_curriculum

    curriculum = ctx.extras.get("curriculum") or load_curriculum()
    options = {"ctx": ctx, "curriculum": curriculum}
    return [
        (INSTRUCTOR_PATH + r"/?", ProgressPageHandler, options),
        (INSTRUCTOR_PATH + r"/kemajuan\.json", ProgressDataHandler, options),
        (INSTRUCTOR_PATH + r"/kemajuan\.csv", ProgressCsvHandler, options),
        (INSTRUCTOR_PATH + r"/kemajuan\.js", ScriptHandler, options),
        (INSTRUCTOR_PATH + r"/latihan/([a-z0-9-]{1,64})", ExerciseSwitchHandler, options),
    ]


# ---------------------------------------------------------------- the page

STYLE = """
:root { color-scheme: light; --line: #d0d7de; --muted: #57606a; --ok: #116329; --wait: #7d4e00; --accent: #0b5d8c; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111; background: #fff;
  font-size: 16px; }
header, main { max-width: 96rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .5rem 1rem;
  padding-top: 1rem; }
h1 { font-size: 1.6rem; margin: 0; }
h2 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; margin: 1rem 0; }
.panel { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
.panel h2 { margin-top: 0; }
.panel ul { margin: 0; padding-left: 1.2rem; }
.panel.wide { grid-column: span 2; }
.exercises { list-style: none; padding: 0 !important; }
.exercises li { display: flex; align-items: center; justify-content: space-between; gap: .5rem 1rem; padding: .3rem 0;
  border-bottom: 1px solid var(--line); }
.exercises li:last-child { border-bottom: 0; }
.exercises .state { display: block; font-size: .9rem; color: var(--muted); }
.exercises .is-open .state { color: var(--ok); font-weight: 600; }
@media (max-width: 40rem) { .panel.wide { grid-column: auto; } }
button, .button { font: inherit; min-height: 44px; padding: .4rem 1rem; border-radius: .4rem; border: 1px solid var(--accent);
  background: #fff; color: var(--accent); cursor: pointer; text-decoration: none; display: inline-flex;
  align-items: center; }
button.open { background: var(--accent); color: #fff; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: .5rem; }
table { border-collapse: collapse; min-width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .45rem .6rem; text-align: center; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f6f8fa; font-weight: 600; font-size: .85rem; white-space: normal;
  min-width: 6.5rem; vertical-align: bottom; }
th.name, td.name { position: sticky; left: 0; background: #fff; text-align: left; min-width: 11rem; }
thead th.name { background: #f6f8fa; z-index: 1; }
td.graded, td.done { color: var(--ok); font-weight: 600; }
td.waiting { color: var(--wait); }
td.empty { color: #8c959f; }
tr.not-started td.name::after { content: " •"; color: var(--wait); }
tfoot td { font-size: .85rem; color: var(--muted); }
.status { min-height: 1.5rem; }
.offline { color: #a40e26; font-weight: 600; }
@media (max-width: 60rem) { body { font-size: 15px; } th, td { padding: .4rem .45rem; } }
"""


def _document(lang: str, title: str, body: str, script: bool = False) -> str:
    tag = f'<script src="{INSTRUCTOR_PATH}/kemajuan.js" defer></script>' if script else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n<title>{escape(title)} · Literasi</title>\n'
            f"<style>{STYLE}</style>\n{tag}\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _cell(cell: dict | None, key: str, lang: str) -> str:
    where = f'data-key="{escape(key)}"'
    if not cell:
        label = t("kemajuan.state.empty", lang)
        return f'<td {where} class="{EMPTY}" title="{escape(label)}"><span aria-label="{escape(label)}">–</span></td>'
    score = (f"{_number(cell['score'])}/{_number(cell['max_score'])}" if cell.get("score") is not None else "")
    attempts = t("kemajuan.attempts", lang, count=cell.get("attempts", 1))
    if cell["state"] == WAITING:
        waiting = t("kemajuan.state.waiting", lang)
        return (f'<td {where} class="{WAITING}" title="{escape(attempts)}">⏳ <span class="label">{escape(waiting)}</span>'
                f'{f" ({score})" if score else ""}</td>')
    mark = "✓ " if cell["state"] in (DONE, GRADED) else ""
    return f'<td {where} class="{escape(cell["state"])}" title="{escape(attempts)}">{mark}{score}</td>'


def _kind_label(column: dict, lang: str) -> str:
    """"Kuis" / "Latihan" above a column's title, unless the title already says it ("Latihan: QRIS …")."""
    kind = t(f"kemajuan.kind.{column['kind']}", lang)
    if column["title"].casefold().startswith(kind.casefold()):
        return ""
    return f'<span class="muted">{escape(kind)}</span><br>'


def render_main(table: dict, lang: str, xsrf: str) -> str:
    """The part of the page the script redraws: the summary panels, the exercise switches and the table."""
    code, columns, rows = table["code"], table["columns"], table["rows"]
    if rows:
        who = t("kemajuan.learners", lang, count=len(rows))
    else:
        who = t("kemajuan.no_learners", lang, code=code)
    if table["not_started"]:
        waiting = "".join(f"<li>{escape(name)}</li>" for name in table["not_started"])
        not_started = f'<ul id="not-started">{waiting}</ul>'
    else:
        not_started = f'<p id="not-started">{escape(t("kemajuan.everyone_started", lang)) if rows else ""}</p>'
    hardest = table["hardest"]
    if hardest:
        kind = t(f"kemajuan.kind.{hardest['kind']}", lang)
        title = hardest["title"] if hardest["title"].startswith(kind) else f"{kind}: {hardest['title']}"
        line = t("kemajuan.hardest_line", lang, title=title,
                 percent=round(hardest["mean"] * 100), tried=hardest["tried"])
    else:
        line = t("kemajuan.hardest_none", lang)
    question = table.get("hardest_question")
    question_line = ""
    if question:
        question_line = escape(t("kemajuan.hardest_question_line", lang, exercise=question["exercise_title"],
                                 question=question["title"], percent=round(question["mean"] * 100),
                                 tried=question["tried"]))
        question_line = f'<p id="hardest-question">{question_line}</p>'
    switches = []
    for column in columns:
        if column["kind"] != EXERCISE:
            continue
        state = t("kemajuan.exercise_open" if column["open"] else "kemajuan.exercise_closed", lang)
        action, label = ("close", t("kemajuan.close", lang)) if column["open"] else ("open", t("kemajuan.open", lang))
        switches.append(
            f'<li data-exercise="{escape(column["exercise"])}" class="{"is-open" if column["open"] else "is-closed"}">'
            f'<span class="what"><strong>{escape(column["title"])}</strong>'
            f' <span class="state">{escape(state)}</span></span>'
            f'<form method="post" action="{INSTRUCTOR_PATH}/latihan/{escape(column["exercise"])}?lang={lang}">'
            f'<input type="hidden" name="_xsrf" value="{escape(xsrf)}">'
            f'<input type="hidden" name="action" value="{action}">'
            f'<button type="submit" class="{action}" data-action="{action}"'
            f' aria-label="{escape(label)}: {escape(column["title"])}">{escape(label)}</button></form></li>')
    head = "".join(f'<th scope="col" data-key="{escape(column["key"])}">{_kind_label(column, lang)}'
                   f'{escape(column["title"])}</th>' for column in columns)
    body = "".join(
        f'<tr data-learner="{row["learner"]}" class="{"started" if row["started"] else "not-started"}">'
        f'<th scope="row" class="name">{escape(row["name"])}</th>'
        + "".join(_cell(row["cells"].get(column["key"]), column["key"], lang) for column in columns) + "</tr>"
        for row in rows)
    foot = "".join(
        f'<td>{escape(t("kemajuan.done_count", lang, done=table["summary"][column["key"]]["done"], total=len(rows)))}'
        f"</td>" for column in columns)
    table_html = (f'<div class="scroll"><table id="progress"><thead><tr><th scope="col" class="name">'
                  f'{escape(t("kemajuan.col.name", lang))}</th>{head}</tr></thead><tbody>{body}</tbody>'
                  f'<tfoot><tr><td class="name"></td>{foot}</tr></tfoot></table></div>')
    return (
        f'<p id="who">{escape(who)}</p>{table_html}'
        f'<div class="panels">'
        f'<section class="panel"><h2>{escape(t("kemajuan.not_started", lang))}</h2>{not_started}</section>'
        f'<section class="panel"><h2>{escape(t("kemajuan.hardest", lang))}</h2><p id="hardest">{escape(line)}</p>{question_line}</section>'
        f'<section class="panel wide"><h2>{escape(t("kemajuan.exercises", lang))}</h2>'
        f'<ul class="exercises">{"".join(switches)}</ul></section>'
        f"</div>")


def render_page(table: dict, lang: str, xsrf: str) -> str:
    other = other_lang(lang)
    title = t("kemajuan.title", lang, code=table["code"])
    stamp = time.strftime("%H:%M:%S", time.localtime(table["updated_at"]))
    body = (
        f'<header><h1>{escape(title)}</h1><nav>'
        f'<a href="{INSTRUCTOR_PATH}/kemajuan.csv?lang={lang}" class="button" download>'
        f'{escape(t("kemajuan.download_csv", lang))}</a> '
        f'<a href="{INSTRUCTOR_PATH}?lang={other}" lang="{other}" hreflang="{other}">'
        f'{escape(t("kemajuan.switch_language", lang))}</a></nav></header>'
        f'<main id="kelas" data-lang="{lang}" data-xsrf="{escape(xsrf)}" data-poll="{POLL_SECONDS}"'
        f' data-updated-label="{escape(t("kemajuan.updated", lang, time="{time}"))}"'
        f' data-offline="{escape(t("kemajuan.offline", lang))}">'
        f'<p class="muted">{escape(t("kemajuan.intro", lang))}</p>'
        f'<p class="status" id="status" role="status">{escape(t("kemajuan.updated", lang, time=stamp))}</p>'
        f'<div id="live">{render_main(table, lang, xsrf)}</div></main>')
    return _document(lang, title, body, script=True)


SCRIPT = r"""
"use strict";
(() => {
  const main = document.getElementById("kelas");
  if (!main) return;
  const live = document.getElementById("live");
  const status = document.getElementById("status");
  const lang = main.dataset.lang;
  const xsrf = main.dataset.xsrf;
  const every = Math.max(1, Number(main.dataset.poll) || 3) * 1000;
  let timer = null;
  const refresh = async () => {
    clearTimeout(timer);
    try {
      const response = await fetch("/kelas/instruktur/kemajuan.json?lang=" + encodeURIComponent(lang),
                                   {credentials: "same-origin", cache: "no-store"});
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      live.innerHTML = data.html.main;
      const when = new Date(data.table.updated_at * 1000).toLocaleTimeString(lang === "id" ? "id-ID" : "en-GB");
      status.textContent = main.dataset.updatedLabel.replace("{time}", when);
      status.classList.remove("offline");
      main.dataset.updatedAt = String(data.table.updated_at);
    } catch (error) {
      status.textContent = main.dataset.offline;
      status.classList.add("offline");
    }
    timer = setTimeout(refresh, every);
  };
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!live.contains(form)) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.getAttribute("action"), {  // form.action is the input named "action"
        method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(form)),
        headers: {"X-XSRFToken": xsrf, "Accept": "application/json"}});
      if (!response.ok) throw new Error(String(response.status));
    } catch (error) {
      status.textContent = main.dataset.offline;
      status.classList.add("offline");
    }
    await refresh();
  });
  timer = setTimeout(refresh, every);
})();
"""
