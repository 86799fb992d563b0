"""QRIS fee calculator widget: monthly sales in, MDR cost and net received out, with a small chart."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from literasi.i18n import LANGS, check_lang, t

from ..charts import figure_to_img_tag, new_figure, prerendered
from ..money import format_long_date, format_number, format_percent_value, format_rupiah
from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html
from .core import FeeEstimate, estimate_from_text, load_qris_rules

__all__ = ['QrisFeeCalculator']

STYLE = {"description_width": "initial"}
# What the calculator shows before the learner types anything (the lesson opens with these).
DEFAULT_TRANSACTIONS, DEFAULT_AMOUNT, DEFAULT_CATEGORY = 600, 25_000, "usaha_mikro"


class QrisFeeCalculator(widgets.VBox):
    """``QrisFeeCalculator(lang="id")``: type transactions per month and the average amount."""

    def __init__(self, lang: str = "id", transactions: int = DEFAULT_TRANSACTIONS,
                 average_amount: int = DEFAULT_AMOUNT, category: str = DEFAULT_CATEGORY) -> None:
        self.lang = check_lang(lang)
        rules = load_qris_rules()
        self.count_box = widgets.Text(
            value=format_number(transactions, lang), description=t("qris.count_label", lang), style=STYLE, layout=layout(FIELD),
            placeholder="600",
        )
        self.amount_box = widgets.Text(
            value=format_number(average_amount, lang),
            description=t("qris.amount_label", lang), style=STYLE, layout=layout(FIELD), placeholder="25.000",
        )
        self.category_box = widgets.Dropdown(
            options=[(c.label[self.lang], c.id) for c in rules.categories], value=category,
            description=t("qris.category_label", lang), style=STYLE, layout=layout(FIELD),
        )
        self.result = widgets.HTML()
        self.result.add_class("literasi-result")
        self.chart = widgets.HTML()
        for box in (self.count_box, self.amount_box, self.category_box):
            box.observe(lambda _change: self.update(), names="value")
        heading = widgets.HTML(f"<h3>{escape(t('qris.title', lang))}</h3>")
        super().__init__([heading, self.count_box, self.amount_box, self.category_box, self.result, self.chart],
                         layout=layout(WIDE))
        self.add_class("literasi-calculator")
        self.update()

    def update(self) -> None:
        try:
            estimate = estimate_from_text(self.count_box.value, self.amount_box.value, self.category_box.value, self.lang)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang))
            self.chart.value = ""
            return
        self.result.value = render_estimate(estimate, self.lang)
        self.chart.value = render_chart(estimate, self.lang)


def render_estimate(estimate: FeeEstimate, lang: str) -> str:
    money = lambda amount: format_rupiah(amount, lang)  # noqa: E731
    rows = [
        (t("qris.gross", lang), money(estimate.gross)),
        (t("qris.rate", lang), format_percent_value(estimate.percent, lang)),
        (t("qris.mdr_month", lang), money(estimate.mdr_per_month)),
        (t("qris.net_month", lang), f"<b>{money(estimate.net_per_month)}</b>"),
    ]
    table = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{escape(label)}</th>"
                    f"<td style='text-align:right'>{value}</td></tr>" for label, value in rows)
    category = estimate.category
    notes = []
    if category.free_up_to is not None:
        key = "qris.note_free" if estimate.percent == 0 else "qris.note_over_free"
        notes.append(t(key, lang, limit=money(category.free_up_to)))
    notes.append(t("qris.note_merchant_pays", lang))
    notes.append(t("qris.note_valid_from", lang, date=format_long_date(category.valid_from, lang)))
    notes.append(t("qris.note_average", lang))
    return (f"<table class='literasi-estimate'>{table}</table>"
            + "".join(f"<p style='font-size:0.9em'>{escape(note)}</p>" for note in notes))


def render_chart(estimate: FeeEstimate, lang: str) -> str:
    net, mdr = float(estimate.net_per_month), float(estimate.mdr_per_month)
    labels = (t("qris.net_month", lang), t("qris.mdr_month", lang), t("qris.chart_axis", lang))
    alt = t("qris.chart_alt", lang, net=format_rupiah(estimate.net_per_month, lang),
            mdr=format_rupiah(estimate.mdr_per_month, lang), gross=format_rupiah(estimate.gross, lang))
    return _chart(net, mdr, labels, alt, lang)


@prerendered
def _chart(net: float, mdr: float, labels: tuple[str, str, str], alt: str, lang: str) -> str:
    """The chart's <img>, drawn once per set of numbers and words (a learner going back to earlier numbers, and
    every learner's first chart: ``prerender``)."""
    net_label, mdr_label, axis_label = labels
    figure = new_figure()
    axes = figure.add_subplot()
    axes.barh([0], [net], color="#1b7f5b", label=net_label)
    axes.barh([0], [mdr], left=[net], color="#c0392b", hatch="//", label=mdr_label)
    axes.set_yticks([])
    axes.set_xlabel(axis_label)
    axes.xaxis.set_major_formatter(lambda value, _pos: format_rupiah(value, lang))
    axes.tick_params(axis="x", labelrotation=20, labelsize=8)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.55), ncol=2, fontsize=8, frameon=False)
    axes.spines[["top", "right", "left"]].set_visible(False)
    return figure_to_img_tag(figure, alt)


def prerender() -> None:
    """Draw the chart every learner sees first (the default numbers, both languages) into ``_chart``'s memo
    (``charts.prerendered``)."""
    for lang in LANGS:
        render_chart(estimate_from_text(format_number(DEFAULT_TRANSACTIONS, lang),
                                        format_number(DEFAULT_AMOUNT, lang), DEFAULT_CATEGORY, lang), lang)
