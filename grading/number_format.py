"""Numbers written the Indonesian way in exercise answers: recognised, and explained in the learner's language.

Indonesians write 140 ribu as ``140.000``, 27,5 as ``27,5`` and money as ``Rp20.000``. Python reads the
first as 140.0, the second as the pair (27, 5), refuses ``19.860.000`` and ``Rp 20.000`` with an English
``SyntaxError``, and takes ``Rp20000`` for an unknown name. Without help a learner is told "correct" by the
visible checks and marked wrong by the hidden ones, or meets an English traceback.

One diagnosis (:func:`diagnose_text` for what was typed, :func:`diagnose_value` for what Python stored)
serves the three places that see an answer:

1. **The answer cell, live.** An answer cell that does not parse cannot be helped by any later cell, so the
   exercise's locked setup cell (``prepare_exercise("id")``, the first code cell of every exercise)
   registers an IPython *cleanup input transformer* (:func:`transform_answer_cell`). It acts only on an
   answer-shaped cell (every line ``name = ...``, a comment or blank) in which a number is written the
   Indonesian way; such a cell is replaced by one call that shows the explanation as an error output
   without a traceback (:class:`NumberFormatError` renders only its message) and assigns nothing. Every
   other cell passes untouched, so an ordinary typo still gets Python's own error.
2. **The check cell.** Its first line, ``check_number("biaya_mdr", "id", money=True)``, runs before the
   other visible asserts (and before "the variable does not exist yet"). It finds the learner's latest
   assignment to that name in IPython's *raw* input history — so it sees ``140.000`` as typed although
   Python stored 140.0, and sees the ``19.860.000`` that never ran — and raises the same explanation.
   Without a history line it judges the value: a tuple of numbers (a decimal comma), a number in quotes,
   or, for a money answer, an amount between 0 and 1.000 rupiah (what ``140.000`` becomes). It also
   registers the transformer, so a learner who skipped the setup cell is covered from the first check on.
3. **Autograde.** The sanitize step (:mod:`answers`) removes an answer cell that does not parse and records
   the number-format diagnosis as the reason; an answer that parses (``140.000``, ``27,5``) runs, and its
   check cell fails with the same :class:`NumberFormatError` (0 points, as the hidden tests would give).
   The feedback page recognises both (:func:`format_message_patterns`) and shows the explanation.

Whole-rupiah answers are not required to be integers: ``120_000_000 * 0.7 / 100`` is 840000.0000000001
in floating point and is right, so only "between 0 and 1.000" marks a money amount as mistyped. A literal
with one to three digits, a dot and groups of exactly three digits (``21.500``, ``4.000``) is always read
as Indonesian thousands; a leading zero (``0.125``) or more digits before the dot (``17777.778``) is a
decimal. Messages live in the string tables (``grading.number_*`` in ``literasi/locale/*/grading.yml``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from literasi.i18n import t

# What Python's error would be called; the feedback page uses it to recognise these errors.
ERROR_NAME = "NumberFormatError"
KINDS = ("thousands", "thousands_multi", "thousands_comma", "decimal_comma", "comma_pair", "rupiah", "quoted",
         "too_small")
MONEY_BELOW = 1000  # a money answer between 0 and this is almost surely "140.000" read as 140.0

_NUMBER = r"\d[\d._,]*\d|\d"
_RUPIAH = re.compile(rf"(?<![\w.])(?:[Rr][Pp]|IDR|idr)\.?\s*(?P<number>{_NUMBER})")
_THOUSANDS = re.compile(r"(?<![\w.])(?P<number>[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?)(?![\w.])")
# "20,000" is English thousands; in an Indonesian exercise one comma group is a decimal comma ("27,500" = 27,5).
_COMMA_GROUPS = re.compile(r"(?<![\w.,(\[])(?P<number>[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?)(?![\w.,])")
_DECIMAL_COMMA = re.compile(r"(?<![\w.,(\[])(?P<number>\d+(?:\.\d+)?,\d+)(?![\w.,])")
_ANSWER_LINE = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s*=(?!=)(?P<value>.*)$")
_NUMBERISH_TEXT = re.compile(rf"^\s*(?:(?:[Rr][Pp]|IDR)\.?\s*)?(?:{_NUMBER})\s*%?\s*$")


@dataclass(frozen=True)
class NumberFormatProblem:
    """One number written in a way Python reads differently: ``written`` as the learner typed it,
    ``suggestion`` as Python wants it (the same amount, never the expected answer)."""

    kind: str
    written: str
    suggestion: str
    name: str = ""

    def message(self, lang: str) -> str:
        """The explanation: what Python does with this, how to write it, and the general rule."""
        specific = t(f"grading.number_{self.kind}", lang, name=self.name or "?", written=self.written,
                     suggestion=self.suggestion, python_value=_python_value(self.written),
                     underscored=_underscored(self.suggestion))
        return f"{specific} {t('grading.number_rule', lang)}"

    def to_params(self) -> dict[str, str]:
        return {"kind": self.kind, "written": self.written, "suggestion": self.suggestion, "name": self.name}

    @classmethod
    def from_params(cls, params: dict) -> NumberFormatProblem | None:
        if params.get("kind") not in KINDS:
            return None
        return cls(str(params["kind"]), str(params.get("written", "")), str(params.get("suggestion", "")),
                   str(params.get("name", "")))


class NumberFormatError(AssertionError):
    """A failed check whose output is the explanation alone (IPython shows ``_render_traceback_``'s lines
    instead of a traceback); nbgrader still sees an error, so the check scores 0."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]



# ---------------------------------------------------------------- reading what was typed

def plain_number(text: str) -> str:
    """``19.860.000`` → ``19860000``, ``17.777,78`` → ``17777.78``, ``27,5`` → ``27.5`` (Indonesian
    notation: dots group thousands, a comma starts the decimals); ``19,860,000.5`` → ``19860000.5``
    (English notation, recognised by its comma groups)."""
    text = text.replace("_", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text) and (text.count(",") > 1 or "." in text):
        return text.replace(",", "")
    whole, _, decimals = text.partition(",")
    whole = whole.replace(".", "") if _looks_grouped(whole) else whole
    return f"{whole}.{decimals}" if decimals else whole


def _looks_grouped(text: str) -> bool:
    """``21.500`` is grouped thousands; ``0.125`` (a leading zero) is a decimal, as the module docstring says."""
    return bool(re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", text))


def _python_value(written: str) -> str:
    """What Python makes of a single-dot literal (``140.000`` → ``140.0``), else the text itself."""
    try:
        return repr(float(written)) if re.fullmatch(r"\d+\.\d+", written) else written
    except ValueError:
        return written


def _underscored(number: str) -> str:
    """``19860000`` → ``19_860_000`` (Python's own thousands separator); decimals stay as they are."""
    whole, dot, decimals = number.partition(".")
    if not whole.isdigit() or len(whole) < 4:
        return number
    return f"{int(whole):_}{dot}{decimals}"


def code_only(text: str) -> tuple[str, list[str]]:
    """``text`` with its comment removed and each string literal's content blanked (so a comma or a dot
    inside quotes is never taken for a number), and the string contents found, in order."""
    kept, strings, quote, index = [], [], "", 0
    current: list[str] = []
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and index + 1 < len(text):
                current.append(text[index:index + 2])
                index += 2
                continue
            if text.startswith(quote, index):
                strings.append("".join(current))
                current = []
                kept.append(quote)
                index += len(quote)
                quote = ""
                continue
            current.append(char)
        elif char == "#":
            break
        elif char in "\"'":
            quote = text[index:index + 3] if text[index:index + 3] in ('"""', "'''") else char
            kept.append(quote)
            index += len(quote)
            continue
        else:
            kept.append(char)
        index += 1
    if quote:  # an unclosed string: keep what was there
        strings.append("".join(current))
    return "".join(kept), strings


def diagnose_text(value_text: str, name: str = "", numeric: bool = True, lang: str = "id") -> NumberFormatProblem | None:
    """The number-format problem in the text right of ``name =``, or None.

    ``numeric`` answers also count a number in quotes (``"140.000"``, ``"Rp20.000"``) as a problem;
    for a text answer (``jawaban_1 = "b"``) only what is outside quotes is looked at. In an English
    exercise (``lang="en"``) ``20,000`` is twenty thousand; in an Indonesian one ``27,500`` is 27,5."""
    code, strings = code_only(value_text)
    match = _RUPIAH.search(code)
    if match:
        number = match.group("number")
        suggestion = number.replace(",", "") if lang == "en" and _COMMA_GROUPS.fullmatch(number) else plain_number(number)
        return NumberFormatProblem("rupiah", match.group(0).strip(), suggestion, name)
    match = _COMMA_GROUPS.search(code)
    if match and (lang == "en" or match.group("number").count(",") > 1):
        written = match.group("number")
        return NumberFormatProblem("thousands_comma", written, written.replace(",", ""), name)
    match = _THOUSANDS.search(code)
    if match:
        written = match.group("number")
        kind = "thousands_multi" if written.count(".") > 1 or "," in written else "thousands"
        return NumberFormatProblem(kind, written, plain_number(written), name)
    match = _DECIMAL_COMMA.search(code)
    if match:
        written = match.group("number")
        return NumberFormatProblem("decimal_comma", written, plain_number(written), name)
    if numeric and len(strings) == 1 and _NUMBERISH_TEXT.match(strings[0]) and code.strip().strip("\"'") == "":
        number = re.search(_NUMBER, strings[0]).group(0)
        return NumberFormatProblem("quoted", strings[0].strip(), plain_number(number), name)
    return None


# ---------------------------------------------------------------- judging what Python stored

def diagnose_value(name: str, value: object, money: bool = False) -> NumberFormatProblem | None:
    """The format problem a stored value betrays when the typed text is unknown, or None."""
    if isinstance(value, tuple) and 2 <= len(value) <= 4 and all(_is_number(part) for part in value):
        written = ", ".join(f"{part:g}" for part in value)
        return NumberFormatProblem("comma_pair", written, written, name)
    if isinstance(value, str) and _NUMBERISH_TEXT.match(value):
        return NumberFormatProblem("quoted", value.strip(), plain_number(re.search(_NUMBER, value).group(0)), name)
    if money and _is_number(value) and math.isfinite(value) and 0 < abs(value) < MONEY_BELOW:
        shown = f"{value:g}"
        return NumberFormatProblem("too_small", shown, shown, name)
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------- the live notebook

def latest_assignment(name: str, inputs: list[str]) -> str | None:
    """The text right of ``name =`` in the most recent input that assigns ``name``, or None."""
    for source in reversed(inputs):
        found = None
        for line in source.splitlines():
            match = _ANSWER_LINE.match(line)
            if match and match.group("name") == name:
                found = match.group("value")
        if found is not None:
            return found
    return None


def diagnose_answer_cell(source: str, lang: str = "id") -> NumberFormatProblem | None:
    """The number-format problem of an answer-shaped cell (only ``name = ...`` lines, comments, blanks),
    or None — also None for any other cell, which then runs as written."""
    problems = []
    for line in source.splitlines():
        if not line.strip() or line.strip().startswith("#"):
            continue
        match = _ANSWER_LINE.match(line)
        if not match:
            return None
        problem = diagnose_text(match.group("value"), match.group("name"), numeric=False, lang=lang)
        if problem:
            problems.append(problem)
    # Whether or not the cell parses: "27,5" would make a tuple, "Rp20000" an unknown name and "140.000"
    # the number 140.0, answers Python would keep silently wrong, so they are explained here too.
    return problems[0] if problems else None


def transform_answer_cell(lines: list[str]) -> list[str]:
    """IPython cleanup input transformer: an answer cell with an Indonesian-written number becomes one
    call that explains it (and assigns nothing); every other cell is returned unchanged."""
    problem = diagnose_answer_cell("".join(lines), _active_lang)
    if problem is None:
        return lines
    return [f"__import__('literasi.grading.number_format', fromlist=['raise_problem']).raise_problem("
            f"{problem.to_params()!r}, {_active_lang!r})\n"]


def raise_problem(params: dict, lang: str) -> None:
    problem = NumberFormatProblem.from_params(params)
    if problem is not None:
        raise NumberFormatError(problem.message(lang))


_active_lang = "id"


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - the exercises always run in IPython
        return None
    return get_ipython()


def prepare_exercise(lang: str = "id") -> None:
    """Set up an exercise notebook (its locked first code cell): answer cells that write a number the
    Indonesian way get an explanation in ``lang`` instead of a Python error. Safe to run again."""
    global _active_lang
    from literasi.i18n import check_lang

    _active_lang = check_lang(lang)
    shell = _shell()
    if shell is not None and transform_answer_cell not in shell.input_transformers_cleanup:
        shell.input_transformers_cleanup.append(transform_answer_cell)


def check_number(name: str, lang: str = "id", money: bool = False) -> None:
    """The first visible check of a numeric answer: raise :class:`NumberFormatError` explaining how to
    write the number when the learner's latest answer to ``name`` (as typed, from IPython's raw input
    history, else as stored) is an Indonesian-written number. ``money`` answers are rupiah amounts."""
    prepare_exercise(lang)
    shell = _shell()
    problem = None
    if shell is not None:
        typed = latest_assignment(name, list(shell.history_manager.input_hist_raw))
        if typed is not None:
            problem = diagnose_text(typed, name, lang=lang)
        if problem is None and name in shell.user_ns:
            problem = diagnose_value(name, shell.user_ns[name], money)
    if problem is not None:
        raise NumberFormatError(problem.message(lang))


# ---------------------------------------------------------------- recognising the messages later

def format_message_patterns(lang: str) -> list[re.Pattern[str]]:
    """Patterns matching every explanation :class:`NumberFormatProblem` can give in ``lang`` (fields such
    as the learner's own number match anything); the feedback page shows an error only when it matches."""
    rule = re.escape(t("grading.number_rule", lang))
    patterns = []
    for kind in KINDS:
        template = t(f"grading.number_{kind}", lang)
        pieces = re.split(r"\{\w+\}", template)
        patterns.append(re.compile(".*?".join(re.escape(piece) for piece in pieces) + " " + rule, re.DOTALL))
    return patterns
