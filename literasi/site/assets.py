"""The site's own static assets (scripts, styles, icons), built at release time into ``static/``.

Each built file carries a content hash in its name (``lesson.3f2a1b9c.js``) and ``static/assets.json``
maps the logical name to it, so pages link ``asset_url("lesson.js")`` and browsers may keep the file for a
year. Precompressed ``.br``/``.gz`` siblings are sent to browsers that accept them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
ASSET_MANIFEST = STATIC_DIR / "assets.json"
ASSET_PREFIX = "/aset/"


@lru_cache(maxsize=1)
def asset_names() -> dict[str, str]:
    """Logical name → hashed file name, from the build's manifest (empty before the first build)."""
    if not ASSET_MANIFEST.exists():
        return {}
    return json.loads(ASSET_MANIFEST.read_text(encoding="utf-8"))


def asset_url(name: str) -> str:
    """URL of a built asset by its logical name, e.g. ``asset_url("lesson.js")`` → ``/aset/lesson.3f2a1b9c.js``."""
    try:
        return ASSET_PREFIX + asset_names()[name]
    except KeyError:
        raise KeyError(f"{name}: not in {ASSET_MANIFEST.name}; build the front end (see frontend/README.md)") from None
