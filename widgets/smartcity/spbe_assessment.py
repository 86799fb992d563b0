"""SPBE self-assessment: one maturity level per domain, a radar chart, and the weakest domain with a suggestion.

A self-reflection tool, not the official evaluation. Since 2026 the official evaluation is the Indeks Pemerintah
Digital (35 indicators in 9 aspects); the tool borrows the four domains of the 2020–2025 SPBE evaluation as a
simple frame and says so, together with that evaluation's official level names.
"""

from __future__ import annotations

import math
from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..charts import figure_to_img_tag, new_figure
from ..money import format_number
from ..problems import InputProblem
from ..ui import WIDE, layout, month_text, sources_html
from .core import join_names
from .spbe import SpbeAssessment, SpbeData, assess_spbe, load_spbe_data

__all__ = ["SpbeSelfAssessment"]

LINE_COLOUR = "#1b6f9c"
WEAKEST_COLOUR = "#c0392b"


class SpbeSelfAssessment(widgets.VBox):
    """``SpbeSelfAssessment(lang="id")``: choose a level per SPBE domain, see the radar and the weakest domain.

    ``levels`` (domain id → level) presets the dropdowns, e.g. for a worked example.
    """

    def __init__(self, lang: str = "id", levels: dict[str, int] | None = None) -> None:
        self.lang = check_lang(lang)
        self.data = data = load_spbe_data()
        levels = levels or {}
        current, history = data.evaluation, data.history
        current_source = data.sources[current.facts[0]].sources[0]  # the footer lists all its sources
        level_names = join_names((f"“{name}”" for name in history.level_names), lang)
        intro = (
            f"<h3>{escape(t('kotacerdas.spbe_title', lang))}</h3>"
            + f"<p>{escape(t('kotacerdas.spbe_intro', lang, spbe=data.spbe.name[lang], law=data.spbe.law[lang]))}</p>"
            + "<div class='literasi-kotacerdas-not-official' style='border-left:4px solid #9a6b00;padding-left:0.6em'>"
            + "<p>" + escape(t(
                "kotacerdas.spbe_not_official", lang, since=current.since, current=current.name[lang],
                indicators=format_number(current.indicators, lang), aspects=format_number(current.aspects, lang),
                source=current_source.publisher, date=month_text(current_source.date, lang),
                domains=format_number(len(data.domains), lang), first=history.first_year, last=history.last_year,
                regulation=history.regulation_short[lang], old_aspects=format_number(history.aspects, lang),
                old_indicators=format_number(history.indicators, lang), low=data.lowest_level,
                high=data.highest_level)) + "</p>"
            + "<p class='literasi-kotacerdas-level-names'>" + escape(t(
                "kotacerdas.spbe_level_names", lang, first=history.first_year, last=history.last_year,
                low=data.lowest_level, high=data.highest_level, names=level_names, current=current.name[lang]))
            + "</p></div>"
        )
        options = [(t("kotacerdas.spbe_choose", lang), None)] + [
            (t("kotacerdas.spbe_level_option", lang, level=entry.level, label=entry.label[lang]), entry.level)
            for entry in data.levels
        ]
        self.level_boxes: dict[str, widgets.Dropdown] = {}
        self.level_texts: dict[str, widgets.HTML] = {}
        rows = []
        for domain in data.domains:
            box = widgets.Dropdown(options=options, description=t("kotacerdas.spbe_level_label", lang),
                                   style={"description_width": "initial"},
                                   layout=layout("24em"))
            if domain.id in levels:
                box.value = levels[domain.id]
            box.add_class(f"literasi-kotacerdas-level-{domain.id}")
            text = widgets.HTML()
            text.add_class("literasi-kotacerdas-level-text")
            box.observe(lambda _change: self.update(), names="value")
            self.level_boxes[domain.id], self.level_texts[domain.id] = box, text
            heading = widgets.HTML(f"<p style='margin-bottom:0.2em'><b>{escape(domain.label[lang])}</b><br>"
                                   f"<span style='font-size:0.9em'>{escape(domain.description[lang])}</span></p>")
            row = widgets.VBox([heading, box, text], layout=layout(WIDE))
            row.add_class("literasi-kotacerdas-domain")
            rows.append(row)
        self.result = widgets.HTML()
        self.result.add_class("literasi-kotacerdas-weakest")
        self.result.add_class("literasi-result")
        self.chart = widgets.HTML()
        self.chart.add_class("literasi-kotacerdas-radar")
        footer = sources_html([data.sources[fact] for fact in data.all_facts], lang,
                              note=t("kotacerdas.spbe_own_words", lang), css_class="literasi-kotacerdas-sources")
        super().__init__([widgets.HTML(intro), *rows, self.result, self.chart, widgets.HTML(footer)],
                         layout=layout(WIDE))
        self.add_class("literasi-kotacerdas")
        self.add_class("literasi-kotacerdas-spbe")
        self.update()

    def chosen_levels(self) -> dict[str, int | None]:
        return {domain_id: box.value for domain_id, box in self.level_boxes.items()}

    def update(self) -> SpbeAssessment | None:
        lang = self.lang
        for domain_id, box in self.level_boxes.items():
            level = box.value
            self.level_texts[domain_id].value = "" if level is None else (
                "<p style='font-size:0.9em;margin-top:0.2em'>"
                + escape(t("kotacerdas.spbe_level_text", lang, level=level,
                           description=self.data.level(level).description[lang]))
                + "</p>")
        try:
            assessment = assess_spbe(self.chosen_levels())
        except InputProblem as problem:
            self.result.value = f"<p class='literasi-kotacerdas-pending'>{escape(problem.message(lang))}</p>"
            self.chart.value = ""
            return None
        self.result.value = render_weakest(assessment, self.data, lang)
        self.chart.value = render_radar(assessment, self.data, lang)
        return assessment


def render_weakest(assessment: SpbeAssessment, data: SpbeData, lang: str) -> str:
    level = assessment.lowest
    if assessment.all_equal:
        lines = [f"<p><b>{escape(t('kotacerdas.spbe_all_equal', lang, level=level))}</b></p>"]
        if level == data.highest_level:
            return lines[0] + f"<p>{escape(t('kotacerdas.spbe_top', lang))}</p>"
        lines.append(f"<p>{escape(t('kotacerdas.spbe_all_equal_hint', lang))}</p>")
    else:
        weakest = assessment.weakest
        key = "kotacerdas.spbe_weakest" if len(weakest) == 1 else "kotacerdas.spbe_weakest_many"
        names = join_names((domain.name for domain in weakest), lang)
        lines = [f"<p><b>{escape(t(key, lang, names=names, level=level))}</b></p>"]
        lines += [f"<p>{escape(t('kotacerdas.spbe_suggestion', lang, name=domain.label[lang], suggestion=domain.suggestion[lang]))}</p>"
                  for domain in weakest]
    next_level = data.level(level + 1)
    lines.append(f"<p style='font-size:0.9em'>{escape(t('kotacerdas.spbe_next_step', lang, level=next_level.level, description=next_level.description[lang]))}</p>")
    return "".join(lines)


def render_radar(assessment: SpbeAssessment, data: SpbeData, lang: str) -> str:
    figure = new_figure(4.0, 3.6)
    axes = figure.add_subplot(projection="polar")
    count = len(assessment.levels)
    angles = [2 * math.pi * index / count for index in range(count)]
    axes.set_theta_offset(math.pi / 2)  # first domain at the top, then clockwise
    axes.set_theta_direction(-1)
    values = [level for _, level in assessment.levels]
    axes.plot([*angles, angles[0]], [*values, values[0]], color=LINE_COLOUR, linewidth=2)
    axes.fill([*angles, angles[0]], [*values, values[0]], color=LINE_COLOUR, alpha=0.2)
    weakest = {domain.id for domain in assessment.weakest}
    for angle, (domain, level) in zip(angles, assessment.levels, strict=True):
        is_weakest = domain.id in weakest and not assessment.all_equal
        axes.plot([angle], [level], marker="s" if is_weakest else "o", markersize=8 if is_weakest else 6,
                  color=WEAKEST_COLOUR if is_weakest else LINE_COLOUR)
        axes.annotate(str(level), (angle, level), textcoords="offset points", xytext=(0, 8), ha="center",
                      fontsize=9, fontweight="bold")
    axes.set_xticks(angles, [domain.name.replace(" ", "\n") for domain, _ in assessment.levels], fontsize=9)
    axes.set_thetalim(0, 2 * math.pi)
    axes.set_ylim(0, data.highest_level + 0.4)  # room for the value labels above the top level
    axes.set_yticks([entry.level for entry in data.levels], [str(entry.level) for entry in data.levels], fontsize=7,
                    color="#555555")
    axes.set_rlabel_position(45)
    axes.tick_params(axis="x", pad=10)
    axes.spines['polar'].set_visible(False)
    described = join_names((t("kotacerdas.spbe_radar_value", lang, name=domain.name, level=level)
                            for domain, level in assessment.levels), lang)
    alt = t("kotacerdas.spbe_radar_alt", lang, low=data.lowest_level, high=data.highest_level, values=described,
            weakest=join_names((domain.name for domain in assessment.weakest), lang))
    return figure_to_img_tag(figure, alt)
