"""Every URL of the public site, built in one place.

Pages, templates, the room's QR pages, the projector's QR slides and the printed handouts and day plan all link
here, so a route that moves changes one function (and its route pattern in ``app.py`` or ``room.py``).
Relative paths (``/id/``) are for links inside the site; ``base_url`` makes an absolute URL for a QR code
or a printout (``http://192.168.43.10:8866/``, with or without the trailing slash).

This module imports no server code (nor the manifest's model): the printable documents and the CLI use it
without loading Voila.
"""

from __future__ import annotations

from .settings import SITE_PORT, SiteSettings

TRACK_PARAM = "jalur"  # the landing page's audience filter: /id/?jalur=umkm
# The Sumber page (every fact with its sources) in each language.
SOURCES_PATHS = {"id": "/sumber", "en": "/en/sources"}


def site_url(host: str, port: int = SITE_PORT) -> str:
    """The site's address on a host, e.g. the room address learners' phones open: ``http://192.168.43.10:8866/``."""
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/"


# Where ``literasi serve`` listens by default: the default address printed in handouts and the day plan.
LOCAL_SITE_URL = site_url(SiteSettings.ip, SITE_PORT).rstrip("/")


def home_url(lang: str, track: str | None = None) -> str:
    """The landing page in a language (``/en/``), or only one audience track's lessons (``/en/?jalur=asn``)."""
    return f"/{lang}/" if track is None else f"/{lang}/?{TRACK_PARAM}={track}"


def lesson_page_url(lang: str, path: str) -> str:
    """Where Voila renders a lesson or gallery page: ``/voila/render/<lang>/<path in lessons/<lang>/>``."""
    return f"/voila/render/{lang}/{path}"


def lesson_switch_url(lang: str, lesson_id: str, base_url: str = "") -> str:
    """A lesson by id in a language (``/pelajaran/<lang>/<lesson-id>``), which redirects to its page: the language
    switch of a lesson page, and the address in every lesson QR code (it survives a lesson's file moving)."""
    return f"{base_url.rstrip('/')}/pelajaran/{lang}/{lesson_id}"


def room_page_url(lang: str | None = None, lesson_id: str | None = None, base_url: str = "") -> str:
    """The room's printable QR page (``/ruang``), or one lesson's (``/ruang/<lesson-id>``), in ``lang``."""
    path = f"{base_url.rstrip('/')}/ruang" + (f"/{lesson_id}" if lesson_id else "")
    return f"{path}?lang={lang}" if lang else path


def sources_url(lang: str) -> str:
    """The Sumber page: ``/sumber`` or ``/en/sources``."""
    return SOURCES_PATHS[lang]


def _with_lang(path: str, lang: str | None) -> str:
    return f"{path}?lang={lang}" if lang else path


def kelas_url(lang: str | None = None, base_url: str = "") -> str:
    """Kelas for a learner (``/kelas``): Masuk kelas, or their home once joined."""
    return _with_lang(f"{base_url.rstrip('/')}/kelas", lang)


def kelas_exercise_url(assignment: str, lang: str | None = None) -> str:
    """An exercise's phone form: ``/kelas/latihan/m3-qris``."""
    return _with_lang(f"/kelas/latihan/{assignment}", lang)


def kelas_attempt_url(attempt_id: int, lang: str | None = None) -> str:
    """One of a learner's attempts, its score and feedback: ``/kelas/kiriman/12``."""
    return _with_lang(f"/kelas/kiriman/{int(attempt_id)}", lang)


# What the site's Jinja pages (site/pages/*.j2) may call to build a link.
TEMPLATE_GLOBALS = {
    "home_url": home_url,
    "lesson_page_url": lesson_page_url,
    "sources_url": sources_url,
}
