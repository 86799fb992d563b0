"""The eavesdropper demo (widgets/encryption/): a real cipher, a fresh key every send, who sees what for each way of
sending, the verdicts from the data file, and a sentence (never a traceback) for a message it cannot use."""

from __future__ import annotations

import pytest
import yaml
from cryptography.exceptions import InvalidTag
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.widgets import EavesdropperDemo
from literasi.widgets.encryption import core
from literasi.widgets.encryption.core import (
    MAX_LENGTH,
    Sight,
    check_data,
    clean_message,
    load_encryption_data,
    open_with_key,
    open_with_password,
    seal,
    send,
)
from literasi.widgets.problems import InputProblem

CHANNELS = [channel.id for channel in load_encryption_data().channels]
NIK_SAMPLE = "Daftar penerima bantuan (contoh fiktif): Siti Aminah, NIK 0000006312920005."


def _sights(delivery) -> tuple[Sight, Sight, Sight]:
    return tuple(view.sight for view in delivery.views)


# --- the cipher ----------------------------------------------------------------------------------------

def test_a_sealed_message_opens_with_its_key_and_not_with_another():
    sealed = seal("Rapat pukul 09.00")
    assert "Rapat" not in sealed.data.decode("latin-1")
    assert open_with_key(sealed, sealed.key) == "Rapat pukul 09.00"
    with pytest.raises(InvalidTag):
        open_with_key(sealed, seal("lain").key)


def test_every_send_makes_a_new_key_so_the_same_message_scrambles_differently():
    first, second = seal(NIK_SAMPLE), seal(NIK_SAMPLE)
    assert first.key != second.key and first.data != second.data
    assert len(first.key) * 8 == core.KEY_BITS


def test_an_archive_opens_with_its_password_only():
    sealed = seal(NIK_SAMPLE, "abcd-EFGH-2345")
    assert sealed.password == "abcd-EFGH-2345" and len(sealed.salt) == core.SALT_BYTES
    assert open_with_password(sealed, "abcd-EFGH-2345") == NIK_SAMPLE
    with pytest.raises(InvalidTag):
        open_with_password(sealed, "abcd-EFGH-2346")


def test_a_new_password_is_three_groups_of_four_characters_you_can_read_out_by_phone():
    password = core.new_password()
    groups = password.split("-")
    assert [len(group) for group in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(core.PASSWORD_ALPHABET)
    assert not set("0O1lI") & set(password)
    assert core.new_password() != password


def test_the_hex_preview_is_cut_and_grouped():
    sealed = seal("x" * 100)
    preview = sealed.hex_preview(limit=16)
    assert preview == " ".join(sealed.data.hex()[i:i + 4] for i in range(0, 16, 4)) + " …"


# --- who sees what -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("channel", "network", "thief"), [
    ("http", Sight.PLAIN, Sight.NO_COPY),
    ("https", Sight.LOCKED, Sight.NO_COPY),
    ("archive-same-message", Sight.UNLOCKED, Sight.UNLOCKED),
    ("archive-other-channel", Sight.LOCKED, Sight.LOCKED),
    ("personal-chat", Sight.LOCKED, Sight.PLAIN),
])
def test_each_way_of_sending_shows_what_the_eavesdropper_and_the_thief_get(channel, network, thief):
    delivery = send(NIK_SAMPLE, channel)
    assert _sights(delivery) == (Sight.PLAIN, network, thief)
    assert delivery.sender.shown == NIK_SAMPLE
    for view in delivery.views:
        if view.sight in (Sight.PLAIN, Sight.UNLOCKED):
            assert view.shown == NIK_SAMPLE
        elif view.sight is Sight.LOCKED:
            assert "Siti" not in view.shown and view.shown == delivery.sealed.hex_preview()
        else:
            assert view.shown == ""


def test_an_opened_archive_was_really_decrypted_with_the_password_found_next_to_it():
    delivery = send(NIK_SAMPLE, "archive-same-message")
    assert delivery.sealed.password is not None
    assert open_with_password(delivery.sealed, delivery.sealed.password) == delivery.thief.shown == NIK_SAMPLE


def test_the_plain_web_form_encrypts_nothing_and_https_uses_a_random_key():
    assert send("halo", "http").sealed is None
    https = send("halo", "https").sealed
    assert https.password is None and open_with_key(https, https.key) == "halo"


def test_pressing_send_again_gives_a_new_scramble():
    first, second = send(NIK_SAMPLE, "https"), send(NIK_SAMPLE, "https")
    assert first.network.shown != second.network.shown


def test_verdicts_come_from_the_data_file_with_their_facts():
    data = load_encryption_data()
    levels = {channel.id: channel.verdict.level for channel in data.channels}
    assert levels == {"http": "danger", "https": "ok", "archive-same-message": "caution",
                      "archive-other-channel": "ok", "personal-chat": "danger"}
    delivery = send(NIK_SAMPLE, "personal-chat")
    assert delivery.verdict == data.channel("personal-chat").verdict
    assert set(delivery.facts) <= set(data.sources) and "F-PDP-03" in delivery.facts
    assert check_data() == []


def test_a_nik_like_number_adds_the_personal_data_sentence_and_a_meeting_note_does_not():
    assert send(NIK_SAMPLE, "https").nik_like is not None
    assert send("Rapat besok pukul 09.00.", "https").nik_like is None
    assert send("Nomor 12345678901234567", "https").nik_like is None  # 17 digits: not a NIK
    assert send("NIK:0000006312920005!", "https").nik_like is not None


def test_every_sample_fits_and_is_marked_as_an_example_or_holds_no_personal_data():
    for sample in load_encryption_data().samples:
        for lang in ("id", "en"):
            text = sample.text[lang]
            assert clean_message(text) == text
            if core.holds_nik_like_number(text):
                assert "fiktif" in text or "fictional" in text
                assert "0000" in text  # a NIK that starts 0000 belongs to no region


# --- bad input -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "key"), [
    ("", "encryption.empty"), ("   \n\t ", "encryption.empty"), (None, "encryption.empty"),
    ("a" * (MAX_LENGTH + 1), "encryption.too_long"),
])
def test_a_message_the_demo_cannot_use_gets_a_sentence_in_both_languages(text, key):
    with pytest.raises(InputProblem) as caught:
        send(text, "https")
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian.endswith(".") and english.endswith(".") and indonesian != english
    if key == "encryption.too_long":
        assert str(MAX_LENGTH + 1) in indonesian and str(MAX_LENGTH) in english


def test_the_limit_counts_the_message_without_surrounding_spaces():
    assert send("  " + "a" * MAX_LENGTH + "  ", "https").message == "a" * MAX_LENGTH


def test_an_unknown_channel_is_a_programming_error_not_a_learner_sentence():
    with pytest.raises(ValueError, match="no channel 'pos-merpati'"):
        send("halo", "pos-merpati")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=MAX_LENGTH + 20), st.sampled_from(["http", "https", "personal-chat"]),
       st.sampled_from(["id", "en"]))
def test_anything_typed_is_sent_and_read_back_or_gets_a_sentence(text, channel, lang):
    try:
        delivery = send(text, channel)
    except InputProblem as problem:
        assert problem.message(lang).endswith(".")
        return
    assert 0 < len(delivery.message) <= MAX_LENGTH
    assert delivery.sender.shown == delivery.message
    if delivery.sealed is not None:
        assert open_with_key(delivery.sealed, delivery.sealed.key) == delivery.message
        assert set(delivery.network.shown) <= set("0123456789abcdef …")


@settings(max_examples=12, deadline=None)  # each archive derives its key twice with PBKDF2: slow on purpose
@given(st.text(min_size=1, max_size=80).filter(str.strip))
def test_anything_typed_survives_the_archive_round_trip(text):
    delivery = send(text, "archive-same-message")
    assert delivery.thief.shown == delivery.network.shown == delivery.message
    locked = send(text, "archive-other-channel")
    assert locked.thief.sight is Sight.LOCKED and locked.thief.shown == locked.sealed.hex_preview()
    assert open_with_password(locked.sealed, locked.sealed.password) == locked.message


# --- the widget ----------------------------------------------------------------------------------------

def test_learner_picks_personal_chat_and_reads_that_the_thief_sees_the_nik():
    demo = EavesdropperDemo(lang="id")
    demo.channel_choice.value = "personal-chat"
    html = demo.result.value
    assert "Pencuri ponsel atau akun" in html and "Isi terbaca" in html
    assert "Bahaya:" in html and "Jangan kirim data warga lewat chat pribadi" in html
    assert "16 angka berturut-turut" in html and "0000006312920005" in html


def test_learner_types_a_message_and_each_press_shows_a_new_key():
    demo = EavesdropperDemo(lang="en", channel="https")
    demo.message_box.value = "Meeting at 9"
    first = demo.result.value
    demo.send_button.click()
    assert first != demo.result.value and "New random key" in demo.result.value
    assert "Meeting at 9" in demo.result.value and "16 digits" not in demo.result.value


def test_the_archive_with_its_password_by_phone_shows_the_password_to_the_sender_only():
    demo = EavesdropperDemo(lang="id", channel="archive-other-channel")
    html = demo.result.value
    assert "Sandi arsip (dibuat acak)" in html and "Aman:" in html
    assert html.count("Hanya acak (terenkripsi)") == 2


def test_picking_a_sample_fills_the_box_and_garbage_gets_a_sentence():
    demo = EavesdropperDemo(lang="en")
    demo.sample_choice.value = "rapat"
    assert demo.message_box.value.startswith("Smart-city coordination meeting")
    demo.message_box.value = "   "
    assert "Write the message you want to send first" in demo.result.value
    demo.message_box.value = "<script>alert(1)</script>"
    assert "&lt;script&gt;" in demo.result.value and "<script>" not in demo.result.value
    assert demo.message_box.value == "<script>alert(1)</script>"


def test_the_footer_lists_the_sources_and_how_the_tool_works_without_fact_ids():
    footer = EavesdropperDemo(lang="id").sources.value
    assert "AES-GCM" in footer and "Pasal 35" in footer and "F-PDP" not in footer


# --- the data file -------------------------------------------------------------------------------------

def _raw(root) -> dict:
    return yaml.safe_load((root / "widgets" / "data" / "encryption.yml").read_text("utf-8"))


def _write(tmp_path, raw):
    path = tmp_path / "encryption.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_broken_data_file_is_reported_with_the_field(root, tmp_path):
    raw = _raw(root)
    raw["channels"][0]["transport_encrypted"] = "kadang"
    del raw["channels"][1]["verdict"]["facts"]
    raw["samples"][0]["text"]["en"] = "x" * (MAX_LENGTH + 1)
    problems = check_data(_write(tmp_path, raw))
    assert any("channels[0].transport_encrypted" in line for line in problems), problems
    assert any("channels[1].verdict.facts" in line for line in problems), problems
    assert any("samples[0]" in line and "500" in line for line in problems), problems
    assert all(str(tmp_path) in line for line in problems)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda raw: raw["channels"][2].update(password="none"), "needs a password"),
    (lambda raw: raw["channels"][0].update(password="other_channel"), "password must be none"),
    (lambda raw: raw["channels"][1]["verdict"].update(level="lumayan"), "channels[1].verdict.level"),
    (lambda raw: raw["channels"][1].update(id=raw["channels"][0]["id"]), "ids repeat: http"),
    (lambda raw: raw["nik_like"].update(facts=["F-PDP-04"]), "cites F-PDP-04, which the file's sources do not list"),
    (lambda raw: raw.update(sources=["F-PDP-03", "F-PDP-99"]), "F-PDP-99 not in the facts registry"),
])
def test_rules_across_fields_are_reported(root, tmp_path, change, expected):
    raw = _raw(root)
    change(raw)
    problems = check_data(_write(tmp_path, raw))
    assert any(expected in line for line in problems), problems


def test_literasi_check_reports_a_broken_packaged_file(root, tmp_path, monkeypatch):
    from literasi.widgets.data_checks import data_file_problems

    raw = _raw(root)
    raw["channels"][0]["copy_in_inbox"] = "ya"
    monkeypatch.setattr(core.DATA, "packaged_path", lambda: _write(tmp_path, raw))
    assert any(line.startswith("widgets/data/encryption.yml: channels[0].copy_in_inbox")
               for line in data_file_problems())
