"""What the two smart-city tools share: how their data files are read, the field types those files use, and
how a list of names is joined in the learner's language.

Pure logic, no widgets. Each tool's content (the dimensions and example ideas; the SPBE domains and levels)
comes from its own data file in ``widgets/data/``, validated with pydantic, each with its sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, TypeVar

from babel.lists import format_list
from pydantic import BaseModel, Field

from ..data_checks import DataFileError, data_path, read_data_model
from ..money import locale_for

Model = TypeVar("Model", bound=BaseModel)

Text = Annotated[str, Field(pattern=r"\S")]  # a name or term: not empty, not only spaces
WholeNumber = Annotated[int, Field(strict=True, gt=0)]  # a count or a year, never true/false or "5"


class DataError(DataFileError):
    """A smart-city data file is missing or invalid; the message names the file and the field."""


def read_data(folder: Path | None, name: str, model: type[Model]) -> Model:
    """The data file ``name`` (the packaged one, or its copy in ``folder``) as ``model``; problems raise
    DataError naming ``widgets/data/<name>`` and the field."""
    return read_data_model(data_path(name, folder), model, f"widgets/data/{name}", DataError)


def join_names(names: Iterable[str], lang: str) -> str:
    """``A, B, dan C`` / ``A, B, and C``."""
    return format_list(list(names), locale=locale_for(lang))
