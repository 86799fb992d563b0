"""Fair quiz banks: answer keys a learner cannot guess from their position, and true/false confirmations that
do not contradict the button the learner just tapped (content audit 2026-12 §2.1, §2.3)."""

import subprocess
from pathlib import Path

import yaml
from conftest import literasi_command

from literasi.bank_balance import balance_problems, balance_report
from literasi.check import check_bank_pair, check_project

LETTERS = "abcd"


def single(qid: str, key: int) -> dict:
    return {"id": qid, "type": "single", "prompt": "Pilih satu.", "hint": "Petunjuk.", "explanation": "Penjelasan.",
            "options": [{"id": LETTERS[i], "text": f"Pilihan {i}", "correct": i == key, "feedback": f"Umpan balik {i}."}
                        for i in range(4)]}


def true_false(qid: str, answer: bool, feedback_true: str = "Karena itu.", feedback_false: str = "Sebab ini.") -> dict:
    return {"id": qid, "type": "true_false", "prompt": "Pernyataan.", "hint": "Petunjuk.",
            "explanation": "Penjelasan.", "answer": answer, "feedback_true": feedback_true,
            "feedback_false": feedback_false}


def multiple(qid: str, correct: str) -> dict:
    """``correct`` marks each option in file order, e.g. "1100"."""
    return {"id": qid, "type": "multiple", "prompt": "Pilih semua.", "hint": "Petunjuk.", "explanation": "Penjelasan.",
            "options": [{"id": LETTERS[i], "text": f"Pilihan {i}", "correct": flag == "1", "feedback": f"Balikan {i}."}
                        for i, flag in enumerate(correct)]}


def scenario(qid: str, best: int) -> dict:
    return {"id": qid, "type": "scenario", "situation": "Situasi.", "hint": "Petunjuk.", "explanation": "Penjelasan.",
            "actions": [{"id": LETTERS[i], "text": f"Tindakan {i}", "verdict": "best" if i == best else "poor",
                         "feedback": f"Umpan balik {i}."} for i in range(4)]}


def write_bank(root: Path, bank_id: str, questions: list[dict], langs=("id", "en")) -> None:
    for lang in langs:
        folder = root / "lessons" / "banks" / lang
        folder.mkdir(parents=True, exist_ok=True)
        data = {"id": bank_id, "lang": lang, "title": f"Bank {bank_id}", "questions": questions}
        (folder / f"{bank_id}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def problems_about(root: Path, words: str) -> list[str]:
    return [problem for problem in balance_problems(root) if words in problem]


# Single choice: at most 40% of keys at one position.

def test_single_choice_keys_spread_over_the_positions_pass(tmp_path):
    write_bank(tmp_path, "rata", [single(f"s{i}", i % 4) for i in range(8)])
    assert problems_about(tmp_path, "single-choice") == []


def test_single_choice_keys_piled_on_option_a_are_reported_with_the_banks_that_tip_it(tmp_path):
    write_bank(tmp_path, "miring", [single(f"s{i}", 0) for i in range(4)])
    write_bank(tmp_path, "rata", [single(f"t{i}", i) for i in (1, 2, 3, 0)])
    found = problems_about(tmp_path, "single-choice")
    assert found == [
        "lessons/banks/id: 5 of 8 single-choice answers are option a (63%); at most 40% may share a position. "
        "Banks that tip it: miring (4 of 4 a).",
        "lessons/banks/en: 5 of 8 single-choice answers are option a (63%); at most 40% may share a position. "
        "Banks that tip it: miring (4 of 4 a).",
    ]


def test_balance_is_judged_per_language(tmp_path):
    write_bank(tmp_path, "miring", [single(f"s{i}", 0) for i in range(5)], langs=("id",))
    write_bank(tmp_path, "miring", [single(f"s{i}", i % 4) for i in range(5)], langs=("en",))
    found = problems_about(tmp_path, "single-choice")
    assert len(found) == 1 and found[0].startswith("lessons/banks/id: 5 of 5")


def test_too_few_questions_of_a_type_are_not_judged(tmp_path):
    # Three true/false items can only be 33% or 67% true, so the rule waits for at least five.
    write_bank(tmp_path, "kecil", [single("s1", 0), single("s2", 0), *(true_false(f"b{i}", False) for i in range(3))])
    assert balance_problems(tmp_path) == []


# True/false: 35-65% of answers true.

def test_true_false_answers_about_half_true_pass(tmp_path):
    write_bank(tmp_path, "seimbang", [true_false(f"b{i}", i % 2 == 0) for i in range(6)])
    assert problems_about(tmp_path, "true/false") == []


def test_true_false_answers_almost_all_false_are_reported(tmp_path):
    write_bank(tmp_path, "selalu-salah", [true_false(f"b{i}", False) for i in range(4)])
    write_bank(tmp_path, "campur", [true_false("c1", True), true_false("c2", False)])
    found = problems_about(tmp_path, "true/false")
    assert found[0] == ("lessons/banks/id: 1 of 6 true/false answers are true (17%); between 35% and 65% should be "
                        "true. Banks that tip it: selalu-salah (4 of 4 false).")


def test_true_false_answers_almost_all_true_are_reported(tmp_path):
    write_bank(tmp_path, "selalu-benar", [true_false(f"b{i}", True) for i in range(5)])
    found = problems_about(tmp_path, "true/false")
    assert "5 of 5 true/false answers are true (100%)" in found[0]
    assert "selalu-benar (5 of 5 true)" in found[0]


# Multiple answers: at most half list every correct option first.

def test_half_of_the_multiple_answer_items_correct_first_pass(tmp_path):
    write_bank(tmp_path, "acak", [multiple("m1", "1100"), multiple("m2", "0101"), multiple("m3", "1110"),
                                  multiple("m4", "1011"), multiple("m5", "0110"), multiple("m6", "1111")])
    assert problems_about(tmp_path, "multiple-answer") == []


def test_multiple_answer_items_that_always_list_the_correct_options_first_are_reported(tmp_path):
    write_bank(tmp_path, "urut", [multiple("m1", "1100"), multiple("m2", "1110"), multiple("m3", "1000")])
    write_bank(tmp_path, "acak", [multiple("n1", "0101"), multiple("n2", "1100")])
    found = problems_about(tmp_path, "multiple-answer")
    assert found[0] == ("lessons/banks/id: 4 of 5 multiple-answer items list every correct option first (80%); "
                        "at most half may. Banks that tip it: urut (3 of 3 correct-first).")


# Scenarios: at most 40% of best actions at one position.

def test_scenario_best_actions_spread_over_the_positions_pass(tmp_path):
    write_bank(tmp_path, "rata", [scenario(f"k{i}", best) for i, best in enumerate((0, 1, 2, 3, 0))])
    assert problems_about(tmp_path, "scenario") == []


def test_scenario_best_actions_at_one_position_are_reported(tmp_path):
    write_bank(tmp_path, "selalu-b", [scenario(f"k{i}", 1) for i in range(3)])
    write_bank(tmp_path, "lain", [scenario("l1", 0), scenario("l2", 2)])
    found = problems_about(tmp_path, "scenario")
    assert found[0] == ("lessons/banks/id: 3 of 5 scenario best actions are option b (60%); at most 40% may share a "
                        "position. Banks that tip it: selalu-b (3 of 3 b).")


# Wiring: `literasi check` fails on an unbalanced set of banks.

def test_balance_is_enforced_by_check(tmp_path):
    write_bank(tmp_path, "miring", [single(f"s{i}", 0) for i in range(5)])
    assert any("single-choice" in problem for problem in check_project(tmp_path))


def test_check_balance_prints_where_the_keys_sit_and_the_problems(tmp_path):
    (tmp_path / "curriculum.yml").write_text("modules: []\n", "utf-8")
    write_bank(tmp_path, "miring", [single(f"s{i}", 0) for i in range(5)] + [true_false(f"b{i}", i < 3)
                                                                             for i in range(6)])
    result = subprocess.run([*literasi_command(), "--root", str(tmp_path), "check", "--balance"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "lessons/banks/id: single-choice keys a 5 (of 5); true/false 3 of 6 true" in result.stdout
    assert "5 of 5 single-choice answers are option a (100%)" in result.stderr
    assert "true/false answers" not in result.stderr and "Traceback" not in result.stderr


def test_the_report_counts_the_real_banks(root):
    lines = balance_report(root)
    assert [line.split(":")[0] for line in lines] == ["lessons/banks/id", "lessons/banks/en"]
    assert all("single-choice keys a " in line for line in lines)


# True/false confirmations: "Tepat." after "Salah", never "Benar."

def test_a_confirmation_that_opens_with_the_other_buttons_label_is_reported(tmp_path):
    questions = [true_false("salah-dibilang-benar", False, feedback_true="Belum tepat. Karena itu.",
                            feedback_false="Benar. Pernyataan itu keliru."),
                 true_false("benar-dibilang-salah", True, feedback_true="Salah kaprah bila... Benar karena ini.",
                            feedback_false="Belum tepat.")]
    write_bank(tmp_path, "bingung", questions)
    found = check_bank_pair(tmp_path, "bingung")
    assert any("bingung.yml: question 'salah-dibilang-benar': the answer is 'Salah'" in p and "'Tepat.'" in p
               for p in found)
    assert any("'benar-dibilang-salah'" in p and "feedback_true" in p and "opens with 'Salah'" in p for p in found)
    assert not any("/en/" in p for p in found)  # each language is judged by its own button labels


def test_english_confirmations_may_not_open_with_true_after_false(tmp_path):
    write_bank(tmp_path, "jelas", [true_false("t1", False, feedback_false="Tepat. Karena itu.")], langs=("id",))
    write_bank(tmp_path, "jelas", [true_false("t1", False, feedback_true="Not quite.",
                                              feedback_false="True, that is false.")], langs=("en",))
    found = check_bank_pair(tmp_path, "jelas")
    assert len(found) == 1 and "/en/jelas.yml: question 't1': the answer is 'False'" in found[0] and "'Right.'" in found[0]


def test_tepat_and_right_confirmations_pass(tmp_path):
    write_bank(tmp_path, "jelas", [true_false("t1", False, feedback_false="Tepat. Pernyataan itu keliru."),
                                   true_false("t2", True, feedback_true="Benar. Karena itu.")], langs=("id",))
    write_bank(tmp_path, "jelas", [true_false("t1", False, feedback_false="Right. The statement is wrong."),
                                   true_false("t2", True, feedback_true="Right. Because of that.")], langs=("en",))
    assert check_bank_pair(tmp_path, "jelas") == []


def test_no_real_bank_confirms_a_false_answer_with_benar(root):
    for path in sorted((root / "lessons" / "banks" / "id").glob("*.yml")):
        assert [p for p in check_bank_pair(root, path.stem) if "other button's label" in p] == []
