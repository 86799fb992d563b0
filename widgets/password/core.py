"""Password strength (sandi): zxcvbn's estimate, explained in plain Indonesian or English.

Pure logic, no widgets. Indonesian words, names and places (a project-made list in
``data/sandi_kata_umum.yml``) and whatever the learner types as their name or birth date are passed to
zxcvbn as ``user_inputs``, so a password built from them counts as easy to guess.

Privacy: the password goes into zxcvbn and nothing of it comes back out — an assessment holds only the
score, the length, the time estimates and string-table keys. Nothing here stores, logs or prints it, and
the personal words zxcvbn keeps in a module-level dictionary are removed after every call.
"""

from __future__ import annotations

import math
import re
import secrets
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field, model_validator
from zxcvbn import matching as _zxcvbn_matching
from zxcvbn import zxcvbn as _zxcvbn

from literasi.curriculum import FactId, Strict
from literasi.facts import Fact
from literasi.i18n import t, t_params

from ..data_checks import DataFileError, data_path, read_data_model, read_problems
from ..money import format_number
from ..problems import InputProblem

DATA_FILES = ("sandi.yml", "sandi_kata_umum.yml", "sandi_kata_frasa.yml")
# zxcvbn refuses a longer password (its own limit, to keep matching fast).
MAX_PASSWORD_LENGTH = 72
# The optional name / birth-date boxes: anything longer is not a name or a date.
MAX_HINT_LENGTH = 100
PASSPHRASE_WORDS = 4
PASSPHRASE_SEPARATOR = "-"
# zxcvbn scores 0..4; each score's word is the string key sandi.level_<n>.
SCORES = range(5)
PERSONAL_SCORE_CAP = 1  # uses the name or birth date the learner typed: at best "lemah"
SHORT_SCORE_CAP = 2  # shorter than the minimum length in data/sandi.yml: at best "sedang"
COLOURS = ("#b71c1c", "#c0392b", "#9a6b00", "#1b7f5b", "#14532d")

# zxcvbn's feedback comes as English sentences; learners see our own sentence for each (keys in the string
# table). tests/test_sandi.py reads zxcvbn's feedback.py and fails if a sentence is missing here.
ZXCVBN_FEEDBACK_KEYS = {
    "Use a few words, avoid common phrases.": "sandi.zx_use_few_words",
    "No need for symbols, digits, or uppercase letters.": "sandi.zx_no_need_symbols",
    "Add another word or two. Uncommon words are better.": "sandi.zx_add_word",
    "Straight rows of keys are easy to guess.": "sandi.zx_straight_rows",
    "Short keyboard patterns are easy to guess.": "sandi.zx_short_keyboard",
    "Use a longer keyboard pattern with more turns.": "sandi.zx_longer_keyboard",
    'Repeats like "aaa" are easy to guess.': "sandi.zx_repeat_char",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "sandi.zx_repeat_group",
    "Avoid repeated words and characters.": "sandi.zx_avoid_repeats",
    'Sequences like "abc" or "6543" are easy to guess.': "sandi.zx_sequence",
    "Avoid sequences.": "sandi.zx_avoid_sequences",
    "Recent years are easy to guess.": "sandi.zx_recent_year",
    "Avoid recent years.": "sandi.zx_avoid_recent_years",
    "Avoid years that are associated with you.": "sandi.zx_avoid_your_years",
    "Dates are often easy to guess.": "sandi.zx_dates",
    "Avoid dates and years that are associated with you.": "sandi.zx_avoid_your_dates",
    "This is a top-10 common password.": "sandi.zx_top10",
    "This is a top-100 common password.": "sandi.zx_top100",
    "This is a very common password.": "sandi.zx_very_common",
    "This is similar to a commonly used password.": "sandi.zx_similar_common",
    "A word by itself is easy to guess.": "sandi.zx_single_word",
    "Names and surnames by themselves are easy to guess.": "sandi.zx_names_alone",
    "Common names and surnames are easy to guess.": "sandi.zx_common_names",
    "Capitalization doesn't help very much.": "sandi.zx_capitals",
    "All-uppercase is almost as easy to guess as all-lowercase.": "sandi.zx_all_capitals",
    "Reversed words aren't much harder to guess.": "sandi.zx_reversed",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": "sandi.zx_substitutions",
}
ZXCVBN_OTHER_KEY = "sandi.zx_other"

# zxcvbn keeps user_inputs in a module-level dictionary; one call at a time, and it is emptied afterwards.
_ZXCVBN_LOCK = threading.Lock()


class SandiDataError(DataFileError):
    """A sandi data file is missing a field or breaks one of its rules; the message names the file and field."""


# --- the data files ----------------------------------------------------------------------------------


class _Cited(Strict):
    facts: tuple[FactId, ...] = Field(min_length=1)  # fact ids, each in the file's sources


class MinLength(_Cited):
    value: int = Field(ge=1)  # characters


class NeverShare(_Cited):
    items: tuple[str, ...] = Field(min_length=1)  # each a string key sandi.never_share.<item>


class ReportSite(_Cited):
    site: str = Field(min_length=1)


class TipsFile(Strict):
    """``sandi.yml``: the tips a learner is shown, each citing its facts."""

    sources: dict[str, Fact]  # the file's fact ids, resolved in the facts registry by read_data_model
    min_length: MinLength
    never_share: NeverShare
    report: ReportSite

    @model_validator(mode="after")
    def facts_are_sources(self) -> TipsFile:
        for field in ("min_length", "never_share", "report"):
            missing = [fact for fact in getattr(self, field).facts if fact not in self.sources]
            if missing:
                raise ValueError(f"{field}.facts: cites {missing} without a sources entry")
        return self


class _WordFile(Strict):
    """A project-made word list (``project_made: true`` says so), in named groups; no word twice."""

    sources: dict[str, Fact]
    project_made: Literal[True]
    words: dict[str, tuple[str, ...]]

    @model_validator(mode="after")
    def no_word_twice(self) -> _WordFile:
        seen: set[str] = set()
        for group, words in self.words.items():
            for index, word in enumerate(words):
                if word in seen:
                    raise ValueError(f"words.{group}[{index}]: {word!r} is listed twice")
                seen.add(word)
        return self

    def all_words(self) -> tuple[str, ...]:
        return tuple(word for words in self.words.values() for word in words)


CommonWord = Annotated[str, Field(pattern=r"^[a-z]{3,}$")]
PhraseWord = Annotated[str, Field(pattern=r"^[a-z]{3,12}$")]  # short enough to type in a passphrase


class CommonWords(_WordFile):
    """``sandi_kata_umum.yml``: Indonesian words, names and places people put in passwords."""

    words: dict[str, Annotated[tuple[CommonWord, ...], Field(min_length=1)]] = Field(min_length=1)


class PhraseWords(_WordFile):
    """``sandi_kata_frasa.yml``: the words of the example passphrases."""

    words: dict[str, Annotated[tuple[PhraseWord, ...], Field(min_length=1)]] = Field(min_length=1)


@dataclass(frozen=True)
class SandiData:
    min_length: int
    min_length_facts: tuple[str, ...]
    never_share: tuple[str, ...]
    never_share_facts: tuple[str, ...]
    report_site: str
    report_facts: tuple[str, ...]
    common_words: tuple[str, ...]
    phrase_words: tuple[str, ...]
    sources: dict[str, Fact]  # fact ids → the registry's facts


FileModel = TypeVar("FileModel", bound=BaseModel)


def _read(folder: Path | None, name: str, model: type[FileModel]) -> FileModel:
    return read_data_model(data_path(name, folder), model, f"widgets/data/{name}", SandiDataError)


def read_sandi_data(folder: Path | None = None) -> SandiData:
    """Parse and validate the three sandi data files (from ``folder``, or the installed package)."""
    tips = _read(folder, "sandi.yml", TipsFile)
    common = _read(folder, "sandi_kata_umum.yml", CommonWords).all_words()
    phrase = _read(folder, "sandi_kata_frasa.yml", PhraseWords).all_words()
    both = sorted(set(common) & set(phrase))
    if both:
        raise SandiDataError(f"widgets/data/sandi_kata_frasa.yml: words: also in sandi_kata_umum.yml: {both}")
    return SandiData(
        min_length=tips.min_length.value,
        min_length_facts=tips.min_length.facts,
        never_share=tips.never_share.items,
        never_share_facts=tips.never_share.facts,
        report_site=tips.report.site,
        report_facts=tips.report.facts,
        common_words=common,
        phrase_words=phrase,
        sources=tips.sources,
    )


@lru_cache(maxsize=1)
def load_sandi_data() -> SandiData:
    return read_sandi_data()


def check_data(folder: Path | None = None) -> list[str]:
    """Problems in the sandi data files, for ``literasi check``."""
    return read_problems(lambda: read_sandi_data(folder))


@dataclass(frozen=True)
class Reason:
    """One sentence of the explanation: a string key and its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str) -> str:
        return t_params(self.key, lang, self.params)


@dataclass(frozen=True)
class PasswordAssessment:
    """What the meter shows. Deliberately holds nothing of the password itself."""

    score: int  # 0 (sangat lemah) .. 4 (sangat kuat): zxcvbn's score, capped by the project's rules
    zxcvbn_score: int
    length: int
    guesses_log10: float
    online_seconds: float  # guessing through a login page that limits attempts
    offline_seconds: float  # guessing a leaked, properly protected password list
    reasons: tuple[Reason, ...]

    @property
    def level_key(self) -> str:
        return f"sandi.level_{self.score}"

    @property
    def colour(self) -> str:
        return COLOURS[self.score]


def _name_words(name: str) -> list[str]:
    parts = re.findall(r"[^\W\d_]+", name.lower())
    words = [part for part in parts if len(part) >= 2]
    if len(words) > 1:
        words.append("".join(words))
    return words


def _date_words(birth_date: str) -> list[str]:
    text = birth_date.lower()
    words = [part for part in re.findall(r"[^\W\d_]+", text) if len(part) >= 3]  # "17 Agustus 1985"
    groups = re.findall(r"\d+", text)
    if groups:
        words.append("".join(groups))
    if len(groups) == 3 and all(len(group) <= 4 for group in groups):
        day, month, year = (groups if len(groups[0]) <= 2 else list(reversed(groups)))  # 1985-08-17
        dd, mm = day.zfill(2), month.zfill(2)
        yy = year[-2:]
        words += [dd + mm + year, dd + mm + yy, year + mm + dd, mm + dd + year, dd + mm, mm + dd, year,
                  day + month + year, day + month]
    else:
        words += [group for group in groups if len(group) >= 4]
    return words


def personal_words(name: str = "", birth_date: str = "") -> list[str]:
    """The name and birth date as the pieces people put in passwords (``"Sari", "17-08-1985"`` → ``sari``, ``1708``…)."""
    words: list[str] = []
    for word in _name_words(name) + _date_words(birth_date):
        if word not in words:
            words.append(word)
    return words


def _feedback_key(sentence: str) -> str:
    return ZXCVBN_FEEDBACK_KEYS.get(sentence, ZXCVBN_OTHER_KEY)


def _run_zxcvbn(password: str, user_inputs: list[str]) -> dict:
    with _ZXCVBN_LOCK:
        try:
            return _zxcvbn(password, user_inputs=user_inputs, max_length=MAX_PASSWORD_LENGTH)
        finally:
            _zxcvbn_matching.RANKED_DICTIONARIES.pop("user_inputs", None)


def assess_password(password: str, name: str = "", birth_date: str = "") -> PasswordAssessment:
    """Score a password; raises InputProblem when there is nothing (or too much) to score."""
    if not password:
        raise InputProblem("sandi.empty")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputProblem("sandi.too_long", limit=MAX_PASSWORD_LENGTH)
    if len(name) > MAX_HINT_LENGTH or len(birth_date) > MAX_HINT_LENGTH:
        raise InputProblem("sandi.hint_too_long", limit=MAX_HINT_LENGTH)
    data = load_sandi_data()
    personal = personal_words(name, birth_date)
    result = _run_zxcvbn(password, personal + list(data.common_words) + list(data.phrase_words))
    personal_set, common_set = set(personal), set(data.common_words)
    used = {match.get("matched_word") for match in result["sequence"]
            if match.get("pattern") == "dictionary" and match.get("dictionary_name") == "user_inputs"}

    reasons: list[Reason] = []
    if len(password) < data.min_length:
        reasons.append(Reason("sandi.reason_short", (("n", len(password)), ("min", data.min_length))))
    if used & personal_set:
        reasons.append(Reason("sandi.reason_personal"))
    if (used - personal_set) & common_set:  # "sari" typed as the learner's name is personal, not just common
        reasons.append(Reason("sandi.reason_common_word"))
    feedback = result["feedback"]
    for sentence in [feedback.get("warning", ""), *feedback.get("suggestions", [])]:
        if sentence:
            reason = Reason(_feedback_key(sentence))
            if reason not in reasons:
                reasons.append(reason)
    zxcvbn_score = int(result["score"])
    score = zxcvbn_score
    # Project rules on top of zxcvbn: a password with the learner's own name or birth date is at best "lemah";
    # one shorter than Bank Indonesia's minimum (F-SCAM-12) is at best "sedang".
    if used & personal_set:
        score = min(score, PERSONAL_SCORE_CAP)
    if len(password) < data.min_length:
        score = min(score, SHORT_SCORE_CAP)
    if score >= 3 and not reasons:
        reasons.append(Reason("sandi.reason_good"))
    times = result["crack_times_seconds"]
    return PasswordAssessment(
        score=score,
        zxcvbn_score=zxcvbn_score,
        length=len(password),
        guesses_log10=float(result["guesses_log10"]),
        online_seconds=float(times["online_throttling_100_per_hour"]),
        offline_seconds=float(times["offline_slow_hashing_1e4_per_second"]),
        reasons=tuple(reasons),
    )


# Plain-words guessing time: the largest unit that fits, "about N <unit>".
_UNITS = (("year", 365 * 24 * 3600), ("month", 30 * 24 * 3600), ("day", 24 * 3600), ("hour", 3600),
          ("minute", 60), ("second", 1))
CENTURY_SECONDS = 100 * 365 * 24 * 3600


def time_in_words(seconds: float, lang: str) -> str:
    """``0.2`` → "kurang dari 1 detik"; ``7200`` → "sekitar 2 jam"; beyond a century, "lebih dari 100 tahun"."""
    if not math.isfinite(seconds) or seconds >= CENTURY_SECONDS:
        return t("sandi.time_century", lang, n=format_number(100, lang))
    if seconds < 1:
        return t("sandi.time_instant", lang)
    for unit, size in _UNITS:
        if seconds >= size:
            count = max(1, round(seconds / size))
            key = f"sandi.time_{unit}" if count == 1 else f"sandi.time_{unit}s"
            return t(key, lang, n=format_number(count, lang))
    raise AssertionError("unreachable: seconds >= 1 always fits a unit")


def suggest_passphrase(words: int = PASSPHRASE_WORDS) -> str:
    """A fresh example passphrase: ``words`` words from the project list, each chosen with ``secrets``."""
    vocabulary = load_sandi_data().phrase_words
    return PASSPHRASE_SEPARATOR.join(secrets.choice(vocabulary) for _ in range(words))


def passphrase_combinations(words: int = PASSPHRASE_WORDS) -> int:
    """How many different passphrases the list gives: list size to the power of the number of words."""
    return len(load_sandi_data().phrase_words) ** words
