"""Fair quiz banks: no answer key a learner can guess from its position (content audit 2026-12, §2.1).

The site and JupyterLab shuffle options per learner (``widgets/quiz/order.py``), but printed handouts and
questions marked ``shuffle: false`` show them in file order, so a bank whose right answer is nearly always
the first option, or whose true/false statements are nearly always false, could still be passed without
reading it. These rules are computed per language over all banks together:

- no single position holds more than 40% of the single-choice keys;
- between 35% and 65% of the true/false answers are true;
- at most half of the multiple-answer items list every correct option first;
- no single position holds more than 40% of the scenarios' best actions.

Each problem names the banks that tip the balance: the banks that, on their own, break the same rule,
the worst first. A rule is judged only over at least ``MIN_ITEMS`` questions of its type: with fewer,
some rules cannot be met at all (three true/false items are 33% or 67% true).

``literasi check`` fails on :func:`balance_problems`; ``literasi check --balance`` also prints
:func:`balance_report` (where the keys sit).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path
from string import ascii_lowercase

from literasi.i18n import LANGS
from literasi.paths import banks_dir
from literasi.widgets.quiz.bank import Bank, BankError, load_bank
from literasi.widgets.quiz.questions import Question
from literasi.widgets.quiz.questions.multiple import MultipleChoice
from literasi.widgets.quiz.questions.scenario import Scenario
from literasi.widgets.quiz.questions.single import SingleChoice
from literasi.widgets.quiz.questions.true_false import TrueFalse

MAX_AT_ONE_POSITION = Fraction(40, 100)
TRUE_SHARE = (Fraction(35, 100), Fraction(65, 100))
MAX_CORRECT_FIRST = Fraction(50, 100)
MIN_ITEMS = 5

PerBank = dict[str, list]  # bank id → one value per question of the rule's type, in file order


def load_banks(root: Path, lang: str) -> list[Bank]:
    """Every bank of ``lang`` that loads; a broken bank's own problems are reported by ``literasi check``."""
    banks = []
    for path in sorted(banks_dir(root, lang).glob("*.yml")):
        try:
            banks.append(load_bank(path.stem, lang, root))
        except BankError:
            continue
    return banks


def letter(position: int) -> str:
    return ascii_lowercase[position] if position < len(ascii_lowercase) else str(position + 1)


def single_key_position(question: Question) -> int | None:
    """Where the right option of a single-choice question sits (0 = first), in file order."""
    if not isinstance(question, SingleChoice):
        return None
    return next((i for i, option in enumerate(question.options) if option.correct), None)


def best_action_position(question: Question) -> int | None:
    """Where a scenario's best action sits; ``None`` for a scenario without a best action."""
    if not isinstance(question, Scenario):
        return None
    return next((i for i, action in enumerate(question.actions) if action.verdict == "best"), None)


def true_false_answer(question: Question) -> bool | None:
    return question.answer if isinstance(question, TrueFalse) else None


def lists_correct_first(question: Question) -> bool | None:
    """Whether a multiple-answer item lists all its correct options before any wrong one.

    ``None`` (not judged) when every option is correct: such an item has no order to fix.
    """
    if not isinstance(question, MultipleChoice) or all(option.correct for option in question.options):
        return None
    flags = [option.correct for option in question.options]
    return flags == sorted(flags, reverse=True)


def per_bank(banks: Iterable[Bank], value: Callable[[Question], object]) -> PerBank:
    table = {}
    for bank in banks:
        values = [v for v in map(value, bank.questions) if v is not None]
        if values:
            table[bank.id] = values
    return table


def _percent(part: int | Fraction, whole: int = 1) -> str:
    return f"{math.floor(100 * Fraction(part, whole) + Fraction(1, 2))}%"  # half up: 5 of 8 is 63%


def _tipping(table: PerBank, wanted: object, limit: Fraction, unit: str) -> str:
    """The banks whose own share of ``wanted`` is above ``limit``, the largest excess first."""
    rows = []
    for bank_id, values in table.items():
        count, total = values.count(wanted), len(values)
        if count > limit * total:
            rows.append((-(count - limit * total), bank_id, f"{bank_id} ({count} of {total} {unit})"))
    return ", ".join(text for *_, text in sorted(rows))


def _with_banks(message: str, banks: str) -> str:
    return f"{message} Banks that tip it: {banks}." if banks else message


def position_problems(where: str, table: PerBank, noun: str) -> list[str]:
    """More than 40% of ``noun`` at one position (e.g. "single-choice answers are option a")."""
    values = [value for values in table.values() for value in values]
    if len(values) < MIN_ITEMS:
        return []
    problems = []
    for position, count in sorted(Counter(values).items()):
        if count > MAX_AT_ONE_POSITION * len(values):
            message = (f"{where}: {count} of {len(values)} {noun} are option {letter(position)} "
                       f"({_percent(count, len(values))}); at most {_percent(MAX_AT_ONE_POSITION)} may share a position.")
            problems.append(_with_banks(message, _tipping(table, position, MAX_AT_ONE_POSITION, letter(position))))
    return problems


def true_false_problems(where: str, table: PerBank) -> list[str]:
    values = [value for values in table.values() for value in values]
    if len(values) < MIN_ITEMS:
        return []
    low, high = TRUE_SHARE
    true = values.count(True)
    if low * len(values) <= true <= high * len(values):
        return []
    majority, limit = (False, 1 - low) if true < low * len(values) else (True, high)
    message = (f"{where}: {true} of {len(values)} true/false answers are true ({_percent(true, len(values))}); "
               f"between {_percent(low)} and {_percent(high)} should be true.")
    return [_with_banks(message, _tipping(table, majority, limit, "true" if majority else "false"))]


def correct_first_problems(where: str, table: PerBank) -> list[str]:
    values = [value for values in table.values() for value in values]
    first = values.count(True)
    if len(values) < MIN_ITEMS or first <= MAX_CORRECT_FIRST * len(values):
        return []
    message = (f"{where}: {first} of {len(values)} multiple-answer items list every correct option first "
               f"({_percent(first, len(values))}); at most half may.")
    return [_with_banks(message, _tipping(table, True, MAX_CORRECT_FIRST, "correct-first"))]


def _where(root: Path, lang: str) -> str:
    folder = banks_dir(root, lang)
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return str(folder)


def language_problems(root: Path, lang: str) -> list[str]:
    banks = load_banks(root, lang)
    where = _where(root, lang)
    return (position_problems(where, per_bank(banks, single_key_position), "single-choice answers")
            + true_false_problems(where, per_bank(banks, true_false_answer))
            + correct_first_problems(where, per_bank(banks, lists_correct_first))
            + position_problems(where, per_bank(banks, best_action_position), "scenario best actions"))


def balance_problems(root: Path) -> list[str]:
    """Every balance rule broken, per language; empty when every language's banks are fair."""
    return [problem for lang in LANGS for problem in language_problems(root, lang)]


def _positions(table: PerBank) -> str:
    counts = Counter(value for values in table.values() for value in values)
    total = sum(counts.values())
    if not total:
        return "none"
    return ", ".join(f"{letter(p)} {counts[p]}" for p in sorted(counts)) + f" (of {total})"


def balance_report(root: Path) -> list[str]:
    """Where the keys sit now, one line per language, for content engineers rebalancing the banks."""
    lines = []
    for lang in LANGS:
        banks = load_banks(root, lang)
        true_false = [v for values in per_bank(banks, true_false_answer).values() for v in values]
        first = [v for values in per_bank(banks, lists_correct_first).values() for v in values]
        lines.append(f"{_where(root, lang)}: single-choice keys {_positions(per_bank(banks, single_key_position))}; "
                     f"true/false {true_false.count(True)} of {len(true_false)} true; "
                     f"multiple-answer {first.count(True)} of {len(first)} correct-first; "
                     f"scenario best actions {_positions(per_bank(banks, best_action_position))}")
    return lines
