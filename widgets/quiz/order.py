"""The order a learner sees a question's choices in: shuffled, the same for one learner, different between learners.

Banks are written with the right answer wherever the author put it (often first), so the quiz shows the
options of ``single`` and ``multiple`` questions, the actions of a ``scenario`` and the dropdown choices
of a ``matching`` question in a shuffled order: each of those types puts its choices through
``learner_order``. Only the order on screen changes: feedback, scoring and hints are keyed by option id
(each question type's ``check``), never by position.

The order follows from three things, hashed with SHA-256 (never Python's salted ``hash()``):
the learner's seed, the bank id and the question id. So one learner sees each question in the same order
every time (a reload shows the same quiz), every question is shuffled differently, and two learners see
different orders. A question with ``shuffle: false`` in its bank keeps the file order (the alphabetical
order for matching choices), for options whose order means something ("all of the above", a scale).

The learner's seed, in this order of precedence:

1. the public site's: ``set_learner_seed`` is called in the kernel when the kernel is handed to a learner
   (``literasi.site.learner``), with a value derived from that browser's session cookie; quizzes that are
   already on screen are put in that learner's order;
2. ``LITERASI_QUIZ_SEED`` from the environment (tests; a fresh kernel the site starts for a learner);
3. otherwise a random seed drawn once per kernel (JupyterLab, nbclient): stable while the kernel runs.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import secrets
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # the site imports this module for SEED_ENV: no question models or ipywidgets at run time
    from .questions.base import QuestionBase

SEED_ENV = "LITERASI_QUIZ_SEED"
# A seed is a short token: what the site derives is hexadecimal; tests may use any word.
SEED_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

T = TypeVar("T")

_seed: str | None = None
_listeners: weakref.WeakSet = weakref.WeakSet()  # live quizzes, told when the learner's seed arrives


def valid_seed(seed: object) -> bool:
    return isinstance(seed, str) and SEED_PATTERN.fullmatch(seed) is not None


def learner_seed() -> str:
    """This kernel's learner seed: set by the site, else ``LITERASI_QUIZ_SEED``, else random (drawn once)."""
    global _seed
    if _seed is None:
        from_env = os.environ.get(SEED_ENV, "").strip()
        _seed = from_env if valid_seed(from_env) else secrets.token_hex(8)
    return _seed


def set_learner_seed(seed: str) -> None:
    """Use ``seed`` from now on, and put every quiz already shown in its order (called by the site)."""
    global _seed
    if not valid_seed(seed):
        raise ValueError(f"not a quiz seed: {seed!r}")
    _seed = seed
    for quiz in list(_listeners):
        quiz.reorder(seed)


def follow_seed(quiz) -> None:
    """Have ``quiz.reorder(seed)`` called when the learner's seed arrives (a weak reference: no leak)."""
    _listeners.add(quiz)


def shuffled(items: Sequence[T], seed: str, bank_id: str, question_id: str) -> list[T]:
    """``items`` in the order for this learner, bank and question: the same inputs give the same order."""
    digest = hashlib.sha256("\x1f".join(("literasi-quiz", seed, bank_id, question_id)).encode("utf-8")).digest()
    order = list(items)
    random.Random(int.from_bytes(digest, "big")).shuffle(order)
    return order


def learner_order(question: QuestionBase, items: Sequence[T], bank_id: str, seed: str) -> tuple[T, ...]:
    """``items`` (a question's options, actions or dropdown choices) in the order this learner sees them; in the
    order given when the question says ``shuffle: false``."""
    if not question.shuffle:
        return tuple(items)
    return tuple(shuffled(items, seed, bank_id, question.id))
