"""The scam message simulator: scenarios as data, feedback that says why and where to report, a running score."""

import re
import shutil
from html import unescape

import pytest
from helpers import assert_broken_data_reported, assert_result_or_sentence, t_pattern
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.facts import Status, read_facts
from literasi.i18n import t
from literasi.widgets import ScamMessageSimulator
from literasi.widgets.data_checks import data_file_problems
from literasi.widgets.problems import InputProblem
from literasi.widgets.scam.core import DATA_NAME, TOPICS, ScamSession, check_data, load_scam_data

DATA = load_scam_data()


def facts_rows(root):
    """Each fact of the project's registry (facts/*.yml) as one text: statement, value and source addresses."""
    return {fact.id: " ".join([fact.statement["id"], fact.statement["en"], fact.value,
                               *(str(source.url) for source in fact.sources)])
            for fact in read_facts(root).facts.values()}


# --- the data --------------------------------------------------------------------------------------------


def test_the_scenarios_cover_the_scams_the_curriculum_names():
    ids = {scenario.id for scenario in DATA.scenarios}
    assert {"apk-undangan", "apk-resi", "apk-tagihan", "otp-petugas-bank", "bukti-transfer-palsu",
            "mama-minta-pulsa", "lowongan-kerja-palsu", "qris-palsu"} <= ids
    apk = [s for s in DATA.scenarios if any(m.file and m.file.endswith(".apk") for m in s.messages)]
    assert all("F-SCAM-01" in s.facts for s in apk) and len(apk) >= 3


def test_every_scenario_offers_three_or_four_actions_with_at_least_one_safe_and_one_not():
    for scenario in DATA.scenarios:
        verdicts = [choice.verdict for choice in scenario.choices]
        assert 3 <= len(verdicts) <= 4, scenario.id
        assert "aman" in verdicts and set(verdicts) - {"aman"}, scenario.id


def test_every_cited_fact_is_in_the_registry_and_not_unverified(root):
    registry = read_facts(root)
    for fact in DATA.sources:
        assert fact in registry, fact
        assert registry[fact].status is not Status.unverified, fact


def test_report_addresses_and_numbers_come_from_the_cited_facts(root):
    rows = facts_rows(root)
    for channel in DATA.channels:
        cited = " ".join(rows[fact] for fact in channel.facts)
        for lang in ("id", "en"):
            address = channel.address if isinstance(channel.address, str) else channel.address[lang]
            tokens = re.findall(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[a-z0-9-]+)*|\d+(?: \d+)*", address)
            for token in tokens:
                assert token in cited, f"{channel.id}: {token!r} is not in {channel.facts}"


def test_the_channels_the_brief_names_are_all_offered_somewhere():
    offered = {channel_id for scenario in DATA.scenarios for channel_id in scenario.report}
    addresses = {channel.id: channel.address for channel in DATA.channels}
    assert {"iasc", "ojk157", "cekrekening", "aduankonten", "bssn", "patrolisiber"} <= offered
    assert addresses["iasc"] == "iasc.ojk.go.id"


def test_sender_numbers_are_obviously_fictional():
    numbers = []
    for scenario in DATA.scenarios:
        sender = scenario.sender if isinstance(scenario.sender, str) else scenario.sender["id"]
        numbers += re.findall(r"\+62[\d -]+\d", f"{sender} {scenario.number or ''}")
    assert len(numbers) == len(DATA.scenarios) - 1  # every chat has a number; the payment screen has none
    assert all("-0000-" in number for number in numbers), numbers


# --- the session -----------------------------------------------------------------------------------------


def test_learner_who_opens_the_wedding_apk_learns_why_what_to_do_and_where_to_report():
    session = ScamSession(lang="id")
    session.go_to("apk-undangan")
    feedback = session.pick("buka-file")
    assert feedback.choice.verdict == "bahaya"
    assert ".apk" in feedback.why and "OTP" in feedback.why
    assert any("bank" in step for step in feedback.next_steps)
    assert "bssn.go.id/lapor-insiden-siber" in [channel.address for channel in feedback.channels]
    assert "F-SCAM-01" in [fact.id for fact in feedback.sources]


def test_only_the_first_pick_in_a_scenario_counts_for_the_score():
    session = ScamSession(lang="en")
    session.go_to("otp-petugas-bank")
    assert session.pick("kirim-otp").first_try
    again = session.pick("telepon-bank")
    assert not again.first_try and again.choice.verdict == "aman"
    assert session.score().safe == 0 and session.score().answered == 1
    session.go_next()
    safe = next(c.id for c in session.scenario.choices if c.verdict == "aman")
    session.pick(safe)
    assert (session.score().safe, session.score().answered) == (1, 2)
    assert session.score().total == len(DATA.scenarios)


def test_navigation_stays_within_the_scenarios_and_remembers_the_last_pick():
    session = ScamSession()
    session.go_previous()
    assert session.index == 0
    session.pick("abaikan-blokir")
    for _ in range(len(DATA.scenarios) + 2):
        session.go_next()
    assert session.index == len(DATA.scenarios) - 1 and session.last_pick() is None
    session.go_to(DATA.scenarios[0].id)
    assert session.last_pick() == "abaikan-blokir"


def test_amounts_are_written_as_rupiah_in_each_language():
    scenario = DATA.scenario("apk-tagihan")
    message = next(m for m in scenario.messages if m.text)
    assert "Rp1.250.000" in scenario.fill(message.text, "id")
    assert "IDR\u00a01,250,000" in scenario.fill(message.text, "en")


def test_an_unknown_choice_or_scenario_is_a_sentence_in_both_languages():
    session = ScamSession()
    for action in (lambda: session.pick("transfer semua"), lambda: session.go_to("tidak-ada")):
        with pytest.raises(InputProblem) as caught:
            action()
        assert caught.value.message("id") != caught.value.message("en")
        assert caught.value.message("id").endswith(".")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30), st.sampled_from(["id", "en"]))
def test_anything_sent_as_a_choice_or_scenario_gives_feedback_or_a_sentence(choice_id, scenario_id, lang):
    session = ScamSession(lang=lang)
    for action in (lambda: session.pick(choice_id), lambda: session.go_to(scenario_id)):
        assert_result_or_sentence(action, lang)
    assert 0 <= session.score().safe <= session.score().answered <= session.score().total


# --- the widget ------------------------------------------------------------------------------------------


def test_learner_sees_the_message_on_a_phone_screen():
    simulator = ScamMessageSimulator(lang="id")
    phone = unescape(simulator.phone.value)
    assert "Undangan Pernikahan Digital.apk" in phone
    assert "+62 812-0000-4417" in phone and t("penipuan.unsaved", "id") in phone
    named = ScamMessageSimulator(lang="en", start="otp-petugas-bank").phone.value
    assert "CS Bank Sentosa" in named and "+62 813-0000-2290 · WhatsApp" in named
    assert t("penipuan.fictional", "id") in phone
    assert t_pattern("penipuan.progress", "id", number=1).search(unescape(simulator.progress.value))
    assert simulator.feedback.value == ""


def test_learner_who_opens_the_file_is_told_why_kindly_and_where_to_report():
    simulator = ScamMessageSimulator(lang="id")
    simulator.pick("buka-file")
    html = unescape(simulator.feedback.value)
    assert "literasi-verdict-bahaya" in html and t("penipuan.verdict_bahaya", "id") in html
    assert t("penipuan.reassure", "id") in html  # never shame the learner
    assert "bssn.go.id/lapor-insiden-siber" in html and "iasc.ojk.go.id" in html
    assert t("penipuan.next_steps", "id") in html
    assert t_pattern("penipuan.score", "id", safe=0, answered=1).search(unescape(simulator.score.value))


def test_a_safe_choice_is_praised_without_the_reassurance():
    simulator = ScamMessageSimulator(lang="en")
    simulator.pick("abaikan-blokir")
    feedback = unescape(simulator.feedback.value)
    assert t("penipuan.verdict_aman", "en") in feedback
    assert t("penipuan.reassure", "en") not in feedback
    assert t_pattern("penipuan.score", "en", safe=1, answered=1).search(unescape(simulator.score.value))


def test_next_and_previous_move_between_scenarios_and_bring_back_the_pick():
    simulator = ScamMessageSimulator(lang="id")
    assert simulator.previous_button.disabled
    simulator.pick("buka-file")
    simulator.next_button.click()
    assert t_pattern("penipuan.progress", "id", number=2).search(unescape(simulator.progress.value))
    assert simulator.choices.value is None and simulator.feedback.value == ""
    simulator.previous_button.click()
    assert simulator.choices.value == "buka-file"
    assert t("penipuan.verdict_bahaya", "id") in unescape(simulator.feedback.value)
    assert simulator.session.score().answered == 1


def test_the_last_scenario_disables_next():
    simulator = ScamMessageSimulator(lang="id", start=DATA.scenarios[-1].id)
    assert simulator.next_button.disabled and not simulator.previous_button.disabled


def test_receipt_and_payment_screens_show_amounts_in_the_learners_language():
    receipt = unescape(ScamMessageSimulator(lang="id", start="bukti-transfer-palsu").phone.value)
    assert t("penipuan.receipt_title", "id") in receipt and "Rp750.000" in receipt
    payment = ScamMessageSimulator(lang="en", start="qris-palsu").phone.value
    assert "BERKAH JAYA CELL 77" in payment and "IDR\u00a045,000" in payment


def test_message_text_is_escaped_not_injected():
    html = ScamMessageSimulator(lang="id", start="apk-resi").progress.value
    assert "&quot;Foto resi&quot;" in html


# --- topics: judi online and illegal online loans (lesson 3-04) ---------------------------------------------

JUDOL_PINJOL = ["pinjol-tawaran-wa", "pinjol-teror-kontak", "pinjol-tagihan-malam", "judol-promo-wa",
                "judol-komdigi-palsu", "sewa-rekening"]


def test_the_judol_and_pinjol_topic_holds_its_scenarios_in_file_order():
    assert [s.id for s in DATA.scenarios_about("judol-pinjol")] == JUDOL_PINJOL
    general = [s.id for s in DATA.scenarios_about("umum")]
    assert general[:8] == ["apk-undangan", "apk-resi", "apk-tagihan", "otp-petugas-bank", "bukti-transfer-palsu",
                           "mama-minta-pulsa", "lowongan-kerja-palsu", "qris-palsu"]
    assert DATA.scenarios_about(None) == tuple(DATA.scenarios)
    assert set(TOPICS) == {s.topic for s in DATA.scenarios}


def test_pinjol_scenarios_teach_the_licence_check_the_app_permissions_and_the_collection_rules():
    offer = DATA.scenario("pinjol-tawaran-wa")
    assert {"F-SCAM-13", "F-SCAM-14", "F-SCAM-16"} <= set(offer.facts)
    install = offer.choice("pasang-aplikasi")
    assert install.verdict == "bahaya"
    assert "kamera, mikrofon, dan lokasi" in install.feedback["id"] and "WhatsApp" in install.feedback["id"]
    assert "camera, microphone and location" in install.feedback["en"]
    night = DATA.scenario("pinjol-tagihan-malam")
    safe = next(c for c in night.choices if c.verdict == "aman")
    assert "Senin sampai Sabtu, pukul 08.00–20.00" in safe.feedback["id"] and "22.15" in safe.feedback["id"]
    assert night.messages[0].time == "22:15" and "Minggu" in night.intro["id"]
    assert night.choice("pinjam-lagi").verdict == "bahaya" and "F-SCAM-19" in night.facts
    contacts = DATA.scenario("pinjol-teror-kontak")
    assert "selain peminjam" in next(c for c in contacts.choices if c.verdict == "aman").feedback["id"]
    assert contacts.choice("transfer-bantu").verdict == "bahaya" and "F-SCAM-17" in contacts.facts


def test_judol_scenarios_cite_komdigi_and_send_numbers_to_aduannomor():
    fake = DATA.scenario("judol-komdigi-palsu")
    assert "F-SCAM-22" in fake.facts and fake.choice("kirim-bayar").verdict == "bahaya"
    assert "tidak pernah meminta data pribadi" in fake.choice("kirim-bayar").feedback["id"]
    promo = DATA.scenario("judol-promo-wa")
    assert "10 tahun" in promo.choice("ajak-teman").feedback["id"] and "F-SCAM-20c" in promo.facts
    for scenario in DATA.scenarios_about("judol-pinjol"):
        assert {"aduannomor", "ojk-pinjol"} & set(scenario.report), scenario.id
        if any("aduannomor.id" in text for text in scenario._texts("id") + scenario._texts("en")):
            assert "F-SCAM-09b" in scenario.facts, scenario.id  # the text names the channel: it cites its fact


def test_a_topic_session_walks_only_that_topics_scenarios_and_scores_out_of_them():
    session = ScamSession(lang="id", topic="judol-pinjol")
    assert session.total == len(JUDOL_PINJOL) and session.scenario.id == JUDOL_PINJOL[0]
    for _ in range(len(DATA.scenarios)):
        session.go_next()
    assert session.scenario.id == JUDOL_PINJOL[-1]
    session.pick("tolak-lapor")
    assert (session.score().safe, session.score().answered, session.score().total) == (1, 1, len(JUDOL_PINJOL))
    assert session.go_to("judol-promo-wa").id == "judol-promo-wa"
    with pytest.raises(InputProblem) as caught:
        session.go_to("apk-undangan")  # a real scenario, but not in this lesson's topic
    assert caught.value.key == "penipuan.unknown_scenario"


def test_without_a_topic_the_session_and_widget_show_every_scenario_as_before():
    assert ScamSession().total == len(DATA.scenarios)
    simulator = ScamMessageSimulator(lang="id")
    assert simulator.session.scenario.id == "apk-undangan"
    assert f"Skenario 1 dari {len(DATA.scenarios)}:" in simulator.progress.value


def test_an_unknown_topic_is_a_sentence_naming_the_topics():
    for topic in ("judi", "", "JUDOL-PINJOL"):
        with pytest.raises(InputProblem) as caught:
            ScamSession(topic=topic)
        for lang in ("id", "en"):
            assert "judol-pinjol" in caught.value.message(lang) and caught.value.message(lang).endswith(".")
    assert caught.value.message("id") != caught.value.message("en")


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.none(), st.sampled_from(TOPICS), st.text(max_size=20)), st.sampled_from(["id", "en"]))
def test_anything_sent_as_a_topic_gives_a_session_or_a_sentence(topic, lang):
    assert_result_or_sentence(lambda: ScamSession(lang=lang, topic=topic), lang)


def test_the_lesson_simulator_opens_on_the_loan_offer_and_explains_the_licence_check():
    simulator = ScamMessageSimulator(lang="id", topic="judol-pinjol")
    assert "Skenario 1 dari 6: Tawaran pinjaman" in simulator.progress.value
    assert "DanaKilat_Pinjaman.apk" in simulator.phone.value and "Dana Kilat Official" in simulator.phone.value
    assert "Rp20.000.000" in simulator.phone.value
    simulator.pick("pasang-aplikasi")
    html = simulator.feedback.value
    assert "literasi-verdict-bahaya" in html and "Tidak apa-apa" in html
    assert "www.ojk.go.id" in html and "081 157 157 157" in html and "aduannomor.id" in html
    assert "0 dari 1 pilihan pertama Anda aman (6 skenario)" in simulator.score.value
    simulator.next_button.click()
    assert "Skenario 2 dari 6: Ditagih utang orang lain" in simulator.progress.value
    english = ScamMessageSimulator(lang="en", topic="judol-pinjol", start="judol-promo-wa")
    assert "IDR\u00a010,000" in english.phone.value and "Scenario 4 of 6" in english.progress.value


# --- the data check --------------------------------------------------------------------------------------


def test_the_shipped_scenarios_pass_the_check():
    assert check_data() == []
    assert not [p for p in data_file_problems() if "penipuan" in p]


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda raw: [c.__setitem__("verdict", "berisiko") for c in raw["scenarios"][0]["choices"]], "aman"),
        (lambda raw: raw["scenarios"][1]["report"].append("dukun"), "dukun"),
        (lambda raw: raw["scenarios"][2].__setitem__("amounts", {}), "amount"),
        (lambda raw: raw["scenarios"][0]["messages"][0].__setitem__("time", 962), "scenarios[0].messages[0].time"),
        (lambda raw: raw["sources"].remove("F-SCAM-10"), "F-SCAM-10"),
        (lambda raw: raw["sources"].append("F-SCAM-99"), "sources: F-SCAM-99 not in the facts registry"),
        (lambda raw: raw["scenarios"][3]["choices"][0].__setitem__("verdict", "lumayan"), "verdict"),
        (lambda raw: raw["scenarios"][-1].__setitem__("topic", "judi"), "topic"),
    ],
)
def test_a_broken_copy_of_the_scenarios_is_reported_with_the_file_and_field(tmp_path, breakage, expected):
    assert_broken_data_reported(check_data, tmp_path, [DATA_NAME], DATA_NAME, breakage, expected)


def test_an_unreadable_scenario_file_is_reported(tmp_path, root):
    copy = tmp_path / DATA_NAME
    shutil.copy(root / "widgets" / "data" / DATA_NAME, copy)
    copy.write_text(copy.read_text("utf-8") + "\n  : [unclosed\n", "utf-8")
    assert "not valid YAML" in check_data(tmp_path)[0]
    assert "cannot be read" in check_data(tmp_path / "missing")[0]
