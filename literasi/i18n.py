"""The learner- and trainer-facing string table, and the course's two languages.

Literasi is written in exactly two languages: Indonesian (``id``), the course's own and the default, and English
(``en``), a full mirror of it. ``Lang`` names that pair; nothing here is an open-ended list of languages. Code may
therefore ask for *the other* language (:func:`other_lang`: the lesson header's language switch, the room pages,
the landing and sources pages) and keep text as a :class:`Bilingual` pair (``curriculum.Localized`` is its
validated form).

A third language would need, besides a third ``Lang`` value:
- the models with one field per language: :class:`Bilingual` (so ``curriculum.Localized``, every title in
  ``curriculum.yml`` and every ``{id: …, en: …}`` label in ``widgets/data/``) and ``curriculum.Objectives``;
- its content: ``literasi/locale/<lang>/*.yml``, ``lessons/<lang>/`` (lessons and gallery pages),
  ``lessons/banks/<lang>/`` and the ``<exercise>-<lang>`` exercise sources;
- the places that compare or switch between the two: :func:`other_lang` (a language menu instead of a switch),
  ``check.check_parity``/``check_bank_pair`` (Indonesian against English), the class report's English subtitle,
  ``t_both`` (trainer messages printed in both languages);
- the per-language tables: ``widgets/money.LOCALES``/``RUPIAH_PATTERNS``, ``lab.LOCALES``/``START_NOTEBOOKS``,
  the handout's section headings, the sources page's addresses (``site/sources_page.SOURCES_PATHS`` and the
  footer link of ``site/pages/base.html.j2``); tests/test_i18n.py checks the tables it can import cover ``LANGS``.
(Assignment names, ``curriculum.assignment_name``/``assignment_lang``, already work for any language code.)

Strings live in ``literasi/locale/<lang>/<area>.yml`` (one file per area — quiz, qris, site, … — the same keys
in both languages, each key in exactly one file; tests keep them in step). ``t("key", lang, name=value)``
formats one; ``t_both("key")`` gives "Indonesian / English" for what a trainer reads in a terminal.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal, TypedDict, cast, get_args

from literasi.yaml_files import parse_yaml

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)  # Indonesian first: the order of every "id / en" text
DEFAULT_LANG: Lang = "id"


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return cast(Lang, lang)


def other_lang(lang: str) -> Lang:
    """The course's other language: ``en`` for ``id`` and ``id`` for ``en`` (where a page links its mirror)."""
    first, second = LANGS
    return second if check_lang(lang) == first else first


def known_lang(lang: object, default: Lang = DEFAULT_LANG) -> Lang:
    """``lang`` when it is one of the course's languages, else ``default`` (a query parameter, a template value)."""
    return cast(Lang, lang) if lang in LANGS else default


def lang_of_path(path: str) -> Lang:
    """The language a site path is in: its first segment that names a language (``/en/sources``,
    ``/pelajaran/en/qris-untuk-usaha-mikro``, ``en/03-…/qris.ipynb`` as Voila sees a lesson), else the default."""
    return next((cast(Lang, segment) for segment in path.split("/") if segment in LANGS), DEFAULT_LANG)


class Bilingual(TypedDict):
    """One text in both languages, as plain data: ``{"id": …, "en": …}`` (``text[lang]`` reads one).

    ``curriculum.Localized`` is its validated form for the manifest and data files (a pydantic model, read the
    same way); it is not defined here because this module is imported by every exercise kernel, which should
    not pay for importing pydantic."""

    id: str
    en: str


def string_folder(lang: str):
    """The folder of one language's area files (``literasi/locale/<lang>``)."""
    return resources.files("literasi").joinpath("locale", check_lang(lang))


def string_files(lang: str) -> dict[str, dict[str, str]]:
    """Each area file of one language, parsed: ``{"quiz.yml": {...}, ...}``."""
    folder = string_folder(lang)
    return {
        entry.name: parse_yaml(entry.read_text("utf-8")) or {}
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yml")
    }


@cache
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


def t_pair(key: str, **params: object) -> Bilingual:
    """One string of the table in both languages."""
    return Bilingual(id=t(key, "id", **params), en=t(key, "en", **params))


def t_both(key: str, separator: str = " / ", **params: object) -> str:
    """One string of the table as "Indonesian / English": what a trainer reads in a terminal (command help,
    messages), where the command does not know which of the two languages its reader prefers. A text that is
    the same in both languages ("port") is written once."""
    return separator.join(dict.fromkeys(t(key, lang, **params) for lang in LANGS))
