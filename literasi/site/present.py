"""``literasi present LESSON_ID``: the instructor's projector view of a lesson, on this laptop only.

The same Voila server as the public site (``LiterasiVoila``), rendered with the ``literasi-presentasi``
template: large type, live widgets, the instructor notes (cells tagged ``instruktur``) shown and marked, and a
QR slide at the start and end that sends learners to the lesson on the room site (``literasi serve --room``).
It listens on 127.0.0.1 only: the notes never reach the room's network.
"""

from __future__ import annotations

import functools
import ipaddress
import sys
import threading
import webbrowser
from html import escape
from pathlib import Path

import tornado.ioloop
import tornado.web

from literasi.curriculum import load_curriculum
from literasi.i18n import known_lang, t, t_both
from literasi.net import choose_room_address, list_interfaces
from literasi.paths import project_root
from literasi.qr import qr_svg

from .app import REMOVED_ROUTES, TEMPLATE_FILTERS, LiterasiVoila, build_app, voila_config
from .room import no_network_message
from .security import InlineScriptSecurityHeaders
from .settings import PRESENT_PORT, SITE_PORT, SiteSettings
from .urls import lesson_page_url, lesson_switch_url, site_url

PRESENT_TEMPLATE = "literasi-presentasi"  # in environment.JUPYTER_DATA_DIR
PRESENT_IP = "127.0.0.1"
PRESENT_MAX_KERNELS = 10  # one instructor, a few reloads


class PresentationVoila(LiterasiVoila):
    """The public site's server, with what the projector template needs; ``present()`` adds a ``/`` that opens the
    lesson being presented."""

    removed_routes = REMOVED_ROUTES  # the stock lab template the projector view extends needs Voila's front end
    security_headers = InlineScriptSecurityHeaders  # ... and runs inline scripts


def start_route(start_page: str) -> tuple:
    """``/`` → the lesson being presented. Not permanent: a browser must not remember it when another lesson is
    presented on the same port."""
    return (r"/", tornado.web.RedirectHandler, {"url": start_page, "permanent": False})


def ensure_loopback(ip: str) -> str:
    """The presentation shows instructor notes: refuse any address other machines could reach."""
    try:
        loopback = ipaddress.ip_address(ip).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(t_both("ruang.present_not_loopback", ip=ip))
    return ip


def ruang_text(key: str, lang: str) -> str:
    """Template filter: a ``ruang.*`` string, HTML-escaped."""
    return escape(t(key, known_lang(lang)))


def qr_slide(lesson_id: str, lang: str, which: str, room_url: str = "") -> str:
    """Template filter (bound to the room's address by ``present_config``): the start or end slide with the QR code
    of this lesson on the room site; '' without a room address."""
    if not room_url or not lesson_id:
        return ""
    lang = known_lang(lang)
    url = lesson_switch_url(lang, lesson_id, room_url)
    title, body = ("present_qr_title", "present_qr_body") if which == "start" else ("present_end_title",
                                                                                     "present_end_body")
    label = t("ruang.qr_alt", lang, url=url)
    return (f'<section class="literasi-qr-slide {escape(which)}" aria-label="{escape(label)}">'
            f'<h1>{escape(t("ruang." + title, lang))}</h1>{qr_svg(url, title=label)}'
            f'<p class="room-url">{escape(url)}</p><p>{escape(t("ruang." + body, lang))}</p></section>')


def present_config(config, ip: str, room_url: str | None = None):
    """The public site's Voila configuration, switched to the presentation template and its filters, on loopback.
    ``room_url`` is the room site's address the QR slides point to (none: no QR slides). The filters run in this
    server process, so the address is bound to the filter here rather than passed through the environment."""
    config.Voila.ip = ensure_loopback(ip)
    config.VoilaConfiguration.template = PRESENT_TEMPLATE
    config.VoilaExporter.filters = {**TEMPLATE_FILTERS, "ruang_text": ruang_text,
                                    "qr_slide": functools.partial(qr_slide, room_url=room_url or "")}
    return config


def default_room_url() -> str | None:
    address = choose_room_address(list_interfaces())
    return site_url(address, SITE_PORT) if address else None


def present(lesson_id: str, lang: str = "id", port: int = PRESENT_PORT, room_url: str | None = None,
            root: Path | None = None, open_browser: bool = True) -> int:
    """Serve the presentation of one lesson on 127.0.0.1 and block until interrupted; 2 for an unknown lesson."""
    root = root or project_root()
    curriculum = load_curriculum(root=root)
    try:
        lesson = curriculum.resolve(lesson_id)  # an old id of a merged lesson shows the lesson that replaced it
    except KeyError:
        choices = ", ".join(item.id for item in curriculum.lessons())
        print(t("ruang.present_unknown_lesson", lang, lesson=lesson_id, choices=choices), file=sys.stderr)
        return 2
    room = room_url or default_room_url()
    if room is None:
        print(no_network_message(), file=sys.stderr, flush=True)  # the lesson is still shown, without QR slides
    site = SiteSettings(port=port, ip=ensure_loopback(PRESENT_IP), lang=lang, warm=0,
                        max_kernels=PRESENT_MAX_KERNELS)
    start = lesson_page_url(lang, lesson.path)
    app = build_app(root, site, curriculum, extra_routes=[start_route(start)], app_class=PresentationVoila,
                    config=present_config(voila_config(site, curriculum), site.ip, room))
    url = site_url(site.ip, site.port).rstrip("/") + start
    print(t("ruang.present_serving", lang, lesson=lesson.id, url=url, room_url=room or "—"), flush=True)
    if open_browser:
        tornado.ioloop.IOLoop.current().add_callback(
            lambda: threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start())
    app.start()
    return 0
