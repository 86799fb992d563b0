"""The learner- and trainer-facing string table, Indonesian first, English as a full mirror.

Strings live in ``literasi/locale/<lang>.yml`` (one file per language, the same keys in both; a
test keeps them in step). ``t("key", lang, name=value)`` formats one.
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


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    text = resources.files("literasi").joinpath("locale", f"{check_lang(lang)}.yml").read_text("utf-8")
    return yaml.safe_load(text)


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    template = strings(lang)[key]
    return template.format(**params) if params else template
