"""The learner- and trainer-facing string table, Indonesian first, English as a full mirror.

Strings live in ``literasi/locale/<lang>/<area>.yml`` (one file per area — quiz, qris, site, … —
the same keys in both languages, each key in exactly one file; tests keep them in step).
``t("key", lang, name=value)`` formats one.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

LANGS = ("id", "en")
DEFAULT_LANG = "id"


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def string_files(lang: str) -> dict[str, dict[str, str]]:
    """Each area file of one language, parsed: ``{"quiz.yml": {...}, ...}``."""
    folder = resources.files("literasi").joinpath("locale", check_lang(lang))
    return {
        entry.name: yaml.safe_load(entry.read_text("utf-8")) or {}
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yml")
    }


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for table in string_files(lang).values():
        merged.update(table)
    return merged


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    template = strings(lang)[key]
    return template.format(**params) if params else template


def t_params(key: str, lang: str, params) -> str:
    """``t`` with parameters given as a mapping or (name, value) pairs; a callable value is called with
    the language first (so money and dates are formatted the learner's way)."""
    pairs = params.items() if hasattr(params, "items") else params
    return t(key, lang, **{name: value(lang) if callable(value) else value for name, value in pairs})
