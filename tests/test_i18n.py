import string
from collections import Counter

from literasi.i18n import string_files, strings


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
