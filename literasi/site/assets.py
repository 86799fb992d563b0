"""The site's own static assets (scripts, styles, icons), built at release time into ``static/``.

Each built file carries a content hash in its name (``lesson.HCIGUBZT.js``) and ``static/assets.json``
maps the logical name to it, so pages link ``asset_url("lesson.js")`` and browsers may keep the file for a
year. The script is an ES module split into chunks (frontend/build.mjs): ``assets.json`` lists every built
file under ``files`` (all of them are served) and, under ``preload``, the chunks the entry imports at once,
which the page announces with ``<link rel="modulepreload">`` (``preload_urls``). Precompressed ``.br``/``.gz``
siblings are sent to browsers that accept them.
"""

from __future__ import annotations

import json
import mimetypes
from functools import lru_cache
from pathlib import Path

import tornado.web

STATIC_DIR = Path(__file__).parent / "static"
ASSET_MANIFEST = STATIC_DIR / "assets.json"
ASSET_PREFIX = "/aset/"


@lru_cache(maxsize=1)
def asset_names() -> dict[str, str]:
    """Logical name → hashed file name, from the build's manifest (empty before the first build)."""
    if not ASSET_MANIFEST.exists():
        return {}
    return json.loads(ASSET_MANIFEST.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def served_files() -> frozenset[str]:
    """The built files the site hands out: the manifest's file names that are files in ``static/``."""
    names = [value for value in asset_names().values() if isinstance(value, str)]
    for value in asset_names().values():
        if isinstance(value, list):
            names.extend(item for item in value if isinstance(item, str))
    return frozenset(name for name in names
                     if name.endswith((".js", ".css")) and "/" not in name and (STATIC_DIR / name).is_file())


def asset_url(name: str) -> str:
    """URL of a built asset by its logical name, e.g. ``asset_url("lesson.js")`` → ``/aset/lesson.3f2a1b9c.js``."""
    try:
        return ASSET_PREFIX + asset_names()[name]
    except KeyError:
        raise KeyError(f"{name}: not in {ASSET_MANIFEST.name}; build the front end (see frontend/README.md)") from None


def preload_urls(name: str) -> list[str]:
    """URLs of the chunks the entry ``name`` (``"lesson.js"``) imports at once, for ``<link rel="modulepreload">``."""
    asset_url(name)  # the same error as asset_url when the build is missing
    return [ASSET_PREFIX + chunk for chunk in asset_names().get("preload", [])]


# A year: built files never change under the same name, so browsers need not even ask again.
IMMUTABLE = "public, max-age=31536000, immutable"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def _accepted(header: str) -> set[str]:
    """Codings a browser accepts (``q=0`` means refused)."""
    accepted = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip().lower())
    return accepted


class AssetHandler(tornado.web.RequestHandler):
    """Serves built assets only (names listed in ``assets.json``), precompressed where the browser allows."""

    def initialize(self, not_found) -> None:
        self.not_found = not_found

    def write_error(self, status_code: int, **kwargs) -> None:
        self.write(self.not_found("id"))

    def head(self, name: str) -> None:
        self.get(name, include_body=False)

    def get(self, name: str, include_body: bool = True) -> None:
        if name not in served_files():
            raise tornado.web.HTTPError(404)
        path = STATIC_DIR / name
        coding, suffix = self._coding(path)
        body = (path.with_name(path.name + suffix) if coding else path).read_bytes()
        content_type, _ = mimetypes.guess_type(name)
        self.set_header("Content-Type", (content_type or "application/octet-stream")
                        + ("; charset=UTF-8" if (content_type or "").startswith(("text/", "application/javascript")) else ""))
        self.set_header("Cache-Control", IMMUTABLE)
        self.set_header("ETag", f'"{name}{suffix}"')
        if coding:
            self.set_header("Content-Encoding", coding)
        if self.request.headers.get("If-None-Match") == f'"{name}{suffix}"':
            self.set_status(304)
            return
        self.set_header("Content-Length", len(body))
        if include_body:
            self.write(body)

    def _coding(self, path: Path) -> tuple[str | None, str]:
        accepted = _accepted(self.request.headers.get("Accept-Encoding", ""))
        for coding, suffix in ENCODINGS:
            if coding in accepted and path.with_name(path.name + suffix).exists():
                return coding, suffix
        return None, ""
