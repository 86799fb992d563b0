"""The password strength meter (sandi): zxcvbn explained in Indonesian, Indonesian words counted as weak."""

import ast
import logging
import re
from html import escape, unescape
from pathlib import Path

import ipywidgets as widgets
import pytest
import zxcvbn
from helpers import assert_broken_data_reported, assert_result_or_sentence, t_pattern
from hypothesis import given, settings
from hypothesis import strategies as st
from zxcvbn import matching as zxcvbn_matching

from literasi.facts import Status, read_facts
from literasi.i18n import strings, t
from literasi.widgets import PasswordMeter
from literasi.widgets.money import format_number
from literasi.widgets.password import core as password_core
from literasi.widgets.password.core import (
    MAX_PASSWORD_LENGTH,
    ZXCVBN_FEEDBACK_KEYS,
    ZXCVBN_OTHER_KEY,
    assess_password,
    check_data,
    load_sandi_data,
    passphrase_combinations,
    personal_words,
    suggest_passphrase,
    time_in_words,
)
from literasi.widgets.problems import InputProblem

ENGLISH_FEEDBACK = set(ZXCVBN_FEEDBACK_KEYS)


def zxcvbn_feedback_sentences() -> set[str]:
    """Every sentence zxcvbn's feedback module can produce: the string inside each ``_("...")`` call."""
    tree = ast.parse(Path(zxcvbn.__file__).with_name("feedback.py").read_text("utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
        and node.args and isinstance(node.args[0], ast.Constant)
    }


def keys(assessment):
    return [reason.key for reason in assessment.reasons]


# --- the learner's story ------------------------------------------------------------------------------


def test_learner_typing_sayang123_is_told_it_is_weak_and_why_in_indonesian():
    assessment = assess_password("sayang123")
    assert assessment.score <= 1
    assert "sandi.reason_short" in keys(assessment)
    assert "sandi.reason_common_word" in keys(assessment)
    messages = [reason.message("id") for reason in assessment.reasons]
    assert t("sandi.reason_short", "id", n=9, min=12) in messages  # Bank Indonesia's minimum, in Indonesian
    assert not set(messages) & ENGLISH_FEEDBACK


def test_an_indonesian_word_counts_as_easy_to_guess():
    # zxcvbn alone knows English words; "pangkalpinang" is in the project's list of Indonesian places.
    alone = zxcvbn.zxcvbn("pangkalpinang2024")
    ours = assess_password("pangkalpinang2024")
    assert ours.guesses_log10 < alone["guesses_log10"] - 3
    assert "sandi.reason_common_word" in keys(ours)


def test_name_and_birth_date_the_learner_types_make_the_password_weak():
    without = assess_password("wulandari17081985")
    with_hints = assess_password("wulandari17081985", name="Sari Wulandari", birth_date="17-08-1985")
    assert with_hints.guesses_log10 < without.guesses_log10
    assert "sandi.reason_personal" in keys(with_hints)
    assert "sandi.reason_personal" not in keys(without)


def test_own_name_caps_the_rating_at_weak_and_a_short_password_at_fair():
    with_name = assess_password("sari1708", name="Sari Wulandari")
    assert with_name.zxcvbn_score >= 2 and with_name.score == password_core.PERSONAL_SCORE_CAP == 1
    short = assess_password("Tr0ub4dor&3")  # zxcvbn rates this very strong, but it has 11 characters
    assert short.zxcvbn_score > 2 and short.score == password_core.SHORT_SCORE_CAP == 2
    assert "sandi.reason_short" in keys(short)


@pytest.mark.parametrize("birth_date", ["17-08-1985", "17/8/1985", "1985-08-17", "17 08 1985"])
def test_birth_date_is_checked_in_the_forms_people_use(birth_date):
    words = personal_words("Sari Wulandari", birth_date)
    for piece in ("sari", "wulandari", "sariwulandari", "17081985", "170885", "1708", "1985"):
        assert piece in words, (birth_date, piece)


def test_a_long_unusual_password_is_strong_and_says_so():
    assessment = assess_password("mentega-kartu-cicak-lumut")
    assert assessment.score >= 3
    assert keys(assessment) == ["sandi.reason_good"]


def test_passphrase_is_four_random_list_words_that_rate_strong(monkeypatch):
    data = load_sandi_data()
    picked = []
    real_choice = password_core.secrets.choice
    monkeypatch.setattr(password_core.secrets, "choice", lambda seq: picked.append(len(seq)) or real_choice(seq))
    phrase = suggest_passphrase()
    words = phrase.split("-")
    assert len(words) == 4 and all(word in data.phrase_words for word in words)
    assert picked == [len(data.phrase_words)] * 4  # every word came from secrets
    assert len(phrase) >= data.min_length
    assert assess_password(phrase).score >= 3
    assert passphrase_combinations() == len(data.phrase_words) ** 4
    assert len({suggest_passphrase() for _ in range(5)}) > 1


@pytest.mark.parametrize(
    ("seconds", "lang", "key", "n"),
    [(0.3, "id", "time_instant", None), (1, "en", "time_second", 1), (7200, "id", "time_hours", 2),
     (60, "en", "time_minute", 1), (3 * 24 * 3600, "en", "time_days", 3), (400 * 24 * 3600, "id", "time_year", 1),
     (10 ** 12, "id", "time_century", 100), (float("inf"), "en", "time_century", 100)],
)
def test_guessing_time_is_said_in_plain_words(seconds, lang, key, n):
    assert time_in_words(seconds, lang) == (t(f"sandi.{key}", lang) if n is None else t(f"sandi.{key}", lang, n=n))


@pytest.mark.parametrize(
    ("password", "name", "birth", "key"),
    [("", "", "", "sandi.empty"), ("a" * (MAX_PASSWORD_LENGTH + 1), "", "", "sandi.too_long"),
     ("rahasia", "x" * 101, "", "sandi.hint_too_long"), ("rahasia", "", "1" * 101, "sandi.hint_too_long")],
)
def test_nothing_or_too_much_to_score_is_explained_in_both_languages(password, name, birth, key):
    with pytest.raises(InputProblem) as caught:
        assess_password(password, name, birth)
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian.endswith(".") and english.endswith(".") and indonesian != english


# --- zxcvbn's English never reaches an Indonesian learner -----------------------------------------------


def test_every_zxcvbn_feedback_sentence_has_our_own_translation():
    sentences = zxcvbn_feedback_sentences()
    assert len(sentences) > 20  # the parse found zxcvbn's sentences
    assert sentences <= ENGLISH_FEEDBACK, sentences - ENGLISH_FEEDBACK
    indonesian, english = strings("id"), strings("en")
    for key in [*ZXCVBN_FEEDBACK_KEYS.values(), ZXCVBN_OTHER_KEY]:
        assert indonesian[key] != english[key], key


def test_a_new_zxcvbn_sentence_falls_back_to_our_own_words(monkeypatch):
    monkeypatch.setattr(password_core, "_zxcvbn", lambda password, user_inputs, max_length: {
        "score": 0, "guesses_log10": 1.0, "sequence": [],
        "crack_times_seconds": {"online_throttling_100_per_hour": 36, "offline_slow_hashing_1e4_per_second": 0},
        "feedback": {"warning": "A sentence from a future zxcvbn.", "suggestions": []}})
    assessment = assess_password("anything")
    assert ZXCVBN_OTHER_KEY in keys(assessment)
    assert "future zxcvbn" not in " ".join(reason.message("id") for reason in assessment.reasons)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=30), st.text(max_size=30), st.sampled_from(["id", "en"]))
def test_anything_typed_gives_a_rating_or_a_sentence(password, name, birth, lang):
    assessment = assert_result_or_sentence(lambda: assess_password(password, name, birth), lang)
    if assessment is None:
        return
    assert assessment.score in range(5)
    assert assessment.length == len(password)
    messages = [reason.message(lang) for reason in assessment.reasons]
    assert all(message.endswith(".") for message in messages)
    if lang == "id":
        assert not set(messages) & ENGLISH_FEEDBACK
    assert time_in_words(assessment.offline_seconds, lang) and time_in_words(assessment.online_seconds, lang)


# --- privacy --------------------------------------------------------------------------------------------


def test_the_password_and_personal_details_are_not_kept_printed_or_logged(capsys, caplog):
    secret, name = "Ketupat-Rahasia-Sari", "Sulastri Prameswari"
    caplog.set_level(logging.DEBUG)
    meter = PasswordMeter(lang="id")
    meter.name_box.value = name
    meter.birth_box.value = "02-03-1979"
    meter.password_box.value = secret
    assessment = assess_password(secret, name, "02-03-1979")
    assert secret not in repr(assessment) and "prameswari" not in repr(assessment).lower()
    assert "user_inputs" not in zxcvbn_matching.RANKED_DICTIONARIES  # zxcvbn's module dictionary is emptied
    assert secret not in meter.result.value and secret.lower() not in meter.result.value.lower()
    captured = capsys.readouterr()
    assert secret not in captured.out + captured.err
    assert secret not in caplog.text and "Prameswari" not in caplog.text


# --- the widget ---------------------------------------------------------------------------------------


def test_learner_sees_weak_in_words_score_and_colour_after_typing():
    meter = PasswordMeter(lang="id")
    assert isinstance(meter.password_box, widgets.Password)  # masked on screen
    assert "literasi-sandi" in meter._dom_classes
    meter.password_box.value = "sayang123"
    html = meter.result.value
    weak = t("sandi.level_1", "id")
    assert escape(t("sandi.score_line", "id", level=weak, score=1)) in html
    assert "width:40%" in html and "#c0392b" in html  # the bar: length and colour, besides the words
    assert f"aria-label='{escape(t('sandi.bar_alt', 'id', level=weak, score=1))}'" in html
    assert escape(t("sandi.reason_common_word", "id")) in html
    meter.password_box.value = "mentega-kartu-cicak-lumut"
    assert weak not in meter.result.value and t_pattern("sandi.score_line", "id").search(unescape(meter.result.value))


def test_english_meter_uses_english_words():
    meter = PasswordMeter(lang="en")
    meter.password_box.value = "sayang123"
    assert escape(t("sandi.score_line", "en", level=t("sandi.level_1", "en"), score=1)) in meter.result.value
    assert escape(t("sandi.reason_short", "en", n=9, min=12)) in meter.result.value


def test_empty_box_invites_rather_than_warns():
    meter = PasswordMeter(lang="id")
    assert escape(t("sandi.empty", "id")) in meter.result.value and "⚠" not in meter.result.value
    meter.password_box.value = "x" * (MAX_PASSWORD_LENGTH + 5)
    assert f"⚠ {escape(t('sandi.too_long', 'id', limit=72))}" in meter.result.value


def test_learner_can_ask_for_another_example_passphrase():
    meter = PasswordMeter(lang="id")
    seen = set()
    for _ in range(4):
        match = re.search(r"<code class='literasi-sandi-phrase'[^>]*>([^<]+)</code>", meter.passphrase.value)
        seen.add(match.group(1))
        meter.passphrase_button.click()
    assert len(seen) > 1
    size = format_number(len(load_sandi_data().phrase_words), "id")
    assert t_pattern("sandi.passphrase_explain", "id", words=4, size=size).search(unescape(meter.passphrase.value))


def test_otp_and_2fa_advice_cites_its_sources_and_claims_nothing_from_bssn():
    tips = PasswordMeter(lang="id").children[-1].value
    text = unescape(tips)
    assert t_pattern("sandi.tips_never_share", "id", source="Tempo").search(text)
    assert t_pattern("sandi.tips_bi", "id", source="Liputan6").search(text) and "iasc.ojk.go.id" in tips
    assert "OTP" in tips and "PIN" in tips and "CVV" in tips and escape(t("sandi.never_share.cvv", "id")) in tips
    assert escape(t("sandi.tips_bi_length", "id", min=12)) in tips
    assert t_pattern("facts.source_html", "id", date="Desember 2024").search(text) and "berlaku per" not in tips
    assert "pattonfanatic" not in tips  # the scraped copy of the BI tips is gone (audit defect 12)
    assert not re.search(r"\bF-[A-Z]+-[0-9]{2}", tips)  # learners see publishers, never fact ids
    all_sandi_text = " ".join(v for k, v in strings("id").items() if k.startswith("sandi."))
    all_sandi_text += " ".join(v for k, v in strings("en").items() if k.startswith("sandi."))
    assert "BSSN" not in all_sandi_text  # F-SCAM-12: BSSN password guidance is UNVERIFIED


# --- data files ---------------------------------------------------------------------------------------


def test_data_files_pass_their_check_and_cite_known_facts(root):
    assert check_data() == []
    registry = read_facts(root)
    assert all(fact in registry and registry[fact].status is not Status.unverified
               for fact in load_sandi_data().sources)
    data = load_sandi_data()
    assert data.min_length == 12 and data.min_length_facts == ("F-SCAM-12",)
    assert {"sayang", "bismillah", "jakarta"} <= set(data.common_words)


@pytest.mark.parametrize(
    ("file", "breakage", "expected"),
    [
        ("sandi.yml", lambda d: d["min_length"].update(facts=["F-SCAM-99"]), "sandi.yml: min_length.facts: cites"),
        ("sandi.yml", lambda d: d["min_length"].update(value=0), "sandi.yml: min_length.value"),
        ("sandi.yml", lambda d: d["report"].pop("site"), "sandi.yml: report.site"),
        ("sandi.yml", lambda d: d["sources"].append("F-SCAM-99"), "sandi.yml: sources: F-SCAM-99 not in the facts"),
        ("sandi_kata_umum.yml", lambda d: d["words"]["sehari_hari"].append("Sayang!"), "words.sehari_hari[60]"),
        ("sandi_kata_umum.yml", lambda d: d.pop("project_made"), "sandi_kata_umum.yml: project_made"),
        ("sandi_kata_frasa.yml", lambda d: d["words"]["buah"].append("jakarta"), "also in sandi_kata_umum.yml"),
        ("sandi_kata_frasa.yml", lambda d: d["words"]["buah"].append("apel"), "words.buah[42]: 'apel' is listed twice"),
    ],
)
def test_a_broken_data_file_is_reported_by_name(tmp_path, file, breakage, expected):
    assert_broken_data_reported(check_data, tmp_path, password_core.DATA_FILES, file, breakage, expected)
