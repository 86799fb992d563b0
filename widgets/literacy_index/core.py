"""Indonesia's Digital Literacy Index: the overall score by year and the four pillars, as data.

Pure logic, no widgets. The numbers live in ``data/indeks_literasi.yml`` (validated here with pydantic), citing
their facts (F-IDX-01..03) in the facts registry.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from literasi.curriculum import Localized, Strict

from ..data_checks import (
    CITES,
    CitingData,
    DataFile,
    DataFileError,
    FactIds,
    raise_field_problems,
)

DATA_NAME = "indeks_literasi.yml"
DATA_LABEL = f"widgets/data/{DATA_NAME}"

Scores = Annotated[dict[int, float], Field(min_length=1)]  # year → score


class DataError(DataFileError):
    """The literacy index data file is missing or invalid; the message names the file and the field."""


class Scale(Strict):
    min: float
    max: float


class Overall(Strict):
    facts: FactIds = Field(min_length=1)
    values: Scores


class Pillar(Strict):
    id: str = Field(min_length=1)
    label: Localized
    values: Scores


class IndexData(CitingData):
    scale: Scale
    overall: Overall
    pillars: list[Pillar] = Field(min_length=1)
    pillar_facts: Annotated[dict[int, str], CITES]  # year → the fact the pillar scores of that year come from

    @model_validator(mode="after")
    def _scores_fit_the_scale(self) -> IndexData:
        low, high = self.scale.min, self.scale.max
        series = [(("overall", "values"), self.overall.values)]
        series += [(("pillars", index, "values"), pillar.values) for index, pillar in enumerate(self.pillars)]
        problems = [((*loc, year), f"{score} lies outside the scale {low}–{high}")
                    for loc, values in series for year, score in values.items() if not low <= score <= high]
        problems += [(("pillar_facts",), f"no fact for the pillar scores of {year}") for year in self.years
                     if year not in self.pillar_facts]
        raise_field_problems("IndexData", problems)
        return self

    @property
    def years(self) -> list[int]:
        """The years with pillar scores, oldest first."""
        return sorted({year for pillar in self.pillars for year in pillar.values})


DATA = DataFile(DATA_NAME, IndexData, DataError)
read_index = DATA.read  # a copy at a path (tests, checks); the packaged file when no path is given
load_index = DATA.load  # the packaged file, read once
check_data = DATA.problems  # for ``literasi check``


def weakest_pillar(data: IndexData, year: int, lang: str) -> tuple[str, float]:
    """The pillar with the lowest score in ``year``: its label in ``lang`` and its score."""
    pillar = min(data.pillars, key=lambda pillar: pillar.values[year])
    return pillar.label[lang], pillar.values[year]
