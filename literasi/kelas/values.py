"""What a phone sends, turned into the values of the answer cells; and the submitted notebook built from them.

A phone sends one string per field. Each is parsed by its field's kind (:mod:`.forms`):

- **number**: the Indonesian ways of writing it are accepted — ``19.860.000``, ``Rp 20.000``, ``2,5``,
  ``17.777,78``, ``840_000``, ``19 860 000``, ``26%`` — through :func:`number_format.plain_number`, the same reading
  the exercise's own explanations use (and, in an English exercise, ``19,860,000``); anything else (words, code,
  formulas, several numbers) is refused;
- **choice**: one of the allowed letters (``" B "`` is ``"b"``);
- **word**: one line of text, spaces tidied;
- **text** (the reflection, a Markdown cell): the text, control characters removed and ``<``/``>``/``&``
  escaped, so the formgrader and the feedback page show it as typed and never as HTML.

A refusal is a :class:`ValueRefused`, told to the learner in their language (``kelas.value.*``). A field left empty
is unanswered: its cell keeps the released placeholder (``name = ...``) and scores 0 like an untouched notebook.

:func:`submitted_notebook` starts from the released notebook and writes each code answer cell as plain
assignments of the parsed values (``biaya_mdr = 840000``), which :func:`answers.answer_problem` — the rule autograde
applies — must accept unchanged; a cell it would remove is a bug here, so it raises instead of submitting.
"""

from __future__ import annotations

import copy
import html
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from nbformat import NotebookNode

from literasi.grading.answers import SAFE_CALLS, answer_problem
from literasi.grading.number_format import plain_number
from literasi.i18n import t

from .answer_fields import is_answer_cell, nbgrader_meta
from .forms import ExerciseForm, FormError, FormField, refuse_unreleased

Answer = int | float | str
LARGEST_NUMBER = 10**15  # a thousand trillion rupiah: more is a typing slip (or an attack on the grader)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007]+")
_CURRENCY = re.compile(r"^(?:rp|idr)\.?\s*", re.IGNORECASE)
_SPACE_GROUPS = re.compile(r"^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
_ENGLISH_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NUMBER_CHARACTERS = re.compile(r"^\d(?:[\d._,]*\d)?$")  # digits and separators, a digit at each end
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")


class ValueRefused(ValueError):
    """A field's value that cannot go into the answer cell: a ``kelas.value.*`` key and its parameters."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        return t(f"kelas.value.{self.key}", lang, **self.params)


@dataclass
class ParsedAnswers:
    """The values of the fields that were filled in, and the refusals by field name ("" for the form itself)."""

    values: dict[str, Answer] = field(default_factory=dict)
    problems: dict[str, ValueRefused] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self, lang: str) -> dict[str, str]:
        return {name: problem.message(lang) for name, problem in self.problems.items()}


def _without_controls(text: str, keep: str = "") -> str:
    return "".join(char for char in text if char in keep or unicodedata.category(char) not in ("Cc", "Cf", "Cs"))


def number_literal(text: str, lang: str = "id") -> str | None:
    """The plain literal (``19860000``, ``2.5``, ``-3``) of a number written the Indonesian (or, in an English
    exercise, the English) way, or None when ``text`` is not one number."""
    value = _SPACES.sub(" ", text.strip())
    sign = ""
    if value.startswith(("-", "\u2212")):
        sign, value = "-", value[1:].lstrip()
    value = _CURRENCY.sub("", value).removesuffix("%").rstrip()
    if _SPACE_GROUPS.match(value):
        value = value.replace(" ", "")
    if lang == "en" and _ENGLISH_GROUPS.match(value):
        value = value.replace(",", "")
    if not _NUMBER_CHARACTERS.match(value):
        return None
    plain = plain_number(value)
    return sign + plain if _PLAIN.match(plain) else None


def parse_number(text: str, name: str, lang: str = "id") -> int | float:
    literal = number_literal(text, lang)
    if literal is None:
        raise ValueRefused("not_number", name=name)
    number: int | float = float(literal) if "." in literal else int(literal)
    if not math.isfinite(number) or abs(number) > LARGEST_NUMBER:
        raise ValueRefused("too_big", name=name)
    return number


def parse_answer(field: FormField, raw: object, lang: str = "id") -> Answer | None:
    """The value of one field (None: left empty), or :class:`ValueRefused`."""
    if not isinstance(raw, str):
        raise ValueRefused("not_text", name=field.name)
    text = raw.strip()
    if not text:
        return None
    if len(text) > field.max_length:
        raise ValueRefused("too_long", name=field.name, limit=field.max_length)
    if field.kind == "number":
        return parse_number(text, field.name, lang)
    if field.kind == "choice":
        letters = [choice.letter for choice in field.choices]
        if text.lower() not in letters:
            raise ValueRefused("not_choice", name=field.name, choices=", ".join(letters))
        return text.lower()
    if field.kind == "word":
        if "\n" in text or "\r" in text or "\u2028" in text:
            raise ValueRefused("one_line", name=field.name)
        return _SPACES.sub(" ", _without_controls(text)).strip() or None
    cleaned = _without_controls(text.replace("\r\n", "\n").replace("\r", "\n"), keep="\n\t").strip()
    return html.escape(cleaned, quote=False) or None


def parse_answers(form: ExerciseForm, raw: Mapping[str, object]) -> ParsedAnswers:
    """Every field of ``form`` from what a phone sent (field name → string); a name the form does not have is
    refused as a whole, without echoing it."""
    parsed = ParsedAnswers()
    names = {field.name for field in form.fields()}
    if any(name not in names for name in raw):
        parsed.problems[""] = ValueRefused("unknown_field")
    for form_field in form.fields():
        if form_field.name not in raw:
            continue
        try:
            value = parse_answer(form_field, raw[form_field.name], form.lang)
        except ValueRefused as problem:
            parsed.problems[form_field.name] = problem
            continue
        if value is not None:
            parsed.values[form_field.name] = value
    return parsed


def python_literal(value: Answer | None) -> str:
    """How a value is written in an answer cell: ``840000``, ``2.5``, ``'b'``; ``...`` when unanswered."""
    if value is None:
        return "..."
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"an answer is a number or a text, not {type(value).__name__}")
    return repr(value)


def answer_cell_source(names: list[str], values: Mapping[str, Answer]) -> str:
    return "\n".join(f"{name} = {python_literal(values.get(name))}" for name in names) + "\n"


def submitted_notebook(released: NotebookNode, form: ExerciseForm, values: Mapping[str, Answer]) -> NotebookNode:
    """The released notebook with every answer cell holding the parsed ``values`` (from :func:`parse_answers`);
    an unanswered code answer keeps ``name = ...`` and an unanswered reflection its released text."""
    refuse_unreleased(released)
    notebook = copy.deepcopy(released)
    by_cell: dict[str, list[FormField]] = {}
    for form_field in form.fields():
        by_cell.setdefault(form_field.cell, []).append(form_field)
    for cell in notebook.cells:
        if not is_answer_cell(cell):
            continue
        fields = by_cell.pop(str(nbgrader_meta(cell).get("grade_id", "")), None)
        if fields is None:
            raise FormError(f"answer cell {nbgrader_meta(cell).get('grade_id')!r} is not in the form")
        if cell.cell_type == "markdown":
            text = values.get(fields[0].name)
            if text is not None:
                cell.source = str(text)
            continue
        cell.source = answer_cell_source([form_field.name for form_field in fields], values)
        problem = answer_problem(cell.source, SAFE_CALLS, form.lang)
        if problem is not None:  # never: the values were parsed; submitting would lose the learner's answer
            raise FormError(f"answer cell {cell.metadata['nbgrader']['grade_id']!r} would be removed by autograde "
                            f"({problem.code})")
        cell.outputs, cell.execution_count = [], None
    if by_cell:
        raise FormError(f"the form's answer cells {sorted(by_cell)} are not in this notebook")
    return notebook
