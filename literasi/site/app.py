"""The public site: Voila's own standalone server, narrowed to what a learner needs.

Routes (everything else Voila offers for browsing folders is removed):
- ``/`` (default language), ``/id/``, ``/en/`` — the landing page, plain HTML from the manifest (no kernel);
  ``?jalur=umkm|asn|semua`` filters by audience track.
- ``/pelajaran/<lang>/<lesson-id>`` — redirect to that lesson in that language (the language switch).
- ``/voila/render/<lang>/<path>.ipynb`` — a lesson, rendered by Voila without code and without tracebacks.
- ``/healthz`` — "ok", for load balancers.
Only ``lessons/`` is served; ``/voila/files`` hands out images only.
"""

from __future__ import annotations

import os
from pathlib import Path

import tornado.web
from jupyter_server.utils import url_path_join
from voila.app import Voila

from literasi.curriculum import Curriculum, load_curriculum
from literasi.i18n import LANGS
from literasi.paths import MANIFEST_NAME, lessons_dir, project_root

from .landing import TRACK_PARAM, render_landing, render_not_found

TEMPLATE_NAME = "literasi"
JUPYTER_DATA_DIR = Path(__file__).parent / "jupyter"  # holds voila/templates/literasi
# Voila routes that browse or download the served folder: a learner needs none of them.
REMOVED_ROUTES = ("/voila/tree", "/voila/api/contents")
IMAGES_ONLY = [r".*\.(png|jpg|jpeg|gif|svg|webp)"]
NEVER_SERVED = [r".*\.(ipynb|py|yml|yaml|json|db|csv|md)", r"(^|.*/)\..*"]
# Jinja filters the lesson template uses: {{ 'lesson.js' | asset_url }}, {{ lesson_id | lesson_nav(lang) }}.
TEMPLATE_FILTERS = {
    "asset_url": "literasi.site.assets.asset_url",
    "lesson_nav": "literasi.site.lesson_nav.lesson_nav",
}


def lesson_url(lang: str, path: str) -> str:
    return f"/voila/render/{lang}/{path}"


class PageHandler(tornado.web.RequestHandler):
    """Literasi's own routes: errors are the 404 page, in English under /en, Indonesian elsewhere."""

    def error_lang(self) -> str:
        return "en" if self.request.path.startswith(("/en", "/pelajaran/en")) else "id"

    def write_error(self, status_code: int, **kwargs) -> None:
        self.write(render_not_found(self.error_lang()))


class LandingHandler(PageHandler):
    def initialize(self, pages: dict[tuple[str, str], str], lang: str | None, default_lang: str) -> None:
        self.pages, self.lang, self.default_lang = pages, lang, default_lang

    def error_lang(self) -> str:
        return self.lang or self.default_lang

    def get(self) -> None:
        track = self.get_argument(TRACK_PARAM, "semua")
        page = self.pages.get((self.lang or self.default_lang, track))
        if page is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "public, max-age=300")
        self.write(page)


class LessonRedirectHandler(PageHandler):
    def initialize(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum

    def get(self, lang: str, lesson_id: str) -> None:
        if lang not in LANGS:
            raise tornado.web.HTTPError(404)
        try:
            lesson = self.curriculum.lesson(lesson_id)
        except KeyError:
            raise tornado.web.HTTPError(404) from None
        self.redirect(lesson_url(lang, lesson.path))


class HealthHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.write("ok")


class NotFoundHandler(PageHandler):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class LiterasiVoila(Voila):
    """Voila with Literasi's landing page in front and its folder-browsing routes removed."""

    curriculum: Curriculum
    default_lang: str = "id"

    def init_handlers(self) -> list:
        pages = {
            (lang, track): render_landing(self.curriculum, lang, track)
            for lang in LANGS
            for track in ("semua", "umkm", "asn")
        }
        ours = [
            (r"/", LandingHandler, {"pages": pages, "lang": None, "default_lang": self.default_lang}),
            *[(rf"/{lang}/?", LandingHandler, {"pages": pages, "lang": lang, "default_lang": self.default_lang})
              for lang in LANGS],
            (r"/pelajaran/([a-z]+)/([a-z0-9-]+)/?", LessonRedirectHandler, {"curriculum": self.curriculum}),
            (r"/healthz", HealthHandler),
        ]
        kept = [
            _narrow_template_route(handler, self.server_url) for handler in super().init_handlers()
            if handler[0] != self.server_url and not handler[0].startswith(
                tuple(url_path_join(self.server_url, route) for route in REMOVED_ROUTES))
        ]
        return [*ours, *kept, (r".*", NotFoundHandler)]


def _narrow_template_route(handler: tuple, server_url: str) -> tuple:
    """Voila's template-asset route accepts any path and fails with a 500 on anything that is not
    ``<template>/static/<file>`` (or that climbs out with ``..``); match only that shape so the rest
    gets our 404 page."""
    if handler[0] == url_path_join(server_url, r"/voila/templates/(.*)"):
        return (url_path_join(server_url, r"/voila/templates/((?!.*\.\.)[^/]+/static/.+)"), *handler[1:])
    return handler


def voila_argv(root: Path, port: int, ip: str) -> list[str]:
    lessons = lessons_dir(root)
    return [
        str(lessons),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--no-browser",
        f"--template={TEMPLATE_NAME}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        f"--VoilaConfiguration.file_allowlist={IMAGES_ONLY!r}",
        f"--VoilaConfiguration.file_denylist={NEVER_SERVED!r}",
        "--Voila.port_retries=0",
        f"--VoilaExporter.filters={TEMPLATE_FILTERS!r}",
    ]


def serve(port: int = 8866, lang: str = "id", ip: str = "127.0.0.1", root: Path | None = None) -> None:
    """Start the public site and block until interrupted."""
    root = root or project_root()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_DATA_DIR), os.environ.get("JUPYTER_PATH")]))
    os.environ["LITERASI_ROOT"] = str(root)  # lessons find their banks however Voila sets their folder
    app = LiterasiVoila()
    app.curriculum = load_curriculum(root / MANIFEST_NAME)
    app.default_lang = lang
    app.initialize(voila_argv(root, port, ip))
    app.start()
