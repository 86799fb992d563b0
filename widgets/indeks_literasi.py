"""Indonesia's Digital Literacy Index as a picture: the overall score by year and the four pillars.

The numbers live in ``data/indeks_literasi.yml``, citing their facts (F-IDX-01..03) in the facts registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib import resources

import ipywidgets as widgets
import yaml
from babel.numbers import format_decimal

from literasi.facts import Fact
from literasi.i18n import check_lang, t

from .charts import figure_to_img_tag, new_figure
from .data_checks import DataFileError, check_cited, fact_sources
from .money import locale_for
from .ui import sources_html

__all__ = ["literacy_index_chart"]

DATA_LABEL = "widgets/data/indeks_literasi.yml"


@dataclass(frozen=True)
class IndexData:
    overall: dict[int, float]
    pillars: list[tuple[dict[str, str], dict[int, float]]]  # (label per language, score per year)
    pillar_facts: dict[int, str]
    sources: dict[str, Fact]  # fact ids → the registry's facts
    scale: tuple[float, float]


@lru_cache(maxsize=1)
def load_index() -> IndexData:
    raw = yaml.safe_load(resources.files("literasi.widgets").joinpath("data", "indeks_literasi.yml").read_text("utf-8"))
    sources = fact_sources(raw.get("sources"), f"{DATA_LABEL}: sources")
    data = IndexData(
        overall={int(year): float(score) for year, score in raw["overall"]["values"].items()},
        pillars=[(p["label"], {int(y): float(s) for y, s in p["values"].items()}) for p in raw["pillars"]],
        pillar_facts={int(year): fact for year, fact in raw["pillar_facts"].items()},
        sources=sources,
        scale=(float(raw["scale"]["min"]), float(raw["scale"]["max"])),
    )
    low, high = data.scale
    scores = list(data.overall.values()) + [s for _, values in data.pillars for s in values.values()]
    if not all(low <= score <= high for score in scores):
        raise ValueError(f"a score lies outside the scale {low}–{high}")
    check_cited({*raw["overall"]["facts"], *data.pillar_facts.values()}, sources, DATA_LABEL)
    return data


def check_data() -> list[str]:
    try:
        load_index.cache_clear()
        load_index()
    except DataFileError as error:
        return [str(error)]
    except (KeyError, TypeError, ValueError) as error:
        return [f"{DATA_LABEL}: {error.__class__.__name__}: {error}"]
    return []


def weakest_pillar(data: IndexData, year: int, lang: str) -> tuple[str, float]:
    label, values = min(data.pillars, key=lambda pillar: pillar[1][year])
    return label[lang], values[year]


def literacy_index_chart(lang: str = "id") -> widgets.HTML:
    lang = check_lang(lang)
    data = load_index()
    years = sorted({year for _, values in data.pillars for year in values})
    latest = years[-1]
    figure = new_figure(5.2, 3.0)
    axes = figure.add_subplot()
    width = 0.8 / len(years)
    hatches = ["", "//", "..", "xx"]
    for offset, year in enumerate(years):
        positions = [index + offset * width for index in range(len(data.pillars))]
        axes.bar(positions, [values[year] for _, values in data.pillars], width, label=str(year),
                 hatch=hatches[offset % len(hatches)], edgecolor="white")
    axes.set_xticks([index + width * (len(years) - 1) / 2 for index in range(len(data.pillars))],
                    [label[lang] for label, _ in data.pillars], fontsize=8)
    axes.set_ylim(data.scale)
    axes.set_ylabel(t("indeks.axis", lang))
    axes.legend(fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    number = lambda score: format_decimal(score, format="0.00", locale=locale_for(lang))  # noqa: E731
    described = "; ".join(f"{label[lang]} " + ", ".join(f"{year}: {number(values[year])}" for year in years)
                          for label, values in data.pillars)
    overall = ", ".join(f"{year}: {number(score)}" for year, score in sorted(data.overall.items()))
    weakest, score = weakest_pillar(data, latest, lang)
    alt = t("indeks.alt", lang, pillars=described)
    return widgets.HTML(
        f"<div class='literasi-indeks'><h4>{escape(t('indeks.title', lang))}</h4>"
        f"{figure_to_img_tag(figure, alt)}"
        f"<p>{escape(t('indeks.overall', lang, values=overall))}</p>"
        f"<p><b>{escape(t('indeks.weakest', lang, year=latest, pillar=weakest, score=number(score)))}</b></p>"
        f"{sources_html(data.sources.values(), lang)}</div>"
    )
