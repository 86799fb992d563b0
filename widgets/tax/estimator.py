"""PPh final estimator widget: yearly turnover, kind of taxpayer, registration year and tax year in; the yearly
0.5% estimate out, or, past the time limit or above the ceiling, a plain sentence instead of a figure."""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as widgets

from literasi.i18n import check_lang, t

from ..money import format_number, format_percent_value, format_rupiah
from ..problems import InputProblem
from ..ui import FIELD, WIDE, layout, problem_html, sources_html
from .core import PphEstimate, estimate_from_text, load_pph_rules, notes, sources_for, tax_years

__all__ = ["PphFinalEstimator"]

STYLE = {"description_width": "initial"}
NOTE_STYLE = {"warning": "font-size:0.95em;font-weight:600", "revision": "font-size:0.9em", "info": "font-size:0.9em"}


class PphFinalEstimator(widgets.VBox):
    """``PphFinalEstimator(lang="id")``: type your yearly turnover and the year you registered as a taxpayer."""

    def __init__(self, lang: str = "id", turnover: int = 800_000_000, taxpayer: str = "orang_pribadi",
                 registered: int | None = 2022, tax_year: int | None = None, today: dt.date | None = None) -> None:
        self.lang = check_lang(lang)
        self.today = today
        rules = load_pph_rules()
        years = tax_years(today)
        this_year = (today or dt.date.today()).year
        self.turnover_box = widgets.Text(
            value=format_number(turnover, lang), description=t("pajak.turnover_label", lang),
            placeholder=format_number(800_000_000, lang), style=STYLE, layout=layout(FIELD),
        )
        self.type_box = widgets.Dropdown(
            options=[(kind.label[self.lang], kind.id) for kind in rules.taxpayer_types], value=taxpayer,
            description=t("pajak.type_label", lang), style=STYLE, layout=layout(FIELD),
        )
        self.registered_box = widgets.Text(
            value="" if registered is None else str(registered), description=t("pajak.registered_label", lang),
            placeholder="2020", style=STYLE, layout=layout(FIELD),
        )
        self.tax_year_box = widgets.Dropdown(
            options=[(str(year), year) for year in years],
            value=tax_year if tax_year is not None else min(max(this_year, years[0]), years[-1]),
            description=t("pajak.tax_year_label", lang), style=STYLE, layout=layout(FIELD),
        )
        for name, box in (("turnover", self.turnover_box), ("type", self.type_box),
                          ("registered", self.registered_box), ("tax-year", self.tax_year_box)):
            box.add_class(f"literasi-pph-{name}")
            box.observe(lambda _change: self.update(), names="value")
        self.result = widgets.HTML()
        self.result.add_class("literasi-result")
        self.result.add_class("literasi-pph-result")
        heading = widgets.HTML(f"<h3>{escape(t('pajak.title', lang))}</h3><p>{escape(t('pajak.intro', lang))}</p>")
        super().__init__([heading, self.turnover_box, self.type_box, self.registered_box, self.tax_year_box,
                          self.result], layout=layout(WIDE))
        self.add_class("literasi-pph")
        self.update()

    def update(self) -> None:
        try:
            estimate = estimate_from_text(self.turnover_box.value, self.type_box.value, self.registered_box.value,
                                          self.tax_year_box.value, self.lang, self.today)
        except InputProblem as problem:
            self.result.value = problem_html(problem.message(self.lang))
            return
        self.result.value = render_estimate(estimate, self.lang)


def render_estimate(estimate: PphEstimate, lang: str) -> str:
    money = lambda amount: format_rupiah(amount, lang)  # noqa: E731
    rows = [("turnover", t("pajak.row_turnover", lang), money(estimate.turnover))]
    if estimate.applies:
        if estimate.taxpayer.untaxed_turnover is not None:
            rows.append(("untaxed", t("pajak.row_untaxed", lang), money(estimate.untaxed)))
            rows.append(("taxable", t("pajak.row_taxable", lang), money(estimate.taxable)))
        rows.append(("rate", t("pajak.row_rate", lang), format_percent_value(estimate.rate_percent, lang)))
        rows.append(("tax", t("pajak.row_tax", lang), f"<b>{money(estimate.tax)}</b>"))
    else:
        rows.append(("tax", t("pajak.row_tax", lang), escape(t("pajak.not_computed", lang))))
    table = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{escape(label)}</th>"
                    f"<td class='literasi-pph-{name}-value' style='text-align:right'>{value}</td></tr>"
                    for name, label, value in rows)
    paragraphs = "".join(_note(finding.level, finding.message(lang)) for finding in notes(estimate))
    return f"<table class='literasi-estimate'>{table}</table>{paragraphs}{render_sources(estimate, lang)}"


def _note(level: str, text: str) -> str:
    if level == "warning":
        return (f"<p class='literasi-pph-warning literasi-problem' role='status' style='{NOTE_STYLE[level]}'>"
                f"⚠ {escape(text)}</p>")
    return f"<p class='literasi-pph-{level}' style='{NOTE_STYLE[level]}'>{escape(text)}</p>"


def render_sources(estimate: PphEstimate, lang: str) -> str:
    """The facts behind this estimate: the shared source footer (registry dates, no fact ids)."""
    return sources_html(sources_for(estimate), lang)
