"""The landing page and the 404 page: plain HTML rendered from the manifest, no kernel needed."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from literasi.curriculum import AUDIENCES, EVERYONE, Curriculum
from literasi.i18n import other_lang, strings

from .urls import TEMPLATE_GLOBALS, home_url, kelas_url

# The landing page's audience filter, in the order its buttons show: everything first, then each audience.
LANDING_TRACKS = (EVERYONE, *AUDIENCES)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("literasi.site", "pages"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(TEMPLATE_GLOBALS)  # links come from literasi.site.urls, never written in a template
    return environment


def _visible(item_track: str, track: str) -> bool:
    return track == EVERYONE or item_track in (track, EVERYONE)


def _track_url(lang: str, track: str) -> str:
    return home_url(lang, None if track == EVERYONE else track)


def render_landing(curriculum: Curriculum, lang: str, track: str = EVERYONE, kelas: bool = False) -> str:
    """The landing page; with ``kelas`` (Kelas is on: ``literasi kelas start``), a **Masuk kelas** link first."""
    modules = []
    for module in curriculum.ordered_modules():
        if not _visible(module.track, track):
            continue
        lessons = [lesson for lesson in module.lessons if _visible(lesson.track, track)]
        modules.append({"module": module, "lessons": lessons,
                        "minutes": sum(lesson.minutes for lesson in lessons)})
    other = other_lang(lang)
    return _environment().get_template("landing.html.j2").render(
        lang=lang, other_lang=other, s=strings(lang), curriculum=curriculum, modules=modules, track=track,
        switch_url=_track_url(other, track),
        track_links=[(option, _track_url(lang, option)) for option in LANDING_TRACKS],
        kelas=kelas, kelas_join_url=kelas_url(lang),
    )


def render_not_found(lang: str) -> str:
    return _environment().get_template("404.html.j2").render(lang=lang, s=strings(lang))


def render_busy(lang: str) -> str:
    """The page a learner sees when the site already holds as many kernels as it may (HTTP 503)."""
    return _environment().get_template("notice.html.j2").render(
        lang=lang, s=strings(lang), title_key="site.busy_title", body_key="site.busy_body")
