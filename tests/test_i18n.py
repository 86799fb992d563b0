import string
from collections import Counter
from typing import get_args

import pytest

from literasi.i18n import (
    DEFAULT_LANG,
    LANGS,
    Bilingual,
    Lang,
    known_lang,
    lang_of_path,
    other_lang,
    string_files,
    strings,
    t,
    t_both,
    t_pair,
)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_string_exists_in_both_languages_with_the_same_placeholders():
    indonesian, english = strings("id"), strings("en")
    assert indonesian.keys() == english.keys()
    for key in indonesian:
        assert indonesian[key].strip() and english[key].strip(), key
        assert _fields(indonesian[key]) == _fields(english[key]), key


def test_both_languages_have_the_same_area_files_and_each_key_lives_in_one_file():
    assert string_files("id").keys() == string_files("en").keys()
    for lang in ("id", "en"):
        files = string_files(lang)
        counts = Counter(key for table in files.values() for key in table)
        assert not [key for key, count in counts.items() if count > 1]
        for name, table in files.items():
            assert all(isinstance(value, str) for value in table.values()), name
            assert all(key.startswith(name.removesuffix(".yml") + ".") for key in table), name


def test_the_course_has_exactly_two_languages_and_each_has_the_other():
    assert LANGS == get_args(Lang) == ("id", "en") and DEFAULT_LANG == LANGS[0]
    assert [other_lang(lang) for lang in LANGS] == ["en", "id"]
    assert all(other_lang(other_lang(lang)) == lang for lang in LANGS)
    with pytest.raises(ValueError):
        other_lang("fr")


@pytest.mark.parametrize("path, lang", [
    ("/en/", "en"), ("/en", "en"), ("/en/sources", "en"), ("/pelajaran/en/qris-untuk-usaha-mikro", "en"),
    ("en/03-pembayaran-digital/01-qris-untuk-usaha-mikro.ipynb", "en"), ("/voila/render/en/galeri/kuis.ipynb", "en"),
    ("/", "id"), ("/sumber", "id"), ("/pelajaran/id/qris-untuk-usaha-mikro", "id"), ("id/00-mulai/x.ipynb", "id"),
    ("", "id"), ("/tidak-ada", "id"), ("/fr/", "id"),
])
def test_a_site_path_says_its_language(path, lang):
    assert lang_of_path(path) == lang


def test_an_unknown_language_falls_back_to_the_default_given():
    assert [known_lang(value) for value in ("id", "en", "fr", "", None)] == ["id", "en", "id", "id", "id"]
    assert known_lang("fr", "en") == "en"


def test_a_trainer_message_is_indonesian_then_english():
    assert t_both("cli.problems", count=3) == f"{t('cli.problems', 'id', count=3)} / {t('cli.problems', 'en', count=3)}"
    assert t_both("cli.port") == t("cli.port", "id")  # the same word in both languages is written once
    assert t_pair("site.home") == {"id": t("site.home", "id"), "en": t("site.home", "en")}


def test_every_per_language_table_and_bilingual_model_covers_exactly_the_two_languages():
    """What a third language would have to fill in fails here by name, instead of a KeyError at a learner's click."""
    from literasi import lab
    from literasi.curriculum import Localized, Objectives
    from literasi.widgets import money

    assert tuple(Bilingual.__annotations__) == LANGS
    assert tuple(Localized.model_fields) == tuple(Objectives.model_fields) == LANGS
    for name, table in {"money.LOCALES": money.LOCALES, "money.RUPIAH_PATTERNS": money.RUPIAH_PATTERNS,
                        "lab.LOCALES": lab.LOCALES, "lab.START_NOTEBOOKS": lab.START_NOTEBOOKS}.items():
        assert tuple(table) == LANGS, name


def test_every_site_setting_has_its_help_in_the_string_table():
    from dataclasses import fields

    from literasi.site.settings import SiteSettings

    assert {f"cli.setting.{item.name}" for item in fields(SiteSettings)} == {
        key for key in strings("id") if key.startswith("cli.setting.")}
