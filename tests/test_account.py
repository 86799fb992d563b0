"""The WhatsApp account self-check (widgets/account/): the learner's own answers become the two or three steps that
matter most for them, each with why and its sources; answering nothing is a sentence, never a traceback."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from literasi.widgets import AccountSafetyCheck
from literasi.widgets.account import core
from literasi.widgets.account.core import check_account, check_data, load_account_data
from literasi.widgets.problems import InputProblem

DATA = load_account_data()
SAFE = {"teruskan-kode": "telepon", "dua-langkah": "sudah", "email": "sudah", "pin": "tidak-pernah",
        "perangkat": "sudah", "langkah-pertama": "masuk-lagi"}
WORST = {"teruskan-kode": "kirim", "dua-langkah": "belum", "email": "belum", "pin": "pernah", "perangkat": "asing",
         "langkah-pertama": "tunggu"}


def _ids(steps) -> list[str]:
    return [step.id for step in steps]


# --- the rules -------------------------------------------------------------------------------------------------

def test_a_learner_with_safe_habits_reads_that_they_are_safe_and_still_gets_the_if_it_happened_list():
    result = check_account(SAFE)
    assert result.all_good and result.complete and result.steps == () and result.later == ()
    assert result.if_it_happened == DATA.if_it_happened
    assert "F-SCAM-25" in result.facts and "F-SCAM-05" in result.facts


def test_a_learner_who_would_forward_the_code_reads_that_first():
    result = check_account({**SAFE, "teruskan-kode": "kirim"})
    assert _ids(result.steps) == ["jangan-teruskan-kode"]
    assert "kode pendaftaran WhatsApp" in result.steps[0].why["id"]
    assert set(result.steps[0].facts) == {"F-SCAM-24", "F-SCAM-27"}


@pytest.mark.parametrize("answer", ["tanya-di-chat", "tidak-tahu"])
def test_asking_in_the_same_chat_or_not_knowing_also_calls_for_the_code_step(answer):
    assert _ids(check_account({"teruskan-kode": answer}).steps) == ["jangan-teruskan-kode"]


def test_the_worst_answers_show_the_three_most_important_steps_and_list_the_rest():
    result = check_account(WORST)
    assert len(result.steps) == DATA.show_at_most == 3
    assert _ids(result.steps) == ["jangan-teruskan-kode", "keluarkan-perangkat", "nyalakan-dua-langkah"]
    assert _ids(result.later) == ["ganti-pin", "hafalkan-langkah-pertama"]


def test_adding_an_email_is_left_out_when_turning_on_two_step_verification_already_includes_it():
    off = check_account({"dua-langkah": "belum", "email": "belum"})
    assert _ids(off.steps) == ["nyalakan-dua-langkah"]
    assert "email" in off.steps[0].title["id"]
    on = check_account({"dua-langkah": "sudah", "email": "tidak-tahu"})
    assert _ids(on.steps) == ["tambah-email"]


def test_having_no_pin_means_two_step_verification_is_off_whatever_the_other_answer_says():
    result = check_account({"dua-langkah": "sudah", "pin": "belum-ada-pin"})
    assert _ids(result.steps) == ["nyalakan-dua-langkah"]


def test_a_device_nobody_recognises_is_more_urgent_than_checking_the_list():
    assert _ids(check_account({"perangkat": "asing"}).steps) == ["keluarkan-perangkat"]
    assert _ids(check_account({"perangkat": "belum"}).steps) == ["periksa-perangkat"]


@pytest.mark.parametrize("answer", ["akun-baru", "tunggu", "tidak-tahu"])
def test_a_learner_unsure_of_the_first_step_after_a_takeover_learns_to_sign_in_again(answer):
    step = check_account({"langkah-pertama": answer}).steps[0]
    assert step.id == "hafalkan-langkah-pertama" and "otomatis keluar" in step.why["id"]


def test_questions_left_open_call_for_no_step_and_the_result_says_how_many_were_answered():
    result = check_account({"dua-langkah": "belum", "pin": None, "perangkat": None})
    assert result.answered == 1 and result.total == len(DATA.questions) and not result.complete
    assert _ids(result.steps) == ["nyalakan-dua-langkah"]


@pytest.mark.parametrize("answers", [{}, {"dua-langkah": None}, dict.fromkeys(SAFE)])
def test_answering_nothing_is_a_sentence_in_both_languages(answers):
    with pytest.raises(InputProblem) as caught:
        check_account(answers)
    assert caught.value.key == "account.nothing_answered"
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert "6 pertanyaan" in indonesian and "6 questions" in english


@pytest.mark.parametrize("answers", [{"warna-favorit": "biru"}, {"dua-langkah": "mungkin"}])
def test_a_question_or_answer_the_data_file_lacks_is_a_programming_error(answers):
    with pytest.raises(ValueError, match="no question 'warna-favorit'|no answer 'mungkin'"):
        check_account(answers)


def _any_answers():
    return st.fixed_dictionaries({}, optional={
        question.id: st.one_of(st.none(), st.sampled_from([option.id for option in question.options]))
        for question in DATA.questions})


@settings(max_examples=300, deadline=None)
@given(_any_answers(), st.sampled_from(["id", "en"]))
def test_any_combination_of_answers_gives_a_result_or_a_sentence(answers, lang):
    try:
        result = check_account(answers)
    except InputProblem as problem:
        assert all(value is None for value in answers.values())
        assert problem.message(lang).endswith(".")
        return
    assert result.answered == sum(value is not None for value in answers.values())
    assert len(result.steps) <= DATA.show_at_most
    assert not result.later or len(result.steps) == DATA.show_at_most
    shown = _ids(result.steps) + _ids(result.later)
    assert shown == [step.id for step in DATA.steps if step.id in shown]  # most important first, each once
    for step in result.steps + result.later:
        assert step.called_for({key: value for key, value in answers.items() if value is not None})
    assert result.all_good == (shown == [])
    assert set(result.facts) <= set(DATA.sources)
    html = render(result, lang)
    assert "F-SCAM" not in html and "<script" not in html


def render(result, lang):
    from literasi.widgets.account.check import render_result

    return render_result(result, lang)


# --- the widget ------------------------------------------------------------------------------------------------

def test_learner_presses_the_button_without_answering_and_reads_a_sentence():
    check = AccountSafetyCheck(lang="id")
    assert check.result.value == ""
    check.check_button.click()
    assert "belum menjawab satu pun dari 6 pertanyaan" in check.result.value
    assert "role='status'" in check.result.value


def test_learner_answers_two_questions_and_the_result_follows_each_change_after_the_first_press():
    check = AccountSafetyCheck(lang="id")
    check.choices["dua-langkah"].value = "belum"
    assert check.result.value == ""  # nothing shown before the first press
    check.check_button.click()
    assert "Nyalakan verifikasi dua langkah" in check.result.value and "Mengapa:" in check.result.value
    assert "Anda menjawab 1 dari 6 pertanyaan" in check.result.value
    check.choices["teruskan-kode"].value = "kirim"
    html = check.result.value
    assert html.index("Jangan pernah meneruskan kode 6 angka") < html.index("Nyalakan verifikasi dua langkah")
    assert "2 langkah terpenting untuk Anda" in html
    assert "Bila akun Anda sudah telanjur diambil alih" in html and "iasc.ojk.go.id" in html


def test_learner_with_the_worst_answers_reads_three_steps_then_the_others_by_title():
    check = AccountSafetyCheck(lang="en", answers=WORST)
    html = check.result.value
    assert "The 3 steps that matter most for you" in html and "After that, also:" in html
    assert "Change your two-step verification PIN" in html and "patrolisiber.id" in html


def test_clearing_answers_empties_the_choices_and_the_result():
    check = AccountSafetyCheck(lang="id", answers=SAFE)
    assert "kebiasaan yang aman" in check.result.value
    check.clear_button.click()
    assert check.result.value == "" and set(check.chosen().values()) == {None}
    check.choices["pin"].value = "pernah"
    assert check.result.value == ""  # after clearing, the learner presses the button again


def test_the_footer_lists_the_sources_says_nothing_is_stored_and_shows_no_fact_ids():
    footer = AccountSafetyCheck(lang="id").sources.value
    assert "tidak disimpan dan tidak dikirim" in footer
    assert "WhatsApp Help Center" in footer and "Poskota" in footer and "F-SCAM" not in footer


# --- the data file ---------------------------------------------------------------------------------------------

def _raw(root) -> dict:
    return yaml.safe_load((root / "widgets" / "data" / "account.yml").read_text("utf-8"))


def _write(tmp_path, raw):
    path = tmp_path / "account.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_packaged_data_file_is_valid():
    assert check_data() == []


def test_a_broken_data_file_is_reported_with_the_field(root, tmp_path):
    raw = _raw(root)
    raw["show_at_most"] = "tiga"
    del raw["steps"][1]["why"]
    raw["questions"][2]["options"] = raw["questions"][2]["options"][:1]
    problems = check_data(_write(tmp_path, raw))
    assert any("show_at_most" in line for line in problems), problems
    assert any("steps[1].why" in line for line in problems), problems
    assert any("questions[2].options" in line for line in problems), problems
    assert all(line.startswith(str(tmp_path)) for line in problems)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda raw: raw["steps"][0]["when"].update({"warna": ["biru"]}), "steps[0].when.warna: no question 'warna'"),
    (lambda raw: raw["steps"][2]["when"].update({"dua-langkah": ["mungkin"]}),
     "steps[2].when.dua-langkah: question 'dua-langkah' has no answer mungkin"),
    (lambda raw: raw["steps"][0].update(covered_by=["tambah-email"]),
     "steps[0].covered_by: 'tambah-email' is not a step listed before this one"),
    (lambda raw: raw["steps"][1].update(id="jangan-teruskan-kode"), "steps: ids repeat: jangan-teruskan-kode"),
    (lambda raw: raw["questions"][1]["options"][1].update(id="sudah"), "questions[1].options: ids repeat: sudah"),
    (lambda raw: raw["steps"][3].update(facts=["F-SCAM-02"]),
     "steps[3].facts: cites F-SCAM-02, which the file's sources do not list"),
    (lambda raw: raw["if_it_happened"][0].update(facts=[]), "if_it_happened[0].facts"),
    (lambda raw: raw.update(sources=[*raw["sources"], "F-SCAM-99"]), "F-SCAM-99 not in the facts registry"),
    (lambda raw: raw["questions"].append({"id": "baru", "text": {"id": "Baru?", "en": "New?"},
                                          "options": [{"id": "ya", "label": {"id": "Ya", "en": "Yes"}},
                                                      {"id": "tidak", "label": {"id": "Tidak", "en": "No"}}]}),
     "questions[6]: no step uses the answers to 'baru'"),
])
def test_rules_across_fields_are_reported_at_the_field(root, tmp_path, change, expected):
    raw = _raw(root)
    change(raw)
    problems = check_data(_write(tmp_path, raw))
    assert any(expected in line for line in problems), problems


def test_literasi_check_reports_a_broken_packaged_file(root, tmp_path, monkeypatch):
    from literasi.widgets.data_checks import data_file_problems

    raw = _raw(root)
    raw["steps"][0]["when"] = {}
    monkeypatch.setattr(core, "default_path", lambda: _write(tmp_path, raw))
    assert any(line.startswith("widgets/data/account.yml: steps[0].when") for line in data_file_problems())
