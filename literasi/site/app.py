"""The public site: Voila's own standalone server, narrowed to what a learner needs.

Routes (everything else Voila offers for browsing folders is removed):
- ``/`` (default language), ``/id/``, ``/en/`` — the landing page, plain HTML from the manifest (no kernel);
  ``?jalur=umkm|asn|semua`` filters by audience track.
- ``/pelajaran/<lang>/<lesson-id>`` — redirect to that lesson in that language (the language switch); the id of
  a lesson that another one replaced (``replaces`` in the manifest) redirects permanently to the new lesson's id.
- ``/voila/render/<lang>/<path>.ipynb`` — a lesson, rendered by Voila without code and without tracebacks; the
  page of a replaced lesson (its old path) redirects permanently to the lesson that replaced it.
- ``/sumber``, ``/en/sources`` — every fact the course states, with its sources and dates (facts registry).
- ``/healthz`` — "ok", for load balancers; ``/healthz/kernels`` — the learner kernels in use (and pages still
  waiting to connect to theirs).
- ``/aset/<file>`` — the lesson page's built script and stylesheet.
Only ``lessons/`` is served; ``/voila/files`` hands out images only.

The same server runs in two other modes, each adding its routes in front of these: room mode
(``site/room.py``: ``/ruang`` QR pages) and the projector view (``site/present.py``: ``/`` opens the lesson).

Adding a route, one way for every mode:
- a route of the public site goes in ``LiterasiVoila.site_routes()`` below (its handler here or in a ``site/``
  module), its probes in ``tests/test_site_routes.py::PROBES`` (``test_every_route_of_the_site_has_probes``
  fails until they are there), and the function that builds its URL in ``site/urls.py``;
- a route of one mode only is passed as ``extra_routes`` to ``build_app()`` (``serve(extra_routes=...)``);
  extra routes are matched first, so a mode may also replace a route of the site (the projector's ``/``).
Security headers, compression and the 404 page come with the server for every route.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import tornado.web
from jupyter_server.utils import url_path_join
from tornado.web import GZipContentEncoding
from traitlets.config import Config
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from literasi.curriculum import EVERYONE, Curriculum, load_curriculum
from literasi.facts import read_facts
from literasi.i18n import LANGS, lang_of_path, t
from literasi.paths import lessons_dir, project_root

from .assets import ASSET_PREFIX, AssetHandler
from .environment import prepare_environment
from .kernels import (
    KernelStatusHandler,
    LessonHandler,
    kernel_config,
    kernel_pools_config,
    track_learners,
    warm_kernel_count,
)
from .landing import LANDING_TRACKS, render_busy, render_landing, render_not_found
from .message_dates import install as read_message_dates_fast
from .security import SecurityHeaders
from .settings import SiteSettings
from .sources_page import fact_groups, render_sources
from .template_cache import install as cache_compiled_templates
from .urls import SOURCES_PATHS, TRACK_PARAM, lesson_page_url, lesson_switch_url, site_url

TEMPLATE_NAME = "literasi"  # in environment.JUPYTER_DATA_DIR
# Voila routes that browse or download the served folder: a learner needs none of them.
REMOVED_ROUTES = ("/voila/tree", "/voila/api/contents", "/logout")
# Routes of Voila's own JupyterLab-based front end, which the Literasi lesson page does not load.
VOILA_FRONT_END_ROUTES = ("/voila/static/", "/voila/labextensions/", "/voila/api/themes/", "/voila/templates/",
                          "/voila/api/shutdown/", "/voila/query/")
IMAGES_ONLY = [r".*\.(png|jpg|jpeg|gif|svg|webp)"]
NEVER_SERVED = [r".*\.(ipynb|py|yml|yaml|json|db|csv|md)", r"(^|.*/)\..*"]
# Jinja filters the lesson template uses: {{ 'lesson.js' | asset_url }}, {{ 'lesson.js' | preload_urls }}, {{ lesson_id | lesson_nav(lang) }}.
TEMPLATE_FILTERS = {
    "asset_url": "literasi.site.assets.asset_url",
    "preload_urls": "literasi.site.assets.preload_urls",
    "lesson_nav": "literasi.site.lesson_nav.lesson_nav",
}


class PageHandler(tornado.web.RequestHandler):
    """Literasi's own routes: errors are the 404 page, in English under /en, Indonesian elsewhere."""

    def error_lang(self) -> str:
        return lang_of_path(self.request.path)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.write(render_not_found(self.error_lang()))


class LandingHandler(PageHandler):
    def initialize(self, pages: dict[tuple[str, str], str], lang: str | None, default_lang: str) -> None:
        self.pages, self.lang, self.default_lang = pages, lang, default_lang

    def error_lang(self) -> str:
        return self.lang or self.default_lang

    def get(self) -> None:
        track = self.get_argument(TRACK_PARAM, EVERYONE)
        page = self.pages.get((self.lang or self.default_lang, track))
        if page is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "public, max-age=300")
        self.write(page)


class LessonRedirectHandler(PageHandler):
    """``/pelajaran/<lang>/<lesson-id>``: to the lesson's page (302: a lesson's file may move), or, for the id of a
    lesson that was replaced, to the new lesson's id (301: that move is for good)."""

    def initialize(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum

    def get(self, lang: str, lesson_id: str) -> None:
        if lang not in LANGS:
            raise tornado.web.HTTPError(404)
        try:
            lesson = self.curriculum.resolve(lesson_id)
        except KeyError:
            raise tornado.web.HTTPError(404) from None
        if lesson.id != lesson_id:
            self.redirect(lesson_switch_url(lang, lesson.id), permanent=True)
        else:
            self.redirect(lesson_page_url(lang, lesson.path))


class ReplacedPageHandler(PageHandler):
    """The old page of a replaced lesson (``/voila/render/<lang>/<old path>``): a permanent redirect to the id of
    the lesson that replaced it, which leads on to its page (bookmarks, shared links, old site copies)."""

    def initialize(self, curriculum: Curriculum) -> None:
        self.replaced = curriculum.replaced_paths()

    def get(self, lang: str, path: str) -> None:
        if lang not in LANGS or path not in self.replaced:
            raise tornado.web.HTTPError(404)
        self.redirect(lesson_switch_url(lang, self.replaced[path].id), permanent=True)


def replaced_pages_route(curriculum: Curriculum) -> str | None:
    """The route pattern of the replaced lessons' old pages, ``/voila/render/<lang>/<one of their paths>``;
    ``None`` when no lesson replaces another. Matched before Voila's own render route."""
    paths = sorted(curriculum.replaced_paths())
    if not paths:
        return None
    # Paths are [a-z0-9-/] plus ".ipynb" (the manifest's pattern): only the dot needs escaping.
    return r"/voila/render/([a-z]+)/(" + "|".join(path.replace(".", r"\.") for path in paths) + ")"


class StaticPageHandler(PageHandler):
    """A page rendered once at start-up (the Sumber page), cached by browsers for five minutes."""

    def initialize(self, page: str, lang: str) -> None:
        self.page, self.lang = page, lang

    def error_lang(self) -> str:
        return self.lang

    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "public, max-age=300")
        self.write(self.page)


class HealthHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.write("ok")


class NotFoundHandler(PageHandler):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class LiterasiVoila(Voila):
    """Voila with Literasi's landing page in front, its folder-browsing routes removed, compression and
    security headers on every response, built assets at ``/aset/``, and a cap on learner kernels.

    Routes, in match order: ``extra_routes`` (a mode's own), ``site_routes()``, what is kept of Voila's, the 404."""

    curriculum: Curriculum
    site: SiteSettings = SiteSettings()
    extra_routes: list = []
    removed_routes: tuple[str, ...] = REMOVED_ROUTES + VOILA_FRONT_END_ROUTES
    security_headers: type = SecurityHeaders

    def init_settings(self) -> dict:
        # Tornado builds its output transforms when the Application is made, so they go here, not in
        # tornado_settings (Voila applies those afterwards, too late for compression).
        settings = {**super().init_settings(), "transforms": [self.security_headers, GZipContentEncoding],
                    # permessage-deflate: the widget states a lesson loads shrink about five-fold.
                    "websocket_compression_options": {}}
        track_learners(self.kernel_manager, self.site, self.curriculum)
        return settings

    def site_routes(self) -> list:
        """The public site's own routes (see the module's docstring); pages that need no kernel are rendered here,
        once."""
        kelas = any(str(route[0]).startswith("/kelas") for route in self.extra_routes)  # literasi kelas start
        pages = {
            (lang, track): render_landing(self.curriculum, lang, track, kelas=kelas)
            for lang in LANGS
            for track in LANDING_TRACKS
        }
        default_lang = self.site.lang
        groups = fact_groups(self.curriculum, read_facts(project_root()), project_root())
        sources = {lang: render_sources(groups, lang) for lang in LANGS}
        replaced = replaced_pages_route(self.curriculum)
        return [
            (r"/", LandingHandler, {"pages": pages, "lang": None, "default_lang": default_lang}),
            *[(rf"/{lang}/?", LandingHandler, {"pages": pages, "lang": lang, "default_lang": default_lang})
              for lang in LANGS],
            (r"/pelajaran/([a-z]+)/([a-z0-9-]+)/?", LessonRedirectHandler, {"curriculum": self.curriculum}),
            *([(replaced, ReplacedPageHandler, {"curriculum": self.curriculum})] if replaced else []),
            *[(path, StaticPageHandler, {"page": sources[lang], "lang": lang}) for lang, path in SOURCES_PATHS.items()],
            (r"/healthz", HealthHandler),
            (r"/healthz/kernels", KernelStatusHandler, {"max_kernels": self.site.max_kernels}),
            (ASSET_PREFIX + r"([^/]+)", AssetHandler, {"not_found": render_not_found}),
        ]

    def init_handlers(self) -> list:
        kept = [
            self._adapt(handler) for handler in super().init_handlers()
            if handler[0] != self.server_url and not handler[0].startswith(
                tuple(url_path_join(self.server_url, route) for route in self.removed_routes))
        ]
        return [*self.extra_routes, *self.site_routes(), *kept, (r".*", NotFoundHandler)]

    def _adapt(self, handler: tuple) -> tuple:
        """Narrow Voila's template-asset route; render lessons with the kernel cap."""
        handler = _narrow_template_route(handler, self.server_url)
        if handler[1] is TornadoVoilaHandler:
            options = {**handler[2], "max_kernels": self.site.max_kernels, "busy_page": render_busy,
                       "per_client": self.site.unconnected_per_client,
                       "trusted_proxies": self.site.trusted_networks}
            return (handler[0], LessonHandler, options)
        return handler


# <template>/static/<file>, never climbing out with "..", written plainly or percent-encoded.
TEMPLATE_ASSET_ROUTE = r"/voila/templates/((?!.*(?:\.\.|%2[eE]))[^/]+/static/.+)"


def _narrow_template_route(handler: tuple, server_url: str) -> tuple:
    """Voila's template-asset route accepts any path and fails with a 500 on anything that is not
    ``<template>/static/<file>`` (or that climbs out with ``..``); match only that shape so the rest
    gets our 404 page."""
    if handler[0] == url_path_join(server_url, r"/voila/templates/(.*)"):
        return (url_path_join(server_url, TEMPLATE_ASSET_ROUTE), *handler[1:])
    return handler


def voila_config(site: SiteSettings, curriculum: Curriculum) -> Config:
    """Voila's configuration for the public site (the served folder is given separately)."""
    config = Config({
        "Voila": {"ip": site.ip, "port": site.port, "port_retries": 0, "open_browser": False},
        "VoilaConfiguration": {
            "template": TEMPLATE_NAME,
            "show_tracebacks": False,
            "strip_sources": True,
            "file_allowlist": IMAGES_ONLY,
            "file_denylist": NEVER_SERVED,
            # The public site renders with the Literasi template only: ?template=lab would show instructor notes.
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
        },
        "VoilaExporter": {"filters": TEMPLATE_FILTERS},
    })
    config.merge(Config(kernel_config(curriculum, site)))
    return config


def build_app(root: Path, site: SiteSettings, curriculum: Curriculum | None = None, extra_routes: Iterable = (),
              app_class: type[LiterasiVoila] = LiterasiVoila, config: Config | None = None) -> LiterasiVoila:
    """The site's server for the project at ``root``, configured and initialised but not started: the environment
    prepared, ``extra_routes`` in front of the site's (see the module's docstring), ``config`` instead of
    ``voila_config(site, curriculum)`` when given (the projector view's)."""
    prepare_environment(root)
    cache_compiled_templates()  # each lesson request compiles no template again (site/template_cache.py)
    read_message_dates_fast()  # site/message_dates.py
    app = app_class()
    app.curriculum = curriculum or load_curriculum(root=root)
    app.site = site
    app.extra_routes = list(extra_routes)
    app.update_config(config or voila_config(site, app.curriculum))
    app.initialize([str(lessons_dir(root))])
    return app


def serve(root: Path | None = None, extra_routes: Iterable = (), public_url: str | None = None, **overrides) -> None:
    """Start the public site and block until interrupted. ``overrides`` are SiteSettings fields (port, ip,
    lang, warm, max_kernels, ...); unset ones come from ``LITERASI_*`` variables, then the defaults.
    ``extra_routes`` are a mode's own (room mode's ``/ruang``); ``public_url`` is the address to announce when it
    is not the one listened on (room mode: 0.0.0.0)."""
    root = root or project_root()
    site = SiteSettings.from_env(**overrides)
    app = build_app(root, site, extra_routes=extra_routes)
    warm = warm_kernel_count(kernel_pools_config(app.curriculum, site))
    print(t("site.serving", site.lang, url=public_url or site_url(site.ip, site.port), warm=warm,
                   max_kernels=site.max_kernels, idle=site.idle_timeout // 60), flush=True)
    app.start()
