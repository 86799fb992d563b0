import string

import yaml

from literasi.i18n import strings


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_string_exists_in_both_languages_with_the_same_placeholders():
    indonesian, english = strings("id"), strings("en")
    assert indonesian.keys() == english.keys()
    for key in indonesian:
        assert indonesian[key].strip() and english[key].strip(), key
        assert _fields(indonesian[key]) == _fields(english[key]), key


def test_string_files_are_plain_key_value_yaml(root):
    for lang in ("id", "en"):
        data = yaml.safe_load((root / "literasi" / "locale" / f"{lang}.yml").read_text("utf-8"))
        assert all(isinstance(value, str) for value in data.values())
