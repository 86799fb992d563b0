"""Answers are values: a submitted answer cell may only assign values to names.

Literasi's exercises ask for values and choices (``harga_jual = 25000``, ``jawaban_1 = "b"``), so an
answer cell needs nothing but assignments of literals and arithmetic. Anything else — a loop, an
import, ``os._exit``, reading files, redefining a builtin used by the tests — is removed before the
notebook runs, and the cell is marked with the reason. This stops tampering with grading at the
source; the runtime limits (per-cell timeout, wall clock, output cap) remain as a second line.

Exercises that need a helper (e.g. reading the shipped sales CSV) list its name in the source
notebook's ``metadata.literasi.allowed_calls``; ``course init`` copies those names into the course
config (never read from a submission, which a learner controls).
"""

from __future__ import annotations

import ast
import builtins

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

SAFE_CALLS = frozenset({"round", "abs", "min", "max", "sum", "int", "float", "str"})
BUILTIN_NAMES = frozenset(dir(builtins)) - {"True", "False", "None", "Ellipsis"}
# A rejected answer cell is replaced by this prefix and the reason (metadata would be cleared by nbgrader).
REJECTED_PREFIX = "# [literasi: answer removed] "
_OPERATORS = (ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.expr_context)
_VALUE_NODES = (ast.Constant, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.List, ast.Tuple, ast.Dict,
                ast.Set, ast.Name)


def answer_problem(source: str, allowed_calls: frozenset[str] = SAFE_CALLS) -> str | None:
    """Why ``source`` is not a plain answer (a short English reason), or None when it is."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as error:  # ValueError: null bytes, on some Python versions
        return f"syntax error on line {getattr(error, 'lineno', '?')}"
    for statement in tree.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a bare string or an Ellipsis placeholder
        if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
            return f"line {statement.lineno}: only `name = value` is allowed, not {type(statement).__name__}"
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if not all(isinstance(target, ast.Name) and not target.id.startswith("_") for target in targets):
            return f"line {statement.lineno}: assign to a plain name"
        for target in targets:
            if target.id in BUILTIN_NAMES or target.id in allowed_calls:
                return f"line {statement.lineno}: the name {target.id} belongs to Python or the exercise"
        for node in ast.walk(statement.value if statement.value is not None else ast.Constant(None)):
            if isinstance(node, ast.Call):
                if not (isinstance(node.func, ast.Name) and node.func.id in allowed_calls) or node.keywords:
                    return f"line {statement.lineno}: calling {ast.unparse(node.func)} is not allowed"
            elif isinstance(node, ast.Name) and (node.id.startswith("_") or node.id in BUILTIN_NAMES - SAFE_CALLS):
                return f"line {statement.lineno}: the name {node.id} is not allowed"
            elif isinstance(node, (ast.Pow, ast.LShift)):
                return f"line {statement.lineno}: powers and shifts are not needed in an answer"
            elif not isinstance(node, (*_VALUE_NODES, *_OPERATORS, ast.Call, ast.keyword)):
                return f"line {statement.lineno}: {type(node).__name__} is not allowed in an answer"
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
            problem = answer_problem(cell.source, SAFE_CALLS | frozenset(self.allowed_calls))
            if problem:
                cell.source = REJECTED_PREFIX + problem
        return cell, resources


def rejected_answers(notebook: NotebookNode) -> list[str]:
    """The reasons recorded for every removed answer cell of an autograded notebook."""
    return [cell.source[len(REJECTED_PREFIX):] for cell in notebook.cells
            if cell.cell_type == "code" and cell.source.startswith(REJECTED_PREFIX)]
