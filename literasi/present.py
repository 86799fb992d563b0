"""``literasi present LESSON_ID``: the instructor's projector view of a lesson, on this laptop only.

The same Voila server as the public site (``LiterasiVoila``), rendered with the ``literasi-presentasi``
template: large type, live widgets, the instructor notes (cells tagged ``instruktur``) shown and marked, and a
QR slide at the start and end that sends learners to the lesson on the room site (``literasi serve --room``).
It listens on 127.0.0.1 only: the notes never reach the room's network.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import threading
import webbrowser
from html import escape
from pathlib import Path

import tornado.ioloop
import tornado.web

from literasi.curriculum import load_curriculum
from literasi.i18n import known_lang, t, t_both
from literasi.paths import lessons_dir, project_root
from literasi.room import (
    ROOM_PORT,
    choose_room_address,
    lesson_room_url,
    list_interfaces,
    no_network_message,
    qr_svg,
    room_url,
)
from literasi.site.app import (
    JUPYTER_DATA_DIR,
    REMOVED_ROUTES,
    TEMPLATE_FILTERS,
    LiterasiVoila,
    lesson_url,
    voila_config,
)
from literasi.site.security import InlineScriptSecurityHeaders
from literasi.site.settings import SiteSettings

PRESENT_TEMPLATE = "literasi-presentasi"
PRESENT_IP = "127.0.0.1"
PRESENT_PORT = 8867
ROOM_URL_ENV = "LITERASI_ROOM_URL"  # read by the template's qr_slide filter, in the server process
PRESENT_FILTERS = {
    "qr_slide": "literasi.present.qr_slide",
    "ruang_text": "literasi.present.ruang_text",
}
PRESENT_MAX_KERNELS = 10  # one instructor, a few reloads


class PresentationVoila(LiterasiVoila):
    """The public site's server; ``/`` opens the lesson being presented."""

    start_page: str = "/"
    removed_routes = REMOVED_ROUTES  # the stock lab template the projector view extends needs Voila's front end
    security_headers = InlineScriptSecurityHeaders  # ... and runs inline scripts

    def init_handlers(self) -> list:
        # Not permanent: a browser must not remember it when another lesson is presented on the same port.
        return [(r"/", tornado.web.RedirectHandler, {"url": self.start_page, "permanent": False}),
                *super().init_handlers()]


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


def qr_slide(lesson_id: str, lang: str, which: str) -> str:
    """Template filter: the start or end slide with the QR code of this lesson on the room site ('' without one)."""
    base = os.environ.get(ROOM_URL_ENV, "")
    if not base or not lesson_id:
        return ""
    lang = known_lang(lang)
    url = lesson_room_url(base, lang, lesson_id)
    title, body = ("present_qr_title", "present_qr_body") if which == "start" else ("present_end_title",
                                                                                     "present_end_body")
    label = t("ruang.qr_alt", lang, url=url)
    return (f'<section class="literasi-qr-slide {escape(which)}" aria-label="{escape(label)}">'
            f'<h1>{escape(t("ruang." + title, lang))}</h1>{qr_svg(url, title=label)}'
            f'<p class="room-url">{escape(url)}</p><p>{escape(t("ruang." + body, lang))}</p></section>')


def present_config(config, ip: str):
    """The public site's Voila configuration, switched to the presentation template and its filters, on loopback."""
    config.Voila.ip = ensure_loopback(ip)
    config.VoilaConfiguration.template = PRESENT_TEMPLATE
    config.VoilaExporter.filters = {**TEMPLATE_FILTERS, **PRESENT_FILTERS}
    return config


def default_room_url() -> str | None:
    address = choose_room_address(list_interfaces())
    return room_url(address, ROOM_PORT) if address else None


def present(lesson_id: str, lang: str = "id", port: int = PRESENT_PORT, room_url: str | None = None,
            root: Path | None = None, open_browser: bool = True) -> int:
    """Serve the presentation of one lesson on 127.0.0.1 and block until interrupted; 2 for an unknown lesson."""
    root = root or project_root()
    curriculum = load_curriculum(root=root)
    try:
        lesson = curriculum.lesson(lesson_id)
    except KeyError:
        choices = ", ".join(item.id for item in curriculum.lessons())
        print(t("ruang.present_unknown_lesson", lang, lesson=lesson_id, choices=choices), file=sys.stderr)
        return 2
    room = room_url or default_room_url()
    if room is None:
        print(no_network_message(), file=sys.stderr, flush=True)  # the lesson is still shown, without QR slides
    os.environ[ROOM_URL_ENV] = room or ""
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_DATA_DIR), os.environ.get("JUPYTER_PATH")]))
    os.environ["LITERASI_ROOT"] = str(root)

    site = SiteSettings(port=port, ip=ensure_loopback(PRESENT_IP), lang=lang, warm=0,
                        max_kernels=PRESENT_MAX_KERNELS)
    start = lesson_url(lang, lesson.path)
    app = PresentationVoila()
    app.curriculum = curriculum
    app.site = site
    app.start_page = start
    app.update_config(present_config(voila_config(site, curriculum), site.ip))
    app.initialize([str(lessons_dir(root))])
    url = f"http://{site.ip}:{site.port}{start}"
    print(t("ruang.present_serving", lang, lesson=lesson.id, url=url, room_url=room or "—"), flush=True)
    if open_browser:
        tornado.ioloop.IOLoop.current().add_callback(
            lambda: threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start())
    app.start()
    return 0
