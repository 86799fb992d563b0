"""Answers are values: a submitted answer cell may only assign values to names.

Literasi's exercises ask for values and choices (``harga_jual = 25000``, ``jawaban_1 = "b"``), so an
answer cell needs nothing but assignments of literals and arithmetic. Anything else — a loop, an
import, ``os._exit``, reading files, redefining a builtin used by the tests — is removed before the
notebook runs, and the cell is marked with the reason. This stops tampering with grading at the
source; the runtime limits (per-cell timeout, wall clock, output cap) remain as a second line.

Exercises that need a helper (e.g. reading the shipped sales CSV) list its name in the source
notebook's ``metadata.literasi.allowed_calls``; ``course init`` copies those names into the course
config (never read from a submission, which a learner controls).

The removed cell keeps one comment line, ``# [literasi: answer removed] <code> <JSON parameters>``;
:func:`rejected_answers` reads it back, and the reason is told in the learner's language
(``nilai.why_*`` in the string tables). An answer that does not parse only because a number is written
the Indonesian way (``19.860.000``, ``Rp 20.000``) gets that diagnosis as its reason
(:mod:`number_format`), so the feedback explains how to write the number.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
from dataclasses import dataclass

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from literasi.curriculum import assignment_lang
from literasi.i18n import strings, t_params

from .number_format import NumberFormatProblem, diagnose_answer_cell

SAFE_CALLS = frozenset({"round", "abs", "min", "max", "sum", "int", "float", "str"})
BUILTIN_NAMES = frozenset(dir(builtins)) - {"True", "False", "None", "Ellipsis"}
# A rejected answer cell is replaced by this prefix and the reason (metadata would be cleared by nbgrader).
REJECTED_PREFIX = "# [literasi: answer removed] "
_OPERATORS = (ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.expr_context)
_VALUE_NODES = (ast.Constant, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.List, ast.Tuple, ast.Dict,
                ast.Set, ast.Name)


@dataclass(frozen=True)
class AnswerProblem:
    """Why a cell is not a plain answer: a reason code (``nilai.why_<code>`` in the string tables, or
    ``number_format`` with a :class:`NumberFormatProblem`'s fields) and its parameters. Call it with a
    language for the sentence (a ``t_params`` value)."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    def __call__(self, lang: str) -> str:
        number = self.number_format()
        if number is not None:
            return number.message(lang)
        key = f"nilai.why_{self.code}"
        return t_params(key if key in strings(lang) else "nilai.why_unknown", lang, self.params)

    def number_format(self) -> NumberFormatProblem | None:
        """The number-format diagnosis when that is why the cell was removed."""
        return NumberFormatProblem.from_params(dict(self.params)) if self.code == "number_format" else None

    def encode(self) -> str:
        """One comment line for the removed cell: the code, then the parameters as JSON."""
        return f"{self.code} {json.dumps(dict(self.params), ensure_ascii=False)}"

    @classmethod
    def decode(cls, text: str) -> AnswerProblem:
        code, _, params = text.strip().partition(" ")
        try:
            values = json.loads(params) if params else {}
        except json.JSONDecodeError:
            values = None
        if not re.fullmatch(r"[a-z_]+", code) or not isinstance(values, dict):
            return cls("unknown")  # written by an older version, or tampered with
        return cls(code, tuple((str(k), v if isinstance(v, (str, int)) else str(v)) for k, v in values.items()))


def answer_problem(source: str, allowed_calls: frozenset[str] = SAFE_CALLS, lang: str = "id") -> AnswerProblem | None:
    """Why ``source`` is not a plain answer, or None when it is (``lang``: the exercise's language, which
    decides whether ``20,000`` is read as English thousands)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as error:  # ValueError: null bytes, on some Python versions
        number = diagnose_answer_cell(source, lang)
        if number is not None:
            return AnswerProblem("number_format", tuple(number.to_params().items()))
        return AnswerProblem("syntax", (("line", getattr(error, "lineno", None) or 1),))
    for statement in tree.body:
        line = statement.lineno
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a bare string or an Ellipsis placeholder
        if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
            return AnswerProblem("statement", (("line", line),))
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if not all(isinstance(target, ast.Name) and not target.id.startswith("_") for target in targets):
            return AnswerProblem("target", (("line", line),))
        for target in targets:
            if target.id in BUILTIN_NAMES or target.id in allowed_calls:
                return AnswerProblem("reserved", (("line", line), ("name", target.id)))
        for node in ast.walk(statement.value if statement.value is not None else ast.Constant(None)):
            if isinstance(node, ast.Call):
                if not (isinstance(node.func, ast.Name) and node.func.id in allowed_calls) or node.keywords:
                    return AnswerProblem("call", (("line", line), ("name", ast.unparse(node.func)[:40])))
            elif isinstance(node, ast.Name) and (node.id.startswith("_") or node.id in BUILTIN_NAMES - SAFE_CALLS):
                return AnswerProblem("name", (("line", line), ("name", node.id)))
            elif isinstance(node, (ast.Pow, ast.LShift)):
                return AnswerProblem("power", (("line", line),))
            elif not isinstance(node, (*_VALUE_NODES, *_OPERATORS, ast.Call, ast.keyword)):
                return AnswerProblem("expression", (("line", line),))
    return None


def is_trusted_cell(cell: NotebookNode) -> bool:
    """A locked cell of the source notebook (instructions, tests): nbgrader's OverwriteCells, which runs
    before this step, has restored its source and dropped grade ids a learner invented."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade_id")) and bool(meta.get("locked")) and not meta.get("solution", False)


class AnswersAreValues(NbGraderPreprocessor):
    """nbgrader sanitize step: replace every untrusted code cell that holds more than values by a
    comment saying why."""

    allowed_calls = List(Unicode(), help="helper functions answers may call, besides SAFE_CALLS").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, index: int):
        if cell.cell_type == "code" and not is_trusted_cell(cell):  # answer cells and any cell a learner added
            assignment = str(resources.get("nbgrader", {}).get("assignment", ""))
            lang = assignment_lang(assignment)
            problem = answer_problem(cell.source, SAFE_CALLS | frozenset(self.allowed_calls), lang)
            if problem:
                cell.source = REJECTED_PREFIX + problem.encode()
        return cell, resources


def removal_reason(cell: NotebookNode) -> AnswerProblem | None:
    """Why this autograded cell's answer was removed, or None when it was not."""
    if cell.cell_type != "code" or not cell.source.startswith(REJECTED_PREFIX):
        return None
    return AnswerProblem.decode(cell.source[len(REJECTED_PREFIX):].splitlines()[0] if cell.source.strip() else "")


def rejected_answers(notebook: NotebookNode) -> list[AnswerProblem]:
    """The reasons recorded for every removed answer cell of an autograded notebook."""
    return [reason for reason in map(removal_reason, notebook.cells) if reason is not None]
