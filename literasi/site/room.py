"""Room mode ("bimtek in a box", ``literasi serve --room``): one instructor laptop, learners' phones on the same
Wi-Fi or hotspot. The public site on every interface, announced at the address phones can reach
(:mod:`literasi.net`) in a banner with a QR code, with a kernel cap that fits the laptop's free memory and
printable QR pages added to the site's routes:

- ``/ruang`` — a large QR code of the site's room address, the steps to join, and links to each lesson's page;
- ``/ruang/<lesson-id>`` — the same for one lesson (the QR opens that lesson straight away); the id of a lesson
  that another one replaced redirects permanently to the new lesson's page.

``?lang=en`` for English (the server's landing-page language otherwise). Plain HTML with the QR code inline
as SVG: no kernel, no script, nothing fetched from anywhere else; it prints on one A4 page.
"""

from __future__ import annotations

import os
import sys
from html import escape
from pathlib import Path

from literasi.curriculum import Curriculum, load_curriculum
from literasi.i18n import known_lang, other_lang, t, t_pair
from literasi.net import list_interfaces, room_addresses
from literasi.qr import qr_svg, qr_terminal

from .app import PageHandler
from .kernel_memory import available_memory, kernels_that_fit
from .settings import SiteSettings, env_name
from .urls import lesson_switch_url, room_page_url, site_url

ALL_INTERFACES = "0.0.0.0"
ROOM_MAX_KERNELS = 120  # the largest bimtek rooms: about 110 participants (Bangli's masterplan bimtek)
ROOM_MIN_KERNELS = 5

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111;
  background: #fff; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; text-align: center; }
h1 { font-size: clamp(1.6rem, 4.5vw, 2.6rem); line-height: 1.2; margin: .5rem 0 1rem; }
.literasi-qr { display: block; width: min(80vw, 60vh, 15cm); height: auto; margin: 0 auto;
  shape-rendering: crispEdges; }
.room-url { font-size: clamp(1.4rem, 5vw, 2.8rem); font-weight: 700; letter-spacing: .02em; word-break: break-all;
  margin: 1rem 0; }
ol { text-align: left; display: inline-block; font-size: 1.25rem; line-height: 1.5; max-width: 40rem; }
nav, .no-print { margin: 1rem 0; }
a { color: #0b5d8c; }
button { font-size: 1.1rem; padding: .5rem 1.2rem; }
.lessons { text-align: left; columns: 2 18rem; font-size: 1.05rem; line-height: 1.6; }
@media print {
  .no-print { display: none !important; }
  @page { size: A4 portrait; margin: 12mm; }
  main { padding: 0; }
  .literasi-qr { width: 14cm; }
}
"""


def _page(lang: str, title: str, url: str, extra: str = "", switch_href: str = "") -> str:
    steps = "".join(f"<li>{escape(t(key, lang))}</li>" for key in ("ruang.step_wifi", "ruang.step_scan",
                                                                   "ruang.step_offline"))
    other = other_lang(lang)
    switch = escape(t("ruang.switch_language", lang))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · Literasi</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<nav class="no-print"><a href="{escape(switch_href)}" lang="{other}" hreflang="{other}">{switch}</a></nav>
<h1>{escape(title)}</h1>
<figure role="img" aria-label="{escape(t("ruang.qr_alt", lang, url=url))}" style="margin:0">
{qr_svg(url, title=t("ruang.qr_alt", lang, url=url))}
</figure>
<p class="room-url">{escape(url)}</p>
<ol>{steps}</ol>
<p class="no-print"><button type="button" onclick="window.print()">{escape(t("ruang.print", lang))}</button></p>
{extra}
</main>
</body>
</html>
"""


def render_room_page(base_url: str, curriculum: Curriculum, lang: str) -> str:
    """``/ruang``: the site's address as a QR code, and a link to each lesson's own QR page."""
    items = "".join(
        f'<li><a href="{room_page_url(lang, lesson.id)}">{escape(lesson.title[lang])}</a></li>'
        for lesson in curriculum.lessons()
    )
    extra = (f'<section class="no-print"><h2>{escape(t("ruang.lessons_heading", lang))}</h2>'
             f'<p>{escape(t("ruang.lessons_hint", lang))}</p><ul class="lessons">{items}</ul></section>')
    other = other_lang(lang)
    return _page(lang, t("ruang.page_title", lang), base_url, extra, switch_href=room_page_url(other))


def render_lesson_room_page(base_url: str, curriculum: Curriculum, lang: str, lesson_id: str) -> str:
    """``/ruang/<lesson-id>``: one lesson's address on the room site as a QR code. KeyError if unknown."""
    lesson = curriculum.lesson(lesson_id)
    other = other_lang(lang)
    back = f'<p class="no-print"><a href="{room_page_url(lang)}">← {escape(t("ruang.lessons_heading", lang))}</a></p>'
    return _page(lang, t("ruang.page_lesson_title", lang, title=lesson.title[lang]),
                 lesson_switch_url(lang, lesson.id, base_url), back, switch_href=room_page_url(other, lesson.id))


class RoomHandler(PageHandler):
    def initialize(self, base_url: str, curriculum: Curriculum, default_lang: str) -> None:
        self.base_url, self.curriculum, self.default_lang = base_url, curriculum, default_lang

    def page_lang(self) -> str:
        lang = self.get_argument("lang", self.default_lang)
        return known_lang(lang, self.default_lang)

    def error_lang(self) -> str:
        return self.page_lang()

    def get(self, lesson_id: str | None = None) -> None:
        lang = self.page_lang()
        if lesson_id is None:
            page = render_room_page(self.base_url, self.curriculum, lang)
        elif lesson_id in self.curriculum.replaced():  # a replaced lesson's QR page: the new lesson's, for good
            self.redirect(room_page_url(lang, self.curriculum.resolve(lesson_id).id), permanent=True)
            return
        else:
            try:
                page = render_lesson_room_page(self.base_url, self.curriculum, lang, lesson_id)
            except KeyError:
                self.send_error(404)
                return
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")
        self.write(page)


def room_routes(base_url: str, curriculum: Curriculum, default_lang: str = "id") -> list[tuple]:
    """Room mode's routes, for ``serve(extra_routes=...)``; ``base_url`` is the address learners open."""
    options = {"base_url": base_url, "curriculum": curriculum, "default_lang": default_lang}
    return [(r"/ruang/?", RoomHandler, options), (r"/ruang/([a-z0-9-]+)/?", RoomHandler, options)]


def room_max_kernels(available_bytes: int, zygote: bool = True) -> int:
    """How many learner kernels this machine holds with the memory it has free now, between 5 and 120
    (``zygote``: kernels forked from the zygote, which share most of their memory)."""
    return int(max(ROOM_MIN_KERNELS, min(ROOM_MAX_KERNELS, kernels_that_fit(available_bytes, zygote))))


def _both(key: str, **params: object) -> list[str]:
    """The banner's lines: the Indonesian one, then the English one."""
    return list(t_pair(key, **params).values())


def room_banner(url: str, alternates: list[str] | tuple = (), max_kernels: int | None = None,
                with_qr: bool = True) -> str:
    """What ``literasi serve --room`` prints: the address (and its QR code) learners open, in both languages."""
    rule = "═" * 64
    lines = [rule, *_both("ruang.banner_title"), "", *_both("ruang.banner_join"), "", f"    {url}", ""]
    if alternates:
        lines += [*_both("ruang.banner_alternates", urls=", ".join(alternates)), ""]
    if with_qr:
        lines += [qr_terminal(url).rstrip("\n"), ""]
    lines += _both("ruang.banner_print", url=room_page_url(base_url=url))
    if max_kernels is not None:
        lines += _both("ruang.banner_limits", max_kernels=max_kernels)
    lines += [*_both("ruang.banner_stop"), rule]
    return "\n".join(lines)


def no_network_message() -> str:
    """What room mode and the projector view print when no interface is reachable from the room."""
    return "\n".join(["", *[f"✘ {line}" for line in _both("ruang.no_network")], ""])


def _unset(name: str, value: object) -> bool:
    """Neither given as a flag nor set in the environment: room mode picks its own default."""
    return value is None and not os.environ.get(env_name(name))


def serve_room(root: Path, ip: str | None = None, kelas: dict | None = None, **options) -> int:
    """Serve the public site for a room: bound to every interface, announced at the address learners' phones
    can reach (``ip`` when given, else the best one found), with a kernel cap that fits this machine's free
    memory and no warm kernels (the memory goes to learners) unless asked for. Returns 1, after saying what to
    do, when no interface is reachable from the room and no ``ip`` was given.

    ``kelas`` turns Kelas on (``literasi kelas start``): the arguments of :func:`.kelas.start.kelas_context`
    (``course_root``, ``code``, ``exercises``, ``walk_ins``); the class code, the join address and the instructor's
    address are printed under the banner, and the grading queue starts before the site does."""
    from literasi.site.app import serve

    addresses = room_addresses(list_interfaces())
    advertised = ip or (addresses[0] if addresses else None)
    if advertised is None:
        print(no_network_message(), file=sys.stderr, flush=True)
        return 1
    if _unset("max_kernels", options.get("max_kernels")):
        zygote = SiteSettings.from_env(**{**options, "max_kernels": None}).zygote
        options["max_kernels"] = room_max_kernels(available_memory(), zygote=zygote)
    if _unset("warm", options.get("warm")):
        options["warm"] = 0
    site = SiteSettings.from_env(**options)
    url = site_url(advertised, site.port)
    alternates = [] if ip else [site_url(address, site.port) for address in addresses[1:]]
    try:
        print(room_banner(url, alternates, site.max_kernels), flush=True)
    except UnicodeEncodeError:  # a console that cannot draw the QR code's block characters
        print(room_banner(url, alternates, site.max_kernels, with_qr=False).replace("═", "="), flush=True)
    curriculum = load_curriculum(root=root)
    routes = room_routes(url, curriculum, site.lang)
    if kelas is not None:
        from .kelas import kelas_routes
        from .kelas.start import kelas_banner, kelas_context

        ctx = kelas_context(**kelas, default_lang=site.lang, curriculum=curriculum,
                            trusted_proxies=site.trusted_networks)
        print(kelas_banner(ctx, url, site_url("127.0.0.1", site.port)), flush=True)
        ctx.extras["queue"].start()
        from .kelas.quiz import kelas_lesson_hook
        from .learner import LESSON_REQUEST_HOOKS

        LESSON_REQUEST_HOOKS.append(kelas_lesson_hook(ctx, site.port))
        routes = [*kelas_routes(ctx), *routes]
    serve(root=root, extra_routes=routes, public_url=url, **{**options, "ip": ALL_INTERFACES})
    return 0
