"""The question types, one module each, and ``Question``: their union, told apart by ``type``.

A class in a module of this package whose ``type`` field is a ``Literal`` is a question type; nothing else
lists the types. So adding a type is one module here (a ``QuestionBase`` subclass: fields and rules, check,
input widget, prompt, print, answer shape, see ``base``) plus its sentences in the string table, one
question of it in the gallery bank (``lessons/banks/*/galeri-kuis.yml``), and the regenerated bank schema
(``python -m literasi.widgets.quiz.schema``).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import Field

from .base import QuestionBase


def _question_types() -> tuple[type[QuestionBase], ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += [value for value in vars(module).values()
                  if isinstance(value, type) and issubclass(value, QuestionBase) and value.__module__ == module.__name__
                  and get_origin(value.model_fields["type"].annotation) is Literal]
    return tuple(found)


TYPES = _question_types()
QUESTION_TYPES = tuple(get_args(kind.model_fields["type"].annotation)[0] for kind in TYPES)
Question = Annotated[Union[TYPES], Field(discriminator="type")]  # noqa: UP007 (a union built from a tuple)
