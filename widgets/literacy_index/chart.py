"""Indonesia's Digital Literacy Index as a picture: the pillars' scores by year, the overall score and the
weakest pillar, with the sources (the numbers come from ``core``)."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
from babel.numbers import format_decimal

from literasi.i18n import LANGS, check_lang, t

from ..charts import figure_to_img_tag, new_figure, prerendered
from ..money import locale_for
from ..ui import sources_html
from .core import load_index, weakest_pillar

__all__ = ["literacy_index_chart"]


def literacy_index_chart(lang: str = "id") -> widgets.HTML:
    return widgets.HTML(_chart_html(check_lang(lang)))


def prerender() -> None:
    """The chart is the same for every learner: drawn in advance (``charts.prerendered``)."""
    for lang in LANGS:
        _chart_html(lang)


@prerendered
def _chart_html(lang: str) -> str:
    data = load_index()
    years = data.years
    latest = years[-1]
    figure = new_figure(5.2, 3.0)
    axes = figure.add_subplot()
    width = 0.8 / len(years)
    hatches = ["", "//", "..", "xx"]
    for offset, year in enumerate(years):
        positions = [index + offset * width for index in range(len(data.pillars))]
        axes.bar(positions, [pillar.values[year] for pillar in data.pillars], width, label=str(year),
                 hatch=hatches[offset % len(hatches)], edgecolor="white")
    axes.set_xticks([index + width * (len(years) - 1) / 2 for index in range(len(data.pillars))],
                    [pillar.label[lang] for pillar in data.pillars], fontsize=8)
    axes.set_ylim(data.scale.min, data.scale.max)
    axes.set_ylabel(t("indeks.axis", lang))
    axes.legend(fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    number = lambda score: format_decimal(score, format="0.00", locale=locale_for(lang))  # noqa: E731
    described = "; ".join(
        f"{pillar.label[lang]} " + ", ".join(f"{year}: {number(pillar.values[year])}" for year in years)
        for pillar in data.pillars)
    overall = ", ".join(f"{year}: {number(score)}" for year, score in sorted(data.overall.values.items()))
    weakest, score = weakest_pillar(data, latest, lang)
    alt = t("indeks.alt", lang, pillars=described)
    return (
        f"<div class='literasi-indeks'><h4>{escape(t('indeks.title', lang))}</h4>"
        f"{figure_to_img_tag(figure, alt)}"
        f"<p>{escape(t('indeks.overall', lang, values=overall))}</p>"
        f"<p><b>{escape(t('indeks.weakest', lang, year=latest, pillar=weakest, score=number(score)))}</b></p>"
        f"{sources_html(data.sources.values(), lang)}</div>"
    )
