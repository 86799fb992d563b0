"""Smart-city dimension mapper: map example ideas to Kominfo's six dimensions, then list your own ideas.

``ideas=`` chooses the set of example ideas from the data file (default: the general set); an office set's
explanations also say who leads the programme in the fictional city and which shared SPBE infrastructure it uses.

The learner's own idea text is held only in this widget's memory while the page is open.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..charts import figure_to_img_tag, new_figure
from ..money import format_number
from ..problems import InputProblem
from ..ui import LINK_ATTRIBUTES, WIDE, layout, month_text, problem_html, sources_html
from .core import join_names
from .dimensions import (
    Coverage,
    DimensionData,
    MappingResult,
    OwnIdea,
    Verdict,
    add_own_idea,
    check_mapping,
    coverage,
    idea_set_name,
    load_dimension_data,
)

__all__ = ["SmartCityDimensionMapper"]

VERDICT_MARK = {Verdict.CORRECT: "✔", Verdict.PARTIAL: "◐", Verdict.INCORRECT: "✘"}
BAR_COLOUR = "#1b6f9c"


def _checkboxes(data: DimensionData, lang: str) -> list[widgets.Checkbox]:
    return [
        widgets.Checkbox(
            value=False, indent=False, layout=layout(),
            description=t("kotacerdas.dimension_option", lang, name=d.name, gloss=d.gloss[lang]),
        )
        for d in data.dimensions
    ]


def _paragraph(text: str, css: str = "") -> str:
    attribute = f" class='{css}'" if css else ""
    return f"<p{attribute}>{escape(text)}</p>"


class SmartCityDimensionMapper(widgets.VBox):
    """``SmartCityDimensionMapper(lang="id", ideas=None)``: pick an idea, tick its dimensions, get feedback; list
    your own. ``ideas="kantor"`` shows the office set of example ideas instead of the general one."""

    def __init__(self, lang: str = "id", ideas: str | None = None) -> None:
        self.lang = check_lang(lang)
        self.data = load_dimension_data()
        self.own_ideas: tuple[OwnIdea, ...] = ()
        problem = None
        try:
            self.idea_set = idea_set_name(ideas)
        except InputProblem as unknown:  # a lesson asked for a set the data file does not have
            problem, self.idea_set = unknown, self.data.default_set

        names = join_names((d.name for d in self.data.dimensions), lang)
        intro = widgets.HTML(
            f"<h3>{escape(t('kotacerdas.dim_title', lang))}</h3>"
            + _paragraph(t("kotacerdas.dim_intro", lang, names=names))
            + _paragraph(t("kotacerdas.dim_not_mobility", lang))
        )

        # Example ideas with feedback
        self.idea_box = widgets.Dropdown(
            options=[(idea.text[lang], idea.id) for idea in self.data.ideas_in(self.idea_set)],
            description=t("kotacerdas.idea_label", lang), style={"description_width": "initial"}, layout=layout(WIDE),
        )
        self.idea_box.add_class("literasi-kotacerdas-idea")
        self.example_boxes = _checkboxes(self.data, lang)
        example_group = widgets.VBox(self.example_boxes, layout=layout(WIDE))
        example_group.add_class("literasi-kotacerdas-dimensions")
        self.check_button = widgets.Button(description=t("kotacerdas.check", lang), button_style="primary",
                                           layout=widgets.Layout(width="auto"))
        self.why_button = widgets.Button(description=t("kotacerdas.show_why", lang),
                                         layout=widgets.Layout(width="auto"))
        self.feedback = widgets.HTML()
        self.feedback.add_class("literasi-kotacerdas-feedback")
        self.check_button.on_click(lambda _button: self.check())
        self.why_button.on_click(lambda _button: self.show_why())
        self.idea_box.observe(lambda _change: self._reset_example(), names="value")
        example = widgets.VBox([
            widgets.HTML(f"<h4>{escape(t('kotacerdas.example_heading', lang))}</h4>"
                         + _paragraph(t("kotacerdas.example_intro", lang, button=t("kotacerdas.check", lang)))),
            self.idea_box,
            widgets.HTML(_paragraph(t("kotacerdas.dimensions_legend", lang))),
            example_group,
            widgets.HBox([self.check_button, self.why_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.feedback,
        ], layout=layout(WIDE))
        example.add_class("literasi-kotacerdas-examples")

        # The learner's own ideas and what they cover
        self.own_text = widgets.Text(
            placeholder=t("kotacerdas.own_placeholder", lang), description=t("kotacerdas.own_label", lang),
            style={"description_width": "initial"}, layout=layout(WIDE),
        )
        self.own_text.add_class("literasi-kotacerdas-own-text")
        self.own_boxes = _checkboxes(self.data, lang)
        own_group = widgets.VBox(self.own_boxes, layout=layout(WIDE))
        own_group.add_class("literasi-kotacerdas-own-dimensions")
        self.add_button = widgets.Button(description=t("kotacerdas.add", lang), button_style="primary",
                                         layout=widgets.Layout(width="auto"))
        self.clear_button = widgets.Button(description=t("kotacerdas.clear", lang), layout=widgets.Layout(width="auto"))
        self.add_button.on_click(lambda _button: self.add_idea())
        self.clear_button.on_click(lambda _button: self.clear_ideas())
        self.own_message = widgets.HTML()
        self.own_message.add_class("literasi-kotacerdas-own-message")
        self.own_list = widgets.HTML()
        self.own_list.add_class("literasi-kotacerdas-own-list")
        self.summary = widgets.HTML()
        self.summary.add_class("literasi-kotacerdas-coverage")
        self.chart = widgets.HTML()
        self.chart.add_class("literasi-kotacerdas-coverage-chart")
        own = widgets.VBox([
            widgets.HTML(f"<h4>{escape(t('kotacerdas.own_heading', lang))}</h4>"
                         + _paragraph(t("kotacerdas.own_intro", lang))
                         + f"<p style='font-size:0.9em'><i>{escape(t('kotacerdas.own_privacy', lang))}</i></p>"),
            self.own_text,
            widgets.HTML(_paragraph(t("kotacerdas.dimensions_legend", lang))),
            own_group,
            widgets.HBox([self.add_button, self.clear_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.own_message, self.own_list, self.summary, self.chart,
        ], layout=layout(WIDE))
        own.add_class("literasi-kotacerdas-own")

        super().__init__([intro, example, own, widgets.HTML(self._sources_html())], layout=layout(WIDE))
        self.add_class("literasi-kotacerdas")
        self.add_class("literasi-kotacerdas-mapper")
        self.add_class(f"literasi-kotacerdas-set-{self.idea_set}")
        self._show_coverage()
        if problem is not None:
            self.feedback.value = problem_html(problem.message(self.lang))

    # Example ideas ---------------------------------------------------------------------------------

    def _chosen(self, boxes: list[widgets.Checkbox]) -> list[str]:
        return [d.id for d, box in zip(self.data.dimensions, boxes, strict=True) if box.value]

    def _reset_example(self) -> None:
        for box in self.example_boxes:
            box.value = False
        self.feedback.value = ""

    def check(self) -> MappingResult | None:
        try:
            result = check_mapping(self.idea_box.value, self._chosen(self.example_boxes))
        except InputProblem as problem:
            self.feedback.value = problem_html(problem.message(self.lang))
            return None
        self.feedback.value = render_feedback(result, self.data, self.lang)
        return result

    def show_why(self) -> None:
        idea = self.data.idea(self.idea_box.value)
        self.feedback.value = render_explanation(idea.id, self.data, self.lang)

    # Own ideas -------------------------------------------------------------------------------------

    def add_idea(self) -> None:
        try:
            self.own_ideas = add_own_idea(self.own_ideas, self.own_text.value, self._chosen(self.own_boxes))
        except InputProblem as problem:
            self.own_message.value = problem_html(problem.message(self.lang))
            return
        self.own_text.value = ""
        for box in self.own_boxes:
            box.value = False
        self.own_message.value = f"<p class='literasi-kotacerdas-added'>✔ {escape(t('kotacerdas.added', self.lang))}</p>"
        self._show_coverage()

    def clear_ideas(self) -> None:
        self.own_ideas = ()
        self.own_message.value = ""
        self._show_coverage()

    def _show_coverage(self) -> None:
        lang = self.lang
        if not self.own_ideas:
            self.own_list.value = _paragraph(t("kotacerdas.own_empty_list", lang))
            self.summary.value = ""
            self.chart.value = ""
            return
        names = {d.id: d.name for d in self.data.dimensions}
        items = "".join(
            f"<li>{escape(t('kotacerdas.own_item', lang, text=idea.text, names=join_names((names[d] for d in idea.dimensions), lang)))}</li>"
            for idea in self.own_ideas
        )
        self.own_list.value = f"<ol>{items}</ol>"
        result = coverage(self.own_ideas)
        self.summary.value = render_coverage_summary(result, self.data, lang)
        self.chart.value = render_coverage_chart(result, self.data, lang)

    def _sources_html(self) -> str:
        note = t("kotacerdas.dim_sources_note", self.lang)
        if any(idea.lead is not None for idea in self.data.ideas_in(self.idea_set)):
            note += " " + t("kotacerdas.lead_note", self.lang)
        return sources_html([self.data.sources[fact] for fact in self.data.set_facts(self.idea_set)], self.lang,
                            note=note, css_class="literasi-kotacerdas-sources")


def _source_note(fact: str | None, data: DimensionData, lang: str) -> str:
    if fact is None:
        return _paragraph(t("kotacerdas.fictional_example", lang), "literasi-kotacerdas-fictional")
    source = data.sources[fact].sources[0]  # the news report the example is told from; the footer lists all
    text = t("kotacerdas.real_example", lang, publisher=source.publisher, date=month_text(source.date, lang))
    return (f"<p class='literasi-kotacerdas-real' style='font-size:0.9em'>{escape(text)} "
            f"(<a href='{escape(str(source.url), quote=True)}' {LINK_ATTRIBUTES}>{escape(source.title)}</a>)</p>")


def render_explanation(idea_id: str, data: DimensionData, lang: str) -> str:
    idea = data.idea(idea_id)
    lines = [_paragraph(t("kotacerdas.answer", lang, names=join_names((data.dimension(d).name for d in idea.expected),
                                                                        lang)))]
    if idea.also_fits:
        lines.append(_paragraph(t("kotacerdas.answer_also", lang,
                                  names=join_names((data.dimension(d).name for d in idea.also_fits), lang))))
    lines.append(_paragraph(idea.why[lang]))
    if idea.lead is not None:
        lines.append(_paragraph(t("kotacerdas.lead", lang, lead=idea.lead[lang]), "literasi-kotacerdas-lead"))
    if idea.uses:
        entries = [data.infrastructure_entry(used) for used in idea.uses]
        items = "".join(f"<li>{escape(t('kotacerdas.uses_item', lang, name=entry.name[lang], gloss=entry.gloss[lang]))}</li>"
                        for entry in entries)
        lines.append(f"<div class='literasi-kotacerdas-uses'>{_paragraph(t('kotacerdas.uses', lang))}"
                     f"<ul style='margin-top:0'>{items}</ul></div>")
    lines.append(_source_note(idea.source_fact, data, lang))
    return "".join(lines)


def render_feedback(result: MappingResult, data: DimensionData, lang: str) -> str:
    verdict_key = {Verdict.CORRECT: "kotacerdas.correct", Verdict.PARTIAL: "kotacerdas.partial",
                   Verdict.INCORRECT: "kotacerdas.incorrect"}[result.verdict]
    head = (f"<p class='literasi-kotacerdas-verdict literasi-kotacerdas-{result.verdict.value}'>"
            f"<b>{VERDICT_MARK[result.verdict]} {escape(t(verdict_key, lang))}</b></p>")
    if result.verdict is Verdict.CORRECT:
        return head + render_explanation(result.idea.id, data, lang)
    lines = []
    for dimension_id in result.not_fitting:
        dimension = data.dimension(dimension_id)
        lines.append(t("kotacerdas.not_fitting", lang, name=dimension.name, description=dimension.description[lang]))
    if result.also_fitting:
        lines.append(t("kotacerdas.also_fitting", lang,
                       names=join_names((data.dimension(d).name for d in result.also_fitting), lang)))
    if result.missing:
        lines.append(t("kotacerdas.missing_some", lang))
    lines.append(t("kotacerdas.try_again", lang, button=t("kotacerdas.show_why", lang)))
    return head + "".join(_paragraph(line) for line in lines)


def render_coverage_summary(result: Coverage, data: DimensionData, lang: str) -> str:
    text = t("kotacerdas.coverage_summary", lang, covered=format_number(len(result.covered), lang),
             total=format_number(len(result.counts), lang))
    if result.missing:
        rest = t("kotacerdas.coverage_missing", lang, names=join_names((data.dimension(d).name for d in result.missing),
                                                                       lang))
    else:
        rest = t("kotacerdas.coverage_all", lang)
    return f"<p><b>{escape(text)}</b> {escape(rest)}</p>"


def render_coverage_chart(result: Coverage, data: DimensionData, lang: str) -> str:
    figure = new_figure(4.6, 2.8)
    axes = figure.add_subplot()
    labels = [data.dimension(d).name.replace("Smart ", "Smart\u00a0") for d, _ in result.counts]
    counts = [count for _, count in result.counts]
    positions = list(range(len(counts)))[::-1]  # first dimension on top
    axes.barh(positions, counts, color=BAR_COLOUR)
    for position, count in zip(positions, counts, strict=True):
        axes.text(count + 0.05, position, format_number(count, lang), va="center", fontsize=9)
    axes.set_yticks(positions, labels, fontsize=9)
    axes.set_xlabel(t("kotacerdas.coverage_axis", lang), fontsize=9)
    axes.set_xlim(0, max(counts) + 1)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    values = join_names((t("kotacerdas.coverage_value", lang, name=data.dimension(d).name,
                           count=format_number(count, lang)) for d, count in result.counts), lang)
    return figure_to_img_tag(figure, t("kotacerdas.coverage_alt", lang, values=values))
